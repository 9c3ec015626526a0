#include "geo/map/triangulate.hpp"

#include "geo/map/geos_handle.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <memory>
#include <unordered_map>

namespace oko::geo {

namespace {

double cross(const XY& a, const XY& b, const XY& c) { return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x); }
bool same(const XY& a, const XY& b) { return a.x == b.x && a.y == b.y; }

// Twice the signed area of a ring given as indices, relative to its first point for precision.
double twice_area(std::span<const XY> pts, const std::vector<uint32_t>& ring) {
    double sum = 0;
    const XY& o = pts[ring[0]];
    for (size_t i = 1; i + 1 < ring.size(); ++i)
        sum += cross(o, pts[ring[i]], pts[ring[i + 1]]);
    return sum;
}

// Ear clipping after D. Eberly, "Triangulation by Ear Clipping" (2002): holes are joined to the
// outer ring by a bridge to a mutually visible vertex, and a convex vertex is an ear when no
// reflex vertex lies in its triangle. Large rings look reflex vertices up in a uniform grid.
class EarClipper {
public:
    explicit EarClipper(std::span<const XY> pts) : m_pts(pts) {}

    // `rings`: the outer ring first, then holes; each as point indices, not closed, without
    // consecutive repeats.
    void run(const std::vector<std::vector<uint32_t>>& rings, std::vector<uint32_t>& out) {
        if (rings.empty() || rings[0].size() < 3) return;
        const int outer = add_ring(rings[0], true);
        std::vector<std::pair<double, int>> holes; // (max x, node of max x)
        for (size_t r = 1; r < rings.size(); ++r) {
            if (rings[r].size() < 3) continue;
            const int first = add_ring(rings[r], false);
            int best = first;
            for (int n = m_nodes[first].next; n != first; n = m_nodes[n].next)
                if (xy(n).x > xy(best).x) best = n;
            holes.push_back({xy(best).x, best});
        }
        std::sort(holes.begin(), holes.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        for (const auto& [x, m] : holes)
            bridge(outer, m);
        clip(outer, out);
    }

private:
    struct Node {
        uint32_t index;
        int prev, next;
        bool reflex = false;
        bool gone = false;
    };

    const XY& xy(int n) const { return m_pts[m_nodes[n].index]; }

    int add_ring(const std::vector<uint32_t>& ring, bool ccw) {
        const bool reverse = (twice_area(m_pts, ring) > 0) != ccw;
        const int base = static_cast<int>(m_nodes.size());
        const int n = static_cast<int>(ring.size());
        for (int i = 0; i < n; ++i) {
            const uint32_t idx = ring[reverse ? n - 1 - i : i];
            m_nodes.push_back({idx, base + (i + n - 1) % n, base + (i + 1) % n});
        }
        return base;
    }

    // Joins the hole whose rightmost vertex is `m` into the ring through `outer`.
    void bridge(int outer, int m) {
        const XY& pm = xy(m);
        double best_x = std::numeric_limits<double>::infinity();
        int p = -1;
        int a = outer;
        do {
            const int b = m_nodes[a].next;
            const XY& pa = xy(a);
            const XY& pb = xy(b);
            if ((pa.y <= pm.y && pb.y >= pm.y) || (pa.y >= pm.y && pb.y <= pm.y)) {
                if (pa.y == pb.y) {
                    for (int e : {a, b})
                        if (xy(e).x >= pm.x && xy(e).x < best_x) best_x = xy(e).x, p = e;
                } else {
                    const double x = pa.x + (pm.y - pa.y) * (pb.x - pa.x) / (pb.y - pa.y);
                    if (x >= pm.x && x < best_x) {
                        best_x = x;
                        p = pa.y == pm.y && pa.x == x ? a : pb.y == pm.y && pb.x == x ? b : (pa.x > pb.x ? a : b);
                    }
                }
            }
            a = b;
        } while (a != outer);
        if (p < 0) return; // the hole is not inside the ring: it is left out
        const XY hit{best_x, pm.y};
        if (!same(xy(p), hit)) {
            // A reflex vertex inside the triangle (M, hit, P) would hide P: take the one closest
            // in angle to the ray instead.
            const XY& pp = xy(p);
            const bool up = pp.y > pm.y;
            double best_tan = std::numeric_limits<double>::infinity(), best_d = best_tan;
            int r = outer;
            do {
                const XY& q = xy(r);
                if (r != p && q.x >= pm.x && !same(q, pp) && cross(xy(m_nodes[r].prev), q, xy(m_nodes[r].next)) <= 0 &&
                    inside(up ? pm : hit, up ? hit : pm, pp, q)) {
                    const double t = std::abs(q.y - pm.y) / (q.x - pm.x + 1e-300);
                    const double d = q.x - pm.x;
                    if (t < best_tan || (t == best_tan && d < best_d)) best_tan = t, best_d = d, p = r;
                }
                r = m_nodes[r].next;
            } while (r != outer);
        }
        const int pn = m_nodes[p].next;
        const int mp = m_nodes[m].prev;
        const int m2 = static_cast<int>(m_nodes.size());
        m_nodes.push_back({m_nodes[m].index, mp, m2 + 1});
        m_nodes.push_back({m_nodes[p].index, m2, pn});
        m_nodes[p].next = m;
        m_nodes[m].prev = p;
        m_nodes[mp].next = m2;
        m_nodes[pn].prev = m2 + 1;
    }

    // Whether q lies in or on the counter-clockwise triangle (a, b, c).
    static bool inside(const XY& a, const XY& b, const XY& c, const XY& q) {
        return cross(a, b, q) >= 0 && cross(b, c, q) >= 0 && cross(c, a, q) >= 0;
    }

    void update(int n) {
        const Node& v = m_nodes[n];
        m_nodes[n].reflex = cross(xy(v.prev), xy(n), xy(v.next)) <= 0;
    }

    // Whether an edge of node r, which lies at the corner v of a counter-clockwise triangle
    // (prev corner p, next corner n), leaves v into the triangle's angle there. A hole that
    // touches the outer ring, or a bridge, puts such a second node at a corner.
    bool enters(int r, const XY& v, const XY& n, const XY& p) const {
        const XY& d0 = xy(m_nodes[r].prev);
        const XY& d1 = xy(m_nodes[r].next);
        // r folds back along both sides of the triangle: what is left there has no area.
        if ((same(d0, n) && same(d1, p)) || (same(d0, p) && same(d1, n))) return true;
        for (const XY& d : {d0, d1})
            if (cross(v, n, d) > 0 && cross(v, d, p) > 0) return true;
        return false;
    }

    bool blocked_by(int r, int a, int b, int c) const {
        const Node& v = m_nodes[r];
        if (v.gone || !v.reflex || r == a || r == b || r == c) return false;
        const XY& q = xy(r);
        if (same(q, xy(a))) return enters(r, xy(a), xy(b), xy(c));
        if (same(q, xy(b))) return enters(r, xy(b), xy(c), xy(a));
        if (same(q, xy(c))) return enters(r, xy(c), xy(a), xy(b));
        return inside(xy(a), xy(b), xy(c), q);
    }

    bool is_ear(int b) const {
        const int a = m_nodes[b].prev, c = m_nodes[b].next;
        if (m_nodes[b].reflex) return false;
        const XY &pa = xy(a), &pb = xy(b), &pc = xy(c);
        if (m_cells.empty()) {
            for (int r : m_reflex)
                if (blocked_by(r, a, b, c)) return false;
            return true;
        }
        const auto [x0, y0] = cell(std::min({pa.x, pb.x, pc.x}), std::min({pa.y, pb.y, pc.y}));
        const auto [x1, y1] = cell(std::max({pa.x, pb.x, pc.x}), std::max({pa.y, pb.y, pc.y}));
        for (int gy = y0; gy <= y1; ++gy)
            for (int gx = x0; gx <= x1; ++gx) {
                const size_t k = static_cast<size_t>(gy) * m_gw + static_cast<size_t>(gx);
                for (uint32_t i = m_start[k]; i < m_start[k + 1]; ++i)
                    if (blocked_by(m_cells[i], a, b, c)) return false;
            }
        return true;
    }

    std::pair<int, int> cell(double x, double y) const {
        const auto clampi = [](double v, int hi) { return std::clamp(static_cast<int>(v), 0, hi); };
        return {clampi((x - m_x0) * m_inv, m_gw - 1), clampi((y - m_y0) * m_inv, m_gh - 1)};
    }

    void build_grid(int start, int count) {
        m_reflex.clear();
        int n = start;
        do {
            if (m_nodes[n].reflex) m_reflex.push_back(n);
            n = m_nodes[n].next;
        } while (n != start);
        if (m_reflex.size() < 32) return;
        double x0 = xy(start).x, x1 = x0, y0 = xy(start).y, y1 = y0;
        for (int r = 0; r < count; ++r) {
            n = m_nodes[n].next;
            x0 = std::min(x0, xy(n).x), x1 = std::max(x1, xy(n).x);
            y0 = std::min(y0, xy(n).y), y1 = std::max(y1, xy(n).y);
        }
        const double side = std::max({x1 - x0, y1 - y0, 1e-9});
        const int cells = std::max(1, static_cast<int>(std::sqrt(static_cast<double>(m_reflex.size()) / 2)));
        m_inv = cells / side;
        m_x0 = x0, m_y0 = y0;
        m_gw = std::max(1, static_cast<int>((x1 - x0) * m_inv) + 1);
        m_gh = std::max(1, static_cast<int>((y1 - y0) * m_inv) + 1);
        m_start.assign(static_cast<size_t>(m_gw) * m_gh + 1, 0);
        for (int r : m_reflex) {
            const auto [gx, gy] = cell(xy(r).x, xy(r).y);
            ++m_start[static_cast<size_t>(gy) * m_gw + gx + 1];
        }
        for (size_t k = 1; k < m_start.size(); ++k)
            m_start[k] += m_start[k - 1];
        m_cells.resize(m_reflex.size());
        std::vector<uint32_t> fill(m_start.begin(), m_start.end() - 1);
        for (int r : m_reflex) {
            const auto [gx, gy] = cell(xy(r).x, xy(r).y);
            m_cells[fill[static_cast<size_t>(gy) * m_gw + gx]++] = r;
        }
    }

    void remove(int n) {
        Node& v = m_nodes[n];
        v.gone = true;
        m_nodes[v.prev].next = v.next;
        m_nodes[v.next].prev = v.prev;
    }

    void clip(int start, std::vector<uint32_t>& out) {
        int count = 0;
        int n = start;
        do {
            update(n);
            ++count;
            n = m_nodes[n].next;
        } while (n != start);
        build_grid(start, count);
        int cur = start, misses = 0;
        while (count > 3) {
            if (is_ear(cur)) {
                emit(cur, out);
            } else if (++misses <= count) {
                cur = m_nodes[cur].next;
                continue;
            } else {
                // No ear anywhere. A vertex without area (collinear, a spike's tip) goes first,
                // without a triangle; failing that (a ring that crosses itself), one is clipped
                // anyway so as to finish.
                int flat = cur;
                do {
                    if (cross(xy(m_nodes[flat].prev), xy(flat), xy(m_nodes[flat].next)) == 0) break;
                    flat = m_nodes[flat].next;
                } while (flat != cur);
                if (cross(xy(m_nodes[flat].prev), xy(flat), xy(m_nodes[flat].next)) == 0)
                    cur = flat;
                else
                    emit(cur, out);
            }
            const int a = m_nodes[cur].prev, c = m_nodes[cur].next;
            remove(cur);
            --count;
            update(a);
            update(c);
            misses = 0;
            cur = a;
        }
        emit(cur, out);
    }

    // The triangle at `b`, when it has area (and the right orientation).
    void emit(int b, std::vector<uint32_t>& out) const {
        const int a = m_nodes[b].prev, c = m_nodes[b].next;
        if (cross(xy(a), xy(b), xy(c)) > 0)
            out.insert(out.end(), {m_nodes[a].index, m_nodes[b].index, m_nodes[c].index});
    }

    std::span<const XY> m_pts;
    std::vector<Node> m_nodes;
    std::vector<int> m_reflex;
    std::vector<int> m_cells;
    std::vector<uint32_t> m_start;
    double m_x0 = 0, m_y0 = 0, m_inv = 1;
    int m_gw = 0, m_gh = 0;
};

// The polygon as point-index rings: closing points and consecutive repeats dropped.
std::vector<std::vector<uint32_t>> index_rings(std::span<const XY> points, std::span<const RingRange> rings) {
    std::vector<std::vector<uint32_t>> out;
    for (const RingRange& r : rings) {
        auto& ring = out.emplace_back();
        for (uint32_t i = r.begin; i < r.end; ++i)
            if (ring.empty() || !same(points[ring.back()], points[i])) ring.push_back(i);
        while (ring.size() > 1 && same(points[ring.front()], points[ring.back()]))
            ring.pop_back();
    }
    return out;
}

// The bit pattern of a point (with -0 taken as 0), to find an input point by its coordinates.
struct Key {
    uint64_t x, y;
    bool operator==(const Key&) const = default;
};
Key key_of(double x, double y) { return {std::bit_cast<uint64_t>(x + 0.0), std::bit_cast<uint64_t>(y + 0.0)}; }
struct KeyHash {
    size_t operator()(const Key& k) const { return std::hash<uint64_t>()(k.x * 0x9E3779B97F4A7C15ull ^ k.y); }
};

// Ear clipping of a ring that crosses or touches itself may miss part of it or overlap. Such a
// polygon is made valid by GEOS and each of its parts clipped again. A vertex GEOS creates
// (where two edges cross) is no input point, so the triangles that use it are left out, and
// the fill kept is whichever of the two is nearer the valid polygon's area.
void triangulate_invalid(std::span<const XY> points, std::span<const RingRange> rings, std::vector<uint32_t>& triangles,
                         size_t first_triangle) {
    thread_local GeosContext context;
    const GEOSContextHandle_t h = context.h;
    std::vector<GEOSGeometry*> lrs;
    std::vector<XY> ring;
    for (const RingRange& r : rings) {
        ring.clear();
        for (uint32_t i = r.begin; i < r.end; ++i)
            if (ring.empty() || !same(ring.back(), points[i])) ring.push_back(points[i]);
        if (!ring.empty() && !same(ring.front(), ring.back())) ring.push_back(ring.front());
        if (ring.size() < 4) {
            if (lrs.empty()) return;
            continue;
        }
        GEOSCoordSequence* seq =
            GEOSCoordSeq_copyFromBuffer_r(h, &ring.front().x, static_cast<unsigned>(ring.size()), 0, 0);
        if (GEOSGeometry* lr = seq ? GEOSGeom_createLinearRing_r(h, seq) : nullptr) lrs.push_back(lr);
    }
    if (lrs.empty()) return;
    const GeosGeom polygon =
        own(h, GEOSGeom_createPolygon_r(h, lrs[0], lrs.data() + 1, static_cast<unsigned>(lrs.size() - 1)));
    if (!polygon || GEOSisValid_r(h, polygon.get()) == 1) return;
    const GeosGeom valid = own(h, GEOSMakeValid_r(h, polygon.get()));
    double valid_area = 0;
    if (!valid || !GEOSArea_r(h, valid.get(), &valid_area)) return;

    std::unordered_map<Key, uint32_t, KeyHash> index;
    for (const RingRange& r : rings)
        for (uint32_t i = r.begin; i < r.end; ++i)
            index.try_emplace(key_of(points[i].x, points[i].y), i);
    // Input points, then the ones GEOS created.
    std::vector<XY> all(points.begin(), points.end());
    std::vector<uint32_t> remade;
    const auto add_polygon = [&](const GEOSGeometry* poly) {
        std::vector<std::vector<uint32_t>> idx_rings;
        const int holes = GEOSGetNumInteriorRings_r(h, poly);
        for (int k = -1; k < holes; ++k) {
            const GEOSGeometry* lr = k < 0 ? GEOSGetExteriorRing_r(h, poly) : GEOSGetInteriorRingN_r(h, poly, k);
            const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, lr);
            unsigned size = 0;
            GEOSCoordSeq_getSize_r(h, seq, &size);
            auto& out = idx_rings.emplace_back();
            for (unsigned c = 0; c + 1 < size; ++c) {
                double x = 0, y = 0;
                GEOSCoordSeq_getXY_r(h, seq, c, &x, &y);
                auto [it, added] = index.try_emplace(key_of(x, y), static_cast<uint32_t>(all.size()));
                if (added) all.push_back({x, y});
                if (out.empty() || out.back() != it->second) out.push_back(it->second);
            }
        }
        EarClipper(all).run(idx_rings, remade);
    };
    const int parts = GEOSGetNumGeometries_r(h, valid.get());
    for (int i = 0; i < parts; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(h, valid.get(), i);
        if (GEOSGeomTypeId_r(h, part) == GEOS_POLYGON) {
            add_polygon(part);
        } else if (GEOSGeomTypeId_r(h, part) == GEOS_MULTIPOLYGON) {
            for (int j = 0; j < GEOSGetNumGeometries_r(h, part); ++j)
                add_polygon(GEOSGetGeometryN_r(h, part, j));
        }
    }
    std::vector<uint32_t> kept;
    for (size_t t = 0; t + 2 < remade.size(); t += 3)
        if (remade[t] < points.size() && remade[t + 1] < points.size() && remade[t + 2] < points.size())
            kept.insert(kept.end(), remade.begin() + static_cast<std::ptrdiff_t>(t),
                        remade.begin() + static_cast<std::ptrdiff_t>(t + 3));
    const std::span<const uint32_t> direct(triangles.begin() + static_cast<std::ptrdiff_t>(first_triangle),
                                           triangles.end());
    if (std::abs(triangles_area(points, kept) - valid_area) < std::abs(triangles_area(points, direct) - valid_area)) {
        triangles.resize(first_triangle);
        triangles.insert(triangles.end(), kept.begin(), kept.end());
    }
}

} // namespace

void triangulate(std::span<const XY> points, std::span<const RingRange> rings, std::vector<uint32_t>& triangles) {
    if (rings.empty()) return;
    const size_t first = triangles.size();
    const auto idx_rings = index_rings(points, rings);
    EarClipper(points).run(idx_rings, triangles);
    // A valid polygon's triangles cover exactly its area; anything else is an invalid ring.
    const double expected = polygon_area(points, rings);
    const double got = triangles_area(points, std::span<const uint32_t>(triangles).subspan(first));
    if (!(std::abs(got - expected) <= 1e-9 * std::max(expected, 0.0)))
        triangulate_invalid(points, rings, triangles, first);
}

void triangulate_polygons(std::span<const XY> points, std::span<const uint32_t> parts,
                          std::span<const uint32_t> polygons, std::vector<uint32_t>& triangles) {
    std::vector<RingRange> rings;
    for (size_t p = 0; p < polygons.size(); ++p) {
        const size_t last = p + 1 < polygons.size() ? polygons[p + 1] : parts.size();
        rings.clear();
        for (size_t r = polygons[p]; r < last; ++r)
            rings.push_back({parts[r], r + 1 < parts.size() ? parts[r + 1] : static_cast<uint32_t>(points.size())});
        triangulate(points, rings, triangles);
    }
}

double polygon_area(std::span<const XY> points, std::span<const RingRange> rings) {
    double area = 0;
    for (size_t r = 0; r < rings.size(); ++r) {
        const RingRange ring = rings[r];
        if (ring.end <= ring.begin) continue;
        // Relative to the ring's first point: Mercator metres are large, and products of them
        // would lose the area of a small building.
        const XY& o = points[ring.begin];
        double twice = 0;
        for (uint32_t i = ring.begin + 1; i + 1 < ring.end; ++i)
            twice += cross(o, points[i], points[i + 1]);
        area += (r == 0 ? 0.5 : -0.5) * std::abs(twice);
    }
    return area;
}

double triangles_area(std::span<const XY> points, std::span<const uint32_t> triangles) {
    double area = 0;
    for (size_t t = 0; t + 2 < triangles.size(); t += 3)
        area += 0.5 * std::abs(cross(points[triangles[t]], points[triangles[t + 1]], points[triangles[t + 2]]));
    return area;
}

} // namespace oko::geo
