#include "geo/map/ring_contains.hpp"

namespace oko::geo {

bool ring_contains(std::span<const XY> ring, XY p) {
    bool inside = false;
    const size_t n = ring.size();
    if (n < 3) return false;
    // Each edge (j, i) that straddles the horizontal line through p, crossed right of p, flips.
    // A vertex on the line counts for the edge above it only (the "> p.y" on both ends), so that
    // a ray through a vertex counts once, or twice where the ring only touches the line.
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        const XY& a = ring[i];
        const XY& b = ring[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) inside = !inside;
    }
    return inside;
}

bool ring_contains(const Geometry& g, size_t ring, XY p) {
    const size_t b = g.part_begin(ring), e = g.part_end(ring);
    if (e <= b) return false;
    return ring_contains(std::span<const XY>(g.points.data() + b, e - b), p);
}

bool inside_rings(const Geometry& g, XY p) {
    bool inside = false;
    for (size_t r = 0; r < g.part_count(); ++r)
        if (ring_contains(g, r, p)) inside = !inside;
    return inside;
}

} // namespace oko::geo
