#include "app/commands/commands.hpp"

#include "app/commands/json_shape.hpp"

#include "geo/text/csv_writer.hpp"

#include "geo/analysis/boundaries.hpp"
#include "geo/analysis/stats.hpp"
#include "geo/base/atomic_file.hpp"
#include "geo/base/error.hpp"
#include "geo/density/cell_bins.hpp"
#include "geo/scene/filter.hpp"
#include "geo/store/store.hpp"

#include <iostream>

namespace oko::app {

int run_stats(const StatsOptions& options) {
    try {
        geo::CellBinSpec cells;
        const auto by = geo::parse_group_by(options.by, &cells);
        if (!by)
            throw geo::Error("--by must be vendor, year, vendor-year, municipality, hex:SIZE or square:SIZE (SIZE in "
                             "metres, e.g. hex:250), not '" +
                                 options.by + "'",
                             {}, 0, "--by");
        if (*by == geo::GroupBy::cell) {
            try {
                geo::CellLattice(cells, 0.0); // the size's range, said about --by
            } catch (const geo::Error& e) {
                throw geo::Error(e.reason() + " (--by " + options.by + ")", {}, 0, "--by");
            }
        }
        if (!options.compare.empty() && options.compare == options.layer)
            throw geo::Error("--compare names the layer --layer counts (" + options.layer + "): name another one", {},
                             0, "--compare");
        const auto filter = geo::Filter::parse(options.filters);
        if (!std::filesystem::exists(options.store)) throw geo::Error("no such project file", options.store.string());
        const auto store = geo::Store::open(options.store);

        std::optional<geo::BoundarySet> boundaries;
        if (*by == geo::GroupBy::municipality) {
            if (!options.boundaries.empty()) {
                boundaries.emplace(geo::BoundarySet::from_file(options.boundaries));
            } else if (options.admin_level) {
                boundaries.emplace(geo::BoundarySet::from_store(store, options.admin_level));
            } else {
                // The level is chosen by where the points are, so read them first.
                auto points = geo::filtered_positions(store, options.layer, filter);
                if (!options.compare.empty()) { // a level that covers both layers
                    const auto more = geo::filtered_positions(store, options.compare, filter);
                    points.insert(points.end(), more.begin(), more.end());
                }
                boundaries.emplace(geo::BoundarySet::from_store(store, std::nullopt, points));
            }
        }
        const auto* polygons = boundaries ? &*boundaries : nullptr;
        // The same filter for both layers, and by cell one lattice for both.
        const auto table =
            options.compare.empty()
                ? geo::compute_stats(store, options.layer, filter, *by, polygons, cells)
                : geo::compare_stats(store, options.layer, options.compare, filter, *by, polygons, cells);
        // Not a silent zero: what the filter or the boundaries ask that the layer lacks (also in --json).
        for (const auto& w : table.warnings)
            std::cerr << "oko stats: warning: " << w << "\n";

        const std::string text = options.json  ? conform(geo::to_json(table), stats_shape()).dump(2) + "\n"
                                 : options.csv ? geo::to_csv(table)
                                               : geo::to_text(table);
        if (options.out.empty())
            std::cout << text;
        else if (options.csv)
            geo::write_csv_file(options.out, text);
        else
            geo::write_file_atomically(options.out, text);
        return 0;
    } catch (const std::exception& e) {
        return report_failure("oko stats", e);
    }
}

} // namespace oko::app
