#pragma once
// Counts of a point layer's filtered points: per vendor, per year, per vendor and year, or per
// municipality (with its area in km² and points per km²). The store does the filtering (the
// filter's SQL form); the window's statistics panel and `oko stats` print the same table as text,
// CSV (RFC 4180, UTF-8) or JSON.

#include "geo/analysis/boundaries.hpp"
#include "geo/density/cell_bins.hpp"
#include "geo/scene/filter.hpp"
#include "geo/scene/filter_warnings.hpp"
#include "geo/store/store.hpp"

#include "geo/base/atomic_file.hpp" // write_file_atomically, which `oko stats --out` uses

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace oko::geo {

enum class GroupBy { vendor, year, vendor_year, municipality, cell };

// "vendor", "year", "vendor-year" (or vendor_year), "municipality", and "hex:SIZE",
// "hexagon:SIZE" or "square:SIZE" (cells of SIZE metres, geo/density/cell_bins.hpp: `cells` is
// set); nullopt otherwise.
std::optional<GroupBy> parse_group_by(const std::string& text, CellBinSpec* cells = nullptr);
const char* to_string(GroupBy by);

struct StatsRow {
    std::string vendor;       // vendor and vendor_year; "unknown" for points without one
    std::optional<int> year;  // year and vendor_year; nullopt: unknown
    std::string municipality; // municipality; empty on the row of points outside every one
    int admin_level = 0;
    double area_km2 = 0.0;
    int64_t count = 0;
    bool outside = false; // municipality: the points in no municipality
    int boundary = -1;    // municipality: the index of its boundary in the BoundarySet
    CellId cell;          // cell: which one (geo/density/cell_bins.hpp)
    LonLat centre;        // cell: its centre, WGS84

    // With --compare: the second layer's count in the same group, and the two compared.
    std::optional<int64_t> compare_count;

    double per_km2() const { return area_km2 > 0 ? static_cast<double>(count) / area_km2 : 0.0; }
    // count − compare_count; nullopt without a comparison.
    std::optional<int64_t> difference() const;
    // count / compare_count; nullopt without a comparison or when compare_count is 0.
    std::optional<double> ratio() const;
};

struct StatsTable {
    std::string layer;
    GroupBy by = GroupBy::vendor;
    std::string filter;                // Filter::describe()
    bool unknown_included = true;      // Filter::unknown_included(): points of unknown vendor or year counted
    std::vector<std::string> warnings; // what the filter or the boundaries ask that the layer does not have
    std::string boundaries;            // municipality: where the polygons came from
    std::vector<StatsRow> rows;        // vendor: most points first; year: ascending; unknown and outside last
    int64_t total = 0;                 // every filtered point
    // The layer's rejected cameras that the filter's status rule left out (the default does):
    // said beside the counts, so that a table never hides them silently.
    int64_t rejected_left_out = 0;
    int64_t outside = 0; // municipality: points in no municipality
    // cell: the lattice (its spec and reference latitude, the layer's centre) and how its sizes
    // and areas were computed.
    CellBinSpec cells;
    double reference_lat = 0.0;
    std::string method;
    // --compare: the second layer, counted with the same filter, grouping and boundaries.
    std::string compare_layer; // empty: no comparison
    int64_t compare_total = 0;
    int64_t compare_outside = 0;
};

// Throws Error naming the layers the project has when `layer` is not one of them, and when
// `by` is municipality without boundaries.
// By cell: `cells` is the lattice's spec; its reference latitude is `reference_lat`, or the
// centre of the layer's latitudes (all its points, so that the cells do not move with the filter).
StatsTable compute_stats(const Store& store, const std::string& layer, const Filter& filter, GroupBy by,
                         const BoundarySet* boundaries = nullptr, const CellBinSpec& cells = {},
                         std::optional<double> reference_lat = std::nullopt);

// Two layers side by side: `layer`'s table with `compare_layer`'s counts beside its rows (the same
// filter, grouping, boundaries and, by cell, one lattice sized at the middle of both layers'
// latitudes). Groups only the second layer has get a row with count 0.
StatsTable compare_stats(const Store& store, const std::string& layer, const std::string& compare_layer,
                         const Filter& filter, GroupBy by, const BoundarySet* boundaries = nullptr,
                         const CellBinSpec& cells = {});

// `table` with `other`'s counts as its compare_count, group by group; throws Error when the two
// are not grouped alike (another grouping, other boundaries or another lattice).
StatsTable merge_comparison(StatsTable table, const StatsTable& other);

// The municipality rows of a table from counts per boundary (in the order of `boundaries`):
// most points first, then by name, and the points outside every boundary last. Sets rows, total,
// outside and boundaries (= `source`), and warns when none of the points lies in any boundary.
void fill_municipality_rows(StatsTable& table, const std::vector<Boundary>& boundaries,
                            const std::vector<int64_t>& per_boundary, int64_t outside, const std::string& source);

// The distinct vendors and known years of a stored layer, for filter_warnings(); throws Error
// naming the project's point layers when `layer` is not one of them.
LayerValues stored_layer_values(const Store& store, const std::string& layer);

// The positions of the filtered points (WGS84), e.g. to choose an admin level that covers them.
std::vector<LonLat> filtered_positions(const Store& store, const std::string& layer, const Filter& filter);

std::string to_text(const StatsTable& table);
std::string to_csv(const StatsTable& table);
nlohmann::json to_json(const StatsTable& table);

// Files are written with write_file_atomically (geo/base/atomic_file.hpp).

} // namespace oko::geo
