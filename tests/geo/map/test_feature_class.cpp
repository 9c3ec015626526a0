#include "geo/map/feature_class.hpp"

#include <catch2/catch.hpp>

using namespace oko::geo;

TEST_CASE("Tunnels and bridges are read from their tags", "[feature_class][structure]") {
    using S = Structure;
    CHECK(line_level(nullptr, nullptr, nullptr, nullptr) == LineLevel{});
    CHECK(line_level("yes", nullptr, nullptr, nullptr) == LineLevel{S::Tunnel, 0});
    CHECK(line_level("building_passage", nullptr, nullptr, nullptr).structure == S::Tunnel);
    CHECK(line_level("culvert", nullptr, "-1", nullptr) == LineLevel{S::Tunnel, -1});
    CHECK(line_level("no", nullptr, nullptr, nullptr).structure == S::Surface);
    CHECK(line_level(nullptr, "yes", "1", nullptr) == LineLevel{S::Bridge, 1});
    CHECK(line_level(nullptr, "viaduct", "2", nullptr) == LineLevel{S::Bridge, 2});
    CHECK(line_level(nullptr, "no", nullptr, nullptr).structure == S::Surface);
    CHECK(line_level(nullptr, "low_water_crossing", nullptr, nullptr).structure == S::Surface);
    // Below the ground and covered: a tunnel without the tag; covered on the ground is not.
    CHECK(line_level(nullptr, nullptr, "-2", "yes") == LineLevel{S::Tunnel, -2});
    CHECK(line_level(nullptr, nullptr, "0", "yes").structure == S::Surface);
    CHECK(line_level(nullptr, nullptr, "-1", nullptr) == LineLevel{S::Surface, -1});
    // Layers as people write them: clamped, leading numbers, rubbish ignored.
    CHECK(line_level(nullptr, "yes", "12", nullptr).layer == 5);
    CHECK(line_level(nullptr, "yes", "+3", nullptr).layer == 3);
    CHECK(line_level(nullptr, "yes", "1;2", nullptr).layer == 1);
    CHECK(line_level(nullptr, "yes", "high", nullptr).layer == 0);
    CHECK(line_level(nullptr, "yes", "-99999999999", nullptr).layer == -5);
}

TEST_CASE("A tunnel goes under the ground and a bridge over it, whatever their layer says",
          "[feature_class][structure]") {
    CHECK(LineLevel{Structure::Tunnel, 0}.z() == -1);
    CHECK(LineLevel{Structure::Tunnel, -3}.z() == -3);
    CHECK(LineLevel{Structure::Tunnel, 2}.z() == -1);
    CHECK(LineLevel{Structure::Bridge, 0}.z() == 1);
    CHECK(LineLevel{Structure::Bridge, 4}.z() == 4);
    CHECK(LineLevel{Structure::Surface, 3}.z() == 0);
    CHECK(feature_class_from_code("water.sea") == FeatureClass::Sea);
    CHECK(info(FeatureClass::Sea).layer == BasemapLayer::Water);
    CHECK(info(FeatureClass::Sea).kind == GeomKind::Area);
}
