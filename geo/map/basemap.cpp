#include "geo/map/basemap.hpp"

namespace oko::geo {

BBox Geometry::bounds() const {
    BBox b;
    for (const auto& p : points)
        b.extend(p);
    return b;
}

void Basemap::recompute_extent() {
    extent = {};
    for (const auto& f : features)
        extent.extend(f.geometry.bounds());
}

} // namespace oko::geo
