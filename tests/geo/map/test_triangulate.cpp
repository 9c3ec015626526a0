#include "geo/base/mercator.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/map/triangulate.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

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
    for (uint32_t i : tris) CHECK(i != 4);  // the repeated closing point is never used
    CHECK(polygon_area(pts, rings) == Approx(100 - 9));
    CHECK(triangles_area(pts, tris) == Approx(91).epsilon(1e-9));
    // 8 distinct vertices, one hole: n + 2h - 2 triangles.
    CHECK(tris.size() / 3 == 8);
}

TEST_CASE("A large concave ring with several holes keeps its area", "[triangulate]") {
    // A 2000-point star (concave everywhere) with 3 small square holes: exercises the z-order path.
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
        for (const auto& p : f.points) g.points.push_back(to_mercator(p));
        g.parts = f.parts;
        const auto rings = rings_of(g, 0, g.part_count());
        REQUIRE(indices_valid(f.triangles, g.points.size()));
        const double expected = polygon_area(g.points, rings);
        CHECK(std::abs(triangles_area(g.points, f.triangles) - expected) / expected < 1e-6);
        ++checked;
    }
    CHECK(checked == 2);  // the park (with its hole) and the L-shaped building
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
        for (const auto& p : f.points) xy.push_back(to_mercator(p));
        double expected = 0;
        for (size_t p = 0; p < f.polygons.size(); ++p) {
            const size_t last = p + 1 < f.polygons.size() ? f.polygons[p + 1] : f.parts.size();
            std::vector<RingRange> rings;
            for (size_t r = f.polygons[p]; r < last; ++r)
                rings.push_back({f.parts[r], r + 1 < f.parts.size() ? f.parts[r + 1] : static_cast<uint32_t>(xy.size())});
            expected += polygon_area(xy, rings);
        }
        if (expected > 0 && std::abs(triangles_area(xy, f.triangles) - expected) / expected < 1e-6) ++exact;
    }
    INFO(exact << " of " << areas << " areas exact");
    CHECK(areas > 30000);
    // Self-intersecting OSM rings (a bow-tie building) have no exact fill; they are rare.
    CHECK(static_cast<double>(exact) / static_cast<double>(areas) > 0.998);
}
