#include "geo/scene/furniture.hpp"

#include "geo/density/density_grid.hpp"

#include <cmath>
#include <cstdio>

namespace oko::geo {

namespace {

constexpr std::array<std::string_view, 4> kCorners{"top-left", "top-right", "bottom-left", "bottom-right"};
constexpr std::array<std::string_view, kFurnitureElements> kElements{"title",       "legend",      "scale_bar",
                                                                     "north_arrow", "attribution", "note"};

} // namespace

std::string_view corner_name(Corner c) { return kCorners[static_cast<size_t>(c)]; }

std::optional<Corner> parse_corner(std::string_view name) {
    for (size_t i = 0; i < kCorners.size(); ++i)
        if (kCorners[i] == name) return static_cast<Corner>(i);
    return std::nullopt;
}

std::string_view element_name(FurnitureElement e) { return kElements[static_cast<size_t>(e)]; }

std::optional<FurnitureElement> parse_element(std::string_view name) {
    for (size_t i = 0; i < kElements.size(); ++i) {
        std::string dashed(kElements[i]);
        for (auto& ch : dashed)
            if (ch == '_') ch = '-';
        if (kElements[i] == name || dashed == name) return static_cast<FurnitureElement>(i);
    }
    return std::nullopt;
}

std::string length_label(double metres) {
    char buf[64];
    if (metres >= 1000)
        std::snprintf(buf, sizeof buf, "%g km", std::round(metres / 10) / 100);
    else
        std::snprintf(buf, sizeof buf, "%g m", std::round(metres * 10) / 10);
    return buf;
}

ScaleBar scale_bar_for(const Viewport& view, double fraction) {
    // Ground metres per pixel eastwards at the centre: a Mercator metre there is kx ground metres
    // (geo/density: N·cos φ / a on the ellipsoid), and it is the same all along the parallel.
    const double ground_per_px = view.resolution * mercator_ground_scale(view.center.y).kx;
    ScaleBar bar;
    const double target = fraction * view.width * ground_per_px;
    if (!(target > 0) || !std::isfinite(target)) return bar;
    // The largest of 1, 2, 5 × 10^n not over the target.
    const double decade = std::pow(10.0, std::floor(std::log10(target)));
    double metres = decade;
    for (double step : {2.0, 5.0, 10.0})
        if (decade * step <= target * (1 + 1e-12)) metres = decade * step;
    bar.metres = metres;
    bar.length_px = metres / ground_per_px;
    bar.label = length_label(metres);
    return bar;
}

} // namespace oko::geo
