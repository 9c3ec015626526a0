// How a legend writes its numbers and where it puts itself.

#include "render/gl/headless_context.hpp"
#include "render/labels/legend_layout.hpp"

#include <catch2/catch.hpp>

using namespace oko;

TEST_CASE("Legend numbers take the fewest decimals that write every tick exactly", "[legend]") {
    using V = std::vector<std::string>;
    CHECK(render::legend_numbers({0, 10, 20, 30, 40}) == V{"0", "10", "20", "30", "40"});
    CHECK(render::legend_numbers({0, 12.5, 25}) == V{"0.0", "12.5", "25.0"});
    CHECK(render::legend_numbers({0.05, 0.1}) == V{"0.05", "0.10"});
    CHECK(render::legend_numbers({1.0 / 3}) == V{"0.333"}); // at most three
    CHECK(render::legend_numbers({-0.0, 2}) == V{"0", "2"});
    CHECK(render::legend_numbers({}).empty());
}

TEST_CASE("Legends sit in their corners, stacked, clear of what is kept free", "[legend]") {
    render::HeadlessContext ctx;
    render::TextPainter text;
    geo::LegendSpec ramp;
    ramp.title = "Camera density";
    ramp.units = "cameras per km²";
    ramp.ramp = geo::ColourRamp::viridis;
    ramp.max = 40;
    geo::LegendSpec low = ramp;
    low.corner = geo::LegendCorner::bottom_right;
    geo::BBox attribution;
    attribution.extend(700, 580);
    attribution.extend(800, 600);
    auto top_left = ramp;
    top_left.corner = geo::LegendCorner::top_left;
    const auto boxes = render::place_legends(text, {top_left, top_left, low}, 800, 600, 1.0, {attribution});
    REQUIRE(boxes.size() == 3);
    CHECK(boxes[0].min_x == Approx(10));
    CHECK(boxes[0].min_y == Approx(10));
    CHECK(boxes[0].width() > 200); // the bar and the padding
    CHECK(boxes[1].min_y > boxes[0].max_y);
    CHECK_FALSE(boxes[1].intersects(boxes[0]));
    CHECK(boxes[2].max_x == Approx(790));
    CHECK(boxes[2].max_y < attribution.min_y);
    // Twice the pixel ratio, twice the size.
    const auto big = render::place_legends(text, {top_left}, 1600, 1200, 2.0, {});
    CHECK(big[0].width() == Approx(2 * boxes[0].width()).epsilon(0.05));
    CHECK(big[0].height() == Approx(2 * boxes[0].height()).epsilon(0.05));
}
