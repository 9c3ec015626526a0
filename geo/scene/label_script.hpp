#pragma once
// The script a figure's place and street names are written in. Serbian is written in Cyrillic and
// in Latin, and publications use either or both: OSM's `name` is mostly Cyrillic in Serbia and
// `name:sr-Latn` its Latin form where a mapper gave it.

#include <optional>
#include <string>
#include <string_view>

namespace oko::geo {

enum class LabelScript {
    native,   // the name as OSM has it (`name`)
    latin,    // `name:sr-Latn` where OSM has it, else the name transliterated from Serbian Cyrillic
    cyrillic, // the name where it is in Cyrillic; a name OSM has in Latin only stays as it is
    both,     // the Cyrillic over the Latin, when they differ
};

// "native", "latin", "cyrillic", "both" (the scene file's and --label-script's words).
std::string_view label_script_name(LabelScript s);
std::optional<LabelScript> parse_label_script(std::string_view name);

// A feature's name (`name`, and `name:sr-Latn` or empty) in `script`. For `both`, the two forms
// are joined by `both_separator` ("\n": two lines, as place names are drawn; " / " along a street)
// when they differ. Empty when the feature has no name.
std::string name_in_script(std::string_view name, std::string_view name_latin, LabelScript script,
                           std::string_view both_separator = "\n");

} // namespace oko::geo
