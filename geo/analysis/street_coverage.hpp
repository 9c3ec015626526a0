#pragma once
// Street coverage: the share of street length within R metres of at least one camera, exact (not
// rasterised). In the network's metric CRS (StreetNetwork: a UTM zone through PROJ), each street
// segment a + t·(b − a), t in [0, 1], is covered on the union of the parameter intervals where it
// lies inside a nearby camera's disc (the circle–segment intersection: a quadratic in t), the
// cameras found through a uniform grid of cell R. A camera with a direction counts, with
// `sector_deg`, only in the wedge it faces: the disc's interval intersected with the wedge's two
// half-planes (each a linear inequality in t), a wedge wider than 180° being the union of them.
//
// Load the streets once (StreetNetwork::load, split_by), then compute for any cameras: the window
// can call compute_coverage() at every filter change without reading the store.

#include "geo/analysis/boundaries.hpp"
#include "geo/analysis/streets.hpp"
#include "geo/map/basemap.hpp"
#include "geo/map/point_layer.hpp"
#include "geo/scene/compiled_filter.hpp"
#include "geo/scene/filter.hpp"
#include "geo/store/store.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace oko::geo {

constexpr double kMinCoverageRadius = 10.0, kMaxCoverageRadius = 500.0;

struct CoverageCamera {
    LonLat at;
    std::optional<double> bearing_deg; // degrees clockwise from north; nullopt: the full disc
};

struct CoverageOptions {
    double radius_m = 50.0;           // kMinCoverageRadius..kMaxCoverageRadius, else Error
    std::optional<double> sector_deg; // (0, 360]; nullopt: every camera counts with its full disc
    bool pieces = true;               // collect the covered pieces as geometry
    bool uncovered_pieces = false;    // and the uncovered ones
};

struct CoverageFigures {
    double street_m = 0.0, covered_m = 0.0;
    int64_t cameras = 0, cameras_with_direction = 0;
    double share() const { return street_m > 0 ? covered_m / street_m : 0.0; }
    double cameras_per_street_km() const {
        return street_m > 0 ? static_cast<double>(cameras) / (street_m / 1000) : 0.0;
    }
};

struct CoverageResult {
    CoverageFigures whole;
    std::vector<CoverageFigures> districts; // per boundary of the split (empty when not split)
    CoverageFigures outside;                // the streets and cameras in no district (when split)
    // Web Mercator polylines (GeomKind::Line, one part a piece) for a painter: covered and, when
    // asked, uncovered street pieces.
    Geometry covered, uncovered;
};

// Throws Error for a radius or sector out of range. `districts` must be the set `streets` was
// split by (to count cameras per district), or null.
CoverageResult compute_coverage(const StreetNetwork& streets, std::span<const CoverageCamera> cameras,
                                const CoverageOptions& options, const BoundarySet* districts = nullptr);

// The attributes that hold a camera's direction when none is named: the known camera field's
// (geo/text/camera_fields.hpp: camera:direction, OSM's key, then direction). A value is read as
// parse_bearing() reads it.
const std::vector<std::string>& default_direction_fields();

// A layer's filtered cameras (the filter as `oko stats` applies it) with their bearings from the
// first of `direction_fields` a point has (default: camera:direction, direction). Throws Error
// naming the layer's attributes when a field named by the user is not one of them, and naming the
// project's point layers when `layer` is not one. `warnings` receives what the filter asks that the
// layer lacks (filter_warnings.hpp).
// Composed of the two below, which the window calls separately: the bearings read once per layer,
// the cameras picked in memory at every filter change.
std::vector<CoverageCamera> coverage_cameras(const Store& store, const std::string& layer, const Filter& filter,
                                             const std::vector<std::string>& direction_fields = {},
                                             std::vector<std::string>* warnings = nullptr);

// Per point of `layer` (aligned with its PointLayerData's ids), its bearing from the first of
// `direction_fields` it has (default camera:direction, direction). Throws as coverage_cameras().
std::vector<std::optional<double>> layer_bearings(const Store& store, const std::string& layer,
                                                  const std::vector<std::string>& direction_fields = {});

// The points of a layer in memory that pass `filter`, with their bearings (layer_bearings()).
std::vector<CoverageCamera> coverage_cameras(const PointLayerData& layer, const CompiledFilter& filter,
                                             std::span<const std::optional<double>> bearings);

// The figures as a table, for text, CSV and JSON (the sibling of StatsTable, same output functions).
struct CoverageRow {
    std::string district; // empty: the whole project; "(outside)" row: outside = true
    int admin_level = 0;
    bool outside = false;
    CoverageFigures figures;
};

struct CoverageTable {
    std::string layer;
    std::string filter;
    bool unknown_included = true;
    std::vector<std::string> warnings;
    double radius_m = 0.0;
    std::optional<double> sector_deg;
    std::vector<std::string> streets; // classes counted
    std::string crs;                  // "EPSG:32634"
    std::string boundaries;           // source, when per district
    CoverageFigures whole;
    std::vector<CoverageRow> rows; // per district, most covered km first; outside last
};

CoverageTable coverage_table(const CoverageResult& result, const StreetNetwork& streets, const CoverageOptions& options,
                             const BoundarySet* districts);

std::string to_text(const CoverageTable& table);
std::string to_csv(const CoverageTable& table);
nlohmann::json to_json(const CoverageTable& table);

} // namespace oko::geo
