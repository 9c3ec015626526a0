#pragma once
// Point layers in the project file: cameras, smart-city sites, any imported reports. One table
// `points` (SpatiaLite POINT, SRID 4326, spatial index) holds every layer's points with their
// canonical vendor, year, all other attributes (JSON, in file order) and provenance: the source
// file (name and SHA-256, in `point_sources`), the row or feature number and the import time.
// A duplicate keeps its own row and links to the point it repeats.

#include "geo/point_import.hpp"
#include "geo/store.hpp"
#include "geo/types.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace oko::geo {

struct PointLayerSummary {
    int64_t id = 0;
    std::string name;
    std::string kind;                   // "cameras", "sites" or "points"
    int64_t points = 0;
    std::vector<std::string> sources;   // file names
};

// A point flagged as a probable repeat of another one: kept, and linked to it.
struct FlaggedDuplicate {
    int64_t row = 0;             // row or feature number in the source file
    int64_t point_id = 0;        // the new point's id in the project
    int64_t duplicate_of = 0;    // id of the point it repeats
    double distance_m = 0;
};

struct PointFileImport {
    PointImportReport report;
    std::vector<FlaggedDuplicate> duplicates;
    std::string layer;
    std::string sha256;
    bool already_imported = false;      // the same file (by SHA-256) is in this layer: nothing changed
    bool dry_run = false;
};

// Creates the point tables if the project has none yet.
void ensure_point_tables(Store& store);

std::vector<PointLayerSummary> list_point_layers(const Store& store);

// Reads `input` and adds its points to `layer` of the project at `store_path`, in one
// transaction: an error or a kill leaves the project as it was. A project that does not exist yet
// is created (with the shipped layers), all-or-nothing. Importing a file already in the
// layer (same SHA-256) changes nothing. With dry_run the file is read and judged, nothing written
// (and no sidecar file either).
PointFileImport import_point_file(const std::filesystem::path& input, const std::filesystem::path& store_path,
                                  const std::string& layer, PointImportOptions options, bool dry_run = false,
                                  const std::string& kind = "points");

// The same into an open project, inside the caller's transaction (no dry run).
PointFileImport import_points_into(Store& store, const std::filesystem::path& input, const std::string& layer,
                                   PointImportOptions options, const std::string& kind = "points");

// Replaces the points of `layer` (created if new) with `records` from one source, inside the
// caller's transaction: how a basemap import refreshes the osm_cameras layer. The records'
// `index` numbers them from 0, as read_points() does.
void replace_point_layer(Store& store, const std::string& layer, const std::string& kind, const std::string& source_file,
                         const std::string& sha256, const std::vector<PointRecord>& records);

// A point layer as the renderer and the statistics read it: parallel arrays.
struct PointLayerData {
    std::string name;
    std::string kind;
    std::vector<int64_t> ids;
    std::vector<XY> positions;                  // Web Mercator
    std::vector<std::string> vendors;           // distinct canonical vendors, most frequent first; "" = unknown
    std::vector<uint16_t> vendor_index;         // per point, into `vendors`
    std::vector<int16_t> years;                 // per point; 0 = unknown
    std::vector<std::string> search_text;       // per point: folded attribute text for the text filter
};

std::optional<PointLayerData> load_point_layer(const Store& store, const std::string& layer);

// Everything known about one point, for the inspect panel: vendor and year as read and as
// normalised, every attribute, and its provenance (source file, SHA-256, row, import time).
std::vector<std::pair<std::string, std::string>> point_details(const Store& store, int64_t point_id);

// The report of an import, for people and as JSON (`oko import --json`).
std::string to_text(const PointFileImport& result, const std::filesystem::path& input);
nlohmann::json to_json(const PointFileImport& result, const std::filesystem::path& input);

} // namespace oko::geo
