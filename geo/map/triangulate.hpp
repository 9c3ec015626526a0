#pragma once
// Polygon fill triangulation: rings (the first outer, the rest holes) to triangle indices.
// Computed once at import and stored with the feature, so that opening a project never
// re-triangulates. An ear-clipping triangulator that bridges holes into the outer ring and
// finds ears through a z-order curve index, so that large rings (a river, a forest) stay fast.

#include "geo/base/types.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace oko::geo {

// A ring as the range [begin, end) of a point array. A closed ring (last point equal to the
// first) is accepted; the repeated point is never used by a triangle.
struct RingRange {
    uint32_t begin = 0;
    uint32_t end = 0;
};

// Appends to `triangles` three indices into `points` per triangle covering the polygon whose
// outer ring is rings[0] and whose holes are rings[1...]. Orientation of the rings does not matter.
void triangulate(std::span<const XY> points, std::span<const RingRange> rings, std::vector<uint32_t>& triangles);

// Triangulates a multipolygon stored as stores keep them: `parts` gives the start in `points`
// of each ring (a ring ends where the next starts), `polygons` the index in `parts` of each
// polygon's outer ring, its holes following it. Appends to `triangles`.
void triangulate_polygons(std::span<const XY> points, std::span<const uint32_t> parts, std::span<const uint32_t> polygons,
                          std::vector<uint32_t>& triangles);

// Shoelace area of the polygon (outer minus holes), in the units of `points` squared.
double polygon_area(std::span<const XY> points, std::span<const RingRange> rings);

// Sum of the areas of the triangles.
double triangles_area(std::span<const XY> points, std::span<const uint32_t> triangles);

} // namespace oko::geo
