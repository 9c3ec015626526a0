#pragma once
// Spherical Web Mercator (EPSG:3857), the CRS the map is drawn in.
// Closed-form and exact; geo/points/point_crs.hpp transforms every other CRS through PROJ.

#include "geo/base/types.hpp"

namespace oko::geo {

constexpr double kEarthRadius = 6378137.0;           // WGS84 semi-major axis, as EPSG:3857 uses
constexpr double kMercatorMaxLat = 85.0511287798066; // latitude where the square world ends

XY to_mercator(LonLat p);
LonLat from_mercator(XY p);

// Ground metres per projected metre at a latitude: Web Mercator inflates lengths by 1/cos(lat).
double mercator_scale_at(double lat_deg);

} // namespace oko::geo
