#include "geo/density/density_grid.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace oko::geo {

GroundScale mercator_ground_scale(double y) {
    // Web Mercator puts WGS84 latitudes on a sphere of the ellipsoid's equatorial radius a:
    // x = a·λ, y = a·ln tan(π/4 + φ/2). On the ellipsoid a parallel's radius is N·cos φ and a
    // meridian's M, so a Mercator metre is N·cos φ / a eastwards and M·cos φ / a northwards.
    constexpr double a = 6378137.0;
    constexpr double f = 1.0 / 298.257223563;
    constexpr double e2 = f * (2 - f);
    const double phi = 2 * std::atan(std::exp(y / a)) - std::numbers::pi / 2;
    const double s = std::sin(phi), c = std::cos(phi);
    const double w = 1 - e2 * s * s;
    return {c / std::sqrt(w), (1 - e2) * c / (w * std::sqrt(w))};
}

float DensityGrid::max_value() const { return values.empty() ? 0.0f : *std::max_element(values.begin(), values.end()); }

} // namespace oko::geo
