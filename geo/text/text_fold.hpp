#pragma once
// Folding text for search: "Трг слободе", "Trg Slobode" and "trg slobode" all fold to
// "trg slobode". Lower-cases, transliterates Serbian Cyrillic to Latin and drops the diacritics
// of Latin letters (č ć → c, š → s, ž → z, đ → dj), so users can type without a Serbian keyboard.

#include <string>
#include <string_view>

namespace oko::geo {

std::string fold_for_search(std::string_view utf8);

// True when `needle` (already folded) occurs in fold_for_search(haystack).
bool folded_contains(std::string_view haystack, std::string_view folded_needle);

} // namespace oko::geo
