#include "geo/osm/osm_ring_repair.hpp"

#include "geo/map/geos_handle.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace oko::geo {

namespace {

constexpr double kDegToRad = 3.14159265358979323846 / 180.0;
constexpr double kEarthMeanRadius = 6371008.8;

struct Chain {
    std::vector<int64_t> ids;
    std::vector<LonLat> points;
    bool closed() const { return ids.size() >= 4 && ids.front() == ids.back(); }
    void reverse() {
        std::reverse(ids.begin(), ids.end());
        std::reverse(points.begin(), points.end());
    }
    // Appends `other`, dropping its first node when it is the shared end.
    void append(const Chain& other) {
        const size_t skip = (!ids.empty() && !other.ids.empty() && ids.back() == other.ids.front()) ? 1 : 0;
        ids.insert(ids.end(), other.ids.begin() + static_cast<std::ptrdiff_t>(skip), other.ids.end());
        points.insert(points.end(), other.points.begin() + static_cast<std::ptrdiff_t>(skip), other.points.end());
    }
};

// Joins open chains that share an end node, until none do.
void chain_by_nodes(std::vector<Chain>& open, std::vector<Chain>& rings) {
    bool merged = true;
    while (merged) {
        merged = false;
        for (size_t i = 0; i < open.size() && !merged; ++i) {
            for (size_t j = 0; j < open.size() && !merged; ++j) {
                if (i == j) continue;
                Chain& a = open[i];
                Chain& b = open[j];
                if (a.ids.back() == b.ids.front()) {
                } else if (a.ids.back() == b.ids.back()) {
                    b.reverse();
                } else if (a.ids.front() == b.ids.back()) {
                    a.reverse();
                    b.reverse();
                } else if (a.ids.front() == b.ids.front()) {
                    a.reverse();
                } else {
                    continue;
                }
                a.append(b);
                open.erase(open.begin() + static_cast<std::ptrdiff_t>(j));
                merged = true;
            }
        }
        for (size_t i = 0; i < open.size();) {
            if (open[i].closed()) {
                rings.push_back(std::move(open[i]));
                open.erase(open.begin() + static_cast<std::ptrdiff_t>(i));
            } else {
                ++i;
            }
        }
    }
}

// Greedily bridges the closest pair of open ends (a chain's own two ends included) while that
// pair is within the tolerance: the shortest gaps are the likeliest to be the cut-away members.
void close_gaps(std::vector<Chain>& open, std::vector<Chain>& rings, double tolerance_m, RingRepairResult& result) {
    while (!open.empty()) {
        double best = std::numeric_limits<double>::infinity();
        size_t bi = 0, bj = 0;
        int mode = 0; // 0 close i on itself; 1 i.back-j.front; 2 i.back-j.back; 3 i.front-j.front; 4 i.front-j.back
        for (size_t i = 0; i < open.size(); ++i) {
            const Chain& a = open[i];
            if (a.ids.size() >= 3) {
                const double d = ground_distance_m(a.points.back(), a.points.front());
                if (d < best) best = d, bi = i, bj = i, mode = 0;
            }
            for (size_t j = i + 1; j < open.size(); ++j) {
                const Chain& b = open[j];
                const double d[4] = {ground_distance_m(a.points.back(), b.points.front()),
                                     ground_distance_m(a.points.back(), b.points.back()),
                                     ground_distance_m(a.points.front(), b.points.front()),
                                     ground_distance_m(a.points.front(), b.points.back())};
                for (int k = 0; k < 4; ++k)
                    if (d[k] < best) best = d[k], bi = i, bj = j, mode = k + 1;
            }
        }
        if (best > tolerance_m) break;
        ++result.gaps_closed;
        result.max_gap_m = std::max(result.max_gap_m, best);
        result.total_gap_m += best;
        Chain& a = open[bi];
        if (mode == 0) {
            a.ids.push_back(a.ids.front());
            a.points.push_back(a.points.front());
            rings.push_back(std::move(a));
            open.erase(open.begin() + static_cast<std::ptrdiff_t>(bi));
            continue;
        }
        Chain& b = open[bj];
        if (mode == 2 || mode == 4) b.reverse();
        if (mode == 3 || mode == 4) a.reverse();
        // After the reversals a.back() meets b.front() across the gap.
        a.ids.insert(a.ids.end(), b.ids.begin(), b.ids.end());
        a.points.insert(a.points.end(), b.points.begin(), b.points.end());
        open.erase(open.begin() + static_cast<std::ptrdiff_t>(bj));
        if (a.closed()) {
            rings.push_back(std::move(a));
            open.erase(open.begin() + static_cast<std::ptrdiff_t>(bi));
        }
    }
    result.open_chains_dropped += open.size();
    open.clear();
}

// The polygons of a possibly mixed geometry, cloned, as one valid polygonal union.
GeosGeom polygonal_union(GEOSContextHandle_t h, const std::vector<Chain>& rings) {
    std::vector<GEOSGeometry*> polys;
    for (const auto& r : rings) {
        if (r.points.size() < 4) continue;
        const GeosGeom poly = ring_polygon(h, r.points);
        if (!poly) continue;
        const GeosGeom valid = own(h, GEOSMakeValid_r(h, poly.get()));
        if (!valid) continue;
        const int n = GEOSGetNumGeometries_r(h, valid.get());
        for (int i = 0; i < n; ++i) {
            const GEOSGeometry* part = GEOSGetGeometryN_r(h, valid.get(), i);
            const int type = GEOSGeomTypeId_r(h, part);
            if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) polys.push_back(GEOSGeom_clone_r(h, part));
        }
    }
    if (polys.empty()) return own(h, nullptr);
    const GeosGeom coll = own(
        h, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, polys.data(), static_cast<unsigned>(polys.size())));
    return own(h, GEOSUnaryUnion_r(h, coll.get()));
}

} // namespace

double ground_distance_m(LonLat a, LonLat b) {
    const double lat1 = a.lat * kDegToRad;
    const double lat2 = b.lat * kDegToRad;
    const double dlat = lat2 - lat1;
    const double dlon = (b.lon - a.lon) * kDegToRad;
    const double s = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(lat1) * std::cos(lat2) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * kEarthMeanRadius * std::asin(std::min(1.0, std::sqrt(s)));
}

double area_km2(const GeometryParts& g) {
    if (g.points.empty()) return 0;
    double lat0 = 0;
    for (const auto& p : g.points)
        lat0 += p.lat;
    lat0 = lat0 / static_cast<double>(g.points.size()) * kDegToRad;
    // Lambert cylindrical equal-area with standard parallel lat0: x = R lon cos(lat0), y = R sin(lat) / cos(lat0).
    auto project = [&](LonLat p) {
        return XY{kEarthMeanRadius * p.lon * kDegToRad * std::cos(lat0),
                  kEarthMeanRadius * std::sin(p.lat * kDegToRad) / std::cos(lat0)};
    };
    double total = 0;
    size_t poly = 0;
    for (size_t r = 0; r < g.parts.size(); ++r) {
        const bool outer = poly < g.polygons.size() && g.polygons[poly] == r;
        if (outer) ++poly;
        const size_t b = g.parts[r];
        const size_t e = r + 1 < g.parts.size() ? g.parts[r + 1] : g.points.size();
        double sum = 0;
        for (size_t i = b, j = e - 1; i < e; j = i++) {
            const XY pi = project(g.points[i]);
            const XY pj = project(g.points[j]);
            sum += (pj.x + pi.x) * (pj.y - pi.y);
        }
        total += (outer ? 1 : -1) * std::abs(sum) / 2;
    }
    return total / 1e6;
}

RingRepairResult repair_rings(std::vector<RepairWay> ways, double tolerance_m) {
    RingRepairResult result;
    std::vector<Chain> open[2], rings[2];
    for (auto& w : ways) {
        if (w.node_ids.size() < 2) continue;
        Chain c{std::move(w.node_ids), std::move(w.points)};
        (c.closed() ? rings : open)[w.inner ? 1 : 0].push_back(std::move(c));
    }
    for (int k = 0; k < 2; ++k) {
        chain_by_nodes(open[k], rings[k]);
        close_gaps(open[k], rings[k], tolerance_m, result);
    }

    GeosContext geos;
    const GEOSContextHandle_t h = geos.h;
    GeosGeom outer = polygonal_union(h, rings[0]);
    if (!outer) return result;
    GeosGeom shape = own(h, nullptr);
    if (GeosGeom inner = polygonal_union(h, rings[1]))
        shape.reset(GEOSDifference_r(h, outer.get(), inner.get()));
    else
        shape = std::move(outer);
    if (!shape) return result;
    append_polygons(h, shape.get(), result.geometry);
    result.area_km2 = area_km2(result.geometry);
    return result;
}

} // namespace oko::geo
