#pragma once
// Polygon fill triangulation: rings (the first outer, the rest holes) to triangle indices.
// Computed once at import and stored with the feature, so that opening a project never
// re-triangulates. Ear clipping as D. Eberly describes it ("Triangulation by Ear Clipping",
// 2002): each hole is bridged to a mutually visible vertex of the outer ring, and a convex vertex
// is an ear when no reflex vertex lies in its triangle; a uniform grid of the reflex vertices
// keeps large rings (a river, a forest) fast. A polygon whose triangles do not cover its area
// (a ring that crosses or touches itself) is made valid with GEOS and clipped again; triangles
// at a crossing, where GEOS creates a vertex that is no input point, are then left out.

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
void triangulate_polygons(std::span<const XY> points, std::span<const uint32_t> parts,
                          std::span<const uint32_t> polygons, std::vector<uint32_t>& triangles);

// Shoelace area of the polygon (outer minus holes), in the units of `points` squared.
double polygon_area(std::span<const XY> points, std::span<const RingRange> rings);

// Sum of the areas of the triangles.
double triangles_area(std::span<const XY> points, std::span<const uint32_t> triangles);

} // namespace oko::geo
