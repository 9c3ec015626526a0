#include "geo/base/mercator.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace oko::geo {

namespace {
constexpr double kDeg = std::numbers::pi / 180.0;
}

XY to_mercator(LonLat p) {
    const double lat = std::clamp(p.lat, -kMercatorMaxLat, kMercatorMaxLat);
    return {kEarthRadius * p.lon * kDeg, kEarthRadius * std::log(std::tan(std::numbers::pi / 4 + lat * kDeg / 2))};
}

LonLat from_mercator(XY p) {
    return {p.x / kEarthRadius / kDeg, (2 * std::atan(std::exp(p.y / kEarthRadius)) - std::numbers::pi / 2) / kDeg};
}

double mercator_scale_at(double lat_deg) { return std::cos(lat_deg * kDeg); }

} // namespace oko::geo
