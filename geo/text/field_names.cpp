#include "geo/text/field_names.hpp"

#include <array>
#include <cstdint>

namespace oko::geo {

namespace {

// Decodes one UTF-8 character at `i`; an invalid byte comes back as U+FFFD.
uint32_t next_code_point(std::string_view s, size_t& i) {
    const auto c = static_cast<unsigned char>(s[i]);
    int extra = 0;
    uint32_t cp = c;
    if (c >= 0xC0 && c < 0xE0) { extra = 1; cp = c & 0x1F; }
    else if (c >= 0xE0 && c < 0xF0) { extra = 2; cp = c & 0x0F; }
    else if (c >= 0xF0 && c < 0xF8) { extra = 3; cp = c & 0x07; }
    if (c < 0x80) {
        ++i;
        return c;
    }
    if (extra == 0 || i + static_cast<size_t>(extra) >= s.size()) {
        ++i;
        return 0xFFFD;
    }
    for (int k = 1; k <= extra; ++k) {
        const auto b = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
        if ((b & 0xC0) != 0x80) { ++i; return 0xFFFD; }
        cp = (cp << 6) | (b & 0x3F);
    }
    i += static_cast<size_t>(extra) + 1;
    return cp;
}

// Serbian Cyrillic а..џ (U+0430..U+045F) in the official Latin transliteration, without
// diacritics; nullptr where the letter is not Serbian.
constexpr std::array<const char*, 48> cyrillic_lower = {
    "a", "b", "v", "g", "d", "e", "z", "z", "i", "j", "k", "l", "m", "n", "o", "p",        // а..п (ж, й)
    "r", "s", "t", "u", "f", "h", "c", "c", "s", "s", "", "y", "", "e", "ju", "ja",       // р..я
    nullptr, nullptr, "dj", nullptr, nullptr, nullptr, nullptr, nullptr,                  // ѐ ё ђ ѓ є ѕ і ї
    "j", "lj", "nj", "c", nullptr, nullptr, nullptr, "dz",                                // ј љ њ ћ ќ ѝ ў џ
};

// Latin letters with diacritics, folded to ASCII.
const char* fold_latin(uint32_t cp) {
    switch (cp) {
    case 0x10D: case 0x10C: case 0x107: case 0x106: case 0xE7: case 0xC7: return "c";
    case 0x161: case 0x160: case 0x15B: case 0x15A: return "s";
    case 0x17E: case 0x17D: case 0x17A: case 0x179: case 0x17C: case 0x17B: return "z";
    case 0x111: case 0x110: return "dj";
    case 0xDF: return "ss";
    default: break;
    }
    if ((cp >= 0xE0 && cp <= 0xE5) || (cp >= 0xC0 && cp <= 0xC5)) return "a";
    if ((cp >= 0xE8 && cp <= 0xEB) || (cp >= 0xC8 && cp <= 0xCB)) return "e";
    if ((cp >= 0xEC && cp <= 0xEF) || (cp >= 0xCC && cp <= 0xCF)) return "i";
    if ((cp >= 0xF2 && cp <= 0xF6) || (cp >= 0xD2 && cp <= 0xD6) || cp == 0xF8 || cp == 0xD8) return "o";
    if ((cp >= 0xF9 && cp <= 0xFC) || (cp >= 0xD9 && cp <= 0xDC)) return "u";
    if (cp == 0xF1 || cp == 0xD1) return "n";
    if (cp == 0xFD || cp == 0xDD || cp == 0xFF) return "y";
    return nullptr;
}

const char* fold(uint32_t cp) {
    if (cp >= 0x410 && cp <= 0x42F) cp += 0x20;                 // А..Я -> а..я
    else if (cp >= 0x400 && cp <= 0x40F) cp += 0x50;            // Ђ, Ј, Љ, Њ, Ћ, Џ ...
    if (cp >= 0x430 && cp <= 0x45F) return cyrillic_lower[cp - 0x430];
    return fold_latin(cp);
}

std::vector<std::string> names_of(std::initializer_list<const char*> list) {
    std::vector<std::string> out;
    for (const char* n : list) out.push_back(normalise_field_name(n));
    return out;
}

} // namespace

const char* field_role_name(FieldRole role) {
    switch (role) {
    case FieldRole::longitude: return "longitude";
    case FieldRole::latitude: return "latitude";
    case FieldRole::wkt: return "wkt";
    case FieldRole::vendor: return "vendor";
    case FieldRole::year: return "year";
    }
    return "?";
}

std::string normalise_field_name(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    bool pending_separator = false;
    size_t i = 0;
    while (i < name.size()) {
        const uint32_t cp = next_code_point(name, i);
        const char* text = nullptr;
        char ascii[2] = {0, 0};
        if (cp < 0x80) {
            const char c = static_cast<char>(cp);
            if (c >= 'A' && c <= 'Z') ascii[0] = static_cast<char>(c - 'A' + 'a');
            else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) ascii[0] = c;
            if (ascii[0]) text = ascii;
        } else {
            text = fold(cp);
        }
        if (!text || !*text) {
            if (!text) pending_separator = !out.empty();
            continue;
        }
        if (pending_separator) out += '_';
        pending_separator = false;
        out += text;
    }
    return out;
}

const std::vector<std::string>& field_role_names(FieldRole role) {
    static const std::vector<std::string> longitude = names_of({
        "longitude", "lon", "lng", "long", "x", "duzina", "geografska duzina", "geo duzina",
        "longitude dd", "lon dd", "xcoord", "x coord", "x koordinata", "koordinata x", "easting"});
    static const std::vector<std::string> latitude = names_of({
        "latitude", "lat", "y", "sirina", "geografska sirina", "geo sirina", "latitude dd", "lat dd",
        "ycoord", "y coord", "y koordinata", "koordinata y", "northing"});
    static const std::vector<std::string> wkt = names_of({
        "wkt", "wkt geom", "geometry", "geom", "the geom", "geometrija", "shape"});
    static const std::vector<std::string> vendor = names_of({
        "vendor", "manufacturer", "brand", "make", "camera:manufacturer", "camera:brand", "camera:vendor",
        "camera:make", "surveillance:manufacturer", "device:manufacturer", "proizvodjac", "proizvodac",
        "proizvodjac kamere", "proizvodac kamere", "marka", "marka kamere", "brend", "vendor name",
        "manufacturer name", "brand name"});
    static const std::vector<std::string> year = names_of({
        "year", "godina", "year installed", "installed year", "install year", "installation year",
        "godina postavljanja", "godina instalacije", "godina ugradnje", "installed", "start date",
        "install date", "installation date", "date installed", "installed on", "datum postavljanja",
        "datum instalacije", "datum ugradnje", "postavljeno", "postavljena", "date", "datum"});
    switch (role) {
    case FieldRole::longitude: return longitude;
    case FieldRole::latitude: return latitude;
    case FieldRole::wkt: return wkt;
    case FieldRole::vendor: return vendor;
    case FieldRole::year: return year;
    }
    return year;
}

std::optional<size_t> find_field(FieldRole role, const std::vector<std::string>& names,
                                 const std::vector<bool>& taken) {
    std::vector<std::string> normalised;
    normalised.reserve(names.size());
    for (const auto& n : names) normalised.push_back(normalise_field_name(n));
    for (const auto& wanted : field_role_names(role)) {
        for (size_t i = 0; i < normalised.size(); ++i) {
            if (i < taken.size() && taken[i]) continue;
            if (normalised[i] == wanted) return i;
        }
    }
    return std::nullopt;
}

std::optional<size_t> find_named_field(std::string_view wanted, const std::vector<std::string>& names) {
    for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == wanted) return i;
    const std::string key = normalise_field_name(wanted);
    if (!key.empty())
        for (size_t i = 0; i < names.size(); ++i)
            if (normalise_field_name(names[i]) == key) return i;
    size_t position = 0;
    for (char c : wanted) {
        if (c < '0' || c > '9' || position > names.size()) return std::nullopt;
        position = position * 10 + static_cast<size_t>(c - '0');
    }
    if (!wanted.empty() && position >= 1 && position <= names.size()) return position - 1;
    return std::nullopt;
}

} // namespace oko::geo
