#include "geo/text/field_values.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "geo/text/text_fold.hpp"

namespace oko::geo {

std::string_view trim_field(std::string_view text) {
    auto space_at_front = [&]() {
        if (text.empty()) return size_t{0};
        const char c = text.front();
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return size_t{1};
        if (text.size() >= 2 && text[0] == '\xC2' && text[1] == '\xA0') return size_t{2};
        return size_t{0};
    };
    auto space_at_back = [&]() {
        if (text.empty()) return size_t{0};
        const char c = text.back();
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return size_t{1};
        if (text.size() >= 2 && text[text.size() - 2] == '\xC2' && text.back() == '\xA0') return size_t{2};
        return size_t{0};
    };
    for (size_t n; (n = space_at_front()) > 0;)
        text.remove_prefix(n);
    for (size_t n; (n = space_at_back()) > 0;)
        text.remove_suffix(n);
    return text;
}

namespace {

// The pieces coordinates are written with.
enum class Piece { number, degree, minute, second, hemisphere, sign, separator };

struct Token {
    Piece piece = Piece::number;
    double value = 0;    // number: its value
    int decimals = 0;    // number: digits after its decimal mark
    bool marked = false; // number: has a decimal mark or an exponent
    bool exponent = false;
    bool negative = false; // sign '-', or hemisphere S/W
    CoordinateAxis axis = CoordinateAxis::unknown;
    std::string_view text; // as written
};

// The UTF-8 spellings of each mark at the front of `rest`, and their length (0: none).
size_t starts_with_any(std::string_view rest, std::initializer_list<std::string_view> spellings) {
    for (const auto s : spellings)
        if (rest.substr(0, s.size()) == s) return s.size();
    return 0;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The text as pieces; false when it holds anything else (a word, a stray mark).
bool tokenize(std::string_view text, std::vector<Token>& out) {
    size_t i = 0;
    while (i < text.size()) {
        const std::string_view rest = text.substr(i);
        const char c = rest.front();
        Token t;
        size_t n = 0;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            ++i;
            continue;
        }
        if ((n = starts_with_any(rest, {"\xC2\xA0"}))) { // no-break space
            i += n;
            continue;
        }
        if (is_digit(c)) {
            // Digits, one decimal mark ('.' or ',' followed by a digit), an exponent.
            char buffer[64];
            size_t b = 0, j = 0;
            bool mark = false, exponent = false;
            int decimals = 0;
            while (j < rest.size() && b + 4 < sizeof buffer) {
                const char d = rest[j];
                if (is_digit(d)) {
                    buffer[b++] = d;
                    if (mark && !exponent) ++decimals;
                    ++j;
                } else if ((d == '.' || d == ',') && !mark && !exponent && j + 1 < rest.size() &&
                           is_digit(rest[j + 1])) {
                    mark = true;
                    buffer[b++] = '.';
                    ++j;
                } else if ((d == 'e' || d == 'E') && !exponent && j + 1 < rest.size() &&
                           (is_digit(rest[j + 1]) || ((rest[j + 1] == '+' || rest[j + 1] == '-') &&
                                                      j + 2 < rest.size() && is_digit(rest[j + 2])))) {
                    // Exponents come out of spreadsheets that narrowed a column ("4.48E+01").
                    exponent = true;
                    buffer[b++] = 'e';
                    ++j;
                    if (rest[j] == '+' || rest[j] == '-') buffer[b++] = rest[j++];
                } else {
                    break;
                }
            }
            if (j < rest.size() && is_digit(rest[j])) return false; // too long to be a coordinate
            double value = 0;
            const auto [end, ec] = std::from_chars(buffer, buffer + b, value);
            if (ec != std::errc() || end != buffer + b || !std::isfinite(value)) return false;
            t.piece = Piece::number;
            t.value = value;
            t.decimals = decimals;
            t.marked = mark || exponent;
            t.exponent = exponent;
            n = j;
        } else if ((n = starts_with_any(rest, {"''", "\xE2\x80\x99\xE2\x80\x99", "\"", "\xE2\x80\xB3", "\xE2\x80\x9D",
                                               "\xE2\x80\x9C"}))) {
            t.piece = Piece::second; // " ″ ” “ and two apostrophes
        } else if ((n = starts_with_any(rest,
                                        {"'", "\xE2\x80\xB2", "\xE2\x80\x99", "\xE2\x80\x98", "\xC2\xB4", "`"}))) {
            t.piece = Piece::minute; // ' ′ ’ ‘ ´ `
        } else if ((n = starts_with_any(rest, {"\xC2\xB0", "\xC2\xBA", "\xCB\x9A"}))) {
            t.piece = Piece::degree; // ° º ˚
        } else if (c == 'N' || c == 'S' || c == 'E' || c == 'W') {
            t.piece = Piece::hemisphere;
            t.axis = (c == 'N' || c == 'S') ? CoordinateAxis::latitude : CoordinateAxis::longitude;
            t.negative = c == 'S' || c == 'W';
            n = 1;
        } else if ((n = starts_with_any(rest, {"\xD0\xA1", "\xD0\x88"}))) { // С (sever), Ј (jug)
            t.piece = Piece::hemisphere;
            t.axis = CoordinateAxis::latitude;
            t.negative = rest[1] == '\x88';
        } else if ((n = starts_with_any(rest, {"\xD0\x98", "\xD0\x97"}))) { // И (istok), З (zapad)
            t.piece = Piece::hemisphere;
            t.axis = CoordinateAxis::longitude;
            t.negative = rest[1] == '\x97';
        } else if (c == '-' || c == '+' || (n = starts_with_any(rest, {"\xE2\x88\x92"}))) { // and − (U+2212)
            t.piece = Piece::sign;
            t.negative = c != '+';
            if (n == 0) n = 1;
        } else if (c == ',' || c == ';' || c == '/' || c == '|') {
            t.piece = Piece::separator;
            n = 1;
        } else {
            return false;
        }
        t.text = rest.substr(0, n);
        out.push_back(t);
        i += n;
    }
    return true;
}

std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// One coordinate's pieces: [hemisphere] [sign] degrees [° minutes ['] seconds ["]] [hemisphere].
CoordinateText read_group(const std::vector<Token>& tokens, size_t begin, size_t end) {
    CoordinateText out;
    const auto fail = [&out](std::string problem) {
        out.problem = std::move(problem);
        out.impossible = true;
        return out;
    };
    std::optional<Token> hemisphere;
    bool negative = false, sign = false;
    double parts[3] = {0, 0, 0};
    int level = -1; // of the last number read: 0 degrees, 1 minutes, 2 seconds
    bool level_marked = true;
    int numbers = 0;
    const Token* last = nullptr;
    bool any_mark = false;
    for (size_t i = begin; i < end; ++i) {
        const Token& t = tokens[i];
        switch (t.piece) {
        case Piece::hemisphere:
            if (hemisphere)
                return fail("has two hemisphere letters (" + std::string(hemisphere->text) + " and " +
                            std::string(t.text) + ")");
            if (numbers > 0 && i + 1 != end)
                return fail("has the hemisphere letter " + std::string(t.text) + " between its numbers");
            hemisphere = t;
            break;
        case Piece::sign:
            if (numbers > 0 || sign) return fail("has a sign between its numbers");
            sign = true;
            negative = t.negative;
            break;
        case Piece::number: {
            if (numbers > 0 && last->marked)
                return fail("has decimals before its last number: only the last may have them (45°15.5' or "
                            "45°15'30.5\")");
            const int next = level + 1;
            if (next > 2) return fail("has more numbers than degrees, minutes and seconds");
            level = next;
            level_marked = false;
            parts[level] = t.value;
            last = &t;
            ++numbers;
            break;
        }
        case Piece::degree:
        case Piece::minute:
        case Piece::second: {
            const int mark = t.piece == Piece::degree ? 0 : t.piece == Piece::minute ? 1 : 2;
            if (numbers == 0 || level_marked) return fail("has the mark " + std::string(t.text) + " without a number");
            // An unmarked number takes the next place; a mark may move it further ("45° 20\"" is unusual
            // but plain): never back.
            if (mark < level) return fail("has its marks out of order (degrees, then minutes, then seconds)");
            if (mark > level) {
                if (mark == 0 || (numbers == 1 && mark > 0))
                    return fail(std::string("has ") + (mark == 1 ? "minutes" : "seconds") + " without degrees");
                parts[mark] = parts[level];
                parts[level] = 0;
                level = mark;
            }
            level_marked = true;
            any_mark = any_mark || mark > 0;
            break;
        }
        case Piece::separator:
            return fail("holds more than one coordinate");
        }
    }
    if (numbers == 0) return fail("has no number");
    if (numbers > 1 && last->exponent) return fail("is not a number");
    const bool sexagesimal = numbers > 1 || any_mark;
    if (sexagesimal) {
        if (parts[1] >= 60) return fail("has minutes " + number_text(parts[1]) + ", which must be below 60");
        if (parts[2] >= 60) return fail("has seconds " + number_text(parts[2]) + ", which must be below 60");
    }
    double value = parts[0] + parts[1] / 60 + parts[2] / 3600;
    if (hemisphere) {
        if (sign && negative)
            return fail("has both a minus sign and the hemisphere letter " + std::string(hemisphere->text));
        const bool latitude = hemisphere->axis == CoordinateAxis::latitude;
        if (value > (latitude ? 90 : 180))
            return fail(std::string(latitude ? "is a latitude (" : "is a longitude (") + std::string(hemisphere->text) +
                        ") of " + number_text(value) + "\xC2\xB0, beyond " + (latitude ? "90" : "180") + "\xC2\xB0");
        negative = hemisphere->negative;
        out.coordinate.emplace().axis = hemisphere->axis;
    } else {
        if (sexagesimal && value > 180) return fail("has " + number_text(parts[0]) + " degrees, beyond 180");
        out.coordinate.emplace();
    }
    out.coordinate->value = negative ? -value : value;
    out.coordinate->sexagesimal = sexagesimal;
    out.coordinate->decimals = last->decimals;
    return out;
}

// The tokens' coordinates: [begin, end) of each. `wanted` (1 or 2) decides how plain numbers
// separated by spaces group: one coordinate of degrees, minutes and seconds, or two halves.
std::vector<std::pair<size_t, size_t>> group_tokens(const std::vector<Token>& tokens, size_t wanted) {
    std::vector<std::pair<size_t, size_t>> groups;
    const auto has = [&](Piece p) {
        return std::any_of(tokens.begin(), tokens.end(), [p](const Token& t) { return t.piece == p; });
    };
    if (has(Piece::separator)) {
        size_t begin = 0;
        for (size_t i = 0; i <= tokens.size(); ++i)
            if (i == tokens.size() || tokens[i].piece == Piece::separator) {
                groups.emplace_back(begin, i);
                begin = i + 1;
            }
        return groups;
    }
    if (has(Piece::hemisphere)) {
        const bool prefix = tokens.front().piece == Piece::hemisphere;
        size_t begin = 0;
        for (size_t i = 0; i < tokens.size(); ++i) {
            if (tokens[i].piece != Piece::hemisphere) continue;
            if (prefix && i > begin) {
                groups.emplace_back(begin, i);
                begin = i;
            } else if (!prefix) {
                groups.emplace_back(begin, i + 1);
                begin = i + 1;
            }
        }
        if (begin < tokens.size()) groups.emplace_back(begin, tokens.size());
        // A letter with no number of its own ("N 45° 15' N") is one coordinate's second letter.
        for (const auto& [b, e] : groups)
            if (std::none_of(tokens.begin() + static_cast<std::ptrdiff_t>(b),
                             tokens.begin() + static_cast<std::ptrdiff_t>(e),
                             [](const Token& t) { return t.piece == Piece::number; }))
                return {{0, tokens.size()}};
        return groups;
    }
    if (has(Piece::degree) || has(Piece::minute) || has(Piece::second)) {
        // A number marked as degrees, or a sign, after a number begins the next coordinate.
        size_t begin = 0;
        bool numbers = false;
        for (size_t i = 0; i < tokens.size(); ++i) {
            const bool starts =
                tokens[i].piece == Piece::sign ||
                (tokens[i].piece == Piece::number && i + 1 < tokens.size() && tokens[i + 1].piece == Piece::degree);
            if (starts && numbers) {
                groups.emplace_back(begin, i);
                begin = i;
                numbers = false;
            }
            numbers = numbers || tokens[i].piece == Piece::number;
        }
        groups.emplace_back(begin, tokens.size());
        return groups;
    }
    // Plain numbers: one coordinate, or two halves of as many numbers each.
    size_t numbers = 0;
    for (const auto& t : tokens)
        numbers += t.piece == Piece::number;
    if (wanted < 2 || numbers % 2 != 0) {
        groups.emplace_back(0, tokens.size());
        return groups;
    }
    size_t seen = 0, begin = 0;
    for (size_t i = 0; i < tokens.size(); ++i)
        if (tokens[i].piece == Piece::number && ++seen == numbers / 2) {
            groups.emplace_back(begin, i + 1);
            begin = i + 1;
        }
    groups.emplace_back(begin, tokens.size());
    return groups;
}

} // namespace

namespace {

// A plain decimal number ("44.8176", "-44,8176", "+20.45"), read without the tokenizer: most
// values are such, a million rows of them.
bool read_plain(std::string_view text, CoordinateText& out) {
    size_t i = 0;
    if (text[0] == '-' || text[0] == '+') ++i;
    char buffer[40];
    size_t n = 0;
    if (text[0] == '-') buffer[n++] = '-';
    int digits = 0, decimals = 0;
    bool mark = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (n + 1 >= sizeof buffer) return false;
        if (is_digit(c)) {
            ++digits;
            decimals += mark;
            buffer[n++] = c;
        } else if ((c == '.' || c == ',') && !mark && digits > 0) {
            mark = true;
            buffer[n++] = '.';
        } else {
            return false;
        }
    }
    if (digits == 0) return false;
    if (mark && decimals == 0) --n; // "20." is 20
    double value = 0;
    const auto [end, ec] = std::from_chars(buffer, buffer + n, value);
    if (ec != std::errc() || end != buffer + n) return false;
    out.coordinate.emplace();
    out.coordinate->value = value;
    out.coordinate->decimals = decimals;
    return true;
}

} // namespace

CoordinateText read_coordinate(std::string_view text) {
    text = trim_field(text);
    CoordinateText out;
    if (text.empty()) return out;
    if (read_plain(text, out)) return out;
    std::vector<Token> tokens;
    if (text.size() > 80 || !tokenize(text, tokens) || tokens.empty()) {
        out.problem = "is not a number";
        return out;
    }
    const auto groups = group_tokens(tokens, 1);
    if (groups.size() != 1) {
        out.problem = "holds " + std::to_string(groups.size()) + " coordinates, not one";
        out.impossible = true;
        return out;
    }
    return read_group(tokens, groups[0].first, groups[0].second);
}

std::optional<double> parse_coordinate(std::string_view text) {
    const auto read = read_coordinate(text);
    if (!read.coordinate) return std::nullopt;
    return read.coordinate->value;
}

CoordinatePairText read_coordinate_pair(std::string_view text) {
    text = trim_field(text);
    CoordinatePairText out;
    if (text.empty()) return out;
    std::vector<Token> tokens;
    if (text.size() > 160 || !tokenize(text, tokens) || tokens.empty()) {
        out.problem = "is not a pair of coordinates";
        return out;
    }
    const auto groups = group_tokens(tokens, 2);
    if (groups.size() != 2) {
        out.problem = groups.size() == 1 ? "holds one coordinate, not two"
                                         : "holds " + std::to_string(groups.size()) + " values, not two coordinates";
        out.impossible = true;
        return out;
    }
    std::array<Coordinate, 2> pair;
    for (size_t k = 0; k < 2; ++k) {
        auto one = read_group(tokens, groups[k].first, groups[k].second);
        if (!one.coordinate) {
            out.problem = "has a " + std::string(k == 0 ? "first" : "second") + " coordinate that " + one.problem;
            out.impossible = one.impossible;
            return out;
        }
        pair[k] = *one.coordinate;
    }
    if (pair[0].axis != CoordinateAxis::unknown && pair[0].axis == pair[1].axis) {
        out.problem =
            std::string("gives two ") + (pair[0].axis == CoordinateAxis::latitude ? "latitudes" : "longitudes");
        out.impossible = true;
        return out;
    }
    out.pair = pair;
    return out;
}

std::optional<int> parse_year(std::string_view text) {
    std::optional<int> year;
    size_t i = 0;
    while (i < text.size()) {
        if (text[i] < '0' || text[i] > '9') {
            ++i;
            continue;
        }
        const size_t start = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9')
            ++i;
        const std::string_view run = text.substr(start, i - start);
        int candidate = 0;
        if (run.size() == 4) {
            std::from_chars(run.data(), run.data() + 4, candidate);
        } else if (run.size() == 8) {
            // yyyymmdd, as some exports write dates.
            int month = 0, day = 0;
            std::from_chars(run.data(), run.data() + 4, candidate);
            std::from_chars(run.data() + 4, run.data() + 6, month);
            std::from_chars(run.data() + 6, run.data() + 8, day);
            if (month < 1 || month > 12 || day < 1 || day > 31) candidate = 0;
        } else {
            continue;
        }
        if (candidate < 1900 || candidate > 2100) continue;
        if (year && *year != candidate) return std::nullopt;
        year = candidate;
    }
    return year;
}

std::optional<int> month_in(std::string_view text) {
    // Folded (text_fold.hpp): Cyrillic transliterated, diacritics dropped, so "децембар",
    // "decembar" and "Decembar" are one word. Nominative and genitive ("15. маја 2020.").
    struct Month {
        std::string_view nominative, genitive;
    };
    static constexpr std::array<Month, 12> months = {{{"januar", "januara"},
                                                      {"februar", "februara"},
                                                      {"mart", "marta"},
                                                      {"april", "aprila"},
                                                      {"maj", "maja"},
                                                      {"jun", "juna"},
                                                      {"jul", "jula"},
                                                      {"avgust", "avgusta"},
                                                      {"septembar", "septembra"},
                                                      {"oktobar", "oktobra"},
                                                      {"novembar", "novembra"},
                                                      {"decembar", "decembra"}}};
    const std::string folded = fold_text(text, InvalidBytes::as_replacement);
    std::optional<int> month;
    size_t i = 0;
    while (i < folded.size()) {
        if (folded[i] < 'a' || folded[i] > 'z') {
            ++i;
            continue;
        }
        const size_t start = i;
        while (i < folded.size() && folded[i] >= 'a' && folded[i] <= 'z')
            ++i;
        const std::string_view word = std::string_view(folded).substr(start, i - start);
        for (size_t m = 0; m < months.size(); ++m) {
            if (word != months[m].nominative && word != months[m].genitive) continue;
            const int found = static_cast<int>(m) + 1;
            if (month && *month != found) return std::nullopt;
            month = found;
        }
    }
    return month;
}

} // namespace oko::geo
