#pragma once
// Where one draw call lands: the whole picture's viewport, the part of it being drawn (all of it
// in a window, one tile of a big print) and the scale between view pixels and device pixels.
// Painters get vertices in metres relative to an origin; the frame turns that origin into a
// pixel offset in doubles, so floats on the GPU only ever carry small numbers.

#include "geo/base/types.hpp"
#include "geo/base/viewport.hpp"

namespace oko::render {

struct Frame {
    geo::Viewport view;           // the whole picture, in view pixels
    int x0 = 0, y0 = 0;           // top-left of the drawn region, device px of the whole picture
    int width = 1, height = 1;    // the drawn region (the framebuffer), device px
    double device_scale = 1.0;    // device px per view px
    double pixel_ratio = 1.0;     // multiplies line widths and text sizes
    double ground_resolution = 1; // ground metres per view pixel at the view centre

    double px_per_metre() const { return device_scale / view.resolution; }
    geo::XY region_centre() const {
        return view.to_world((x0 + width / 2.0) / device_scale, (y0 + height / 2.0) / device_scale);
    }
    // Device px from the region centre to `origin`, y up.
    geo::XY offset_px(const geo::XY& origin) const {
        const geo::XY c = region_centre();
        return {(origin.x - c.x) * px_per_metre(), (origin.y - c.y) * px_per_metre()};
    }
    // The drawn region in map metres, grown by `margin_px` device px on every side.
    geo::BBox world_bounds(double margin_px = 0) const {
        geo::BBox b;
        const geo::XY c = region_centre();
        const double hx = (width / 2.0 + margin_px) / px_per_metre();
        const double hy = (height / 2.0 + margin_px) / px_per_metre();
        b.extend(c.x - hx, c.y - hy);
        b.extend(c.x + hx, c.y + hy);
        return b;
    }
};

} // namespace oko::render
