#include "geo/text/csv_reader.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "geo/base/error.hpp"
#include "geo/base/utf8.hpp"

namespace oko::geo {

namespace {

// Windows-1250 bytes 0x80..0xFF as Unicode code points (0xFFFD where the code page has a hole).
constexpr std::array<char16_t, 128> windows_1250_high = {
    0x20AC, 0xFFFD, 0x201A, 0xFFFD, 0x201E, 0x2026, 0x2020, 0x2021,
    0xFFFD, 0x2030, 0x0160, 0x2039, 0x015A, 0x0164, 0x017D, 0x0179,
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0xFFFD, 0x2122, 0x0161, 0x203A, 0x015B, 0x0165, 0x017E, 0x017A,
    0x00A0, 0x02C7, 0x02D8, 0x0141, 0x00A4, 0x0104, 0x00A6, 0x00A7,
    0x00A8, 0x00A9, 0x015E, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x017B,
    0x00B0, 0x00B1, 0x02DB, 0x0142, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
    0x00B8, 0x0105, 0x015F, 0x00BB, 0x013D, 0x02DD, 0x013E, 0x017C,
    0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7,
    0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E,
    0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x00D7,
    0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
    0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7,
    0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B, 0x00ED, 0x00EE, 0x010F,
    0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7,
    0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9,
};

// Windows-1251 bytes 0x80..0xFF as Unicode code points.
constexpr std::array<char16_t, 128> windows_1251_high = {
    0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
    0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
    0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0xFFFD, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
    0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
    0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
    0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
    0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
    0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417,
    0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
    0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427,
    0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
    0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437,
    0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
    0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447,
    0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,
};

bool has_high_byte(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return true;
    return false;
}

// Where a field's bytes are: in the input, or (after unquoting or recoding) in the scratch buffer.
struct Piece {
    const char* data;
    size_t size;
    size_t scratch_offset;
    bool in_scratch;
};

thread_local std::vector<Piece> t_pieces;

} // namespace

const char* encoding_name(TextEncoding encoding) {
    switch (encoding) {
    case TextEncoding::utf8: return "UTF-8";
    case TextEncoding::utf8_bom: return "UTF-8 with BOM";
    case TextEncoding::windows_1250: return "Windows-1250";
    case TextEncoding::windows_1251: return "Windows-1251";
    }
    return "?";
}

TextEncoding guess_windows_code_page(std::string_view text) {
    size_t high = 0, paired = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (static_cast<unsigned char>(text[i]) < 0x80) continue;
        ++high;
        if (i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80) ++paired;
    }
    return paired * 2 > high ? TextEncoding::windows_1251 : TextEncoding::windows_1250;
}

void append_windows_as_utf8(std::string_view text, TextEncoding code_page, std::string& out) {
    const auto& table = code_page == TextEncoding::windows_1251 ? windows_1251_high : windows_1250_high;
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) { out += ch; continue; }
        utf8::append(out, table[c - 0x80]);
    }
}

CsvDialect sniff_csv(std::string_view sample) {
    CsvDialect dialect;
    if (sample.size() >= 3 && sample.substr(0, 3) == "\xEF\xBB\xBF") {
        dialect.encoding = TextEncoding::utf8_bom;
        sample.remove_prefix(3);
    }
    // Cut the sample after its last full line so that neither a character nor a record is cut.
    const auto last_newline = sample.find_last_of('\n');
    if (last_newline != std::string_view::npos && last_newline + 1 < sample.size())
        sample = sample.substr(0, last_newline + 1);
    if (dialect.encoding == TextEncoding::utf8 && !is_valid_utf8(sample))
        dialect.encoding = guess_windows_code_page(sample);

    constexpr std::array<char, 4> candidates = {';', '\t', ',', '|'};
    constexpr size_t max_records = 50;
    size_t best_score = 0;
    for (char candidate : candidates) {
        CsvReader reader(sample, CsvDialect{candidate, TextEncoding::utf8});
        CsvRecord record;
        size_t first = 0, same = 0, records = 0;
        while (records < max_records && reader.next(record)) {
            if (records == 0) first = record.fields.size();
            else if (record.fields.size() == first) ++same;
            ++records;
        }
        if (first < 2) continue;
        // The first record counts too, so that a one-record file still picks its delimiter.
        const size_t score = same + 1;
        if (score > best_score) {
            best_score = score;
            dialect.delimiter = candidate;
        }
    }
    return dialect;
}

CsvReader::CsvReader(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(std::string("cannot open: ") + std::strerror(errno), file.string());
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error("not a regular file", file.string());
    }
    m_map_size = static_cast<size_t>(st.st_size);
    if (m_map_size > 0) {
        m_map = ::mmap(nullptr, m_map_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m_map == MAP_FAILED) {
            m_map = nullptr;
            ::close(fd);
            throw Error(std::string("cannot map: ") + std::strerror(errno), file.string());
        }
        ::madvise(m_map, m_map_size, MADV_SEQUENTIAL);
    }
    ::close(fd);
    const std::string_view text(static_cast<const char*>(m_map), m_map_size);
    if (text.size() >= 2 && (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF"))
        throw Error("the file is UTF-16 text; save it as \"CSV UTF-8\" and import that", file.string());
    start(text, nullptr);
}

CsvReader::CsvReader(std::string_view text) { start(text, nullptr); }

CsvReader::CsvReader(std::string_view text, const CsvDialect& dialect) { start(text, &dialect); }

CsvReader::~CsvReader() {
    if (m_map) ::munmap(m_map, m_map_size);
}

void CsvReader::start(std::string_view text, const CsvDialect* dialect) {
    m_begin = text.data();
    m_pos = m_begin;
    m_end = m_begin + text.size();
    m_dialect = dialect ? *dialect : sniff_csv(text.substr(0, 64 * 1024));
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
        m_pos += 3;
        if (!dialect) m_dialect.encoding = TextEncoding::utf8_bom;
    }
}

bool CsvReader::next(CsvRecord& record) {
    const char delim = m_dialect.delimiter;
    auto& pieces = t_pieces;
    while (m_pos < m_end) {
        pieces.clear();
        m_scratch.clear();
        record.fields.clear();
        record.line = m_line;
        record.unterminated_quote = false;
        record.recoded = false;
        const char* p = m_pos;
        bool blank = true;
        bool record_done = false;
        while (!record_done) {
            Piece piece{p, 0, 0, false};
            if (p < m_end && *p == '"') {
                blank = false;
                ++p;
                const char* seg = p;
                piece.data = seg;
                bool closed = false;
                while (p < m_end) {
                    const char c = *p;
                    if (c == '"') {
                        if (p + 1 < m_end && p[1] == '"') {
                            if (!piece.in_scratch) {
                                piece.in_scratch = true;
                                piece.scratch_offset = m_scratch.size();
                            }
                            m_scratch.append(seg, static_cast<size_t>(p - seg) + 1);
                            p += 2;
                            seg = p;
                            continue;
                        }
                        closed = true;
                        break;
                    }
                    if (c == '\n') ++m_line;
                    else if (c == '\r' && (p + 1 >= m_end || p[1] != '\n')) ++m_line;
                    ++p;
                }
                if (piece.in_scratch) m_scratch.append(seg, static_cast<size_t>(p - seg));
                else piece.size = static_cast<size_t>(p - seg);
                if (!closed) {
                    record.unterminated_quote = true;
                } else {
                    ++p;
                    // Text after the closing quote (`"a"b`) is kept as written rather than lost.
                    const char* rest = p;
                    while (p < m_end && *p != delim && *p != '\n' && *p != '\r') ++p;
                    if (p > rest) {
                        if (!piece.in_scratch) {
                            piece.in_scratch = true;
                            piece.scratch_offset = m_scratch.size();
                            m_scratch.append(piece.data, piece.size);
                        }
                        m_scratch.append(rest, static_cast<size_t>(p - rest));
                    }
                }
                if (piece.in_scratch) piece.size = m_scratch.size() - piece.scratch_offset;
            } else {
                const char* start = p;
                while (p < m_end) {
                    const char c = *p;
                    if (c == delim || c == '\n' || c == '\r') break;
                    ++p;
                }
                piece.data = start;
                piece.size = static_cast<size_t>(p - start);
                if (piece.size > 0) blank = false;
            }
            pieces.push_back(piece);
            if (p >= m_end) {
                record.last_line = m_line;
                record_done = true;
            } else if (*p == delim) {
                blank = false;
                ++p;
            } else {
                // A line break ends the record: \n, \r\n or a lone \r.
                if (*p == '\r' && p + 1 < m_end && p[1] == '\n') ++p;
                ++p;
                record.last_line = m_line++;
                record_done = true;
            }
        }
        m_pos = p;
        if (blank) continue;

        for (auto& piece : pieces) {
            const std::string_view bytes = piece.in_scratch
                                               ? std::string_view(m_scratch).substr(piece.scratch_offset, piece.size)
                                               : std::string_view(piece.data, piece.size);
            if (!has_high_byte(bytes)) continue;
            const bool legacy_file =
                m_dialect.encoding == TextEncoding::windows_1250 || m_dialect.encoding == TextEncoding::windows_1251;
            if (!legacy_file && is_valid_utf8(bytes)) continue;
            if (!legacy_file) record.recoded = true;
            // Copy first: appending may move the scratch buffer that `bytes` points into.
            const std::string original(bytes);
            piece.scratch_offset = m_scratch.size();
            piece.in_scratch = true;
            append_windows_as_utf8(original, legacy_file ? m_dialect.encoding : guess_windows_code_page(original),
                                   m_scratch);
            piece.size = m_scratch.size() - piece.scratch_offset;
        }
        record.fields.reserve(pieces.size());
        for (const auto& piece : pieces)
            record.fields.emplace_back(piece.in_scratch ? m_scratch.data() + piece.scratch_offset : piece.data,
                                       piece.size);
        return true;
    }
    return false;
}

} // namespace oko::geo
