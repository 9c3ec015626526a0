#include "geo/text/field_values.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <string>

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

std::optional<double> parse_coordinate(std::string_view text) {
    text = trim_field(text);
    // A trailing degree sign (U+00B0) is decoration.
    if (text.size() >= 2 && text.substr(text.size() - 2) == "\xC2\xB0")
        text = trim_field(text.substr(0, text.size() - 2));
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty() || text.size() > 40) return std::nullopt;

    char buffer[48];
    size_t n = 0;
    int marks = 0;
    int digits = 0;
    bool exponent = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            ++digits;
            buffer[n++] = c;
        } else if ((c == '.' || c == ',') && !exponent) {
            ++marks;
            buffer[n++] = '.';
        } else if (c == '-' && i == 0)
            buffer[n++] = c;
        else if ((c == 'e' || c == 'E') && digits > 0 && !exponent && i + 1 < text.size()) {
            // Exponents come out of spreadsheets that narrowed a column ("4.48E+01").
            exponent = true;
            buffer[n++] = 'e';
            if (text[i + 1] == '+' || text[i + 1] == '-') buffer[n++] = text[++i];
        } else
            return std::nullopt;
    }
    // "1,234.5" or "44.81.2" cannot be read without guessing which mark is the decimal one.
    if (digits == 0 || marks > 1) return std::nullopt;
    double value = 0;
    const auto [end, ec] = std::from_chars(buffer, buffer + n, value);
    if (ec != std::errc() || end != buffer + n || !std::isfinite(value)) return std::nullopt;
    return value;
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
