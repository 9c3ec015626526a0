#pragma once
// Pixel helpers for render tests.

#include "geo/scene/basemap_style.hpp"
#include "geo/base/image.hpp"
#include "geo/base/viewport.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string>

namespace oko::test {

inline int colour_distance(geo::Rgba a, geo::Rgba b) {
    return std::max({std::abs(a.r - b.r), std::abs(a.g - b.g), std::abs(a.b - b.b)});
}

inline std::string describe(geo::Rgba c) {
    std::ostringstream s;
    s << "rgb(" << int(c.r) << "," << int(c.g) << "," << int(c.b) << ")";
    return s.str();
}

// The pixel holding a world point, as Viewport::to_pixel gives it.
inline geo::Rgba pixel_at(const geo::RgbaImage& img, const geo::Viewport& view, geo::XY world) {
    const geo::XY p = view.to_pixel(world);
    return img.at(std::clamp(static_cast<int>(std::floor(p.x)), 0, img.width - 1),
                  std::clamp(static_cast<int>(std::floor(p.y)), 0, img.height - 1));
}

inline geo::Rgba opaque(const geo::Colour& c) { return c.rgba(); }

// How two pictures of the same size differ, pixel by pixel (colour_distance).
struct ImageDifference {
    int over = 0;    // pixels that differ by more than the threshold
    int worst = 0;   // the largest difference
    double mean = 0; // the mean difference over all pixels
};

inline ImageDifference compare_images(const geo::RgbaImage& a, const geo::RgbaImage& b, int threshold) {
    ImageDifference d;
    long total = 0;
    for (int y = 0; y < a.height; ++y)
        for (int x = 0; x < a.width; ++x) {
            const int c = colour_distance(a.at(x, y), b.at(x, y));
            total += c;
            d.worst = std::max(d.worst, c);
            if (c > threshold) ++d.over;
        }
    d.mean = a.width * a.height > 0 ? static_cast<double>(total) / (static_cast<double>(a.width) * a.height) : 0;
    return d;
}

} // namespace oko::test
