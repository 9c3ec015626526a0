#include "app/commands/json_shape.hpp"

#include <algorithm>

namespace oko::app {

namespace {

using T = JsonType;

JsonField typed_array(std::string key, JsonType items) { return {std::move(key), T::array, nullptr, items, true}; }

const char* type_name(JsonType t) {
    switch (t) {
    case T::string:
        return "string";
    case T::integer:
        return "integer";
    case T::number:
        return "number";
    case T::boolean:
        return "boolean";
    case T::array:
        return "array";
    case T::object:
        return "object";
    }
    return "";
}

const char* type_name(const nlohmann::json& v) {
    if (v.is_string()) return "string";
    if (v.is_number_integer()) return "integer";
    if (v.is_number()) return "number";
    if (v.is_boolean()) return "boolean";
    if (v.is_array()) return "array";
    if (v.is_object()) return "object";
    return "null";
}

bool is(const nlohmann::json& v, JsonType t) {
    switch (t) {
    case T::string:
        return v.is_string();
    case T::integer:
        return v.is_number_integer();
    case T::number:
        return v.is_number(); // an integer is a number too
    case T::boolean:
        return v.is_boolean();
    case T::array:
        return v.is_array();
    case T::object:
        return v.is_object();
    }
    return false;
}

// ---- the shapes ----

const JsonShape issue{{{"row", T::integer},
                       {"code", T::string},
                       {"reason", T::string},
                       {"layer", T::string},
                       {"field", T::string},
                       {"fix", T::string}}};
const JsonShape duplicate{
    {{"row", T::integer}, {"point_id", T::integer}, {"duplicate_of", T::integer}, {"distance_m", T::number}}};
const JsonShape position_column{{{"role", T::string},
                                 {"column", T::string},
                                 {"number", T::integer},
                                 {"unnamed", T::boolean},
                                 {"found_by", T::string},
                                 {"why", T::string},
                                 {"text", T::string},
                                 {"order", T::string}}};
const JsonShape vendor_from_model{{{"vendor", T::string}, {"model", T::string}, {"rows", T::integer}}};
const JsonShape far_from_map{{{"points", T::integer},
                              {"min_km", T::number},
                              {"max_km", T::number},
                              {"first_row", T::integer},
                              {"map_area", T::string},
                              typed_array("map_bbox", T::number)}};
// The report of a point file (geo/points/point_file_import.cpp).
const JsonShape points_report{{{"file", T::string},
                               {"sha256", T::string},
                               {"layer", T::string},
                               {"dry_run", T::boolean},
                               {"already_imported", T::boolean},
                               {"format", T::string},
                               {"crs", T::string},
                               typed_array("columns_used", T::string),
                               typed_array("attribute_columns", T::string),
                               {"rows_read", T::integer},
                               {"imported", T::integer},
                               {"accepted", T::integer},
                               {"rejected", T::integer},
                               {"duplicates", T::integer},
                               {"warnings", T::integer},
                               {"kept", T::integer},
                               {"kept_curated", T::integer},
                               {"rejected_rows", T::array, &issue},
                               {"warning_rows", T::array, &issue},
                               {"encoding", T::string},
                               {"delimiter", T::string},
                               {"rejected_file", T::string},
                               {"duplicate_rows", T::array, &duplicate},
                               {"position_columns", T::array, &position_column},
                               {"vendors_from_models", T::array, &vendor_from_model},
                               {"far_from_map", T::object, &far_from_map}}};
const JsonShape destination{{{"layer", T::string},
                             {"kind", T::string},
                             {"features", T::integer},
                             {"written", T::integer},
                             {"already_imported", T::boolean}}};
const JsonShape census{{{"total", T::integer},
                        {"points", T::integer},
                        {"lines", T::integer},
                        {"areas", T::integer},
                        {"without_geometry", T::integer},
                        {"mixed_collections", T::integer}}};
const JsonShape skipped{{{"count", T::integer}, typed_array("reasons", T::string)}};
// The report of a line or polygon file (geo/reference/reference_import.cpp), its points apart.
const JsonShape vector_report{{{"file", T::string},
                               {"sha256", T::string},
                               {"dry_run", T::boolean},
                               {"format", T::string},
                               {"crs", T::string},
                               {"features", T::object, &census},
                               {"destinations", T::array, &destination},
                               {"skipped", T::object, &skipped}}};
const JsonShape osm_read{{{"nodes", T::integer}, {"ways", T::integer}, {"relations", T::integer}}};
const JsonShape repair{{{"relation", T::integer},
                        {"class", T::string},
                        {"name", T::string},
                        {"member_ways", T::integer},
                        {"gaps_closed", T::integer},
                        {"max_gap_m", T::number},
                        {"total_gap_m", T::number},
                        {"open_chains_dropped", T::integer},
                        {"area_km2", T::number}}};
const JsonShape coastline{{{"ways", T::integer}, {"sea_km2", T::number}}};
const JsonShape timings{{{"read", T::number}, {"triangulate", T::number}, {"write", T::number}, {"total", T::number}}};
// The report of an OSM extract (geo/osm/import_report.cpp); classes and skipped are keyed by class.
const JsonShape osm_report{{{"source", T::string},
                            {"sha256", T::string},
                            {"store", T::string},
                            {"started_at", T::string},
                            {"read", T::object, &osm_read},
                            {"relations_missing_members", T::integer},
                            {"missing_members", T::object, &osm_read},
                            {"features", T::integer},
                            {"classes", T::object},
                            {"relations_assembled", T::integer},
                            {"repaired", T::array, &repair},
                            {"skipped", T::object},
                            typed_array("warnings", T::string),
                            {"triangles", T::integer},
                            {"cameras", T::integer},
                            {"addresses", T::integer},
                            {"coastline", T::object, &coastline},
                            {"timings_s", T::object, &timings}}};
const JsonShape import_report{{{"input", T::string}, // "osm", "points" or "vector"
                               {"file", T::string},
                               {"sha256", T::string},
                               {"dry_run", T::boolean},
                               {"layers", T::array, &destination},
                               {"osm", T::object, &osm_report},
                               {"points", T::object, &points_report},
                               {"vector", T::object, &vector_report}}};

const JsonShape layer{{{"name", T::string},
                       {"kind", T::string},
                       {"features", T::integer},
                       {"source", T::string},
                       {"classes", T::object}}};

const JsonShape stats_row{{{"vendor", T::string},
                           {"year", T::integer},
                           {"municipality", T::string},
                           {"admin_level", T::integer},
                           {"col", T::integer},
                           {"row", T::integer},
                           {"lon", T::number},
                           {"lat", T::number},
                           {"area_km2", T::number},
                           {"per_km2", T::number},
                           {"outside", T::boolean},
                           {"count", T::integer},
                           {"compare_count", T::integer},
                           {"difference", T::integer},
                           {"ratio", T::number}}};
const JsonShape stats{{{"layer", T::string},
                       {"by", T::string},
                       {"filter", T::string},
                       {"unknown_included", T::boolean},
                       typed_array("warnings", T::string),
                       {"rows", T::array, &stats_row},
                       {"total", T::integer},
                       {"rejected_left_out", T::integer},
                       {"boundaries", T::string},
                       {"outside", T::integer},
                       {"cell_shape", T::string},
                       {"cell_size_m", T::number},
                       {"reference_lat", T::number},
                       {"method", T::string},
                       {"compare_layer", T::string},
                       {"compare_filter", T::string},
                       {"compare_total", T::integer},
                       {"compare_outside", T::integer},
                       {"total_difference", T::integer},
                       {"total_ratio", T::number}}};

// A density view's figures (app/project/density_views.cpp): one shape for every kind, the keys of
// the other kinds null.
const JsonShape display_district{{{"name", T::string},
                                  {"count", T::integer},
                                  {"area_km2", T::number},
                                  {"per_km2", T::number},
                                  {"class", T::integer}}};
const JsonShape display{{{"kind", T::string}, // heatmap, bins, choropleth, coverage
                         {"units", T::string},
                         {"projection", T::string},
                         {"points", T::integer},
                         // heatmap
                         {"kernel", T::string},
                         {"radius_m", T::number},
                         {"weight_field", T::string},
                         {"scale_max_per_km2", T::number},
                         {"scale", T::string},
                         {"layer_peak_per_km2", T::number},
                         {"peak_in_view_per_km2", T::number},
                         {"cell_m", T::number},
                         // bins
                         {"shape", T::string},
                         {"size_m", T::number},
                         {"cells", T::integer},
                         {"reference_lat", T::number},
                         {"method", T::string},
                         {"classification", T::object},
                         // choropleth
                         {"boundaries", T::string},
                         {"admin_level", T::integer},
                         {"name_field", T::string},
                         {"outside", T::integer},
                         {"districts", T::array, &display_district},
                         // coverage
                         {"share", T::number},
                         {"street_km", T::number},
                         {"covered_km", T::number},
                         typed_array("streets", T::string),
                         {"crs", T::string},
                         {"cameras", T::integer},
                         {"cameras_with_direction", T::integer},
                         {"sector_deg", T::number},
                         {"cameras_per_street_km", T::number}}};
// `oko stats --coverage R`: the whole project's figures at the top level, the same keys per district.
std::vector<JsonField> coverage_figures(std::vector<JsonField> more) {
    std::vector<JsonField> f{{"share", T::number},
                             {"street_km", T::number},
                             {"covered_km", T::number},
                             {"radius_m", T::number},
                             typed_array("streets", T::string),
                             {"crs", T::string},
                             {"cameras", T::integer},
                             {"cameras_with_direction", T::integer},
                             {"sector_deg", T::number},
                             {"cameras_per_street_km", T::number}};
    f.insert(f.end(), more.begin(), more.end());
    return f;
}
const JsonShape coverage_row{
    coverage_figures({{"district", T::string}, {"admin_level", T::integer}, {"outside", T::boolean}})};
const JsonShape coverage{coverage_figures({{"layer", T::string},
                                           {"filter", T::string},
                                           {"unknown_included", T::boolean},
                                           typed_array("warnings", T::string),
                                           {"boundaries", T::string},
                                           {"rows", T::array, &coverage_row}})};

const JsonShape render_layer{{{"name", T::string},
                              {"kind", T::string},
                              {"visible", T::boolean},
                              {"filter", T::string},
                              {"unknown_included", T::boolean},
                              {"display", T::object, &display}}};
// A furniture element's box, pixels of the picture (y down), with what it says.
std::vector<JsonField> box_fields(std::vector<JsonField> more) {
    std::vector<JsonField> f{{"x", T::number}, {"y", T::number}, {"w", T::number}, {"h", T::number}};
    f.insert(f.end(), more.begin(), more.end());
    return f;
}
const JsonShape furniture_box{box_fields({})};
const JsonShape furniture_scale_bar{
    box_fields({{"metres", T::number}, {"length_px", T::number}, {"label", T::string}})};
const JsonShape furniture_attribution{box_fields({{"text", T::string}})};
const JsonShape furniture_legend{
    box_fields({{"title", T::string}, typed_array("entries", T::string), {"note", T::string}})};
const JsonShape furniture{{{"title", T::object, &furniture_box},
                           {"legend", T::object, &furniture_box},
                           {"scale_bar", T::object, &furniture_scale_bar},
                           {"north_arrow", T::object, &furniture_box},
                           {"attribution", T::object, &furniture_attribution},
                           {"note", T::object, &furniture_box},
                           {"legends", T::array, &furniture_legend}}};

const JsonShape render{{{"out", T::string},
                        typed_array("files", T::string),
                        {"format", T::string},
                        {"width", T::integer},
                        {"height", T::integer},
                        {"pixel_ratio", T::number},
                        {"dpi", T::number},
                        {"paper", T::string},
                        typed_array("bbox", T::number),
                        {"scene", T::string},
                        {"labels", T::boolean},
                        {"year", T::integer},
                        {"layers", T::array, &render_layer},
                        {"furniture", T::object, &furniture},
                        typed_array("warnings", T::string)}};

const JsonShape series{{{"first", T::integer}, {"last", T::integer}, {"cumulative", T::boolean}}};
const JsonShape render_series{{{"series", T::object, &series}, {"frames", T::array, &render}}};

const JsonShape density{{{"out", T::string},
                         {"layer", T::string},
                         {"filter", T::string},
                         {"unknown_included", T::boolean},
                         typed_array("warnings", T::string),
                         {"kernel", T::string},
                         {"radius_m", T::number},
                         {"cell", T::number},
                         {"crs", T::string},
                         {"crs_name", T::string},
                         {"crs_chosen", T::boolean},
                         {"width", T::integer},
                         {"height", T::integer},
                         typed_array("bbox", T::number),
                         {"units", T::string},
                         {"weight", T::string},
                         {"points", T::integer},
                         {"layer_points", T::integer},
                         {"weight_sum", T::number},
                         {"integral", T::number},
                         {"peak", T::number},
                         {"seconds", T::number}}};

const JsonShape export_report{{{"file", T::string},
                               {"format", T::string},
                               {"count", T::integer},
                               {"layer", T::string},
                               {"layer_points", T::integer},
                               {"filter", T::string},
                               {"unknown_included", T::boolean},
                               typed_array("fields", T::string),
                               typed_array("warnings", T::string)}};
// One change of a change set (geo::CurationChange), as `oko history` and the curation commands list it.
const JsonShape change{{{"change_set", T::integer},
                        {"layer", T::string},
                        {"point", T::integer},
                        {"field", T::string},
                        {"old", T::string},
                        {"new", T::string},
                        {"who", T::string},
                        {"at", T::string},
                        {"undone", T::boolean}}};
const JsonShape report{{{"point", T::integer},
                        {"source_file", T::string},
                        {"sha256", T::string},
                        {"source_row", T::integer},
                        {"imported_at", T::string},
                        {"added_by", T::string},
                        {"added_at", T::string},
                        {"merged", T::boolean}}};
// `oko edit|add|delete|merge|distinct|undo|redo --json`.
const JsonShape curation{{{"command", T::string},
                          {"store", T::string},
                          {"change_set", T::integer},
                          {"layer", T::string},
                          typed_array("ids", T::integer),
                          {"id", T::integer},
                          {"changes", T::array, &change},
                          {"reports", T::array, &report}}};
// `oko history --json`.
const JsonShape history{{{"store", T::string},
                         {"layer", T::string},
                         {"id", T::integer},
                         {"reports", T::array, &report},
                         {"changes", T::array, &change}}};
// `oko duplicates --json`: the places reported more than once, each one group.
const JsonShape duplicate_point{{{"id", T::integer}, {"metres", T::number}, {"vendor", T::string}}};
const JsonShape duplicate_group{
    {typed_array("ids", T::integer), {"vendors", T::string}, {"points", T::array, &duplicate_point}}};
const JsonShape duplicates{
    {{"store", T::string}, {"layer", T::string}, {"reports", T::integer}, {"groups", T::array, &duplicate_group}}};

} // namespace

const JsonShape& curation_shape() { return curation; }
const JsonShape& duplicates_shape() { return duplicates; }
const JsonShape& history_shape() { return history; }
const JsonShape& import_shape() { return import_report; }
const JsonShape& layer_shape() { return layer; }
const JsonShape& stats_shape() { return stats; }
const JsonShape& coverage_shape() { return coverage; }
const JsonShape& render_shape() { return render; }
const JsonShape& render_series_shape() { return render_series; }
const JsonShape& density_shape() { return density; }
const JsonShape& export_shape() { return export_report; }

nlohmann::json conform(nlohmann::json value, const JsonShape& shape) {
    if (!value.is_object()) return value;
    for (const auto& f : shape.fields) {
        auto& v = value[f.key]; // a missing key becomes null
        if (!f.shape) continue;
        if (f.type == T::object && v.is_object()) v = conform(std::move(v), *f.shape);
        if (f.type == T::array && v.is_array())
            for (auto& item : v)
                item = conform(std::move(item), *f.shape);
    }
    return value;
}

std::vector<std::string> shape_errors(const nlohmann::json& value, const JsonShape& shape, const std::string& path) {
    std::vector<std::string> out;
    const auto at = [&](const std::string& key) { return path.empty() ? key : path + "." + key; };
    if (!value.is_object())
        return {(path.empty() ? "the output" : path) + ": expected object, got " + type_name(value)};
    for (auto it = value.begin(); it != value.end(); ++it) {
        const std::string& key = it.key();
        const auto f = std::find_if(shape.fields.begin(), shape.fields.end(),
                                    [&](const JsonField& field) { return field.key == key; });
        if (f == shape.fields.end()) out.push_back(at(key) + ": not in the shape (app/commands/json_shape.cpp)");
    }
    for (const auto& f : shape.fields) {
        const std::string where = at(f.key);
        if (!value.contains(f.key)) {
            out.push_back(where + ": missing (null when it does not apply)");
            continue;
        }
        const auto& v = value[f.key];
        if (v.is_null()) continue;
        if (!is(v, f.type)) {
            out.push_back(where + ": expected " + type_name(f.type) + " or null, got " + type_name(v));
            continue;
        }
        if (f.type == T::object && f.shape)
            for (auto& e : shape_errors(v, *f.shape, where))
                out.push_back(std::move(e));
        if (f.type == T::array)
            for (size_t i = 0; i < v.size(); ++i) {
                const std::string item = where + "[" + std::to_string(i) + "]";
                if (f.shape) {
                    for (auto& e : shape_errors(v[i], *f.shape, item))
                        out.push_back(std::move(e));
                } else if (f.typed_items && !is(v[i], f.items)) {
                    out.push_back(item + ": expected " + type_name(f.items) + ", got " + type_name(v[i]));
                }
            }
    }
    return out;
}

} // namespace oko::app
