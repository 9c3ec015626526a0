// The statistics panel opens on the user's own points, not on the shipped sites or OSM's cameras.

#include "app/panels/panels.hpp"
#include "app/project/point_layer_view.hpp"

#include <catch2/catch.hpp>

using namespace oko;

namespace {

geo::PointLayerData layer(const std::string& name, const std::string& kind) {
    geo::PointLayerData data;
    data.name = name;
    data.kind = kind;
    return data;
}

} // namespace

TEST_CASE("The statistics panel lists the user's visible layers first, then the rest, hidden last", "[panels]") {
    // As a project holds them: the shipped sites and OSM's cameras come first in the file.
    const std::vector<geo::PointLayerData> data = {layer("smart_city_sites", "sites"), layer("osm_cameras", "cameras"),
                                                   layer("hidden_mine", "points"), layer("moje_kamere", "points"),
                                                   layer("druge", "points")};
    std::vector<app::PointLayerView> views;
    for (const auto& d : data)
        views.emplace_back(d);
    geo::SceneSpec scene;
    for (const auto& d : data) {
        geo::PointLayerSpec spec;
        spec.name = d.name;
        spec.style.visible = d.name != "hidden_mine";
        scene.point_layers.push_back(spec);
    }
    const auto order = app::statistics_order(scene, views);
    std::vector<std::string> names;
    for (const auto i : order)
        names.push_back(data[i].name);
    CHECK(names == std::vector<std::string>{"moje_kamere", "druge", "smart_city_sites", "osm_cameras", "hidden_mine"});

    // Without any layer of the user's own, the first visible one leads.
    scene.point_layers[0].style.visible = false;
    const std::vector<geo::PointLayerData> shipped = {data[0], data[1]};
    std::vector<app::PointLayerView> shipped_views;
    for (const auto& d : shipped)
        shipped_views.emplace_back(d);
    const auto shipped_order = app::statistics_order(scene, shipped_views);
    REQUIRE(shipped_order.size() == 2);
    CHECK(shipped_order.front() == 1);
}
