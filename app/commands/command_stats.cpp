#include "app/commands/commands.hpp"

#include "app/commands/json_shape.hpp"

#include "geo/text/csv_writer.hpp"

#include "geo/analysis/boundaries.hpp"
#include "geo/analysis/stats.hpp"
#include "geo/analysis/street_coverage.hpp"
#include "geo/analysis/streets.hpp"
#include "geo/base/atomic_file.hpp"
#include "geo/base/error.hpp"
#include "geo/density/cell_bins.hpp"
#include "geo/scene/filter.hpp"
#include "geo/store/store.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <iostream>

namespace oko::app {

namespace {

// The districts `--boundaries FILE`, `--boundary-layer REF` or `--admin-level N` name; without any,
// the finest OSM level that holds most of the points `points()` gives (read only then).
geo::BoundarySet districts_for(const StatsOptions& options, const geo::Store& store,
                               const std::function<std::vector<geo::LonLat>()>& points) {
    if (!options.boundary_name.empty() && options.boundaries.empty() && options.boundary_layer.empty())
        throw geo::Error("--boundary-name names the field of --boundaries FILE or --boundary-layer REF", {}, 0,
                         "--boundary-name");
    try {
        if (!options.boundaries.empty()) return geo::BoundarySet::from_file(options.boundaries, options.boundary_name);
        if (!options.boundary_layer.empty())
            return geo::BoundarySet::from_reference(store, options.boundary_layer, options.boundary_name);
    } catch (const geo::Error& e) {
        throw_as_option(e);
    }
    if (options.admin_level) return geo::BoundarySet::from_store(store, options.admin_level);
    return geo::BoundarySet::from_store(store, std::nullopt, points());
}

// Prints `text`, or writes it to --out (CSV with its byte-order mark), written aside and renamed.
void emit(const StatsOptions& options, const std::string& text) {
    if (options.out.empty())
        std::cout << text;
    else if (options.csv)
        geo::write_csv_file(options.out, text);
    else
        geo::write_file_atomically(options.out, text);
}

// `oko stats --coverage R`: the streets loaded once, split at the districts when asked, then the
// coverage of the layer's filtered cameras.
std::string coverage_output(const StatsOptions& options, const geo::Store& store, const geo::Filter& filter,
                            bool per_district) {
    const double r = *options.coverage_m;
    if (!(r >= geo::kMinCoverageRadius && r <= geo::kMaxCoverageRadius)) {
        char given[32];
        std::snprintf(given, sizeof given, "%g", r);
        throw geo::Error(std::string("the coverage radius must be from 10 to 500 metres, not ") + given, {}, 0,
                         "--coverage");
    }
    std::vector<std::string> classes; // "residential, service" as the user may type it
    for (auto c : options.streets) {
        c.erase(0, c.find_first_not_of(" \t"));
        c.erase(c.find_last_not_of(" \t") + 1);
        if (!c.empty() && std::find(classes.begin(), classes.end(), c) == classes.end()) classes.push_back(c);
    }
    auto streets = [&] {
        try {
            return geo::StreetNetwork::load(store, classes);
        } catch (const geo::Error& e) {
            if (options.streets.empty()) throw;
            throw geo::Error(e.reason(), {}, 0, "--streets"); // a class the project does not have
        }
    }();
    std::vector<std::string> fields;
    if (!options.direction_field.empty()) fields.push_back(options.direction_field);
    std::vector<std::string> warnings;
    const auto cameras = geo::coverage_cameras(store, options.layer, filter, fields, &warnings);

    std::optional<geo::BoundarySet> boundaries;
    if (per_district) {
        boundaries.emplace(districts_for(options, store, [&] {
            std::vector<geo::LonLat> points;
            for (const auto& c : cameras)
                points.push_back(c.at);
            return points;
        }));
        streets.split_by(*boundaries);
    }
    geo::CoverageOptions o;
    o.radius_m = r;
    o.sector_deg = options.sector_deg;
    o.pieces = false; // the command prints figures only
    const auto result = geo::compute_coverage(streets, cameras, o, boundaries ? &*boundaries : nullptr);
    auto table = geo::coverage_table(result, streets, o, boundaries ? &*boundaries : nullptr);
    table.layer = options.layer;
    table.filter = filter.describe();
    table.unknown_included = filter.unknown_included();
    table.warnings = warnings;
    if (options.sector_deg && result.whole.cameras_with_direction == 0)
        table.warnings.push_back("none of the " + std::to_string(result.whole.cameras) +
                                 " cameras has a direction: every one counts with its full disc");
    for (const auto& w : table.warnings)
        std::cerr << "oko stats: warning: " << w << "\n";
    return options.json  ? conform(geo::to_json(table), coverage_shape()).dump(2) + "\n"
           : options.csv ? geo::to_csv(table)
                         : geo::to_text(table);
}

} // namespace

int run_stats(const StatsOptions& options) {
    try {
        if (!options.coverage_m && (!options.streets.empty() || options.sector_deg || !options.direction_field.empty()))
            throw geo::Error("--streets, --sector and --direction-field go with --coverage R", {}, 0, "--coverage");
        if (options.coverage_m) {
            if (options.by_given && options.by != "municipality")
                throw geo::Error("--coverage counts the whole project or, with --by municipality, per district; not "
                                 "per " +
                                     options.by,
                                 {}, 0, "--by");
            const auto filter = geo::Filter::parse(options.filters);
            if (!std::filesystem::exists(options.store))
                throw geo::Error("no such project file", options.store.string());
            const auto store = geo::Store::open(options.store);
            emit(options, coverage_output(options, store, filter, options.by == "municipality"));
            return 0;
        }
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
        if (*by == geo::GroupBy::municipality)
            boundaries.emplace(districts_for(options, store, [&] {
                auto points = geo::filtered_positions(store, options.layer, filter);
                if (!options.compare.empty()) { // a level that covers both layers
                    const auto more = geo::filtered_positions(store, options.compare, filter);
                    points.insert(points.end(), more.begin(), more.end());
                }
                return points;
            }));
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
        emit(options, text);
        return 0;
    } catch (const std::exception& e) {
        return report_failure("oko stats", e);
    }
}

} // namespace oko::app
