#include "geo/text/field_names.hpp"

#include <array>
#include <cstdint>

#include "geo/text/text_fold.hpp"

namespace oko::geo {

namespace {

std::vector<std::string> names_of(std::initializer_list<const char*> list) {
    std::vector<std::string> out;
    for (const char* n : list)
        out.push_back(normalise_field_name(n));
    return out;
}

} // namespace

const char* field_role_name(FieldRole role) {
    switch (role) {
    case FieldRole::longitude:
        return "longitude";
    case FieldRole::latitude:
        return "latitude";
    case FieldRole::wkt:
        return "wkt";
    case FieldRole::position:
        return "position";
    case FieldRole::vendor:
        return "vendor";
    case FieldRole::year:
        return "year";
    case FieldRole::model:
        return "model";
    }
    return "?";
}

std::string normalise_field_name(std::string_view name) {
    // The text fold (text_fold.hpp) lower-cases and transliterates; an invalid byte becomes
    // U+FFFD, which like every character the fold leaves outside [a-z0-9] separates words.
    const std::string folded = fold_text(name, InvalidBytes::as_replacement);
    std::string out;
    out.reserve(folded.size());
    bool pending_separator = false;
    for (const char c : folded) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (pending_separator) out += '_';
            pending_separator = false;
            out += c;
        } else {
            pending_separator = !out.empty();
        }
    }
    return out;
}

const std::vector<std::string>& field_role_names(FieldRole role) {
    static const std::vector<std::string> longitude =
        names_of({"longitude", "lon", "lng", "long", "x", "duzina", "geografska duzina", "geo duzina", "longitude dd",
                  "lon dd", "xcoord", "x coord", "x koordinata", "koordinata x", "easting"});
    static const std::vector<std::string> latitude =
        names_of({"latitude", "lat", "y", "sirina", "geografska sirina", "geo sirina", "latitude dd", "lat dd",
                  "ycoord", "y coord", "y koordinata", "koordinata y", "northing"});
    static const std::vector<std::string> wkt =
        names_of({"wkt", "wkt geom", "geometry", "geom", "the geom", "geometrija", "shape"});
    // Names that say the order come first in no particular rank: the column's values decide
    // which is latitude (point_columns.hpp), the name only where they cannot.
    static const std::vector<std::string> position =
        names_of({"coordinates", "coordinate", "coords",      "koordinate",  "koordinata", "gps koordinate", "gps",
                  "location",    "lokacija",   "position",    "pozicija",    "polozaj",    "latlon",         "lat lon",
                  "latlong",     "lat long",   "latlng",      "lat lng",     "lat/lon",    "lonlat",         "lon lat",
                  "lnglat",      "lng lat",    "geolocation", "geolokacija", "point",      "tacka"});
    static const std::vector<std::string> vendor = names_of({"vendor",
                                                             "manufacturer",
                                                             "brand",
                                                             "make",
                                                             "camera:manufacturer",
                                                             "camera:brand",
                                                             "camera:vendor",
                                                             "camera:make",
                                                             "surveillance:manufacturer",
                                                             "device:manufacturer",
                                                             "proizvodjac",
                                                             "proizvodac",
                                                             "proizvodjac kamere",
                                                             "proizvodac kamere",
                                                             "marka",
                                                             "marka kamere",
                                                             "brend",
                                                             "vendor name",
                                                             "manufacturer name",
                                                             "brand name"});
    static const std::vector<std::string> year = names_of({"year",
                                                           "godina",
                                                           "year installed",
                                                           "installed year",
                                                           "install year",
                                                           "installation year",
                                                           "godina postavljanja",
                                                           "godina instalacije",
                                                           "godina ugradnje",
                                                           "installed",
                                                           "start date",
                                                           "install date",
                                                           "installation date",
                                                           "date installed",
                                                           "installed on",
                                                           "datum postavljanja",
                                                           "datum instalacije",
                                                           "datum ugradnje",
                                                           "postavljeno",
                                                           "postavljena",
                                                           "date",
                                                           "datum"});
    // "модел камере" folds to "model kamere". Not "type" or "tip": OSM's camera:type and most
    // exports hold fixed, dome or panning there, not a model.
    static const std::vector<std::string> model =
        names_of({"model", "camera model", "camera:model", "surveillance:model", "device:model", "model name",
                  "model number", "model kamere", "model uredjaja"});
    switch (role) {
    case FieldRole::longitude:
        return longitude;
    case FieldRole::latitude:
        return latitude;
    case FieldRole::wkt:
        return wkt;
    case FieldRole::position:
        return position;
    case FieldRole::vendor:
        return vendor;
    case FieldRole::year:
        return year;
    case FieldRole::model:
        return model;
    }
    return year;
}

std::optional<size_t> find_field(FieldRole role, const std::vector<std::string>& names,
                                 const std::vector<bool>& taken) {
    std::vector<std::string> normalised;
    normalised.reserve(names.size());
    for (const auto& n : names)
        normalised.push_back(normalise_field_name(n));
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
