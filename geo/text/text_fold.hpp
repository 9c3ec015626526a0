#pragma once
// Folding text for search: "Трг слободе", "Trg Slobode" and "trg slobode" all fold to
// "trg slobode". Lower-cases, transliterates Serbian Cyrillic to Latin and drops the diacritics
// of Latin letters (č ć → c, š → s, ž → z, đ → dj), so users can type without a Serbian keyboard.

#include <string>
#include <string_view>

namespace oko::geo {

std::string fold_for_search(std::string_view utf8);

// What the fold makes of bytes that are not UTF-8 (utf8::decode).
enum class InvalidBytes {
    as_latin1,      // the byte's Latin-1 letter, folded: a stray 0xE9 is "e" (search)
    as_replacement, // U+FFFD, which the fold keeps (field names, where it separates words)
};

// The one fold, for every caller: fold_for_search() is fold_text(text, InvalidBytes::as_latin1),
// normalise_field_name() (field_names.hpp) folds with as_replacement before it splits words.
std::string fold_text(std::string_view text, InvalidBytes invalid);

// Names as people type them (go-to): fold_for_search, then "dj" as "d", since Đ is typed đ, dj or
// d ("Oslobođenja", "oslobodjenja" and "oslobodenja" all give "oslobodenja"). Other characters are
// kept, so a caller can still see the dot of an abbreviation.
std::string fold_for_names(std::string_view utf8);

// Serbian Cyrillic written in Serbian Latin, with its diacritics and case ("Стари град" is
// "Stari grad", "Ђурђевдан" is "Đurđevdan", "Љубе" is "Ljube"); other text is kept as it is.
std::string to_serbian_latin(std::string_view utf8);

// True when the text holds a Cyrillic letter (U+0400..U+04FF).
bool has_cyrillic(std::string_view utf8);

// True when `needle` (already folded) occurs in fold_for_search(haystack).
bool folded_contains(std::string_view haystack, std::string_view folded_needle);

} // namespace oko::geo
