#include "geo/text/text_fold.hpp"

#include <cstdint>

#include "geo/base/utf8.hpp"

namespace oko::geo {

namespace {

// Serbian Cyrillic (lower case, U+0430..U+045F) to ASCII Latin without diacritics.
const char* cyrillic_to_latin(char32_t c) {
    switch (c) {
    case U'а':
        return "a";
    case U'б':
        return "b";
    case U'в':
        return "v";
    case U'г':
        return "g";
    case U'д':
        return "d";
    case U'ђ':
        return "dj";
    case U'е':
        return "e";
    case U'ж':
        return "z";
    case U'з':
        return "z";
    case U'и':
        return "i";
    case U'ј':
        return "j";
    case U'к':
        return "k";
    case U'л':
        return "l";
    case U'љ':
        return "lj";
    case U'м':
        return "m";
    case U'н':
        return "n";
    case U'њ':
        return "nj";
    case U'о':
        return "o";
    case U'п':
        return "p";
    case U'р':
        return "r";
    case U'с':
        return "s";
    case U'т':
        return "t";
    case U'ћ':
        return "c";
    case U'у':
        return "u";
    case U'ф':
        return "f";
    case U'х':
        return "h";
    case U'ц':
        return "c";
    case U'ч':
        return "c";
    case U'џ':
        return "dz";
    case U'ш':
        return "s";
    // Russian and other letters met in names, as Serbian Latin transcribes them (Хрущов is
    // Hruščov): щ is šč, without its diacritics like ш and ч above.
    case U'й':
        return "j";
    case U'щ':
        return "sc";
    case U'ъ':
        return "";
    case U'ы':
        return "y";
    case U'ь':
        return "";
    case U'э':
        return "e";
    case U'ю':
        return "ju";
    case U'я':
        return "ja";
    case U'ё':
        return "e";
    case U'ї':
        return "i";
    case U'і':
        return "i";
    case U'є':
        return "e";
    default:
        return nullptr;
    }
}

// Latin letters with diacritics (lower case) to their base letters.
const char* latin_base(char32_t c) {
    switch (c) {
    case U'č':
    case U'ć':
    case U'ç':
        return "c";
    case U'š':
    case U'ś':
        return "s";
    case U'ž':
    case U'ź':
    case U'ż':
        return "z";
    case U'đ':
        return "dj";
    case U'à':
    case U'á':
    case U'â':
    case U'ã':
    case U'ä':
    case U'å':
    case U'ā':
    case U'ă':
        return "a";
    case U'è':
    case U'é':
    case U'ê':
    case U'ë':
    case U'ē':
    case U'ě':
        return "e";
    case U'ì':
    case U'í':
    case U'î':
    case U'ï':
        return "i";
    case U'ò':
    case U'ó':
    case U'ô':
    case U'õ':
    case U'ö':
    case U'ø':
    case U'ő':
        return "o";
    case U'ù':
    case U'ú':
    case U'û':
    case U'ü':
    case U'ű':
    case U'ů':
        return "u";
    case U'ñ':
    case U'ń':
    case U'ň':
        return "n";
    case U'ý':
    case U'ÿ':
        return "y";
    case U'ř':
        return "r";
    case U'ľ':
    case U'ł':
        return "l";
    case U'ß':
        return "ss";
    default:
        return nullptr;
    }
}

char32_t to_lower(char32_t c) {
    if (c >= U'A' && c <= U'Z') return c + 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32; // Latin-1
    // Latin Extended-A: capitals at even code points, except in two runs where they are odd.
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return (c % 2 == 0 && c != 0x130) ? c + 1 : c;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return c % 2 == 1 ? c + 1 : c;
    if (c >= 0x410 && c <= 0x42F) return c + 32; // Cyrillic А..Я
    if (c >= 0x400 && c <= 0x40F) return c + 80; // Ѐ..Џ (Ђ, Ј, Љ, Њ, Ћ, Џ)
    return c;
}

} // namespace

std::string fold_text(std::string_view text, InvalidBytes invalid) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x80) { // most text: ASCII, lower-cased in place
            out += static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
            ++i;
            continue;
        }
        const utf8::Decoded d = utf8::decode(text, i);
        i += d.length;
        const char32_t read = d.valid || invalid == InvalidBytes::as_latin1 ? d.code_point : utf8::replacement;
        const char32_t c = to_lower(read);
        if (const char* s = cyrillic_to_latin(c))
            out += s;
        else if (const char* b = latin_base(c))
            out += b;
        else
            utf8::append(out, c);
    }
    return out;
}

std::string fold_for_search(std::string_view text) { return fold_text(text, InvalidBytes::as_latin1); }

std::string fold_for_names(std::string_view text) {
    const std::string folded = fold_for_search(text);
    std::string out;
    out.reserve(folded.size());
    for (size_t i = 0; i < folded.size(); ++i) {
        out += folded[i];
        if (folded[i] == 'd' && i + 1 < folded.size() && folded[i + 1] == 'j') ++i;
    }
    return out;
}

namespace {
// Serbian Cyrillic (U+0400..U+045F) in Serbian Latin, capitals included; nullptr for other letters.
const char* serbian_latin_letter(char32_t c) {
    static constexpr const char* lower[] = {
        "a", "b", "v", "g", "d", "e", "ž", "z", "i", "j" /* й */, "k",     "l",     "m",     "n",     "o",     "p",
        "r", "s", "t", "u", "f", "h", "c", "č", "š", nullptr,     nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
    static constexpr const char* upper[] = {
        "A", "B", "V", "G", "D", "E", "Ž", "Z", "I", "J",     "K",     "L",     "M",     "N",     "O",     "P",
        "R", "S", "T", "U", "F", "H", "C", "Č", "Š", nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
    if (c >= 0x430 && c <= 0x44F) return lower[c - 0x430];
    if (c >= 0x410 && c <= 0x42F) return upper[c - 0x410];
    switch (c) {
    case U'ђ':
        return "đ";
    case U'ј':
        return "j";
    case U'љ':
        return "lj";
    case U'њ':
        return "nj";
    case U'ћ':
        return "ć";
    case U'џ':
        return "dž";
    case U'Ђ':
        return "Đ";
    case U'Ј':
        return "J";
    case U'Љ':
        return "Lj";
    case U'Њ':
        return "Nj";
    case U'Ћ':
        return "Ć";
    case U'Џ':
        return "Dž";
    default:
        return nullptr;
    }
}
} // namespace

std::string to_serbian_latin(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const utf8::Decoded d = utf8::decode(text, i);
        if (const char* s = d.valid ? serbian_latin_letter(d.code_point) : nullptr)
            out += s;
        else
            out.append(text.substr(i, d.length));
        i += d.length;
    }
    return out;
}

bool has_cyrillic(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        const utf8::Decoded d = utf8::decode(text, i);
        if (d.valid && d.code_point >= 0x400 && d.code_point <= 0x4FF) return true;
        i += d.length;
    }
    return false;
}

bool folded_contains(std::string_view haystack, std::string_view folded_needle) {
    if (folded_needle.empty()) return true;
    return fold_for_search(haystack).find(folded_needle) != std::string::npos;
}

} // namespace oko::geo
