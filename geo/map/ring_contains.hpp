#pragma once
// Whether a point is inside a ring, by the even-odd rule: a ray from the point crosses the ring's
// edges an odd number of times. The one rule for a district's rings (the density views' hover) and
// a lasso drawn in the window (its selection). A ring may be open or closed (its last vertex the
// first again), concave, and may cross itself: a part it winds around twice is outside.

#include "geo/base/types.hpp"
#include "geo/map/basemap.hpp"

#include <span>

namespace oko::geo {

// Fewer than three vertices enclose nothing. A point exactly on an edge may fall on either side.
bool ring_contains(std::span<const XY> ring, XY p);
// Ring `ring` of `g` (its part of that index).
bool ring_contains(const Geometry& g, size_t ring, XY p);
// Inside `g`'s rings taken together: inside an odd number of them (a ring inside another is a hole).
bool inside_rings(const Geometry& g, XY p);

} // namespace oko::geo
