#pragma once
// What MapRenderer can draw in place of a point layer's points: a density surface (heatmap),
// filled cells or districts (bins, choropleth) or coloured lines (covered streets). Plain data
// in (PointOverlay), uploaded once into an OverlayDrawing, the one interface the renderer draws
// through, in the layer's place in the scene's order.

#include "geo/base/image.hpp"
#include "geo/density/density_grid.hpp"
#include "geo/map/basemap.hpp"
#include "geo/scene/basemap_style.hpp"
#include "render/gl/frame.hpp"
#include "render/painters/density_painter.hpp"

#include <memory>
#include <variant>
#include <vector>

namespace oko::render {

// A heatmap: the grid through the look's ramp (see density_painter.hpp for the colour rule).
struct DensityOverlay {
    geo::DensityGrid grid;
    DensityLook look;
};

// Filled polygons, one fill each: `cells` (convex, by their corners) then `areas` (with their
// triangles); `fills` has cells.size() + areas.size() colours in that order. Outlines in one
// colour, `outline_px` logical px wide (0: none).
struct CellOverlay {
    std::vector<std::vector<geo::XY>> cells;
    std::vector<geo::Geometry> areas;
    std::vector<geo::Rgba> fills;
    geo::Colour outline{1, 1, 1, 0.8f};
    double outline_px = 0.5;
    float opacity = 0.85f;
};

// Lines (every part of each geometry a polyline) in one colour, `width_px` logical px wide.
struct LineOverlay {
    std::vector<geo::Geometry> lines;
    geo::Colour colour{0.0f, 0.45f, 0.7f, 1.0f};
    double width_px = 3;
};

using PointOverlay = std::variant<DensityOverlay, CellOverlay, LineOverlay>;

class CellPainter;
class LinePainter;

// The painters an overlay draws with, owned by the renderer.
struct OverlayPainters {
    DensityPainter& density;
    CellPainter& cells;
    LinePainter& lines;
};

// An overlay on the GPU. Needs the current OpenGL context to build, draw and destroy.
class OverlayDrawing {
public:
    virtual ~OverlayDrawing() = default;
    // `pixel_ratio` multiplies line widths.
    virtual void draw(OverlayPainters& painters, const Frame& frame, double pixel_ratio) = 0;
};

// Uploads an overlay; throws geo::Error on data that cannot be drawn (see DensityTexture and
// CellBatch).
std::unique_ptr<OverlayDrawing> upload_overlay(const PointOverlay& overlay);

} // namespace oko::render
