// GeoJSON, KML/KMZ, GPX, GeoPackage and zipped Shapefiles through GDAL/OGR.

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include "geo/base/error.hpp"
#include "geo/base/limits.hpp"
#include "geo/base/utf8.hpp"
#include "geo/text/field_names.hpp"
#include "geo/text/json_text.hpp"
#include "geo/text/field_values.hpp"
#include "geo/base/ogr_dataset.hpp"
#include "geo/points/point_collector.hpp"
#include "geo/points/point_columns.hpp"
#include "geo/points/point_crs.hpp"
#include "geo/points/point_readers.hpp"

namespace oko::geo {

namespace {

using Dataset = OgrDataset;

Dataset open_vector(const std::filesystem::path& file) {
    std::string why;
    Dataset ds = open_vector_file(file, &why, true);
    if (!ds)
        throw Error("not a file Oko can read points from (CSV, GeoJSON, KML, KMZ, GPX, GeoPackage or a zipped "
                    "Shapefile): " +
                        why,
                    file.string());
    return ds;
}

std::string resolve_label(const OGRFeatureDefn& defn, int index) {
    return index >= 0 ? defn.GetFieldDefn(index)->GetNameRef() : "";
}

// A point, a multipoint, or a collection holding a point.
bool has_points(const OGRGeometry& g) {
    const auto flat = wkbFlatten(g.getGeometryType());
    if (flat == wkbPoint || flat == wkbMultiPoint) return true;
    if (flat != wkbGeometryCollection) return false;
    for (const auto* part : *g.toGeometryCollection())
        if (has_points(*part)) return true;
    return false;
}

// A feature's attributes as a JSON object in field order, written directly: an ordered_json
// object finds each key by a linear search, which made a feature of many fields cost the square
// of their number. Field names are unique within a layer; a value that is not UTF-8 has its
// broken bytes replaced, as nlohmann's dump does.
std::string attributes_text(const OGRFeature& feature, const std::vector<std::string>& names) {
    std::string out = "{";
    for (int i = 0; i < static_cast<int>(names.size()); ++i) {
        if (!feature.IsFieldSetAndNotNull(i)) continue;
        const char* value = feature.GetFieldAsString(i);
        if (out.size() > 1) out += ',';
        const auto& name = names[static_cast<size_t>(i)];
        if (utf8::is_valid(name) && utf8::is_valid(value)) {
            append_json_string(out, name);
            out += ':';
            append_json_string(out, value);
        } else {
            const auto quoted = [](const std::string& text) {
                return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            };
            out += quoted(name);
            out += ':';
            out += quoted(value);
        }
    }
    out += '}';
    return out;
}

// The "geometry" member of a GeoJSON feature's own text (kept with NATIVE_DATA=YES) when GDAL
// read none from it but the file has one: "" otherwise.
std::string geometry_as_written(const OGRFeature& feature) {
    const char* native = feature.GetNativeData();
    if (!native || !*native) return {};
    // In the file's own order of keys.
    const auto j = nlohmann::ordered_json::parse(native, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return {};
    const auto g = j.find("geometry");
    if (g == j.end() || g->is_null()) return {};
    return g->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Why GDAL read no geometry from `written` (a GeoJSON geometry), in the volunteer's words.
ImportIssue unreadable_geometry(const std::string& written, int64_t number, const std::string& layer) {
    const auto g = nlohmann::json::parse(written, nullptr, false);
    const auto c = g.is_object() ? g.find("coordinates") : g.end();
    std::vector<std::string> texts;
    bool strings = c != g.end() && c->is_array() && !c->empty();
    if (strings)
        for (const auto& v : *c) {
            if (!v.is_string())
                strings = false;
            else
                texts.push_back(v.get<std::string>());
        }
    if (strings) {
        std::string shown, numbers;
        for (const auto& t : texts) {
            if (!shown.empty()) shown += ", ", numbers += ", ";
            shown += "\"" + excerpt(t, 30) + "\"";
            numbers += excerpt(t, 30);
        }
        return {IssueCode::coordinates_as_text,
                number,
                layer,
                "geometry",
                "the coordinates are text in quotes (" + shown + "), not numbers",
                "write them as numbers without quotes: \"coordinates\": [" + numbers + "]"};
    }
    return {IssueCode::position_missing,
            number,
            layer,
            "geometry",
            "the geometry " + excerpt(written, 80) + " cannot be read as GeoJSON",
            "give the position as {\"type\": \"Point\", \"coordinates\": [longitude, latitude]}"};
}

} // namespace

void read_ogr_points(const std::filesystem::path& file, const PointImportOptions& options, PointImportReport& report,
                     const PointBatchHandler& on_batch) {
    Dataset ds = open_vector(file);
    const std::string driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "OGR";
    report.format = driver;
    const std::optional<PointTransform> user_crs =
        options.crs.empty() ? std::nullopt : std::optional<PointTransform>(PointTransform(options.crs));

    PointCollector collector(file, options, report, on_batch,
                             {"oko_layer", "oko_feature", "geometry_wkt", "attributes", "geometry_as_written"});
    bool any_vendor = false, any_year = false, any_model = false;
    std::unordered_set<std::string> column_seen, attribute_seen;
    const int64_t max_features = limit(Limit::features);
    const size_t max_field = static_cast<size_t>(limit(Limit::field_kb)) * 1024;
    int64_t features_seen = 0;
    // Progress counts features against the layers' totals where the drivers know them cheaply.
    int64_t total_features = 0;
    for (OGRLayer* layer : ds->GetLayers())
        total_features += std::max<GIntBig>(0, layer->GetFeatureCount(FALSE));
    const int64_t progress_every = std::max<int64_t>(1024, total_features / 256); // a few hundred calls at most

    // GDAL's complaints about a feature (coordinates as strings) would reach the terminal: the
    // report says what is wrong with each row instead.
    struct QuietGdal {
        QuietGdal() { CPLPushErrorHandler(CPLQuietErrorHandler); }
        ~QuietGdal() { CPLPopErrorHandler(); }
        QuietGdal(const QuietGdal&) = delete;
        QuietGdal& operator=(const QuietGdal&) = delete;
    } quiet;
    for (OGRLayer* layer : ds->GetLayers()) {
        if (report.cancelled || (options.max_rows > 0 && report.rows_read >= options.max_rows)) break;
        const std::string layer_name = layer->GetName();
        if (driver == "GPX" && layer_name != "waypoints") {
            if (layer->GetFeatureCount() > 0)
                collector.warn({IssueCode::gpx_layer_skipped,
                                0,
                                layer_name,
                                {},
                                "GPX " + layer_name + " are not read: only waypoints are camera reports",
                                "save each camera as a waypoint"});
            continue;
        }
        const OGRSpatialReference* srs = layer->GetSpatialRef();
        const PointTransform transform = srs        ? PointTransform(srs)
                                         : user_crs ? PointTransform(options.crs)
                                                    : PointTransform();
        if (report.crs.empty()) report.crs = transform.name();

        const OGRFeatureDefn& defn = *layer->GetLayerDefn();
        if (defn.GetFieldCount() > limit(Limit::columns))
            throw limit_error(Limit::columns,
                              "layer " + excerpt(layer_name) + " has " + std::to_string(defn.GetFieldCount()) +
                                  " fields, which",
                              file.string());
        std::vector<std::string> names;
        for (int i = 0; i < defn.GetFieldCount(); ++i)
            names.emplace_back(defn.GetFieldDefn(i)->GetNameRef());
        for (const auto& name : names)
            if (column_seen.insert(name).second) report.columns.push_back(name);
        const auto pick = [&](const std::string& wanted, FieldRole role) -> int {
            if (wanted == no_column) return -1;
            if (!wanted.empty()) {
                const auto found = find_named_field(wanted, names);
                if (!found)
                    collector.warn({IssueCode::column_not_found, 0, layer_name, wanted,
                                    "layer " + excerpt(layer_name) + " has no column \"" + excerpt(wanted) +
                                        "\" for the " + field_role_name(role),
                                    "check the column name"});
                return found ? static_cast<int>(*found) : -1;
            }
            const auto found = find_field(role, names);
            return found ? static_cast<int>(*found) : -1;
        };
        // A layer without geometry is a table, as spreadsheets (XLSX, ODS) are: its position is
        // in coordinate columns, as in a CSV file.
        const bool table = defn.GetGeomFieldCount() == 0;
        const int x = table ? pick(options.x_column, FieldRole::longitude) : -1;
        const int y = table ? pick(options.y_column, FieldRole::latitude) : -1;
        const bool table_positions = table && x >= 0 && y >= 0 && x != y;
        if (table_positions) {
            report.columns_used.push_back("longitude=" + resolve_label(defn, x));
            report.columns_used.push_back("latitude=" + resolve_label(defn, y));
        }
        // Spreadsheet drivers number features by their row, which is what the volunteer sees.
        const bool fid_is_row = table && (driver == "XLSX" || driver == "ODS");
        const int vendor = pick(options.vendor_column, FieldRole::vendor);
        const int year = pick(options.year_column, FieldRole::year);
        // The model stays an attribute; it only names the vendor where the vendor is empty.
        const int model = pick(options.model_column, FieldRole::model);
        any_model = any_model || model >= 0;
        any_vendor = any_vendor || vendor >= 0;
        any_year = any_year || year >= 0;
        for (int i = 0; i < defn.GetFieldCount(); ++i) {
            const auto& name = names[static_cast<size_t>(i)];
            if (i != vendor && i != year && (!table_positions || (i != x && i != y)) &&
                attribute_seen.insert(name).second)
                report.attribute_columns.push_back(name);
        }
        if (vendor >= 0) report.columns_used.push_back("vendor=" + resolve_label(defn, vendor));
        if (year >= 0) report.columns_used.push_back("year=" + resolve_label(defn, year));
        if (model >= 0) report.columns_used.push_back("model=" + resolve_label(defn, model));

        layer->ResetReading();
        int64_t number = 0;
        for (auto& feature : *layer) {
            number = fid_is_row && feature->GetFID() != OGRNullFID ? feature->GetFID() : number + 1;
            if (options.max_rows > 0 && report.rows_read >= options.max_rows) break;
            if (++features_seen > max_features)
                throw limit_error(Limit::features,
                                  "the number of features (more than " + std::to_string(max_features) + ")",
                                  file.string());
            for (int i = 0; i < defn.GetFieldCount(); ++i)
                if (feature->IsFieldSetAndNotNull(i) && std::strlen(feature->GetFieldAsString(i)) > max_field)
                    throw limit_error(Limit::field_kb,
                                      "the value of field " + excerpt(names[static_cast<size_t>(i)]) + " (\"" +
                                          excerpt(feature->GetFieldAsString(i)) + "\")",
                                      file.string(), number);
            if (options.skip_lines_and_areas && !table && feature->GetGeometryRef() &&
                !feature->GetGeometryRef()->IsEmpty() && !has_points(*feature->GetGeometryRef()))
                continue;
            ++report.rows_read;
            if (options.progress && report.rows_read % progress_every == 0 && total_features > 0 &&
                !options.progress(
                    std::min(1.0, static_cast<double>(report.rows_read) / static_cast<double>(total_features)))) {
                --report.rows_read; // this feature stays unread
                report.cancelled = true;
                break;
            }
            if (options.on_row) {
                std::vector<std::string> values;
                for (int i = 0; i < defn.GetFieldCount(); ++i)
                    values.emplace_back(feature->IsFieldSetAndNotNull(i) ? feature->GetFieldAsString(i) : "");
                options.on_row(number, layer_name, names, values);
            }
            const OGRGeometry* geometry = feature->GetGeometryRef();
            std::vector<std::pair<std::string, std::string>> kept;
            for (int i = 0; i < defn.GetFieldCount(); ++i) {
                if (!feature->IsFieldSetAndNotNull(i)) continue;
                const char* value = feature->GetFieldAsString(i);
                if (i != vendor && i != year && (!table_positions || (i != x && i != y)))
                    kept.emplace_back(names[static_cast<size_t>(i)], value);
            }
            // A GeoJSON geometry GDAL could not read (coordinates as strings) as the file wrote it.
            const std::string written = geometry ? std::string() : geometry_as_written(*feature);
            const auto raw = [&]() {
                char* wkt = nullptr;
                std::string geometry_text;
                if (geometry && geometry->exportToWkt(&wkt) == OGRERR_NONE && wkt) geometry_text = wkt;
                CPLFree(wkt);
                return std::vector<std::string>{layer_name, std::to_string(number), geometry_text,
                                                attributes_text(*feature, names), written};
            };

            std::vector<std::pair<double, double>> positions;
            if (table) {
                if (!table_positions) {
                    collector.reject({IssueCode::no_coordinate_columns,
                                      number,
                                      layer_name,
                                      {},
                                      "the table has no coordinate columns",
                                      "name the columns lat and lon (širina, dužina) or pass --x COLUMN --y COLUMN"},
                                     raw());
                    continue;
                }
                const auto text = [&](int i) {
                    return std::string(
                        trim_field(feature->IsFieldSetAndNotNull(i) ? feature->GetFieldAsString(i) : ""));
                };
                const std::string x_text = text(x), y_text = text(y);
                if (x_text.empty() || y_text.empty()) {
                    collector.reject({IssueCode::position_missing, number, layer_name,
                                      names[static_cast<size_t>(x_text.empty() ? x : y)], "the position is missing",
                                      "enter the camera's position or delete the row"},
                                     raw());
                    continue;
                }
                const auto xv = read_coordinate(x_text), yv = read_coordinate(y_text);
                if (!xv.coordinate || !yv.coordinate) {
                    const auto& bad = !yv.coordinate ? yv : xv;
                    const std::string& bad_text = !yv.coordinate ? y_text : x_text;
                    const std::string& field = names[static_cast<size_t>(!yv.coordinate ? y : x)];
                    collector.reject({bad.impossible ? IssueCode::coordinate_invalid : IssueCode::coordinate_not_number,
                                      number, layer_name, field,
                                      "the " + excerpt(field) + " value \"" + excerpt(bad_text) + "\" " + bad.problem,
                                      PointCollector::coordinate_fix(bad_text)},
                                     raw());
                    continue;
                }
                double lon = 0, lat = 0;
                std::string problem;
                if (!assign_lon_lat(*xv.coordinate, *yv.coordinate, true, lon, lat, problem)) {
                    const std::string& field = names[static_cast<size_t>(y)];
                    collector.reject(
                        {IssueCode::coordinate_invalid, number, layer_name, field,
                         "the values \"" + excerpt(x_text) + "\" and \"" + excerpt(y_text) + "\" give " + problem,
                         "give one latitude (N/S) and one longitude (E/W)"},
                        raw());
                    continue;
                }
                positions.emplace_back(lon, lat);
            } else if (!geometry && !written.empty()) {
                collector.reject(unreadable_geometry(written, number, layer_name), raw());
                continue;
            } else if (!geometry || geometry->IsEmpty()) {
                collector.reject({IssueCode::position_missing,
                                  number,
                                  layer_name,
                                  {},
                                  "the feature has no position",
                                  "place the camera on the map before exporting"},
                                 raw());
                continue;
            } else {
                const auto flat = wkbFlatten(geometry->getGeometryType());
                if (flat == wkbPoint) {
                    positions.emplace_back(geometry->toPoint()->getX(), geometry->toPoint()->getY());
                } else if (flat == wkbMultiPoint) {
                    for (const auto* p : *geometry->toMultiPoint())
                        positions.emplace_back(p->getX(), p->getY());
                } else if (flat == wkbGeometryCollection) {
                    bool only_points = true;
                    for (const auto* part : *geometry->toGeometryCollection()) {
                        if (wkbFlatten(part->getGeometryType()) != wkbPoint) {
                            only_points = false;
                            continue;
                        }
                        positions.emplace_back(part->toPoint()->getX(), part->toPoint()->getY());
                    }
                    // The lines and areas of a mixed collection go to reference layers: its points stay.
                    if (!only_points && !options.skip_lines_and_areas) positions.clear();
                }
                if (positions.empty()) {
                    collector.reject({IssueCode::geometry_not_point,
                                      number,
                                      layer_name,
                                      {},
                                      std::string("a ") + OGRGeometryTypeToName(geometry->getGeometryType()) +
                                          " is not a point: it does not go into a point layer",
                                      "cameras are points: draw each camera as a point (placemark, waypoint)"},
                                     raw());
                    continue;
                }
            }
            if (positions.size() > 1)
                collector.warn({IssueCode::multipoint_split,
                                number,
                                layer_name,
                                {},
                                "a multipoint of " + std::to_string(positions.size()) + " points became as many points",
                                "check that each point is a separate camera"});
            // All points of a feature enter, or the feature is rejected whole.
            std::optional<ImportIssue> issue;
            for (auto& [lon, lat] : positions) {
                if (!transform.apply(lon, lat)) lon = lat = std::numeric_limits<double>::quiet_NaN();
                if ((issue = PointCollector::check_position(lon, lat, !transform.identity()))) break;
            }
            if (issue) {
                issue->row = number;
                issue->layer = layer_name;
                collector.reject(std::move(*issue), raw());
                continue;
            }
            for (auto [lon, lat] : positions) {
                PointRecord point;
                point.lon = lon;
                point.lat = lat;
                point.source_row = number;
                point.source_layer = layer_name;
                if (vendor >= 0 && feature->IsFieldSetAndNotNull(vendor))
                    collector.set_vendor(point, feature->GetFieldAsString(vendor));
                if (year >= 0 && feature->IsFieldSetAndNotNull(year))
                    collector.set_year(point, feature->GetFieldAsString(year), names[static_cast<size_t>(year)]);
                if (model >= 0 && feature->IsFieldSetAndNotNull(model))
                    collector.set_model(point, feature->GetFieldAsString(model), names[static_cast<size_t>(model)]);
                point.attributes = kept;
                collector.accept(std::move(point), raw);
            }
        }
    }
    if (!any_vendor)
        collector.warn({IssueCode::no_vendor_column,
                        0,
                        {},
                        {},
                        any_model ? "no vendor column: vendors come only from the models that name one"
                                  : "no vendor column: every camera's vendor is unknown",
                        "name the field vendor, manufacturer or proizvođač, or pass --map vendor=FIELD"});
    if (!any_year)
        collector.warn({IssueCode::no_year_column,
                        0,
                        {},
                        {},
                        "no year column: no camera has an installation year",
                        "name the field year, start_date or godina, or pass --map year=FIELD"});
    collector.finish();
    if (options.progress && !report.cancelled) options.progress(1.0);
}

} // namespace oko::geo
