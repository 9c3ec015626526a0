#pragma once
// A fast streaming reader for the CSV files volunteers send: spreadsheets saved in whatever
// locale the volunteer had (comma, semicolon, tab or pipe separated; UTF-8 with or without a
// byte-order mark, or Windows-1250), RFC 4180 quoting with quoted fields that span lines.
//
// The file is memory-mapped and read record by record; fields are views into the mapping or
// into a per-record scratch buffer, so a million-row file is never copied whole.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "geo/base/utf8.hpp" // utf8::is_valid, which the reader applies to every field

namespace oko::geo {

enum class TextEncoding {
    utf8,         // valid UTF-8 without a byte-order mark (plain ASCII is reported as this)
    utf8_bom,     // UTF-8 after a byte-order mark, which the reader skips
    windows_1250, // not UTF-8, and letters with diacritics among ASCII ones: Central European
                  // Windows (Serbian Latin), decoded to UTF-8
    windows_1251, // not UTF-8, and words made of high bytes: Cyrillic Windows (Serbian
                  // Cyrillic), decoded to UTF-8
};

const char* encoding_name(TextEncoding encoding);

struct CsvDialect {
    char delimiter = ',';
    TextEncoding encoding = TextEncoding::utf8;
};

// Guesses the dialect from the start of a file (a few tens of kilobytes are plenty).
// The text is UTF-8 unless it has bytes that are not and no more well-formed multibyte sequences
// than such bytes: a UTF-8 file with a stray bad byte stays UTF-8 (the reader replaces the byte
// and flags the record), and only then is it taken for Windows-1250 or -1251.
// The delimiter is the candidate that splits the first records into the same number (>1) of
// fields most often; ties go to ';', then tab, ',' and '|', because a semicolon file with
// decimal commas splits consistently on both ';' and ','.
CsvDialect sniff_csv(std::string_view sample);

struct CsvRecord {
    int64_t line = 0;                     // physical line (1-based) where the record starts
    int64_t last_line = 0;                // physical line where it ends (differs for multi-line fields)
    bool unterminated_quote = false;      // a quoted field ran to the end of the file
    bool recoded = false;                 // a field was not UTF-8 and was decoded as Windows-1250 or -1251
    bool invalid_utf8 = false;            // a UTF-8 field had bytes that are not UTF-8, each now U+FFFD
    std::vector<std::string_view> fields; // valid until the next call to CsvReader::next
};

class CsvReader {
public:
    // Maps the file and sniffs its dialect. Throws oko::geo::Error when it cannot be read.
    explicit CsvReader(const std::filesystem::path& file);
    // Reads text the caller keeps alive (tests, fuzzing). The dialect is sniffed unless given.
    explicit CsvReader(std::string_view text);
    CsvReader(std::string_view text, const CsvDialect& dialect);
    ~CsvReader();

    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    const CsvDialect& dialect() const { return m_dialect; }
    void set_delimiter(char delimiter) { m_dialect.delimiter = delimiter; }

    // Reads the next non-blank record; false at the end of the input.
    bool next(CsvRecord& record);

    // Bytes consumed so far and in all, for progress.
    size_t position() const { return static_cast<size_t>(m_pos - m_begin); }
    size_t size() const { return static_cast<size_t>(m_end - m_begin); }

private:
    void start(std::string_view text, const CsvDialect* dialect);

    void* m_map = nullptr;
    size_t m_map_size = 0;
    const char* m_begin = nullptr;
    const char* m_pos = nullptr;
    const char* m_end = nullptr;
    int64_t m_line = 1;
    CsvDialect m_dialect;
    std::string m_scratch;
};

// Which Windows code page text that is not UTF-8 is in. A legacy file is either Latin or
// Cyrillic (no Windows code page holds both): Cyrillic words are runs of bytes >= 0x80, while
// Latin words have an accented letter here and there among ASCII ones.
TextEncoding guess_windows_code_page(std::string_view text);
// Appends the UTF-8 form of Windows-1250 or Windows-1251 text to `out` (decoded by iconv); a
// byte the code page leaves undefined becomes U+FFFD.
void append_windows_as_utf8(std::string_view text, TextEncoding code_page, std::string& out);

} // namespace oko::geo
