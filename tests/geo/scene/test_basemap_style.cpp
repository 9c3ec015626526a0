#include "geo/scene/basemap_style.hpp"
#include "geo/base/error.hpp"

#include <catch2/catch.hpp>

using namespace oko::geo;

TEST_CASE("Colours parse from hex and ground widths grow with zoom", "[style]") {
    const auto c = Colour::hex("#ff8000");
    CHECK(c.rgba() == Rgba{255, 128, 0, 255});
    CHECK(Colour::hex("#00000080").rgba().a == 128);
    CHECK_THROWS_AS(Colour::hex("red"), Error);
    LineStyle l;
    l.metres = 10;
    l.min_px = 2;
    l.max_px = 40;
    CHECK(l.width_px(10) == Approx(2));   // 1 px from metres, the minimum wins
    CHECK(l.width_px(0.5) == Approx(20)); // 10 m at 0.5 m/px
    CHECK(l.width_px(0.01) == Approx(40));
}

TEST_CASE("The standard style stacks roads by importance and draws every road class", "[style]") {
    const auto s = BasemapStyle::standard();
    CHECK(s.of(FeatureClass::RoadMotorway).order > s.of(FeatureClass::RoadPrimary).order);
    CHECK(s.of(FeatureClass::RoadPrimary).order > s.of(FeatureClass::RoadResidential).order);
    CHECK(s.of(FeatureClass::Building).order > s.of(FeatureClass::LanduseResidential).order);
    for (const auto& c : feature_classes()) {
        if (c.layer != BasemapLayer::Roads) continue;
        INFO(c.code);
        CHECK(s.of(c.cls).line.enabled);
    }
    // Buildings are darker than the land they stand on.
    const auto b = s.of(FeatureClass::Building).fill_colour, land = s.background;
    CHECK(b.r + b.g + b.b < land.r + land.g + land.b);
}
