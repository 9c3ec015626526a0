#pragma once
// Checks an input file against the limits (limits.hpp) before a library parses it: an archive
// (zip, KMZ, XLSX, ODS: anything that starts as a zip does) by the size its members unpack to and
// its compression ratio, and JSON and XML text by its nesting depth. They read the file as a
// stream in small pieces, so a hostile file costs its size in time and almost nothing in memory.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

namespace oko::geo {

// The nesting depth of JSON (arrays and objects) or XML (elements) fed piece by piece; strings,
// comments and CDATA are skipped. It counts, it does not validate: malformed text is counted as
// far as it goes, and the parser reading the file afterwards reports what is wrong with it.
class NestingScanner {
public:
    enum class Syntax { json, xml };
    explicit NestingScanner(Syntax syntax) : m_syntax(syntax) {}

    // Feeds the next piece; false once the depth has passed `max_depth` (it then stays false).
    bool feed(std::string_view piece, int64_t max_depth);
    int64_t max_depth() const { return m_max; }

private:
    void open(int64_t max_depth);
    Syntax m_syntax;
    int m_state = 0;
    char m_quote = 0;
    char m_last[2] = {0, 0}; // the two characters before, where an end marker needs them
    int m_prefix = 0;        // characters of "<!--" or "<![CDATA[" matched
    int64_t m_brackets = 0;  // '[' inside a <!DOCTYPE ...>
    int64_t m_depth = 0;
    int64_t m_max = 0;
    bool m_over = false;
};

// Which syntax a file of this name is in, when it is one the scanner knows: .geojson, .json,
// .geojsonl, .geojsons (JSON); .kml, .gpx, .xml (XML). False otherwise.
bool nesting_syntax_of(const std::filesystem::path& name, NestingScanner::Syntax& syntax);

// Whether the file starts as a zip archive does ("PK\3\4", or "PK\5\6" when empty).
bool is_zip_file(const std::filesystem::path& file);

// Throws limit_error() when the file is over a limit: for a zip, the members' uncompressed
// sizes (as the archive states them, then as they really unpack), their number and the ratio to
// the archive's size, and the nesting of the JSON and XML members; for a JSON or XML file, its
// nesting. Throws Error when an archive cannot be read at all.
void check_input_limits(const std::filesystem::path& file);

} // namespace oko::geo
