#pragma once
// Place and street names as people type them, for go-to: a name or a query becomes words, folded
// (fold_for_names: either script, no diacritics, đ as dj or d), with the short forms people write
// read as what they stand for ("Bul." is "bulevar", "ul." is "ulica", "Dr" is "doktora") and a
// word written with a dot ("Sv.", "Vojv.") standing for any word it begins. The street type a name
// starts with (Bulevar, Trg, Kej, Ulica, ...) is known, so that "oslobodjenja" finds "Bulevar
// oslobođenja", "ulica Zmaj Jovina" finds "Zmaj Jovina", and the result says "boulevard".

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace oko::geo {

struct NameWord {
    std::string text;
    bool abbreviated = false; // stands for any word that begins with `text`
    bool operator==(const NameWord&) const = default;
};

std::vector<NameWord> name_words(std::string_view text);

// The street type a name's first word says, in English ("boulevard", "square", "street", ...);
// empty when the first word is no street type. The word itself stays part of the name.
std::string_view street_type(const std::vector<NameWord>& words);

// How well a query matches a name, best first; None when it does not.
enum class NameMatch {
    Exact,      // the same name, maybe without its street type or with short forms
    Prefix,     // the name begins with the query ("bulevar oslo", "zmaj j")
    WordPrefix, // a later word of the name begins with the query ("jovina" in "Zmaj Jovina")
    Typo,       // the whole name with one letter wrong, missing, added or two swapped
    TypoPrefix, // the beginning of the name, so
    None,
};

// Compares two word lists. Both come from name_words(); typos are allowed from four letters on.
NameMatch match_name(const std::vector<NameWord>& query, const std::vector<NameWord>& name);

} // namespace oko::geo
