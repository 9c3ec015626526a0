#pragma once
// The density views of a scene: for each visible point layer it shows as a heatmap, bins, a
// choropleth or street coverage, what the renderer draws in place of its points
// (render::PointOverlay), the legend that says what the colours mean, and the figures behind
// them, all from the layer's filtered points. `oko render` computes them once for its picture; the
// window on a worker thread, whenever the filter, the view's settings or (for a heatmap) the view
// changes, and hands the overlays to the renderer when they are ready.
//
// What costs more than a pass over the points is kept between calls: a heatmap's colour scale
// (the peak of the layer's whole surface, the same at every zoom), the located districts of each
// point, the streets of the project.

#include "app/project/project.hpp"
#include "geo/density/cell_bins.hpp"
#include "geo/scene/legend.hpp"
#include "geo/scene/scene_spec.hpp"
#include "render/map/point_overlay.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace oko::app {

// The figures behind a density view, kept with it so that the window's hover and tables are
// lookups, never computed again per frame. Classes index the legend's classes (their colours).
struct CellFigure { // a hexagon or square of bins
    geo::CellId id;
    int64_t count = 0;     // passing points in the cell
    double area_km2 = 0.0; // its ground area, geodesic on the WGS84 ellipsoid (geo::CellLattice)
    double per_km2 = 0.0;
    int class_index = 0;
};
struct DistrictFigure { // a district of a choropleth
    std::string name;
    int64_t count = 0;
    double area_km2 = 0.0; // on the WGS84 ellipsoid, in UTM (geo::BoundarySet)
    double per_km2 = 0.0;
    int class_index = 0;
    geo::BBox box;       // Web Mercator
    geo::Geometry rings; // Web Mercator; a point is inside by the even-odd rule, as the counts take it
};
struct ClassFigure {             // a class of bins or districts, low first
    double from = 0.0, to = 0.0; // cameras per km²
    int64_t members = 0;         // cells or districts in it
    int64_t count = 0;           // their cameras
    double area_km2 = 0.0;       // their area
    double per_km2() const { return area_km2 > 0 ? count / area_km2 : 0.0; }
};

struct DensityView {
    std::string layer;
    geo::PointLayerSpec spec; // what it was computed for
    geo::BBox region;         // heatmap: the grid's region (Web Mercator); else the layer's
    double cell = 0;          // heatmap: the grid's cell (Web Mercator metres)
    bool drawn = false;       // false: nothing to draw (no point passes, too many cells, ...)
    render::PointOverlay overlay;
    geo::LegendSpec legend;
    nlohmann::ordered_json figures;    // what it shows, with units and parameters (`oko render --json`)
    std::vector<std::string> warnings; // e.g. a bin size that would make too many cells

    // Bins: the lattice and every non-empty cell, north to south then west to east (as
    // geo::CellBins), for a hover's lookup (CellLattice::cell_at, then a binary search).
    std::optional<geo::CellLattice> lattice;
    std::vector<CellFigure> cells;
    std::vector<DistrictFigure> districts; // choropleth: in the boundaries' order
    std::vector<ClassFigure> classes;      // bins and choropleth
    // Heatmap: the layer's attributes it can be weighted by, when asked for
    // (DensityViews::weight_fields; the window asks, `oko render` does not).
    std::vector<std::string> weight_fields;
};

// What a density view shows at one place (Web Mercator), for the window's hover.
struct DensityHover {
    geo::PointDisplay kind = geo::PointDisplay::points;
    // Bins: the cell (its corners, Web Mercator, for an outline); choropleth: the district's index.
    std::vector<geo::XY> cell;
    int district = -1;
    std::string name; // choropleth: the district's name
    int64_t count = 0;
    double area_km2 = 0.0;
    double per_km2 = 0.0; // bins, choropleth: count per km²; heatmap: the surface's value
    int class_index = -1;
};

// A lookup: bins, the lattice's cell under `p` and its figures (none when it has no camera);
// choropleth, the first district whose rings hold `p`; heatmap, the grid's value at `p`,
// interpolated between cell centres as the map draws it (none outside the grid or where it is 0).
// Coverage: none. Costs a binary search over the cells, or a point-in-polygon test of the
// districts whose box holds `p`.
std::optional<DensityHover> density_at(const DensityView& view, geo::XY p);

// Drops what a view holds only for the renderer (cells' and districts' polygons, lines), once the
// renderer has uploaded it; a heatmap keeps its grid, which density_at() reads.
void release_overlay(DensityView& view);

class DensityViews {
public:
    // `project` must outlive this object; its file is read for streets, districts and weights.
    explicit DensityViews(const Project& project);
    ~DensityViews();
    DensityViews(DensityViews&&) noexcept;
    DensityViews& operator=(DensityViews&&) noexcept;

    // The views of `scene`'s visible layers shown as density views, in the scene's order. `margin`:
    // a heatmap's grid covers the view and this fraction of its size more on every side (the
    // window pans over it without recomputing). Throws geo::Error for settings that cannot be
    // computed (a weight field the layer lacks, a boundary layer the project lacks ...), naming
    // them; a cancelled call returns what it has. One call at a time.
    std::vector<DensityView> compute(const geo::SceneSpec& scene, double margin = 0.0,
                                     const std::atomic<bool>* cancel = nullptr);

    // The attributes `layer` can be weighted by (geo::weight_attributes: a number of 0 or more at
    // every point), read once per layer: a pass over its points' attributes. Throws geo::Error
    // when the project has no such layer. Not while compute() runs.
    const std::vector<std::string>& weight_fields(const std::string& layer);

    // The peak of `spec`'s layer's whole heatmap surface under its filter, kernel and weights
    // (cameras per km²): the top of its colour scale unless one is set. Computed once per filter.
    // Throws geo::Error when the project has no such layer. Not while compute() runs.
    double heatmap_peak(const geo::PointLayerSpec& spec);

    // Whether `view` (computed for one layer) still shows `scene` right: the layer's filter and
    // display are the same and, for a heatmap, the scene's view lies inside its grid at about the
    // same resolution.
    static bool current(const DensityView& view, const geo::SceneSpec& scene);

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

// Which of `scene`'s point layers are shown as density views (visible, display not points).
std::vector<const geo::PointLayerSpec*> density_layers(const geo::SceneSpec& scene);

} // namespace oko::app
