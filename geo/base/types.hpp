#pragma once
// Plain coordinate types shared by every module.

#include <algorithm>
#include <limits>

namespace oko::geo {

// WGS84 longitude/latitude in degrees (EPSG:4326 axis order as GIS users write it: lon first).
struct LonLat {
    double lon = 0.0;
    double lat = 0.0;
};

// Projected coordinates in metres (Web Mercator, EPSG:3857, unless a function says otherwise).
struct XY {
    double x = 0.0;
    double y = 0.0;
    bool operator==(const XY&) const = default;
};

// Axis-aligned box; empty until extended.
struct BBox {
    double min_x = std::numeric_limits<double>::infinity();
    double min_y = std::numeric_limits<double>::infinity();
    double max_x = -std::numeric_limits<double>::infinity();
    double max_y = -std::numeric_limits<double>::infinity();

    bool empty() const { return min_x > max_x || min_y > max_y; }
    double width() const { return max_x - min_x; }
    double height() const { return max_y - min_y; }
    XY center() const { return {(min_x + max_x) / 2, (min_y + max_y) / 2}; }
    void extend(double x, double y) {
        min_x = std::min(min_x, x);
        min_y = std::min(min_y, y);
        max_x = std::max(max_x, x);
        max_y = std::max(max_y, y);
    }
    void extend(const XY& p) { extend(p.x, p.y); }
    void extend(const BBox& b) {
        if (!b.empty()) {
            extend(b.min_x, b.min_y);
            extend(b.max_x, b.max_y);
        }
    }
    bool intersects(const BBox& b) const {
        return !(b.min_x > max_x || b.max_x < min_x || b.min_y > max_y || b.max_y < min_y);
    }
    bool contains(const XY& p) const { return p.x >= min_x && p.x <= max_x && p.y >= min_y && p.y <= max_y; }
};

} // namespace oko::geo
