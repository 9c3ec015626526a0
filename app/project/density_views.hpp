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
#include "geo/scene/legend.hpp"
#include "geo/scene/scene_spec.hpp"
#include "render/map/point_overlay.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace oko::app {

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
};

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
