#include "geo/base/utf8.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace oko::geo;

namespace {

std::vector<char32_t> code_points(std::string_view s) {
    std::vector<char32_t> out;
    for (size_t i = 0; i < s.size();)
        out.push_back(utf8::next(s, i));
    return out;
}

} // namespace

TEST_CASE("UTF-8 decodes one to four byte sequences", "[utf8]") {
    // The byte values are those of the Unicode code charts: ш U+0448 is D1 88, € U+20AC is
    // E2 82 AC, U+1F600 is F0 9F 98 80.
    CHECK(code_points("a\xD1\x88\xE2\x82\xAC\xF0\x9F\x98\x80") == std::vector<char32_t>{U'a', 0x448, 0x20AC, 0x1F600});
    const auto d = utf8::decode("\xE2\x82\xAC", 0);
    CHECK(d.valid);
    CHECK(d.length == 3);
    CHECK(d.code_point == 0x20AC);
}

TEST_CASE("UTF-8 invalid bytes take one byte each", "[utf8]") {
    // A stray continuation byte, an overlong '/', a surrogate and a cut sequence: each invalid
    // byte is one U+FFFD, and decoding resumes at the next byte.
    CHECK(code_points("\x80x") == std::vector<char32_t>{0xFFFD, U'x'});
    CHECK(code_points("\xC0\xAF") == std::vector<char32_t>{0xFFFD, 0xFFFD});
    CHECK(code_points("\xED\xA0\x80") == std::vector<char32_t>{0xFFFD, 0xFFFD, 0xFFFD});
    CHECK(code_points("\xE2\x82") == std::vector<char32_t>{0xFFFD, 0xFFFD});
    CHECK(code_points("\xF4\x90\x80\x80") == std::vector<char32_t>(4, 0xFFFD)); // past U+10FFFF
    const auto d = utf8::decode("\xE9t", 0);                                    // Latin-1 é
    CHECK_FALSE(d.valid);
    CHECK(d.length == 1);
    CHECK(d.code_point == 0xE9);
}

TEST_CASE("UTF-8 validation, counting and writing agree with decoding", "[utf8]") {
    CHECK(utf8::is_valid("Širina ширина"));
    CHECK_FALSE(utf8::is_valid("\xC0\xAF"));
    CHECK_FALSE(utf8::is_valid("ok\xE2\x82"));
    CHECK(utf8::count_code_points("Šabac") == 5);
    CHECK(utf8::count_code_points("Трг") == 3);
    std::string out;
    for (char32_t c : {char32_t{U'a'}, char32_t{0xE9}, char32_t{0x448}, char32_t{0x20AC}, char32_t{0x1F600}})
        utf8::append(out, c);
    CHECK(out == "a\xC3\xA9\xD1\x88\xE2\x82\xAC\xF0\x9F\x98\x80");
    CHECK(code_points(out) == std::vector<char32_t>{U'a', 0xE9, 0x448, 0x20AC, 0x1F600});
}

TEST_CASE("shortened cuts whole characters and marks the cut", "[utf8]") {
    using oko::geo::utf8::count_code_points;
    using oko::geo::utf8::is_valid;
    using oko::geo::utf8::shortened;
    CHECK(shortened("Novi Sad", 40) == "Novi Sad");
    CHECK(shortened("Нови Сад", 8) == "Нови Сад"); // exactly the limit: not cut
    // Every cut of a Cyrillic text, at every length, is valid UTF-8 of at most that many characters.
    const std::string text = "Булевар ослобођења 12, Нови Сад — камера 😀 на стубу";
    for (size_t n = 1; n < count_code_points(text); ++n) {
        const auto cut = shortened(text, n);
        INFO(n << ": " << cut);
        CHECK(is_valid(cut));
        CHECK(count_code_points(cut) == n);
        CHECK(cut.ends_with("\u2026"));
        const std::string kept = cut.substr(0, cut.size() - std::string("\u2026").size());
        CHECK(text.rfind(kept, 0) == 0); // a prefix of the text
    }
    CHECK(shortened(text, 0).empty());
}
