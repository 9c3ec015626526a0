#include "app/commands/commands.hpp"

#include "geo/base/error.hpp"
#include "geo/base/heap_pages.hpp"
#include "geo/base/limits.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/reference/reference_import.hpp"

#include <iostream>

namespace oko::app {

namespace {

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
    if (options.json)
        std::cout << geo::to_json(result).dump(2) << "\n";
    else
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
            std::cout << report.to_json().dump(2) << "\n";
        else
            std::cout << report.to_text();
        return 0;
    } catch (const std::exception& e) {
        return report_failure("oko import", e);
    }
}

} // namespace oko::app
