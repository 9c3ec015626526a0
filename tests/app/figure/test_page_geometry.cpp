// Geometry brought to a page: clipped rings keep the area inside the page (against the
// shoelace formula over the hand-clipped polygon), lines keep every segment that touches it, and
// thinning drops only vertices closer than the step.

#include "app/figure/page_geometry.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace oko;
using app::figure::PageGeometry;

namespace {

double shoelace(const std::vector<geo::XY>& ring) {
    double a = 0;
    for (size_t i = 0; i < ring.size(); ++i) {
        const auto& p = ring[i];
        const auto& q = ring[(i + 1) % ring.size()];
        a += p.x * q.y - q.x * p.y;
    }
    return std::abs(a) / 2;
}

// A 100 x 100 px page at 1 m per px, its top-left corner at world (0, 100).
geo::Viewport page_view() {
    geo::Viewport v;
    v.center = {50, 50};
    v.resolution = 1;
    v.width = 100;
    v.height = 100;
    return v;
}

} // namespace

TEST_CASE("A ring across the page's edge is cut at the margin, the part inside kept whole", "[figure]") {
    const PageGeometry page(page_view(), 10);
    // World square from (-50, 20) to (50, 80): on the page x from -50 to 50, y from 20 to 80.
    const std::vector<geo::XY> ring{{-50, 20}, {50, 20}, {50, 80}, {-50, 80}, {-50, 20}};
    app::figure::Parts out;
    page.add_ring(ring.data(), ring.size(), out);
    REQUIRE(out.size() == 1);
    // Kept: x from -10 (the margin) to 50, y 20..80 on the page: 60 x 60.
    CHECK(shoelace(out[0]) == Approx(60.0 * 60.0));
    for (const auto& p : out[0]) {
        CHECK(p.x >= -10 - 1e-9);
        CHECK(p.y >= 20 - 1e-9);
    }
    // Wholly outside: nothing.
    const std::vector<geo::XY> far{{500, 500}, {600, 500}, {600, 600}};
    out.clear();
    page.add_ring(far.data(), far.size(), out);
    CHECK(out.empty());
}

TEST_CASE("A line keeps the runs of segments that touch the page, and its vertices are thinned", "[figure]") {
    const PageGeometry page(page_view(), 0);
    // In, out far to the right, back in: two runs.
    const std::vector<geo::XY> line{{10, 50}, {20, 50}, {500, 50}, {600, 50}, {700, 50}, {30, 40}, {40, 40}};
    app::figure::Parts out;
    page.add_line(line.data(), line.size(), out);
    REQUIRE(out.size() == 2);
    CHECK(out[0].size() == 3); // (10,50) (20,50) (500,50)
    CHECK(out[1].size() == 3); // (700,50) (30,40) (40,40) on the page (y flipped)
    CHECK(out[1].back().x == Approx(40));
    CHECK(out[1].back().y == Approx(60));

    // Vertices 0.1 px apart: only those a step of 0.25 px or more from the last kept remain.
    std::vector<geo::XY> dense;
    for (int i = 0; i <= 100; ++i)
        dense.push_back({i * 0.1, 0});
    const auto thin = app::figure::thin(dense, 0.25);
    CHECK(thin.front().x == 0);
    CHECK(thin.back().x == Approx(10));
    // Every third vertex (0.3 px apart) and the last: 34 vertices.
    CHECK(thin.size() == 34);
    for (size_t i = 1; i + 1 < thin.size(); ++i)
        CHECK(thin[i].x - thin[i - 1].x >= 0.25);
}
