#pragma once
// How input moves the map: drag to pan, wheel zooms around the cursor, keys zoom and pan by steps,
// and a reset shows the whole extent. Pure viewport arithmetic, shared by the window and its tests.

#include "geo/base/viewport.hpp"

namespace oko::app {

enum class NavKey { ZoomIn, ZoomOut, Left, Right, Up, Down, Reset };

class MapNavigation {
public:
    explicit MapNavigation(geo::BBox home = {}) : m_home(home) {}

    void set_home(const geo::BBox& home) { m_home = home; }
    void reset(geo::Viewport& view) const; // the whole home extent in the current size

    void drag(geo::Viewport& view, double dx_px, double dy_px) const { view.pan_pixels(dx_px, dy_px); }
    void scroll(geo::Viewport& view, double cursor_x, double cursor_y, double wheel_steps) const;
    void key(geo::Viewport& view, NavKey key) const;

    // Keeps the resolution sane: not past ~5 mm per pixel, not beyond the whole world.
    static void clamp(geo::Viewport& view);

private:
    geo::BBox m_home;
};

} // namespace oko::app
