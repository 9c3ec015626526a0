#include "geo/base/viewport.hpp"

#include "geo/base/mercator.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace oko::geo {

Viewport Viewport::fit(const BBox& box, int width, int height, double margin_fraction) {
    Viewport v;
    v.width = std::max(1, width);
    v.height = std::max(1, height);
    v.center = box.center();
    const double w = std::max(box.width(), 1e-6) * (1 + 2 * margin_fraction);
    const double h = std::max(box.height(), 1e-6) * (1 + 2 * margin_fraction);
    v.resolution = std::max(w / v.width, h / v.height);
    return v;
}

Viewport Viewport::fit_inside(const BBox& box, int width, int height) {
    Viewport v;
    v.width = std::max(1, width);
    v.height = std::max(1, height);
    v.center = box.center();
    v.resolution = std::min(std::max(box.width(), 1e-6) / v.width, std::max(box.height(), 1e-6) / v.height);
    return v;
}

BBox Viewport::bounds() const {
    BBox b;
    b.extend(to_world(0, 0));
    b.extend(to_world(width, height));
    return b;
}

XY Viewport::to_world(double px, double py) const {
    return {center.x + (px - width / 2.0) * resolution, center.y - (py - height / 2.0) * resolution};
}

XY Viewport::to_pixel(XY world) const {
    return {(world.x - center.x) / resolution + width / 2.0, (center.y - world.y) / resolution + height / 2.0};
}

void Viewport::zoom_at(double px, double py, double factor) {
    const XY anchor = to_world(px, py);
    resolution /= factor;
    const XY moved = to_world(px, py);
    center.x += anchor.x - moved.x;
    center.y += anchor.y - moved.y;
}

void Viewport::pan_pixels(double dx, double dy) {
    center.x -= dx * resolution;
    center.y += dy * resolution;
}

double Viewport::zoom_level() const {
    const double world = 2 * std::numbers::pi * kEarthRadius;
    return std::log2(world / 256.0 / resolution);
}

WorldFile Viewport::world_file() const {
    const XY top_left_centre = to_world(0.5, 0.5);
    return {resolution, 0.0, 0.0, -resolution, top_left_centre.x, top_left_centre.y};
}

} // namespace oko::geo
