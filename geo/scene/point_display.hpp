#pragma once
// How a point layer is shown: as its points, or in their place as a density view computed from
// the same filtered points: a heatmap (kernel density), hexagon or square bins, a choropleth of
// districts, or the streets its cameras cover. Plain data, in the scene, so the window saves it and
// `oko render --scene` draws the same; every size is in metres on the ground.

#include "geo/base/image.hpp"
#include "geo/density/cell_bins.hpp"
#include "geo/density/class_breaks.hpp"
#include "geo/density/kernel.hpp"
#include "geo/scene/colour_ramp.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oko::geo {

enum class PointDisplay : uint8_t { points, heatmap, bins, choropleth, coverage };

std::string_view display_name(PointDisplay d); // "points", "heatmap", "bins", "choropleth", "coverage"
std::optional<PointDisplay> parse_display(std::string_view name);

struct HeatmapStyle {
    KernelSpec kernel;        // radius in ground metres
    std::string weight_field; // a numeric attribute; empty: each camera counts once
    ColourRamp ramp = ColourRamp::viridis;
    float opacity = 0.8f;
    // The top of the colour scale, cameras per km²; 0: the peak of the layer's filtered surface
    // (geo::density_peak), the same at every zoom and in every view of the scene.
    double scale_max = 0.0;
    bool operator==(const HeatmapStyle&) const = default;
};

struct BinStyle {
    CellBinSpec cells; // hexagons or squares, size in ground metres
    ClassMethod method = ClassMethod::natural_breaks;
    int classes = 5;
    ColourRamp ramp = ColourRamp::viridis;
    float opacity = 0.8f;
    bool operator==(const BinStyle&) const = default;
};

struct ChoroplethStyle {
    // The districts: the project's OSM admin boundaries of this level (0: the finest level that
    // holds most of the points, as `oko stats --by municipality` chooses), or, when set, the
    // polygons of this reference layer, each named by its field `boundary_name` (empty: the first
    // of name, NAME, shapeName, naziv, ... the layer has; geo::name_field_of).
    int admin_level = 0;
    std::string boundary_layer;
    std::string boundary_name;
    ClassMethod method = ClassMethod::natural_breaks;
    int classes = 5;
    ColourRamp ramp = ColourRamp::viridis;
    float opacity = 0.75f;
    bool operator==(const ChoroplethStyle&) const = default;
};

struct CoverageStyle {
    double radius_m = 50.0;           // a street is covered within this distance of a camera
    std::vector<std::string> streets; // OSM highway classes; empty: the default street classes
    double sector_deg = 0.0;          // > 0: a camera with a direction covers only this sector
    Rgba colour{213, 94, 0, 255};     // the covered streets
    float width_px = 4.0f;
    bool operator==(const CoverageStyle&) const = default;
};

struct PointDisplaySpec {
    PointDisplay kind = PointDisplay::points;
    HeatmapStyle heatmap;
    BinStyle bins;
    ChoroplethStyle choropleth;
    CoverageStyle coverage;
    bool legend = true; // the view's legend on the map
    bool operator==(const PointDisplaySpec&) const = default;
};

} // namespace oko::geo
