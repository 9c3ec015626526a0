#include "app/commands/commands.hpp"

#include "app/commands/json_shape.hpp"

#include "geo/text/csv_writer.hpp"

#include "geo/analysis/boundaries.hpp"
#include "geo/analysis/stats.hpp"
#include "geo/base/atomic_file.hpp"
#include "geo/base/error.hpp"
#include "geo/scene/filter.hpp"
#include "geo/store/store.hpp"

#include <iostream>

namespace oko::app {

int run_stats(const StatsOptions& options) {
    try {
        const auto by = geo::parse_group_by(options.by);
        if (!by) throw geo::Error("--by must be vendor, year, vendor-year or municipality, not '" + options.by + "'");
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
                const auto points = geo::filtered_positions(store, options.layer, filter);
                boundaries.emplace(geo::BoundarySet::from_store(store, std::nullopt, points));
            }
        }
        const auto table = geo::compute_stats(store, options.layer, filter, *by, boundaries ? &*boundaries : nullptr);
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
