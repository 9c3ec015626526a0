#pragma once
// The fields any camera may have, whatever file it came from: its type (fixed, dome, panning),
// the direction it looks in, its model and notes. `oko add` and `oko edit` (--set type=dome), the
// window's form of a new camera, and the OSM export all know them by this one list: each field
// with the attribute names that hold it, compared as the importer compares column names
// (normalise_field_name): OSM's keys first, as an OSM extract's cameras carry them, then what
// volunteers' files call them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oko::geo {

struct CameraField {
    std::string name;               // as the user writes it: "type", "direction", "model", "notes"
    std::vector<std::string> names; // the attribute names that hold it; a new attribute takes the first
};

// type, direction, model, notes, in that order.
const std::vector<CameraField>& camera_fields();
// The field the user names (exactly, lower case); null for any other name.
const CameraField* camera_field(std::string_view name);
// The field: "direction" for camera_fields().
const CameraField& camera_field_named(std::string_view name);

// Whether `attribute` (a layer's attribute name) holds `field`.
bool holds_field(const CameraField& field, std::string_view attribute);

// A camera's bearing from an attribute value: degrees ("45", "45.5", "-90", "400" taken modulo
// 360) or OSM's compass letters (N, NNE, NE, ... NNW); nullopt for anything else (empty, "0-90",
// "45;135").
std::optional<double> parse_bearing(std::string_view text);

// Why `value` is refused for `field` (empty: it is accepted). A direction is degrees from 0 to 360
// clockwise from north, or one of the 16 compass points; an empty value (none) is accepted.
std::string camera_field_problem(const CameraField& field, std::string_view value);

} // namespace oko::geo
