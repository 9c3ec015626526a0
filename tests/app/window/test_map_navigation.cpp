#include "app/commands/commands.hpp"
#include "app/window/map_navigation.hpp"

#include <catch2/catch.hpp>

using namespace oko;

TEST_CASE("Keys zoom around the centre and pan by a quarter screen", "[navigation]") {
    geo::BBox home;
    home.extend(0, 0);
    home.extend(4000, 2000);
    app::MapNavigation nav(home);
    geo::Viewport v;
    v.width = 800;
    v.height = 400;
    nav.reset(v);
    CHECK(v.center.x == Approx(2000));
    CHECK(v.center.y == Approx(1000));
    const double r = v.resolution;
    CHECK(r == Approx(4000 * 1.04 / 800));

    nav.key(v, app::NavKey::ZoomIn);
    CHECK(v.resolution == Approx(r / 2));
    CHECK(v.center.x == Approx(2000));
    nav.key(v, app::NavKey::Right);
    CHECK(v.center.x == Approx(2000 + 200 * v.resolution));
    nav.key(v, app::NavKey::Up);
    CHECK(v.center.y == Approx(1000 + 100 * v.resolution));
    nav.key(v, app::NavKey::Reset);
    CHECK(v.resolution == Approx(r));
    CHECK(v.center.x == Approx(2000));
}

TEST_CASE("The wheel zooms around the cursor, dragging moves the map with the mouse", "[navigation]") {
    app::MapNavigation nav;
    geo::Viewport v;
    v.width = 1000;
    v.height = 500;
    v.resolution = 10;
    const geo::XY under = v.to_world(100, 400);
    nav.scroll(v, 100, 400, 3);
    const geo::XY after = v.to_world(100, 400);
    CHECK(after.x == Approx(under.x));
    CHECK(after.y == Approx(under.y));
    CHECK(v.resolution < 10);

    const geo::XY grabbed = v.to_world(500, 250);
    nav.drag(v, 30, -20); // mouse moved right and up: the grabbed point follows it
    const geo::XY p = v.to_pixel(grabbed);
    CHECK(p.x == Approx(530));
    CHECK(p.y == Approx(230));
}

TEST_CASE("Zoom stays within sane limits", "[navigation]") {
    app::MapNavigation nav;
    geo::Viewport v;
    v.width = 100;
    v.height = 100;
    v.resolution = 1;
    for (int i = 0; i < 200; ++i)
        nav.scroll(v, 50, 50, 5);
    CHECK(v.resolution >= 0.005);
    for (int i = 0; i < 400; ++i)
        nav.scroll(v, 50, 50, -5);
    CHECK(v.resolution <= 40075016.7 / 100 + 1);
}

TEST_CASE("Command-line sizes and boxes are parsed strictly", "[cli]") {
    int w = 0, h = 0;
    CHECK(app::parse_size("1600x1000", w, h));
    CHECK((w == 1600 && h == 1000));
    CHECK_FALSE(app::parse_size("1600", w, h));
    CHECK_FALSE(app::parse_size("0x10", w, h));
    CHECK_FALSE(app::parse_size("16x10px", w, h));
    CHECK_FALSE(app::parse_size("99999x10", w, h));

    std::array<double, 4> b{};
    CHECK(app::parse_bbox("19.80,45.24,19.87,45.27", b));
    CHECK(b[0] == Approx(19.80));
    CHECK(b[3] == Approx(45.27));
    CHECK_FALSE(app::parse_bbox("19.87,45.24,19.80,45.27", b)); // min > max
    CHECK_FALSE(app::parse_bbox("19.80,45.24,19.87", b));
    CHECK_FALSE(app::parse_bbox("19.80,45.24,19.87,45.27,1", b));
    CHECK_FALSE(app::parse_bbox("a,b,c,d", b));
    CHECK_FALSE(app::parse_bbox("19.8,91,19.9,92", b));
}
