#pragma once
// Geometry brought to a page: Web Mercator to page px, clipped to the page (grown by a margin,
// so that no cut shows) and thinned to the output's resolution, so that a vector file holds what
// can be seen and no more.

#include "app/figure/vector_canvas.hpp"
#include "geo/base/types.hpp"
#include "geo/base/viewport.hpp"

#include <cstddef>

namespace oko::app::figure {

// Vertices closer than this to the last one kept are dropped (a quarter of an output pixel).
inline constexpr double kThinPx = 0.25;

class PageGeometry {
public:
    // `margin_px`: how far past the page's edges geometry is kept.
    PageGeometry(const geo::Viewport& view, double margin_px);

    geo::XY to_page(geo::XY world) const { return view_.to_pixel(world); }
    // The page grown by the margin, Web Mercator: what may show.
    const geo::BBox& world_clip() const { return world_clip_; }
    const geo::BBox& page_clip() const { return page_clip_; }
    const geo::Viewport& view() const { return view_; }

    // A polyline: the runs of its segments that may touch the page, each thinned, appended to `out`.
    void add_line(const geo::XY* points, size_t count, Parts& out) const;
    // A ring: clipped to the page's box (Sutherland and Hodgman's polygon clipping, which keeps a
    // ring a ring), thinned, appended to `out` when three vertices or more are left.
    void add_ring(const geo::XY* points, size_t count, Parts& out) const;

private:
    geo::Viewport view_;
    geo::BBox world_clip_, page_clip_;
};

// `points` with each vertex closer than `min_step` to the last one kept dropped; the first and
// the last stay.
std::vector<geo::XY> thin(const std::vector<geo::XY>& points, double min_step);

} // namespace oko::app::figure
