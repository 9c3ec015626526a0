#include "geo/base/mercator.hpp"
#include "geo/base/viewport.hpp"

#include <catch2/catch.hpp>

using namespace oko::geo;

TEST_CASE("Mercator matches EPSG:3857 reference values", "[mercator]") {
    // Reference: PROJ `echo 44.8176 20.4573 | cs2cs EPSG:4326 EPSG:3857` (EPSG:4326 is lat, lon).
    const XY belgrade = to_mercator({20.4573, 44.8176});
    CHECK(belgrade.x == Approx(2277296.22).margin(0.01));
    CHECK(belgrade.y == Approx(5592851.90).margin(0.01));
    const LonLat back = from_mercator(belgrade);
    CHECK(back.lon == Approx(20.4573).margin(1e-9));
    CHECK(back.lat == Approx(44.8176).margin(1e-9));
    CHECK(to_mercator({180, 0}).x == Approx(20037508.342789244));
}

TEST_CASE("Viewport maps pixels and world both ways", "[viewport]") {
    BBox box;
    box.extend(0, 0);
    box.extend(1000, 500);
    const Viewport v = Viewport::fit(box, 200, 200);
    CHECK(v.resolution == Approx(5.0));
    const XY tl = v.to_world(0, 0);
    CHECK(tl.x == Approx(0.0));
    CHECK(tl.y == Approx(750.0));
    const XY px = v.to_pixel({1000, 0});
    CHECK(px.x == Approx(200.0));
    CHECK(px.y == Approx(150.0));
}

TEST_CASE("Zooming keeps the point under the cursor fixed", "[viewport]") {
    Viewport v;
    v.center = {100, 100};
    v.resolution = 2;
    v.width = 640;
    v.height = 480;
    const XY before = v.to_world(100, 50);
    v.zoom_at(100, 50, 1.7);
    const XY after = v.to_world(100, 50);
    CHECK(after.x == Approx(before.x));
    CHECK(after.y == Approx(before.y));
    CHECK(v.resolution == Approx(2 / 1.7));
}

TEST_CASE("World file names the centre of the top-left pixel", "[viewport]") {
    Viewport v;
    v.center = {1000, 2000};
    v.resolution = 10;
    v.width = 100;
    v.height = 50;
    const WorldFile wf = v.world_file();
    CHECK(wf.a == 10);
    CHECK(wf.e == -10);
    CHECK(wf.c == Approx(1000 - 500 + 5));
    CHECK(wf.f == Approx(2000 + 250 - 5));
}

TEST_CASE("A picture of another shape fitted inside a view is its largest centred part", "[viewport]") {
    BBox box; // a 1400 x 900 window at 2 m a pixel
    box.extend(1000, 2000);
    box.extend(1000 + 2800, 2000 + 1800);
    // 1920 x 1080 is wider: it takes the whole width and 2800 / 1920 × 1080 = 1575 m of the height.
    const Viewport wide = Viewport::fit_inside(box, 1920, 1080);
    const BBox w = wide.bounds();
    CHECK(w.min_x == Approx(1000.0));
    CHECK(w.max_x == Approx(3800.0));
    CHECK(w.height() == Approx(1575.0));
    CHECK(w.min_y == Approx(2000.0 + (1800.0 - 1575.0) / 2));
    // A square takes the whole height.
    const BBox s = Viewport::fit_inside(box, 1080, 1080).bounds();
    CHECK(s.min_y == Approx(2000.0));
    CHECK(s.max_y == Approx(3800.0));
    CHECK(s.width() == Approx(1800.0));
    CHECK(s.center().x == Approx(2400.0));
}
