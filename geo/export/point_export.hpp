#pragma once
// A point layer as a file for others (`oko export`): its filtered points with their id, status
// (where the project keeps one), vendor, year, every attribute as its own field and their
// provenance, read through the one row reader (geo/store/store_point_rows.hpp).
//
// - GeoJSON (RFC 7946), GeoPackage and KML through GDAL/OGR; the GeoPackage in one transaction,
//   its spatial index packed at the end in one bulk load (gpkg_spatial_index.hpp).
// - CSV through geo/text's writer, with a byte-order mark (spreadsheets then read Cyrillic) and
//   lon/lat columns.
// - OSM XML for review in JOSM: one new node (negative id, no version or changeset) per camera,
//   tagged with OpenStreetMap's surveillance scheme.
//
// The fields, in every format: id, status, vendor (none for a word for "unknown"), year, the
// attributes, source_file, source_sha256, source_row, imported_at (CSV: lon and lat after id). An
// attribute named like one of them gets a suffix (store_point_views.hpp's attribute_columns, the
// rule of the GIS views).
// The file is written aside and renamed into place only when complete (geo/base/atomic_file.hpp):
// a failure leaves an existing file as it was, and no new one.

#include "geo/scene/filter.hpp"
#include "geo/store/store.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace oko::geo {

enum class PointFileFormat { GeoJson, Csv, GeoPackage, Kml, Osm };

// The format for `out`'s extension (case-insensitive): .geojson, .csv, .gpkg, .kml, .osm; none
// for any other.
std::optional<PointFileFormat> point_file_format(const std::filesystem::path& out);
// "geojson", "csv", "gpkg", "kml", "osm": for --json.
const char* point_file_format_name(PointFileFormat format);
// The same, or a geo::Error that names the output, the formats Oko writes and, in `field`, the
// option the name came from ("--out").
PointFileFormat require_point_file_format(const std::filesystem::path& out, const std::string& field);

struct PointExportResult {
    std::filesystem::path file;
    PointFileFormat format = PointFileFormat::GeoJson;
    int64_t count = 0;               // the points written: those that pass the filter
    int64_t layer_points = 0;        // the layer's points
    std::string kind;                // the layer's kind: cameras, sites or points
    std::vector<std::string> fields; // the file's fields, in order (OSM: the tag keys it may use)
    // What the filter asks that the layer lacks (filter_warnings.hpp); for OSM XML, how many of
    // the cameras came from an OSM extract (new nodes for them would put them in OSM twice).
    std::vector<std::string> warnings;
};

// Writes the points of `layer` that pass `filter` to `out`, in the format its extension names.
// Throws geo::Error for an unknown extension (its field "--out"), a layer the project lacks (naming
// those it has; its field "layer") or a file that cannot be written; then nothing is written.
PointExportResult export_points(const Store& store, const std::string& layer, const Filter& filter,
                                const std::filesystem::path& out);

struct PointRow;

// The tags of one camera as an OSM node, in order: man_made=surveillance, surveillance:type=camera,
// and where the attributes say so surveillance (public, outdoor, indoor), camera:type (fixed,
// panning, dome) and camera:direction (degrees), each from the first attribute of its known camera
// field (geo/text/camera_fields.hpp: camera:type, camera_type, type; camera:direction, direction)
// that gives one, then manufacturer (the vendor), start_date (the year), source and note (the
// report's provenance); each value at most 255 characters, as OpenStreetMap takes them (cut with
// "…").
std::vector<std::pair<std::string, std::string>>
osm_camera_tags(const PointRow& row, const std::vector<std::string>& attribute_names, const std::string& layer);

} // namespace oko::geo
