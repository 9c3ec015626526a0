// `oko export`: a point layer, filtered as `oko stats` filters it, as GeoJSON, CSV, GeoPackage,
// KML or OSM XML (geo/export/point_export.hpp).

#include "app/commands/commands.hpp"

#include "app/commands/json_shape.hpp"

#include "geo/base/error.hpp"
#include "geo/export/point_export.hpp"
#include "geo/scene/filter.hpp"
#include "geo/store/store.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace oko::app {

int run_export(const ExportOptions& options) {
    try {
        // What the request gets wrong is said before the project is read.
        const auto format = geo::require_point_file_format(options.out, "--out");
        const auto filter = geo::Filter::parse(options.filters);
        if (!std::filesystem::exists(options.store)) throw geo::Error("no such project file", options.store.string());
        const auto store = geo::Store::open(options.store);
        const auto result = [&] {
            try {
                return geo::export_points(store, options.layer, filter, options.out);
            } catch (const geo::Error& e) {
                throw_as_option(e);
            }
        }();
        for (const auto& w : result.warnings)
            std::cerr << "oko export: warning: " << w << "\n";
        const std::string what = filter.describe();
        if (options.json) {
            nlohmann::json j;
            j["file"] = result.file.string();
            j["format"] = geo::point_file_format_name(format);
            j["count"] = result.count;
            j["layer"] = options.layer;
            j["layer_points"] = result.layer_points;
            j["filter"] = what;
            j["unknown_included"] = filter.unknown_included();
            j["fields"] = result.fields;
            j["warnings"] = result.warnings;
            std::cout << conform(j, export_shape()).dump(2) << "\n";
        } else {
            std::cout << "wrote " << result.count << " of the " << result.layer_points << " " << result.kind
                      << " of layer " << options.layer << (filter.empty() ? "" : " (filter: " + what + ")") << " to "
                      << result.file.string() << " (" << geo::point_file_format_name(format) << ")\n";
        }
        return 0;
    } catch (const std::exception& e) {
        return report_failure("oko export", e);
    }
}

} // namespace oko::app
