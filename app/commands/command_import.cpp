#include "app/commands/commands.hpp"

#include "app/commands/json_shape.hpp"

#include "geo/base/error.hpp"
#include "geo/base/heap_pages.hpp"
#include "geo/base/limits.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/reference/reference_import.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace oko::app {

namespace {

// The one shape of `oko import --json` (json_shape.hpp): what went into which layer, for every
// kind of input, and the report of the kind that was read, the others null.
nlohmann::json import_json(const std::string& input, nlohmann::json osm, nlohmann::json points, nlohmann::json vector) {
    nlohmann::json j;
    auto layers = nlohmann::json::array();
    if (!osm.is_null()) {
        j = {{"input", "osm"}, {"sha256", osm["sha256"]}, {"dry_run", false}};
        layers.push_back({{"layer", "basemap"},
                          {"kind", "basemap"},
                          {"features", osm["features"]},
                          {"written", osm["features"]},
                          {"already_imported", false}});
    } else if (!vector.is_null()) {
        j = {{"input", "vector"}, {"sha256", vector["sha256"]}, {"dry_run", vector["dry_run"]}};
        layers = vector["destinations"];
        if (vector.contains("points")) {
            points = vector["points"];
            vector.erase("points");
        }
    } else {
        j = {{"input", "points"}, {"sha256", points["sha256"]}, {"dry_run", points["dry_run"]}};
        layers.push_back({{"layer", points["layer"]},
                          {"kind", "points"},
                          {"features", points["accepted"]},
                          {"written", points["imported"]},
                          {"already_imported", points["already_imported"]}});
    }
    j["file"] = input;
    j["layers"] = layers;
    j["osm"] = std::move(osm);
    j["points"] = std::move(points);
    j["vector"] = std::move(vector);
    return conform(std::move(j), import_shape());
}

int import_points(const ImportOptions& options) {
    geo::PointImportOptions p;
    p.x_column = options.x_column;
    p.y_column = options.y_column;
    p.wkt_column = options.wkt_column;
    p.position_column = options.position_column;
    p.crs = options.crs;
    p.duplicate_distance_m = options.duplicate_distance_m;
    for (const auto& m : options.maps) {
        const auto eq = m.find('=');
        const std::string key = m.substr(0, eq);
        if (eq == std::string::npos || eq + 1 == m.size() || (key != "vendor" && key != "year" && key != "model"))
            throw geo::Error("expected --map vendor=COLUMN, --map year=COLUMN or --map model=COLUMN", "", 0,
                             "--map " + m);
        (key == "vendor" ? p.vendor_column : key == "year" ? p.year_column : p.model_column) = m.substr(eq + 1);
    }
    // Points go to a point layer; lines and polygons to reference layers (reference_import.hpp).
    const auto result = geo::import_vector_file(options.input, options.store, options.layer, p, options.dry_run);
    if (options.json) {
        auto report = geo::to_json(result);
        const bool points_only = result.points_only();
        std::cout << import_json(options.input.filename().string(), nlohmann::json(),
                                 points_only ? report : nlohmann::json(), points_only ? nlohmann::json() : report)
                         .dump(2)
                  << "\n";
    } else
        std::cout << geo::to_text(result);
    return 0;
}

} // namespace

int run_import(const ImportOptions& options) {
    try {
        for (const auto& l : options.limits) {
            try {
                geo::set_limit(l);
            } catch (const geo::Error& e) {
                throw geo::Error("--limit: " + e.reason());
            }
        }
        if (!geo::is_osm_extract(options.input)) {
            if (options.layer.empty())
                throw geo::Error(
                    "point, line and polygon files go into a named layer: add --layer NAME (e.g. --layer cameras)",
                    options.input.string());
            return import_points(options);
        }
        if (!options.layer.empty())
            throw geo::Error("an OSM extract becomes the basemap; --layer is for point files", options.input.string());
        if (options.dry_run) throw geo::Error("--dry-run is for point files", options.input.string());
        // The process exists for this import: its heap may be tuned for it (see heap_pages.hpp).
        // The window's background imports leave the viewer's heap as it is.
        geo::grow_heap_in_huge_pages(size_t{256} << 20); // a city extract takes a few hundred MB in small pieces
        const auto report = geo::import_osm(options.input, options.store);
        if (options.json)
            std::cout << import_json(options.input.filename().string(), report.to_json(), nullptr, nullptr).dump(2)
                      << "\n";
        else
            std::cout << report.to_text();
        return 0;
    } catch (const std::exception& e) {
        return report_failure("oko import", e);
    }
}

} // namespace oko::app
