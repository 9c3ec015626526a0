// Hexagon and square bins, checked against independent computations: a brute-force
// point-in-polygon (ray crossing) of every point against the cells' own polygons, counts by hand,
// cell areas by SpatiaLite's geodesic ST_Area(geom, 1) (RTTOPO's ellipsoid, not PROJ) and by the
// closed formulas of a regular hexagon and a square.

#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/density/cell_bins.hpp"
#include "support/spatialite_db.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>

using namespace oko;
using geo::CellShape;

namespace {

// Novi Sad's centre.
constexpr double kLon = 19.845;
constexpr double kLat = 45.255;

std::vector<geo::XY> random_points(size_t n, uint32_t seed, double half_width_m, double lon = kLon, double lat = kLat) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    const geo::XY c = geo::to_mercator({lon, lat});
    const double h = half_width_m / std::cos(lat * M_PI / 180.0); // Mercator metres
    std::vector<geo::XY> out(n);
    for (auto& p : out)
        p = {c.x + u(rng) * h, c.y + u(rng) * h};
    return out;
}

// Even-odd ray crossing: strictly inside, or outside; `edge` when within 1e-6 m of an edge.
enum class Where { inside, outside, edge };
Where locate(const geo::BinCell& cell, geo::XY p) {
    bool in = false;
    for (int i = 0, j = cell.corner_count - 1; i < cell.corner_count; j = i++) {
        const auto a = cell.corners[static_cast<size_t>(i)], b = cell.corners[static_cast<size_t>(j)];
        const double dx = b.x - a.x, dy = b.y - a.y;
        const double t = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
        if (std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y) < 1e-6) return Where::edge;
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
    }
    return in ? Where::inside : Where::outside;
}

// SpatiaLite in memory, for the geodesic area in m² of a cell's polygon with its corners in lon/lat.
struct Spatialite : test::SpatiaLiteDb {
    double area_m2(const geo::BinCell& cell) const {
        std::string wkt = "POLYGON((";
        for (int i = 0; i <= cell.corner_count; ++i) {
            const auto ll = geo::from_mercator(cell.corners[static_cast<size_t>(i % cell.corner_count)]);
            char buf[80];
            std::snprintf(buf, sizeof buf, "%s%.12f %.12f", i ? ", " : "", ll.lon, ll.lat);
            wkt += buf;
        }
        wkt += "))";
        return number("SELECT ST_Area(GeomFromText(?, 4326), 1)", {wkt});
    }
};

} // namespace

TEST_CASE("Cell shapes have names that parse back", "[density][bins]") {
    for (auto s : {CellShape::hexagon, CellShape::square})
        CHECK(geo::parse_cell_shape(geo::cell_shape_name(s)) == s);
    CHECK(geo::parse_cell_shape("hex") == CellShape::hexagon);
    CHECK(geo::parse_cell_shape("grid") == CellShape::square);
    CHECK_FALSE(geo::parse_cell_shape("triangle"));
}

TEST_CASE("Every point lands in the cell whose polygon holds it, and counts add up", "[density][bins]") {
    const auto shape = GENERATE(CellShape::hexagon, CellShape::square);
    const double size = GENERATE(37.0, 250.0, 1000.0);
    const auto points = random_points(20000, 7, 3000);
    std::vector<uint8_t> pass(points.size());
    std::vector<float> weights(points.size());
    for (size_t i = 0; i < points.size(); ++i) {
        pass[i] = i % 3 != 0;
        weights[i] = static_cast<float>(1 + i % 5);
    }
    const geo::CellBinSpec spec{shape, size};
    const auto bins = geo::bin_points(points, pass, weights, spec, kLat);
    INFO(bins.method);

    int64_t passing = 0;
    for (auto p : pass)
        passing += p;
    CHECK(bins.points == passing);

    // By brute force: each passing point in the one cell whose polygon holds it.
    std::map<std::pair<int64_t, int64_t>, std::pair<int64_t, double>> by_hand;
    const geo::CellLattice lattice(spec, kLat);
    for (size_t i = 0; i < points.size(); ++i) {
        if (!pass[i]) continue;
        geo::BinCell cell;
        cell.id = lattice.cell_at(points[i]);
        cell.corners = lattice.corners(cell.id);
        cell.corner_count = lattice.corner_count();
        REQUIRE(locate(cell, points[i]) != Where::outside);
        auto& [count, weight] = by_hand[{cell.id.col, cell.id.row}];
        ++count;
        weight += weights[i];
    }
    int64_t sum = 0;
    REQUIRE(bins.cells.size() == by_hand.size());
    for (const auto& cell : bins.cells) {
        const auto it = by_hand.find({cell.id.col, cell.id.row});
        REQUIRE(it != by_hand.end());
        CHECK(cell.count == it->second.first);
        CHECK(cell.weight == Approx(it->second.second));
        sum += cell.count;
    }
    CHECK(sum == passing);

    // And no point is inside another cell of the lattice (the neighbours of its own).
    for (size_t i = 0; i < points.size(); i += 7) {
        const auto own = lattice.cell_at(points[i]);
        for (int64_t dr = -1; dr <= 1; ++dr)
            for (int64_t dc = -1; dc <= 1; ++dc) {
                if (!dr && !dc) continue;
                geo::BinCell other;
                other.id = {own.col + dc, own.row + dr};
                other.corners = lattice.corners(other.id);
                other.corner_count = lattice.corner_count();
                CHECK(locate(other, points[i]) != Where::inside);
            }
    }
}

TEST_CASE("Cells come north to south, west to east, and do not move when the filter changes", "[density][bins]") {
    const auto points = random_points(5000, 11, 2000);
    const geo::CellBinSpec spec{CellShape::hexagon, 200};
    const auto all = geo::bin_points(points, {}, {}, spec, kLat);
    CHECK(all.method ==
          "hexagons of 200 m side (pointy-topped, 346 m flat to flat), regular in Web Mercator, anchored at Web "
          "Mercator (0, 0), sized at 45.2550°N (1 Mercator metre = 0.7040 ground metres there); edges straight in "
          "Web Mercator; each cell's area geodesic on the WGS84 ellipsoid (PROJ geod_polygonarea of its corners)");
    for (size_t i = 1; i < all.cells.size(); ++i) {
        const auto a = all.cells[i - 1].id, b = all.cells[i].id;
        CHECK((a.row > b.row || (a.row == b.row && a.col < b.col)));
    }
    std::vector<uint8_t> pass(points.size(), 0);
    for (size_t i = 0; i < points.size(); i += 4)
        pass[i] = 1;
    const auto some = geo::bin_points(points, pass, {}, spec, kLat);
    REQUIRE(some.points == static_cast<int64_t>((points.size() + 3) / 4));
    std::map<std::pair<int64_t, int64_t>, const geo::BinCell*> index;
    for (const auto& c : all.cells)
        index[{c.id.col, c.id.row}] = &c;
    for (const auto& c : some.cells) {
        const auto* same = index.at({c.id.col, c.id.row});
        CHECK(c.corners == same->corners);
        CHECK(c.area_km2 == same->area_km2);
        CHECK(c.count <= same->count);
    }
}

TEST_CASE("Cell areas equal SpatiaLite's geodesic ST_Area within 0.1 %", "[density][bins]") {
    Spatialite db;
    const auto shape = GENERATE(CellShape::hexagon, CellShape::square);
    const double size = GENERATE(100.0, 250.0, 5000.0);
    // Novi Sad, and a place far north where Mercator's scale changes fast across a cell.
    // (Literals: Catch2 v2's GENERATE keeps a reference to a named constant, which dangles.)
    const double lat = GENERATE(45.255, 69.65);
    const auto points = random_points(3000, 3, 4 * size, kLon, lat);
    const auto bins = geo::bin_points(points, {}, {}, {shape, size}, lat);
    REQUIRE(!bins.cells.empty());
    for (size_t i = 0; i < bins.cells.size(); i += std::max<size_t>(1, bins.cells.size() / 40)) {
        const auto& cell = bins.cells[i];
        const double expected_km2 = db.area_m2(cell) / 1e6;
        INFO("cell " << cell.id.col << "," << cell.id.row << " at " << lat << "°N, size " << size);
        CHECK(cell.area_km2 == Approx(expected_km2).epsilon(0.001));
        CHECK(cell.per_km2() == Approx(cell.count / expected_km2).epsilon(0.001));
    }
}

TEST_CASE("A cell of size S has the ground area of its formula at 45°N", "[density][bins]") {
    const double size = GENERATE(50.0, 250.0, 1000.0);
    const double lon = 19.0, lat = 45.0;
    const auto p = geo::to_mercator({lon, lat});
    {
        const geo::CellLattice hex({CellShape::hexagon, size}, lat);
        const auto id = hex.cell_at(p);
        INFO("hexagon " << size << " m, centre at " << geo::from_mercator(hex.centre(id)).lat << "°N");
        CHECK(hex.area_km2(id) * 1e6 == Approx(3.0 * std::sqrt(3.0) / 2.0 * size * size).epsilon(0.005));
    }
    {
        const geo::CellLattice square({CellShape::square, size}, lat);
        CHECK(square.area_km2(square.cell_at(p)) * 1e6 == Approx(size * size).epsilon(0.005));
    }
}

TEST_CASE("The estimate of cells bounds the cells that cover a region", "[density][bins]") {
    const auto shape = GENERATE(CellShape::hexagon, CellShape::square);
    const double size = GENERATE(50.0, 300.0);
    const geo::XY c = geo::to_mercator({kLon, kLat});
    const geo::BBox region{c.x - 4000, c.y - 2500, c.x + 4000, c.y + 2500};
    // Points on a fine raster over the region reach every cell that overlaps it.
    std::vector<geo::XY> points;
    for (double y = region.min_y; y <= region.max_y; y += 5)
        for (double x = region.min_x; x <= region.max_x; x += 5)
            points.push_back({x, y});
    const geo::CellBinSpec spec{shape, size};
    const auto bins = geo::bin_points(points, {}, {}, spec, kLat);
    const double estimate = geo::estimate_cells(region, spec, kLat);
    const double merc = geo::CellLattice(spec, kLat).mercator_size();
    INFO(bins.cells.size() << " cells, estimated " << estimate);
    CHECK(estimate >= static_cast<double>(bins.cells.size()));
    // Within one extra row and column of cells.
    const double rows = region.height() / (shape == CellShape::hexagon ? 1.5 * merc : merc);
    const double cols = region.width() / (shape == CellShape::hexagon ? std::sqrt(3.0) * merc : merc);
    CHECK(estimate <= static_cast<double>(bins.cells.size()) + 2 * (rows + cols) + 4);
    CHECK(geo::estimate_cells({}, spec, kLat) == 0.0);
}

TEST_CASE("Bins refuse sizes, latitudes and spans that cannot be right", "[density][bins]") {
    const auto points = random_points(10, 1, 100);
    CHECK_THROWS_WITH(geo::bin_points(points, {}, {}, {CellShape::hexagon, 0.0}, kLat),
                      Catch::Contains("between 1 m and 1000000 m") && Catch::Contains("not 0 m"));
    CHECK_THROWS_AS(geo::bin_points(points, {}, {}, {CellShape::square, NAN}, kLat), geo::Error);
    CHECK_THROWS_WITH(geo::bin_points(points, {}, {}, {CellShape::square, 100}, 89.0),
                      Catch::Contains("latitude") && Catch::Contains("89"));
    const std::vector<uint8_t> pass(3, 1);
    CHECK_THROWS_WITH(geo::bin_points(points, pass, {}, {}, kLat), Catch::Contains("pass flags (3)"));
    const std::vector<float> weights(4, 1.0f);
    CHECK_THROWS_WITH(geo::bin_points(points, {}, weights, {}, kLat), Catch::Contains("weights (4)"));
    // Points without a position are not counted; nothing at all gives no cells.
    std::vector<geo::XY> with_nan = points;
    with_nan[2] = {NAN, 0};
    CHECK(geo::bin_points(with_nan, {}, {}, {}, kLat).points == 9);
    CHECK(geo::bin_points({}, {}, {}, {}, kLat).cells.empty());
}

TEST_CASE("Points spread over a country are counted by sorting, as the dense ones are", "[density][bins]") {
    // Two clusters 1,000 km apart: too far for the dense array at 10 m.
    auto points = random_points(2000, 5, 200);
    const auto far = random_points(2000, 6, 200, 5.0, 52.0);
    points.insert(points.end(), far.begin(), far.end());
    const geo::CellBinSpec spec{CellShape::square, 10};
    const auto bins = geo::bin_points(points, {}, {}, spec, kLat);
    const geo::CellLattice lattice(spec, kLat);
    std::map<std::pair<int64_t, int64_t>, int64_t> by_hand;
    for (const auto& p : points) {
        const auto id = lattice.cell_at(p);
        ++by_hand[{id.col, id.row}];
    }
    REQUIRE(bins.cells.size() == by_hand.size());
    for (const auto& c : bins.cells)
        CHECK(c.count == by_hand.at({c.id.col, c.id.row}));
}

// Speed is measured, not asserted (a timed unit test fails on a loaded or sanitized build): run it
// with `oko_tests_geo "[bench]"`.
TEST_CASE("Binning a million points: its time", "[.][bench][density][bins]") {
    const auto points = random_points(1'000'000, 42, 10000);
    std::vector<uint8_t> pass(points.size(), 1);
    // CPU time of this (single-threaded) process, so that other processes on the machine do not
    // count; the best of three.
    double best = 1e9, wall = 1e9;
    geo::CellBins bins;
    for (int run = 0; run < 3; ++run) {
        const auto t0 = std::chrono::steady_clock::now();
        const std::clock_t c0 = std::clock();
        bins = geo::bin_points(points, pass, {}, {CellShape::hexagon, 250}, kLat);
        best = std::min(best, 1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
        wall = std::min(wall, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    WARN("1,000,000 points into " << bins.cells.size() << " hexagons: " << best << " ms CPU, " << wall << " ms wall");
    CHECK(bins.points == 1'000'000);
    CHECK(bins.cells.size() > 1000);
}
