#pragma once
// UTF-8, decoded and written by one rule for the whole program (the CSV reader, the text fold,
// field names, the store and the glyphs of labels). Header-only so that render, which may not
// depend on geo/text, uses the same decoder.
//
// The rule is RFC 3629: one to four bytes, no overlong forms, no surrogates (U+D800..U+DFFF), nothing
// past U+10FFFF. A byte that does not start a well-formed sequence decodes as invalid and takes one
// byte, so a reader resynchronises on the next one; what an invalid byte means is up to the caller
// (U+FFFD for glyphs, its Latin-1 letter for search).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace oko::geo::utf8 {

inline constexpr char32_t replacement = U'\uFFFD';

struct Decoded {
    char32_t code_point = 0; // the code point; for an invalid byte, the byte's own value
    uint8_t length = 1;      // bytes taken: 1..4 (1 for an invalid byte)
    bool valid = true;
};

// Decodes the sequence that starts at `text[i]` (i < text.size()).
constexpr Decoded decode(std::string_view text, size_t i) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) return {b0, 1, true};
    int extra;
    char32_t cp;
    if ((b0 & 0xE0) == 0xC0) {
        extra = 1;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        extra = 2;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        extra = 3;
        cp = b0 & 0x07;
    } else {
        return {b0, 1, false};
    }
    if (text.size() - i <= static_cast<size_t>(extra)) return {b0, 1, false};
    for (int k = 1; k <= extra; ++k) {
        const auto b = static_cast<unsigned char>(text[i + static_cast<size_t>(k)]);
        if ((b & 0xC0) != 0x80) return {b0, 1, false};
        cp = (cp << 6) | (b & 0x3F);
    }
    // Overlong forms, surrogates and values past Unicode are not UTF-8.
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return {b0, 1, false};
    return {cp, static_cast<uint8_t>(extra + 1), true};
}

// Decodes the code point at `i` and moves `i` past it; an invalid byte comes back as U+FFFD.
constexpr char32_t next(std::string_view text, size_t& i) {
    const Decoded d = decode(text, i);
    i += d.length;
    return d.valid ? d.code_point : replacement;
}

constexpr bool is_valid(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        const Decoded d = decode(text, i);
        if (!d.valid) return false;
        i += d.length;
    }
    return true;
}

// Code points in `text`, an invalid byte counting as one (the display width of a table cell).
constexpr size_t count_code_points(std::string_view text) {
    size_t n = 0;
    for (size_t i = 0; i < text.size(); i += decode(text, i).length)
        ++n;
    return n;
}

// `text` cut to at most `max_code_points` whole characters, and "…" (one character of the count)
// when it was cut: never half a character, so a Cyrillic value cut short still draws and reads.
inline std::string shortened(std::string_view text, size_t max_code_points) {
    if (max_code_points == 0) return {};
    size_t i = 0, n = 0;
    while (i < text.size() && n < max_code_points) {
        i += decode(text, i).length;
        ++n;
    }
    if (i >= text.size()) return std::string(text);
    // Room for the ellipsis: give back the last character taken.
    size_t end = 0, kept = 0;
    while (kept + 1 < max_code_points) {
        end += decode(text, end).length;
        ++kept;
    }
    return std::string(text.substr(0, end)) + "\u2026";
}

// Appends the UTF-8 form of `cp` (a code point up to U+10FFFF) to `out`.
inline void append(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

} // namespace oko::geo::utf8

namespace oko::geo {} // namespace oko::geo
