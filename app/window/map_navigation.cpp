#include "app/window/map_navigation.hpp"

#include "geo/base/mercator.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace oko::app {

namespace {
constexpr double kWheelStep = 1.25; // zoom factor per wheel notch
constexpr double kKeyZoom = 2.0;
constexpr double kKeyPanFraction = 0.25;
constexpr double kMinResolution = 0.005;
} // namespace

void MapNavigation::reset(geo::Viewport& view) const {
    if (m_home.empty()) return;
    const auto fitted = geo::Viewport::fit(m_home, view.width, view.height, 0.02);
    view.center = fitted.center;
    view.resolution = fitted.resolution;
}

void MapNavigation::scroll(geo::Viewport& view, double cursor_x, double cursor_y, double wheel_steps) const {
    view.zoom_at(cursor_x, cursor_y, std::pow(kWheelStep, wheel_steps));
    clamp(view);
}

void MapNavigation::key(geo::Viewport& view, NavKey k) const {
    const double dx = view.width * kKeyPanFraction;
    const double dy = view.height * kKeyPanFraction;
    switch (k) {
    case NavKey::ZoomIn:
        view.zoom_at(view.width / 2.0, view.height / 2.0, kKeyZoom);
        break;
    case NavKey::ZoomOut:
        view.zoom_at(view.width / 2.0, view.height / 2.0, 1 / kKeyZoom);
        break;
    case NavKey::Left:
        view.pan_pixels(dx, 0);
        break; // the map moves right: we look further left
    case NavKey::Right:
        view.pan_pixels(-dx, 0);
        break;
    case NavKey::Up:
        view.pan_pixels(0, dy);
        break;
    case NavKey::Down:
        view.pan_pixels(0, -dy);
        break;
    case NavKey::Reset:
        reset(view);
        break;
    }
    clamp(view);
}

void MapNavigation::clamp(geo::Viewport& view) {
    const double world = 2 * std::numbers::pi * geo::kEarthRadius;
    const double max_resolution = world / std::max(1, std::min(view.width, view.height));
    view.resolution = std::clamp(view.resolution, kMinResolution, max_resolution);
    view.center.x = std::clamp(view.center.x, -world / 2, world / 2);
    view.center.y = std::clamp(view.center.y, -world / 2, world / 2);
}

} // namespace oko::app
