#pragma once
// `oko import FILE --layer NAME` for any GIS file, decided by what the file holds, the way QGIS
// splits a mixed file into one sublayer per geometry type:
//   only points                -> point layer NAME (point_import.hpp, as before);
//   only lines, or only areas  -> reference layer NAME;
//   anything mixed             -> points to point layer NAME, lines to NAME_lines, areas to NAME_areas.
// Everything goes in one transaction; a project that does not exist yet is created. Importing a
// file already in a layer (same SHA-256) changes nothing there.

#include "geo/points/point_file_import.hpp"
#include "geo/points/point_import.hpp"
#include "geo/map/reference_layer.hpp"
#include "geo/store/store_points.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace oko::geo {

// Where one kind of feature went.
struct ImportDestination {
    std::string layer;
    std::string kind;     // "points", "lines" or "areas"
    int64_t features = 0; // read from the file for this layer
    int64_t written = 0;  // stored (0 when already imported or a dry run)
    bool already_imported = false;
};

struct VectorFileImport {
    std::filesystem::path input;
    std::string sha256;
    std::optional<GeometryCensus> census; // absent for tables (CSV, spreadsheets)
    std::vector<ImportDestination> destinations;
    std::optional<PointFileImport> points; // the point import's own report, when there were points
    std::vector<std::string> skipped;      // features left out, with why
    int64_t skipped_count = 0;
    bool dry_run = false;

    // Only points: the report is exactly the point import's.
    bool points_only() const { return points && destinations.size() == 1; }
};

// The layer names a file would go to, from its census (see above).
std::vector<ImportDestination> plan_destinations(const GeometryCensus& census, const std::string& layer);

VectorFileImport import_vector_file(const std::filesystem::path& input, const std::filesystem::path& store_path,
                                    const std::string& layer, PointImportOptions options, bool dry_run = false);

std::string to_text(const VectorFileImport& result);
nlohmann::json to_json(const VectorFileImport& result);

} // namespace oko::geo
