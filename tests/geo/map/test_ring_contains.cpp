#include "geo/map/ring_contains.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace oko::geo;

namespace {

// The shoelace area of a simple ring.
double area(const std::vector<XY>& ring) {
    double twice = 0;
    for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
        twice += ring[j].x * ring[i].y - ring[i].x * ring[j].y;
    return std::abs(twice) / 2;
}

// The unit squares of [0, n)² whose centre is inside `ring`.
int centres_inside(const std::vector<XY>& ring, int n) {
    int inside = 0;
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x)
            inside += ring_contains(ring, {x + 0.5, y + 0.5});
    return inside;
}

} // namespace

TEST_CASE("A concave ring on the unit grid holds as many square centres as its area", "[ring_contains]") {
    // A U and a comb, their edges on the grid: every unit square is wholly in or out, so the
    // count of centres inside is the shoelace area, computed without the rule.
    const std::vector<XY> u{{1, 1}, {9, 1}, {9, 9}, {6, 9}, {6, 4}, {4, 4}, {4, 9}, {1, 9}};
    CHECK(area(u) == 54);
    CHECK(centres_inside(u, 10) == 54);
    const std::vector<XY> comb{{0, 0},  {10, 0}, {10, 10}, {8, 10}, {8, 2},  {6, 2},
                               {6, 10}, {4, 10}, {4, 2},   {2, 2},  {2, 10}, {0, 10}};
    CHECK(centres_inside(comb, 10) == static_cast<int>(area(comb)));
    CHECK(area(comb) == 68);
    // Closed (the first vertex repeated at the end) or open, clockwise or not: the same.
    auto closed = u;
    closed.push_back(u.front());
    CHECK(centres_inside(closed, 10) == 54);
    const std::vector<XY> reversed(u.rbegin(), u.rend());
    CHECK(centres_inside(reversed, 10) == 54);
    // The notch of the U is outside, its arms inside.
    CHECK_FALSE(ring_contains(u, {5, 6}));
    CHECK(ring_contains(u, {2, 6}));
    CHECK(ring_contains(u, {8, 6}));
}

TEST_CASE("A ray through a vertex counts the ring once", "[ring_contains]") {
    const std::vector<XY> diamond{{0, 1}, {1, 0}, {0, -1}, {-1, 0}};
    CHECK(ring_contains(diamond, {-0.5, 0}));
    CHECK(ring_contains(diamond, {0.5, 0}));
    CHECK_FALSE(ring_contains(diamond, {-2, 0})); // the ray passes both side vertices
    CHECK_FALSE(ring_contains(diamond, {2, 0}));
    CHECK_FALSE(ring_contains(diamond, {0, 1.5}));
}

TEST_CASE("A ring that crosses itself: what it winds around twice is outside", "[ring_contains]") {
    // A pentagram drawn in one stroke: its five tips are inside, the pentagon at its centre
    // (wound around twice) is not.
    std::vector<XY> star;
    for (int k = 0; k < 5; ++k) {
        const double a = M_PI / 2 + k * 4 * M_PI / 5;
        star.push_back({std::cos(a), std::sin(a)});
    }
    CHECK_FALSE(ring_contains(star, {0, 0}));
    CHECK(ring_contains(star, {0, 0.7})); // the upper tip
    CHECK_FALSE(ring_contains(star, {0, 1.1}));
    // A bowtie: both loops inside, outside above and below the crossing.
    const std::vector<XY> bowtie{{0, 0}, {2, 2}, {2, 0}, {0, 2}};
    CHECK(ring_contains(bowtie, {0.3, 1}));
    CHECK(ring_contains(bowtie, {1.7, 1}));
    CHECK_FALSE(ring_contains(bowtie, {1, 1.7}));
    CHECK_FALSE(ring_contains(bowtie, {1, 0.3}));
    // A square traced twice holds nothing.
    const std::vector<XY> twice{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}, {1, 0}, {1, 1}, {0, 1}};
    CHECK_FALSE(ring_contains(twice, {0.5, 0.5}));
}

TEST_CASE("Fewer than three vertices enclose nothing; rings of a geometry are holes in one another",
          "[ring_contains]") {
    CHECK_FALSE(ring_contains(std::vector<XY>{}, {0, 0}));
    CHECK_FALSE(ring_contains(std::vector<XY>{{0, 0}, {1, 1}}, {0.5, 0.5}));
    Geometry g;
    g.kind = GeomKind::Area;
    g.points = {{0, 0}, {4, 0}, {4, 4}, {0, 4}, {1, 1}, {3, 1}, {3, 3}, {1, 3}};
    g.parts = {0, 4};
    CHECK(ring_contains(g, 0, {2, 2}));
    CHECK(ring_contains(g, 1, {2, 2}));
    CHECK_FALSE(inside_rings(g, {2, 2})); // in the hole
    CHECK(inside_rings(g, {0.5, 2}));
    CHECK_FALSE(inside_rings(g, {5, 2}));
}
