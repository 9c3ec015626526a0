#include "geo/osm/osm_coastline.hpp"

#include "geo/osm/osm_ring_repair.hpp"

#include "geo/map/geos_handle.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <unordered_map>

namespace oko::geo {

namespace {

struct Chain {
    std::vector<int64_t> way_ids;
    std::vector<int64_t> nodes;
    std::vector<LonLat> points;
    bool closed() const { return nodes.size() >= 4 && nodes.front() == nodes.back(); }
    void append(const Chain& other) {
        const size_t skip = (!nodes.empty() && !other.nodes.empty() && nodes.back() == other.nodes.front()) ? 1 : 0;
        nodes.insert(nodes.end(), other.nodes.begin() + static_cast<std::ptrdiff_t>(skip), other.nodes.end());
        points.insert(points.end(), other.points.begin() + static_cast<std::ptrdiff_t>(skip), other.points.end());
        way_ids.insert(way_ids.end(), other.way_ids.begin(), other.way_ids.end());
    }
};

std::string way_list(const std::vector<int64_t>& ids) {
    std::string out;
    for (size_t i = 0; i < ids.size() && i < 3; ++i)
        out += (i ? ", w" : "w") + std::to_string(ids[i]);
    if (ids.size() > 3) out += " and " + std::to_string(ids.size() - 3) + " more";
    return out;
}

std::string position(LonLat p) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.5f, %.5f", p.lon, p.lat);
    return buf;
}

// Joins the ways into chains where one ends at the node where another starts. Coastline ways
// are never reversed: their direction is what says where the water is.
void chain_ways(std::vector<CoastlineWay>& ways, std::vector<Chain>& open, std::vector<Chain>& rings) {
    std::unordered_map<int64_t, size_t> by_first; // first node -> way
    for (size_t i = 0; i < ways.size(); ++i)
        by_first.emplace(ways[i].nodes.front(), i);
    std::vector<bool> has_predecessor(ways.size(), false), used(ways.size(), false);
    for (const auto& w : ways) {
        const auto it = by_first.find(w.nodes.back());
        if (it != by_first.end() && w.nodes.back() != w.nodes.front()) has_predecessor[it->second] = true;
    }
    auto follow = [&](size_t start) {
        Chain c;
        size_t at = start;
        while (!used[at]) {
            used[at] = true;
            Chain piece{{ways[at].id}, std::move(ways[at].nodes), std::move(ways[at].points)};
            c.append(piece);
            if (c.closed()) break;
            const auto it = by_first.find(c.nodes.back());
            if (it == by_first.end()) break;
            at = it->second;
        }
        return c;
    };
    // Heads first (ways nothing leads into), then what is left: rings.
    for (size_t i = 0; i < ways.size(); ++i)
        if (!has_predecessor[i] && !used[i]) {
            Chain c = follow(i);
            (c.closed() ? rings : open).push_back(std::move(c));
        }
    for (size_t i = 0; i < ways.size(); ++i)
        if (!used[i]) {
            Chain c = follow(i);
            (c.closed() ? rings : open).push_back(std::move(c));
        }
}

// Joins an open chain's end to the start of the nearest open chain (itself included, which closes
// it) within the tolerance, nearest gaps first.
void close_gaps(std::vector<Chain>& open, std::vector<Chain>& rings, double tolerance_m,
                std::vector<std::string>& warnings) {
    while (open.size() > 0) {
        double best = std::numeric_limits<double>::infinity();
        size_t bi = 0, bj = 0;
        for (size_t i = 0; i < open.size(); ++i)
            for (size_t j = 0; j < open.size(); ++j) {
                if (i == j && open[i].points.size() < 3) continue;
                const double d = ground_distance_m(open[i].points.back(), open[j].points.front());
                if (d < best) {
                    best = d;
                    bi = i;
                    bj = j;
                }
            }
        if (best > tolerance_m) return;
        char buf[160];
        std::snprintf(buf, sizeof buf, "coastline: a gap of %.0f m after %s (at %s) was closed", best,
                      way_list({open[bi].way_ids.back()}).c_str(), position(open[bi].points.back()).c_str());
        warnings.push_back(buf);
        if (bi == bj) {
            open[bi].points.push_back(open[bi].points.front());
            open[bi].nodes.push_back(open[bi].nodes.front());
            rings.push_back(std::move(open[bi]));
            open.erase(open.begin() + static_cast<std::ptrdiff_t>(bi));
            continue;
        }
        Chain joined = std::move(open[bi]);
        Chain& next = open[bj];
        joined.points.insert(joined.points.end(), next.points.begin(), next.points.end());
        joined.nodes.insert(joined.nodes.end(), next.nodes.begin(), next.nodes.end());
        joined.way_ids.insert(joined.way_ids.end(), next.way_ids.begin(), next.way_ids.end());
        open[bj] = std::move(joined);
        open.erase(open.begin() + static_cast<std::ptrdiff_t>(bi));
    }
}

// The bounds' edge as one parameter, counter-clockwise from the south-west corner: 0..1 along
// the south edge, 1..2 up the east, 2..3 along the north westwards, 3..4 down the west.
struct Edge {
    BBox b;
    double eps;

    bool on(LonLat p) const {
        return std::abs(p.lon - b.min_x) <= eps || std::abs(p.lon - b.max_x) <= eps ||
               std::abs(p.lat - b.min_y) <= eps || std::abs(p.lat - b.max_y) <= eps;
    }
    double param(LonLat p) const {
        const double w = b.width(), h = b.height();
        if (std::abs(p.lat - b.min_y) <= eps && p.lon < b.max_x - eps)
            return std::clamp((p.lon - b.min_x) / w, 0.0, 1.0);
        if (std::abs(p.lon - b.max_x) <= eps && p.lat < b.max_y - eps)
            return 1 + std::clamp((p.lat - b.min_y) / h, 0.0, 1.0);
        if (std::abs(p.lat - b.max_y) <= eps && p.lon > b.min_x + eps)
            return 2 + std::clamp((b.max_x - p.lon) / w, 0.0, 1.0);
        return 3 + std::clamp((b.max_y - p.lat) / h, 0.0, 1.0);
    }
    LonLat corner(int k) const {
        switch (k & 3) {
        case 0:
            return {b.min_x, b.min_y};
        case 1:
            return {b.max_x, b.min_y};
        case 2:
            return {b.max_x, b.max_y};
        default:
            return {b.min_x, b.max_y};
        }
    }
};

// The direction a chain leaves by at one end, over its last `metres` or so: from the point that
// far back to the end.
LonLat direction_at_end(const std::vector<LonLat>& pts, bool at_back, double metres) {
    const size_t n = pts.size();
    const LonLat end = at_back ? pts[n - 1] : pts[0];
    LonLat from = at_back ? pts[n - 2] : pts[1];
    for (size_t k = 1; k < n; ++k) {
        from = at_back ? pts[n - 1 - k] : pts[k];
        if (ground_distance_m(from, end) >= metres) break;
    }
    return {end.lon - from.lon, end.lat - from.lat};
}

// A chain that stops inside the bounds, where the extract left out the coast that follows, is
// carried on straight, the way its last stretch points, to beyond the bounds. Returns whether it
// was.
bool extend_loose_end(Chain& chain, const Edge& edge, bool at_back) {
    const LonLat end = at_back ? chain.points.back() : chain.points.front();
    const BBox& b = edge.b;
    const bool inside = end.lon > b.min_x && end.lon < b.max_x && end.lat > b.min_y && end.lat < b.max_y;
    if (!inside || chain.points.size() < 2) return false;
    const LonLat d = direction_at_end(chain.points, at_back, 200);
    const double len = std::hypot(d.lon, d.lat);
    if (len <= 0) return false;
    const double reach = 2 * std::hypot(b.width(), b.height()) / len;
    const LonLat far{end.lon + d.lon * reach, end.lat + d.lat * reach};
    if (at_back) {
        chain.points.push_back(far);
        chain.nodes.push_back(0);
    } else {
        chain.points.insert(chain.points.begin(), far);
        chain.nodes.insert(chain.nodes.begin(), 0);
    }
    return true;
}

struct Piece {
    std::vector<LonLat> points;
    bool enters = false, leaves = false; // starts, ends on the bounds' edge
    std::vector<int64_t> way_ids;
};

// The parts of a chain inside the bounds (Liang-Barsky per segment).
std::vector<Piece> clip(const Chain& chain, const Edge& edge) {
    std::vector<Piece> out;
    const BBox& b = edge.b;
    Piece cur;
    bool open = false;
    for (size_t i = 0; i + 1 < chain.points.size(); ++i) {
        const LonLat a = chain.points[i], c = chain.points[i + 1];
        const double dx = c.lon - a.lon, dy = c.lat - a.lat;
        double t0 = 0, t1 = 1;
        bool visible = true;
        const double p[4] = {-dx, dx, -dy, dy};
        const double q[4] = {a.lon - b.min_x, b.max_x - a.lon, a.lat - b.min_y, b.max_y - a.lat};
        for (int k = 0; k < 4 && visible; ++k) {
            if (p[k] == 0) {
                if (q[k] < 0) visible = false;
                continue;
            }
            const double t = q[k] / p[k];
            if (p[k] < 0)
                t0 = std::max(t0, t);
            else
                t1 = std::min(t1, t);
            if (t0 > t1) visible = false;
        }
        if (!visible) continue;
        const LonLat from{a.lon + t0 * dx, a.lat + t0 * dy}, to{a.lon + t1 * dx, a.lat + t1 * dy};
        if (!open) {
            if (t1 - t0 <= 0) continue; // grazes a corner
            cur = Piece{};
            cur.way_ids = chain.way_ids;
            cur.enters = t0 > 0 || edge.on(from);
            cur.points.push_back(from);
            open = true;
        }
        cur.points.push_back(to);
        if (t1 < 1) {
            cur.leaves = true;
            out.push_back(std::move(cur));
            open = false;
        }
    }
    if (open) {
        cur.leaves = edge.on(cur.points.back());
        out.push_back(std::move(cur));
    }
    return out;
}

double ring_signed_area(const std::vector<LonLat>& r) {
    double a = 0;
    for (size_t i = 0; i + 1 < r.size(); ++i)
        a += r[i].lon * r[i + 1].lat - r[i + 1].lon * r[i].lat;
    return a / 2;
}

using Geos = GeosContext;
using Geom = GeosGeom;

Geom wrap(const Geos& g, GEOSGeometry* p) { return own(g.h, p); }

// A polygon from one closed ring, made valid; null when GEOS cannot build it.
Geom polygon(const Geos& g, const std::vector<LonLat>& ring) {
    if (ring.size() < 4) return wrap(g, nullptr);
    Geom poly = ring_polygon(g.h, ring);
    if (!poly) return poly;
    if (GEOSisValid_r(g.h, poly.get()) == 1) return poly;
    return wrap(g, GEOSMakeValid_r(g.h, poly.get()));
}

Geom rectangle(const Geos& g, const Edge& e) {
    std::vector<LonLat> r;
    for (int k = 0; k <= 4; ++k)
        r.push_back(e.corner(k));
    return polygon(g, r);
}

Geom union_all(const Geos& g, std::vector<Geom>& parts) {
    std::vector<GEOSGeometry*> raw;
    for (auto& p : parts)
        if (p) raw.push_back(p.release());
    if (raw.empty()) return wrap(g, nullptr);
    Geom collection = wrap(
        g, GEOSGeom_createCollection_r(g.h, GEOS_GEOMETRYCOLLECTION, raw.data(), static_cast<unsigned>(raw.size())));
    return wrap(g, GEOSUnaryUnion_r(g.h, collection.get()));
}

// A point of each building (or, with no buildings, of each road): what must stay on land.
std::vector<LonLat> land_probe(std::span<const StoredFeature> land, const BBox& b) {
    std::vector<LonLat> buildings, roads;
    auto inside = [&](LonLat p) { return p.lon > b.min_x && p.lon < b.max_x && p.lat > b.min_y && p.lat < b.max_y; };
    for (const auto& f : land) {
        if (f.points.empty()) continue;
        if (f.cls == FeatureClass::Building) {
            // The middle of the outer ring's box: a vertex would sit on the quay a harbour's
            // buildings stand on.
            BBox box;
            const size_t end = f.parts.size() > 1 ? f.parts[1] : f.points.size();
            for (size_t i = 0; i < end; ++i)
                box.extend(f.points[i].lon, f.points[i].lat);
            const LonLat c{box.center().x, box.center().y};
            if (inside(c)) buildings.push_back(c);
        } else if (info(f.cls).layer == BasemapLayer::Roads) {
            const LonLat c = f.points[f.points.size() / 2];
            if (inside(c)) roads.push_back(c);
        }
    }
    return buildings.empty() ? roads : buildings;
}

} // namespace

SeaResult build_sea(std::vector<CoastlineWay> ways, const BBox& bounds, std::span<const StoredFeature> land,
                    const SeaOptions& options) {
    SeaResult result;
    ways.erase(std::remove_if(ways.begin(), ways.end(), [](const CoastlineWay& w) { return w.nodes.size() < 2; }),
               ways.end());
    result.coastline_ways = ways.size();
    if (ways.empty() || bounds.empty() || bounds.width() <= 0 || bounds.height() <= 0) return result;

    std::vector<Chain> open, rings;
    chain_ways(ways, open, rings);
    close_gaps(open, rings, options.gap_tolerance_m, result.warnings);
    result.chains = open.size();
    result.rings = rings.size();

    const Edge edge{bounds, 1e-9 * std::max(bounds.width(), bounds.height())};
    if (options.extend_loose_ends)
        for (auto& chain : open)
            for (const bool at_back : {false, true}) {
                const LonLat loose = at_back ? chain.points.back() : chain.points.front();
                if (!extend_loose_end(chain, edge, at_back)) continue;
                ++result.extended_ends;
                result.warnings.push_back("coastline: " + way_list(chain.way_ids) + " " +
                                          (at_back ? "ends" : "begins") + " inside the extract (at " + position(loose) +
                                          "), where the extract leaves out the coast beyond; it was carried on "
                                          "straight to the extract's edge");
            }
    std::vector<Piece> pieces;
    for (const auto& chain : open)
        for (auto& piece : clip(chain, edge)) {
            if (piece.enters && piece.leaves) {
                pieces.push_back(std::move(piece));
                continue;
            }
            ++result.dropped_chains;
            const LonLat loose = piece.enters ? piece.points.back() : piece.points.front();
            result.warnings.push_back("coastline: " + way_list(piece.way_ids) + " " +
                                      (piece.enters ? "ends" : "begins") + " inside the extract (at " +
                                      position(loose) +
                                      "), where the next coastline way is missing; the sea was built without it");
        }

    // Land: each piece, then the bounds' edge counter-clockwise to the piece that enters next.
    std::vector<std::vector<LonLat>> land_rings;
    std::vector<bool> used(pieces.size(), false);
    for (size_t s = 0; s < pieces.size(); ++s) {
        if (used[s]) continue;
        std::vector<LonLat> ring;
        size_t cur = s;
        bool closed = false;
        for (size_t steps = 0; steps <= pieces.size(); ++steps) {
            used[cur] = true;
            ring.insert(ring.end(), pieces[cur].points.begin(), pieces[cur].points.end());
            const double out_t = edge.param(pieces[cur].points.back());
            size_t next = pieces.size();
            double best = std::numeric_limits<double>::infinity();
            for (size_t j = 0; j < pieces.size(); ++j) {
                double d = edge.param(pieces[j].points.front()) - out_t;
                if (d < 0) d += 4;
                if (d < best) {
                    best = d;
                    next = j;
                }
            }
            // The corners passed on the way, in order.
            std::vector<std::pair<double, int>> corners;
            for (int k = 0; k < 4; ++k) {
                double d = k - out_t;
                if (d <= 0) d += 4;
                if (d < best) corners.push_back({d, k});
            }
            std::sort(corners.begin(), corners.end());
            for (const auto& c : corners)
                ring.push_back(edge.corner(c.second));
            if (next == s) {
                closed = true;
                break;
            }
            if (next == pieces.size() || used[next]) break;
            cur = next;
        }
        if (!closed) continue;
        ring.push_back(ring.front());
        land_rings.push_back(std::move(ring));
    }

    Geos g;
    const Geom rect = rectangle(g, edge);
    std::vector<Geom> land_parts, water_parts;
    for (const auto& r : land_rings)
        land_parts.push_back(polygon(g, r));
    bool islands = false;
    for (auto& chain : rings) {
        // Counter-clockwise: land inside (an island); clockwise: water inside, land around it.
        const bool island = ring_signed_area(chain.points) > 0;
        if (!island) std::reverse(chain.points.begin(), chain.points.end());
        Geom p = polygon(g, chain.points);
        if (!p) continue;
        Geom clipped = wrap(g, GEOSIntersection_r(g.h, p.get(), rect.get()));
        if (!clipped || GEOSisEmpty_r(g.h, clipped.get()) == 1) continue;
        islands = islands || island;
        (island ? land_parts : water_parts).push_back(std::move(clipped));
    }
    const bool has_land = !land_rings.empty() || islands;
    Geom sea = wrap(g, nullptr);
    if (has_land) {
        Geom all_land = union_all(g, land_parts);
        sea = all_land ? wrap(g, GEOSDifference_r(g.h, rect.get(), all_land.get()))
                       : wrap(g, GEOSGeom_clone_r(g.h, rect.get()));
        if (!water_parts.empty() && sea) {
            water_parts.push_back(std::move(sea));
            sea = union_all(g, water_parts);
        }
    } else if (!water_parts.empty()) {
        sea = union_all(g, water_parts);
    }
    if (!sea || GEOSisEmpty_r(g.h, sea.get()) == 1) {
        if (!open.empty() || !rings.empty())
            result.warnings.push_back("coastline: " + std::to_string(result.coastline_ways) +
                                      " coastline ways, but none runs across the extract from edge to edge or "
                                      "closes around an island: no sea drawn");
        return result;
    }

    const std::vector<LonLat> probe = land_probe(land, bounds);
    if (!probe.empty()) {
        const GEOSPreparedGeometry* prepared = GEOSPrepare_r(g.h, sea.get());
        size_t wet = 0;
        for (const auto& p : probe) {
            Geom pt = wrap(g, GEOSGeom_createPointFromXY_r(g.h, p.lon, p.lat));
            if (pt && GEOSPreparedContains_r(g.h, prepared, pt.get()) == 1) ++wet;
        }
        GEOSPreparedGeom_destroy_r(g.h, prepared);
        result.land_at_sea = static_cast<double>(wet) / static_cast<double>(probe.size());
    }
    if (result.land_at_sea > options.max_land_at_sea) {
        char buf[200];
        std::snprintf(buf, sizeof buf,
                      "coastline: the sea it gives would cover %.0f%% of the buildings (the coastline is broken or "
                      "cut): no sea drawn",
                      100 * result.land_at_sea);
        result.warnings.push_back(buf);
        result.refused = true;
        return result;
    }
    const int64_t source = open.empty() ? rings.front().way_ids.front() : open.front().way_ids.front();
    // One feature, a multipolygon: the sea has one identity (the first coastline way it was built
    // from), as a multipolygon relation would.
    StoredFeature f;
    f.cls = FeatureClass::Sea;
    f.osm_type = 'w';
    f.osm_id = source;
    f.tags_json = R"({"natural":"coastline","oko:built":"sea"})";
    append_polygons(g.h, sea.get(), f);
    // In the local equal-area projection ring repair measures areas in (area_km2), as the report's others.
    result.area_km2 = area_km2(GeometryParts{f.points, f.parts, f.polygons});
    if (!f.polygons.empty()) result.features.push_back(std::move(f));
    return result;
}

} // namespace oko::geo
