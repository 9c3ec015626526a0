#include "geo/text/csv_reader.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <iconv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "geo/base/error.hpp"
#include "geo/base/utf8.hpp"

namespace oko::geo {

namespace {

// glibc's converter from one Windows code page to UTF-8, closed when it goes. Each thread keeps
// its own (an iconv_t holds conversion state and is not to be shared between threads).
class Iconv {
public:
    Iconv(const char* to, const char* from) : m_cd(iconv_open(to, from)) {
        if (m_cd == reinterpret_cast<iconv_t>(-1))
            throw Error(std::string("the system cannot convert ") + from + " to " + to +
                        " (iconv: " + std::strerror(errno) + ")");
    }
    ~Iconv() { iconv_close(m_cd); }
    Iconv(const Iconv&) = delete;
    Iconv& operator=(const Iconv&) = delete;
    iconv_t get() const { return m_cd; }

private:
    iconv_t m_cd;
};

iconv_t windows_to_utf8(TextEncoding code_page) {
    if (code_page == TextEncoding::windows_1251) {
        thread_local Iconv from_1251("UTF-8", "WINDOWS-1251");
        return from_1251.get();
    }
    thread_local Iconv from_1250("UTF-8", "WINDOWS-1250");
    return from_1250.get();
}

bool has_high_byte(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return true;
    return false;
}

// How much of a text reads as UTF-8: its well-formed sequences of more than one byte, and the
// bytes that start none.
struct Utf8Census {
    size_t multibyte = 0;
    size_t invalid = 0;
};

Utf8Census utf8_census(std::string_view text) {
    Utf8Census census;
    for (size_t i = 0; i < text.size();) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        const auto d = utf8::decode(text, i);
        ++(d.valid ? census.multibyte : census.invalid);
        i += d.length;
    }
    return census;
}

// UTF-8 text with a few bad bytes, rather than a Windows code page: text in a code page makes
// well-formed UTF-8 sequences only by chance (a letter followed by one of the rarer letters), far
// fewer than the bytes that are not, while UTF-8 with a stray byte has more good sequences than bad
// bytes. Text without any multibyte sequence and with bad bytes reads as a code page.
bool mostly_utf8(const Utf8Census& census) {
    return census.invalid == 0 || (census.multibyte > 0 && census.multibyte >= census.invalid);
}

// Appends `text` with each byte that starts no UTF-8 sequence replaced by U+FFFD.
void append_replacing_invalid(std::string_view text, std::string& out) {
    for (size_t i = 0; i < text.size();) {
        const auto d = utf8::decode(text, i);
        if (d.valid)
            out.append(text.data() + i, d.length);
        else
            utf8::append(out, utf8::replacement);
        i += d.length;
    }
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
    case TextEncoding::utf8:
        return "UTF-8";
    case TextEncoding::utf8_bom:
        return "UTF-8 with BOM";
    case TextEncoding::windows_1250:
        return "Windows-1250";
    case TextEncoding::windows_1251:
        return "Windows-1251";
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
    const iconv_t cd = windows_to_utf8(code_page);
    iconv(cd, nullptr, nullptr, nullptr, nullptr); // back to the initial state
    // glibc's iconv() takes a non-const input pointer but only reads through it.
    char* in = const_cast<char*>(text.data());
    size_t in_left = text.size();
    size_t used = out.size();
    // Room for Latin text with a few letters of two bytes in UTF-8; E2BIG asks for more.
    out.resize(used + text.size() + 8);
    while (in_left > 0) {
        char* dst = out.data() + used;
        size_t room = out.size() - used;
        const size_t done = iconv(cd, &in, &in_left, &dst, &room);
        used = static_cast<size_t>(dst - out.data());
        if (done != static_cast<size_t>(-1)) break;
        if (errno == E2BIG) {
            out.resize(out.size() + 2 * in_left + 8);
        } else if (errno == EILSEQ || errno == EINVAL) {
            // A byte the code page leaves undefined (1250 has five, 1251 one) becomes U+FFFD,
            // the replacement character, and the rest of the text is still decoded.
            constexpr std::string_view replacement = "\xEF\xBF\xBD";
            if (out.size() - used < replacement.size()) out.resize(used + replacement.size() + 2 * in_left + 8);
            std::memcpy(out.data() + used, replacement.data(), replacement.size());
            used += replacement.size();
            ++in;
            --in_left;
        } else {
            out.resize(used);
            throw Error(std::string("iconv cannot decode ") + encoding_name(code_page) + ": " + std::strerror(errno));
        }
    }
    out.resize(used);
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
    // One bad byte does not make a UTF-8 file a code page (mostly_utf8); the reader replaces it.
    if (dialect.encoding == TextEncoding::utf8 && !mostly_utf8(utf8_census(sample)))
        dialect.encoding = guess_windows_code_page(sample);

    constexpr std::array<char, 4> candidates = {';', '\t', ',', '|'};
    constexpr size_t max_records = 50;
    size_t best_score = 0;
    for (char candidate : candidates) {
        CsvReader reader(sample, CsvDialect{candidate, TextEncoding::utf8});
        CsvRecord record;
        size_t first = 0, same = 0, records = 0;
        while (records < max_records && reader.next(record)) {
            if (records == 0)
                first = record.fields.size();
            else if (record.fields.size() == first)
                ++same;
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
    constexpr size_t sample_size = 64 * 1024;
    m_dialect = dialect ? *dialect : sniff_csv(text.substr(0, sample_size));
    // A sample whose only non-ASCII bytes are bad ones (a stray byte in an English header) does not
    // decide for a long UTF-8 file: the whole file is judged then. Only files that look like a code
    // page pay for that reading.
    if (!dialect && text.size() > sample_size &&
        (m_dialect.encoding == TextEncoding::windows_1250 || m_dialect.encoding == TextEncoding::windows_1251) &&
        mostly_utf8(utf8_census(text)))
        m_dialect.encoding = TextEncoding::utf8;
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
        record.invalid_utf8 = false;
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
                    if (c == '\n')
                        ++m_line;
                    else if (c == '\r' && (p + 1 >= m_end || p[1] != '\n'))
                        ++m_line;
                    ++p;
                }
                if (piece.in_scratch)
                    m_scratch.append(seg, static_cast<size_t>(p - seg));
                else
                    piece.size = static_cast<size_t>(p - seg);
                if (!closed) {
                    record.unterminated_quote = true;
                } else {
                    ++p;
                    // Text after the closing quote (`"a"b`) is kept as written rather than lost.
                    const char* rest = p;
                    while (p < m_end && *p != delim && *p != '\n' && *p != '\r')
                        ++p;
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
            // In a UTF-8 file, a value of a code page (no good sequence at all) is decoded as one;
            // UTF-8 with bad bytes keeps its letters, and each bad byte becomes U+FFFD.
            bool replace_invalid = false;
            if (!legacy_file) {
                const auto census = utf8_census(bytes);
                if (census.invalid == 0) continue;
                replace_invalid = census.multibyte > 0 && mostly_utf8(census);
                (replace_invalid ? record.invalid_utf8 : record.recoded) = true;
            }
            // Copy first: appending may move the scratch buffer that `bytes` points into.
            const std::string original(bytes);
            piece.scratch_offset = m_scratch.size();
            piece.in_scratch = true;
            if (replace_invalid)
                append_replacing_invalid(original, m_scratch);
            else
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
