#include <cmath>
#include <random>

#include <catch2/catch.hpp>

#include "geo/points/point_duplicates.hpp"

using namespace oko::geo;

TEST_CASE("Geodesic distance matches known values", "[point][duplicates]") {
    // One degree of latitude at the equator and of longitude there, on WGS84 (Bowring's tables).
    CHECK(geodesic_distance_m(0, 0, 0, 1) == Approx(110574.389).margin(0.01));
    CHECK(geodesic_distance_m(0, 0, 1, 0) == Approx(111319.491).margin(0.01));
}

TEST_CASE("Duplicate index finds the nearest point within the distance at any latitude", "[point][duplicates]") {
    for (double lat : {0.0, 44.8, 62.2, 89.9}) {
        DuplicateIndex index(3.0);
        index.insert(20.0, lat, 1, false);
        const double metre_lat = 1 / 111'000.0;
        CHECK(index.nearest(20.0, lat + 2.5 * metre_lat));
        CHECK_FALSE(index.nearest(20.0, lat + 3.5 * metre_lat));
        const double metre_lon = metre_lat / std::cos(lat * M_PI / 180);
        CHECK(index.nearest(20.0 + 2.5 * metre_lon, lat));
        CHECK_FALSE(index.nearest(20.0 + 3.5 * metre_lon, lat));
    }
    // Across the antimeridian.
    DuplicateIndex index(3.0);
    index.insert(179.999999, 10, 7, true);
    const auto match = index.nearest(-179.999999, 10);
    REQUIRE(match);
    CHECK(match->ref == 7);
    CHECK(match->existing);

    // Over the pole: two points 2 m apart on opposite meridians.
    DuplicateIndex polar(3.0);
    polar.insert(0, 89.99999, 1, false);
    const auto over = polar.nearest(180, 89.99999);
    REQUIRE(over);
    CHECK(over->distance_m == Approx(geodesic_distance_m(0, 89.99999, 180, 89.99999)));

    // Growing the table keeps what is in it.
    DuplicateIndex grown(3.0);
    grown.insert(20.45, 44.81, 5, false);
    grown.reserve(100'000);
    REQUIRE(grown.nearest(20.45, 44.81));
    CHECK(grown.nearest(20.45, 44.81)->ref == 5);
}

TEST_CASE("Duplicate index agrees with brute force on random points", "[point][duplicates]") {
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> lon(20.40, 20.41), lat(44.80, 44.81);
    std::vector<std::pair<double, double>> points;
    DuplicateIndex index(25.0);
    for (int i = 0; i < 3000; ++i) {
        const double x = lon(rng), y = lat(rng);
        double best = 1e18;
        int64_t best_ref = -1;
        for (size_t j = 0; j < points.size(); ++j) {
            const double d = geodesic_distance_m(x, y, points[j].first, points[j].second);
            if (d < best) {
                best = d;
                best_ref = static_cast<int64_t>(j);
            }
        }
        const auto match = index.nearest(x, y);
        if (best <= 25.0) {
            REQUIRE(match);
            CHECK(match->ref == best_ref);
            CHECK(match->distance_m == Approx(best));
        } else {
            CHECK_FALSE(match);
        }
        index.insert(x, y, static_cast<int64_t>(points.size()), false);
        points.emplace_back(x, y);
    }
    CHECK(index.size() == 3000);
}
