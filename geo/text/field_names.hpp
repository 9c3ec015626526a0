#pragma once
// Which column holds what: volunteers name their columns in English or Serbian, in Latin or
// Cyrillic script, with or without diacritics ("Širina", "ширина", "sirina", "Latitude").
// Names are compared after normalisation, so the lists below hold one spelling each.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oko::geo {

enum class FieldRole {
    longitude,
    latitude,
    wkt,
    position, // both coordinates in one column: "45.257, 19.8465"
    vendor,
    year,
    model, // the camera model: names the vendor when the vendor column is empty (model_table.hpp)
};

const char* field_role_name(FieldRole role);

// The text fold (text_fold.hpp: lower case, Serbian Cyrillic transliterated to Latin, diacritics
// dropped, đ becomes "dj"), and every run of other characters (spaces, ':', '-', '.') turned
// into one '_', trimmed:
// "Camera:Manufacturer" -> "camera_manufacturer", "Произвођач" -> "proizvodjac".
std::string normalise_field_name(std::string_view name);

// The names that mean `role`, normalised, most specific first.
const std::vector<std::string>& field_role_names(FieldRole role);

// The column (index into `names`, which are raw header names) that holds `role`: the first
// name of the role's list that any column matches. Columns in `taken` are skipped.
std::optional<size_t> find_field(FieldRole role, const std::vector<std::string>& names,
                                 const std::vector<bool>& taken = {});

// A column the user named on the command line: by name (normalised comparison) or, when no
// column has that name, by 1-based position ("3").
std::optional<size_t> find_named_field(std::string_view wanted, const std::vector<std::string>& names);

} // namespace oko::geo
