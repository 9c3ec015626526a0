#include "geo/base/mercator.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/map/triangulate.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <geos_c.h>

#include <cmath>
#include <vector>

using namespace oko::geo;

namespace {

std::vector<RingRange> rings_of(const Geometry& g, size_t first, size_t last) {
    std::vector<RingRange> rings;
    for (size_t r = first; r < last; ++r)
        rings.push_back({static_cast<uint32_t>(g.part_begin(r)), static_cast<uint32_t>(g.part_end(r))});
    return rings;
}

bool indices_valid(const std::vector<uint32_t>& tris, size_t n) {
    if (tris.size() % 3 != 0) return false;
    for (uint32_t i : tris)
        if (i >= n) return false;
    return true;
}

} // namespace

TEST_CASE("A square with a square hole is covered exactly", "[triangulate]") {
    // Outer counter-clockwise and closed, hole clockwise and open: both conventions occur in OSM.
    const std::vector<XY> pts{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}, {3, 3}, {3, 6}, {6, 6}, {6, 3}};
    const std::vector<RingRange> rings{{0, 5}, {5, 9}};
    std::vector<uint32_t> tris;
    triangulate(pts, rings, tris);
    REQUIRE(indices_valid(tris, pts.size()));
    for (uint32_t i : tris)
        CHECK(i != 4); // the repeated closing point is never used
    CHECK(polygon_area(pts, rings) == Approx(100 - 9));
    CHECK(triangles_area(pts, tris) == Approx(91).epsilon(1e-9));
    // 8 distinct vertices, one hole: n + 2h - 2 triangles.
    CHECK(tris.size() / 3 == 8);
}

TEST_CASE("A large concave ring with several holes keeps its area", "[triangulate]") {
    // A 2000-point star (concave everywhere) with 3 small square holes: exercises the grid of reflex vertices.
    std::vector<XY> pts;
    const int n = 2000;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * 3.14159265358979 * i / n;
        const double r = (i % 2 ? 100.0 : 80.0) + 5 * std::sin(7 * a);
        pts.push_back({r * std::cos(a), r * std::sin(a)});
    }
    std::vector<RingRange> rings{{0, static_cast<uint32_t>(n)}};
    for (int h = 0; h < 3; ++h) {
        const auto b = static_cast<uint32_t>(pts.size());
        const double cx = -30 + 30 * h;
        pts.insert(pts.end(), {{cx, -5}, {cx + 10, -5}, {cx + 10, 5}, {cx, 5}});
        rings.push_back({b, b + 4});
    }
    std::vector<uint32_t> tris;
    triangulate(pts, rings, tris);
    REQUIRE(indices_valid(tris, pts.size()));
    const double expected = polygon_area(pts, rings);
    CHECK(std::abs(triangles_area(pts, tris) - expected) / expected < 1e-6);
}

TEST_CASE("The fixture park's triangles cover the park minus its hole", "[triangulate][osm]") {
    const auto extract = read_osm(std::filesystem::path(OKO_TEST_FIXTURES) / "osm/n15-w4-r1-park-with-hole.osm");
    int checked = 0;
    for (const auto& f : extract.features) {
        if (f.kind() != GeomKind::Area) continue;
        Geometry g;
        for (const auto& p : f.points)
            g.points.push_back(to_mercator(p));
        g.parts = f.parts;
        const auto rings = rings_of(g, 0, g.part_count());
        REQUIRE(indices_valid(f.triangles, g.points.size()));
        const double expected = polygon_area(g.points, rings);
        CHECK(std::abs(triangles_area(g.points, f.triangles) - expected) / expected < 1e-6);
        ++checked;
    }
    CHECK(checked == 2); // the park (with its hole) and the L-shaped building
}

TEST_CASE("Every area of Novi Sad is triangulated to its own area", "[triangulate][osm]") {
    const auto pbf = oko::test::shared_data("osm/novi_sad_center.osm.pbf");
    if (!pbf) return;
    const auto extract = read_osm(*pbf);
    size_t areas = 0, exact = 0;
    for (const auto& f : extract.features) {
        if (f.kind() != GeomKind::Area || f.cls == FeatureClass::AdminBoundary) continue;
        ++areas;
        std::vector<XY> xy;
        for (const auto& p : f.points)
            xy.push_back(to_mercator(p));
        double expected = 0;
        for (size_t p = 0; p < f.polygons.size(); ++p) {
            const size_t last = p + 1 < f.polygons.size() ? f.polygons[p + 1] : f.parts.size();
            std::vector<RingRange> rings;
            for (size_t r = f.polygons[p]; r < last; ++r)
                rings.push_back(
                    {f.parts[r], r + 1 < f.parts.size() ? f.parts[r + 1] : static_cast<uint32_t>(xy.size())});
            expected += polygon_area(xy, rings);
        }
        if (expected > 0 && std::abs(triangles_area(xy, f.triangles) - expected) / expected < 1e-6) ++exact;
    }
    INFO(exact << " of " << areas << " areas exact");
    CHECK(areas > 30000);
    // Self-intersecting OSM rings (a bow-tie building) have no exact fill; they are rare.
    CHECK(static_cast<double>(exact) / static_cast<double>(areas) > 0.998);
}

namespace {

// Area of the polygon as GEOS computes it (made valid first when it is not), independent of
// the triangulator. Rings are closed here when they are not.
double geos_area(const std::vector<XY>& pts, const std::vector<RingRange>& rings) {
    GEOSContextHandle_t h = GEOS_init_r();
    std::vector<GEOSGeometry*> lrs;
    for (const auto& r : rings) {
        std::vector<XY> ring(pts.begin() + r.begin, pts.begin() + r.end);
        if (ring.front().x != ring.back().x || ring.front().y != ring.back().y) ring.push_back(ring.front());
        GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(ring.size()), 2);
        for (size_t i = 0; i < ring.size(); ++i)
            GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(i), ring[i].x, ring[i].y);
        lrs.push_back(GEOSGeom_createLinearRing_r(h, seq));
    }
    GEOSGeometry* poly = GEOSGeom_createPolygon_r(h, lrs[0], lrs.data() + 1, static_cast<unsigned>(lrs.size() - 1));
    if (GEOSisValid_r(h, poly) != 1) {
        GEOSGeometry* valid = GEOSMakeValid_r(h, poly);
        GEOSGeom_destroy_r(h, poly);
        poly = valid;
    }
    double area = 0;
    GEOSArea_r(h, poly, &area);
    GEOSGeom_destroy_r(h, poly);
    GEOS_finish_r(h);
    return area;
}

double fill_area(const std::vector<XY>& pts, const std::vector<RingRange>& rings) {
    std::vector<uint32_t> tris;
    triangulate(pts, rings, tris);
    REQUIRE(indices_valid(tris, pts.size()));
    return triangles_area(pts, tris);
}

} // namespace

TEST_CASE("A hole touching the outer ring at a vertex is left out of the fill", "[triangulate]") {
    const std::vector<XY> pts{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 5}, {0, 5}, {4, 4}, {4, 6}};
    const std::vector<RingRange> rings{{0, 5}, {5, 8}};
    const double expected = geos_area(pts, rings);
    CHECK(expected == Approx(96));
    CHECK(fill_area(pts, rings) == Approx(expected).epsilon(1e-9));
}

TEST_CASE("A hole touching the outer ring at two vertices is left out of the fill", "[triangulate]") {
    // Invalid (the hole cuts the interior in two): made valid, it is two polygons.
    const std::vector<XY> pts{{0, 0}, {10, 0}, {10, 5}, {10, 10}, {0, 10}, {0, 5}, {0, 5}, {5, 4}, {10, 5}, {5, 6}};
    const std::vector<RingRange> rings{{0, 6}, {6, 10}};
    const double expected = geos_area(pts, rings);
    CHECK(expected == Approx(90));
    CHECK(fill_area(pts, rings) == Approx(expected).epsilon(1e-9));
}

TEST_CASE("Duplicate points, a clockwise open ring and a spike still fill", "[triangulate]") {
    SECTION("duplicates, clockwise, open") {
        const std::vector<XY> pts{{0, 0}, {0, 0}, {0, 10}, {10, 10}, {10, 10}, {10, 10}, {10, 0}};
        const std::vector<RingRange> rings{{0, 7}};
        CHECK(fill_area(pts, rings) == Approx(geos_area(pts, rings)).epsilon(1e-9));
        CHECK(geos_area(pts, rings) == Approx(100));
    }
    SECTION("a spike out and back") {
        const std::vector<XY> pts{{0, 0}, {10, 0}, {10, 10}, {15, 15}, {10, 10}, {0, 10}, {0, 0}};
        const std::vector<RingRange> rings{{0, 7}};
        CHECK(fill_area(pts, rings) == Approx(geos_area(pts, rings)).epsilon(1e-9));
        CHECK(geos_area(pts, rings) == Approx(100));
    }
    SECTION("a ring touching itself at a vertex") {
        const std::vector<XY> pts{{0, 0}, {10, 0}, {5, 5}, {10, 10}, {0, 10}, {5, 5}, {0, 0}};
        const std::vector<RingRange> rings{{0, 7}};
        CHECK(fill_area(pts, rings) == Approx(geos_area(pts, rings)).epsilon(1e-9));
        CHECK(geos_area(pts, rings) == Approx(50));
    }
}

TEST_CASE("A ring that crosses itself still fills, about its valid area", "[triangulate]") {
    // Triangles can use input points only, and the crossing is none: the fill is approximate.
    SECTION("a building with a twisted corner") {
        const std::vector<XY> pts{{0, 0}, {10, 0}, {10, 10}, {0, 9}, {1, 10}, {0, 0}};
        const std::vector<RingRange> rings{{0, 6}};
        const double expected = geos_area(pts, rings);
        CHECK(expected == Approx(91.318).epsilon(1e-4));
        CHECK(std::abs(fill_area(pts, rings) - expected) / expected < 0.05);
    }
    SECTION("a bow-tie") {
        const std::vector<XY> pts{{0, 0}, {10, 10}, {10, 0}, {0, 10}};
        const std::vector<RingRange> rings{{0, 4}};
        const double expected = geos_area(pts, rings);
        CHECK(expected == Approx(50));
        CHECK(fill_area(pts, rings) == Approx(expected));
    }
}
