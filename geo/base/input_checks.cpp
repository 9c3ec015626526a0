#include "geo/base/input_checks.hpp"

#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "geo/base/limits.hpp"

namespace oko::geo {

namespace {

enum State : int {
    text, // JSON: outside strings; XML: character data
    string,
    escape,
    lt,      // XML: after '<'
    bang,    // after "<!"
    comment, // <!-- ... -->
    cdata,   // <![CDATA[ ... ]]>
    decl,    // <!DOCTYPE ...>, <!ENTITY ...>
    pi,      // <? ... ?>
    start,   // inside a start tag
    end_tag, // inside an end tag
};

constexpr std::string_view cdata_open = "[CDATA[";

std::string lower_extension(const std::filesystem::path& name) {
    std::string ext = name.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

constexpr size_t chunk_size = 64 * 1024;
constexpr int64_t mib = 1024 * 1024;
// Below this a high ratio is harmless: a small file of repeated text compresses that well.
constexpr int64_t ratio_floor = 16 * mib;

} // namespace

void NestingScanner::open(int64_t max_depth) {
    m_max = std::max(m_max, ++m_depth);
    if (m_depth > max_depth) m_over = true;
}

bool NestingScanner::feed(std::string_view piece, int64_t max_depth) {
    if (m_over) return false;
    if (m_syntax == Syntax::json) {
        for (const char c : piece) {
            if (m_state == string) {
                if (c == '\\')
                    m_state = escape;
                else if (c == '"')
                    m_state = text;
            } else if (m_state == escape) {
                m_state = string;
            } else if (c == '"') {
                m_state = string;
            } else if (c == '[' || c == '{') {
                open(max_depth);
                if (m_over) return false;
            } else if ((c == ']' || c == '}') && m_depth > 0) {
                --m_depth;
            }
        }
        return true;
    }
    for (const char c : piece) {
        switch (m_state) {
        case text:
            if (c == '<') m_state = lt;
            break;
        case lt:
            if (c == '/') {
                m_state = end_tag;
                if (m_depth > 0) --m_depth;
            } else if (c == '!') {
                m_state = bang;
                m_prefix = 0;
                m_brackets = 0;
                m_quote = 0;
            } else if (c == '?') {
                m_state = pi;
            } else {
                m_state = start;
                m_quote = 0;
                open(max_depth);
                if (m_over) return false;
                if (c == '>') m_state = text;
            }
            break;
        case bang:
            // "<!--" opens a comment, "<![CDATA[" a CDATA section; anything else is a declaration.
            if (m_prefix == 0 && c == '-') {
                m_prefix = -1;
            } else if (m_prefix == -1) {
                m_state = c == '-' ? comment : decl;
            } else if (m_prefix >= 0 && static_cast<size_t>(m_prefix) < cdata_open.size() &&
                       c == cdata_open[static_cast<size_t>(m_prefix)]) {
                if (static_cast<size_t>(++m_prefix) == cdata_open.size()) m_state = cdata;
            } else {
                m_state = c == '>' ? text : decl;
                if (c == '[') ++m_brackets;
            }
            break;
        case comment:
            if (c == '>' && m_last[0] == '-' && m_last[1] == '-') m_state = text;
            break;
        case cdata:
            if (c == '>' && m_last[0] == ']' && m_last[1] == ']') m_state = text;
            break;
        case pi:
            if (c == '>' && m_last[1] == '?') m_state = text;
            break;
        case decl:
            if (m_quote) {
                if (c == m_quote) m_quote = 0;
            } else if (c == '"' || c == '\'') {
                m_quote = c;
            } else if (c == '[') {
                ++m_brackets;
            } else if (c == ']' && m_brackets > 0) {
                --m_brackets;
            } else if (c == '>' && m_brackets == 0) {
                m_state = text;
            }
            break;
        case start:
            if (m_quote) {
                if (c == m_quote) m_quote = 0;
            } else if (c == '"' || c == '\'') {
                m_quote = c;
            } else if (c == '>') {
                if (m_last[1] == '/' && m_depth > 0) --m_depth; // <empty/>
                m_state = text;
            }
            break;
        case end_tag:
            if (c == '>') m_state = text;
            break;
        default:
            m_state = text;
        }
        m_last[0] = m_last[1];
        m_last[1] = c;
    }
    return true;
}

bool nesting_syntax_of(const std::filesystem::path& name, NestingScanner::Syntax& syntax) {
    const std::string ext = lower_extension(name);
    if (ext == ".geojson" || ext == ".json" || ext == ".geojsonl" || ext == ".geojsons") {
        syntax = NestingScanner::Syntax::json;
        return true;
    }
    if (ext == ".kml" || ext == ".gpx" || ext == ".xml") {
        syntax = NestingScanner::Syntax::xml;
        return true;
    }
    return false;
}

bool is_zip_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::array<char, 4> magic{};
    if (!in.read(magic.data(), magic.size())) return false;
    return magic[0] == 'P' && magic[1] == 'K' && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
}

namespace {

struct VsiCloser {
    void operator()(VSILFILE* f) const { VSIFCloseL(f); }
};

void check_nesting_of_text(const std::filesystem::path& file) {
    NestingScanner::Syntax syntax;
    if (!nesting_syntax_of(file, syntax)) return;
    std::ifstream in(file, std::ios::binary);
    if (!in) return; // the reader says why it cannot open it
    NestingScanner scanner(syntax);
    const int64_t max_depth = limit(Limit::depth);
    std::vector<char> buf(chunk_size);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        const auto n = static_cast<size_t>(in.gcount());
        if (n == 0) break;
        if (!scanner.feed(std::string_view(buf.data(), n), max_depth))
            throw limit_error(
                Limit::depth,
                std::string("the nesting of ") +
                    (syntax == NestingScanner::Syntax::json ? "JSON arrays and objects" : "XML elements") +
                    " (more than " + std::to_string(max_depth) + " levels)",
                file.string());
    }
}

void check_archive(const std::filesystem::path& file) {
    const std::string root = "/vsizip/" + std::filesystem::absolute(file).string();
    const std::string where = file.string();
    std::error_code ec;
    const auto archive_size = static_cast<int64_t>(std::filesystem::file_size(file, ec));
    const int64_t max_total = limit(Limit::archive_mb) * mib;
    const int64_t max_ratio = limit(Limit::archive_ratio);
    const int64_t max_members = limit(Limit::archive_members);
    const int64_t max_depth = limit(Limit::depth);
    // Past this many bytes the ratio is over the limit.
    const int64_t ratio_bytes = std::max(ratio_floor, max_ratio * std::max<int64_t>(archive_size, 1));

    CPLPushErrorHandler(CPLQuietErrorHandler);
    char** listing = VSIReadDirRecursive(root.c_str());
    CPLPopErrorHandler();
    const std::unique_ptr<char*, decltype(&CSLDestroy)> owned(listing, &CSLDestroy);
    struct Member {
        std::string name;
        int64_t size;
    };
    std::vector<Member> members;
    int64_t declared = 0;
    for (char** entry = listing; entry && *entry; ++entry) {
        if (static_cast<int64_t>(members.size()) >= max_members)
            throw limit_error(Limit::archive_members,
                              "the number of files in the archive (more than " + std::to_string(max_members) + ")",
                              where);
        VSIStatBufL st{};
        const std::string path = root + "/" + *entry;
        if (VSIStatL(path.c_str(), &st) != 0 || VSI_ISDIR(st.st_mode)) continue;
        declared += static_cast<int64_t>(st.st_size);
        members.push_back({*entry, static_cast<int64_t>(st.st_size)});
    }
    const auto over_size = [&](int64_t bytes, const char* how) {
        if (bytes > max_total)
            throw limit_error(Limit::archive_mb,
                              std::string("the archive's uncompressed size (") + how + " " +
                                  std::to_string(bytes / mib) + " MiB)",
                              where);
        if (bytes > ratio_bytes)
            throw limit_error(Limit::archive_ratio,
                              std::string("the archive's compression ratio (") + how + " " +
                                  std::to_string(bytes / std::max<int64_t>(archive_size, 1)) + " to 1, " +
                                  std::to_string(bytes / mib) + " MiB from " + std::to_string(archive_size / 1024) +
                                  " KiB)",
                              where);
    };
    over_size(declared, "stated as");

    // The stated sizes can lie: unpack each member as a stream, counting what really comes out,
    // and stop at the limit. JSON and XML members have their nesting counted on the way.
    int64_t unpacked = 0;
    std::vector<char> buf(chunk_size);
    for (const auto& m : members) {
        const std::string path = root + "/" + m.name;
        CPLPushErrorHandler(CPLQuietErrorHandler);
        const std::unique_ptr<VSILFILE, VsiCloser> f(VSIFOpenL(path.c_str(), "rb"));
        CPLPopErrorHandler();
        if (!f) continue; // the reader reports a member it cannot open
        NestingScanner::Syntax syntax;
        const bool scan = nesting_syntax_of(m.name, syntax);
        NestingScanner scanner(scan ? syntax : NestingScanner::Syntax::json);
        for (;;) {
            CPLPushErrorHandler(CPLQuietErrorHandler);
            const size_t n = VSIFReadL(buf.data(), 1, buf.size(), f.get());
            CPLPopErrorHandler();
            if (n == 0) break;
            unpacked += static_cast<int64_t>(n);
            over_size(unpacked, "at least");
            if (scan && !scanner.feed(std::string_view(buf.data(), n), max_depth))
                throw limit_error(Limit::depth,
                                  "the nesting in " + excerpt(m.name) + " (more than " + std::to_string(max_depth) +
                                      " levels)",
                                  where);
        }
    }
}

} // namespace

void check_input_limits(const std::filesystem::path& file) {
    if (is_zip_file(file))
        check_archive(file);
    else
        check_nesting_of_text(file);
}

} // namespace oko::geo
