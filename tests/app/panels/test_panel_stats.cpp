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

TEST_CASE("The per-district table sorts by any column, the points in no district last", "[panels]") {
    using app::AreaColumn;
    const auto rows = [] {
        std::vector<app::AreaRow> r;
        r.push_back({"Петроварадин", 0, 12, 3.5, 12 / 3.5, 2, false});
        r.push_back({"", 0, 40, 0.0, 0.0, -1, true}); // outside every one
        r.push_back({"Adice", 0, 7, 10.0, 0.7, 0, false});
        r.push_back({"novo naselje", 0, 30, 2.0, 15.0, 4, false});
        r.push_back({"Liman", 0, 12, 1.2, 10.0, 3, false});
        return r;
    };
    const auto names = [](const std::vector<app::AreaRow>& r) {
        std::vector<std::string> out;
        for (const auto& row : r)
            out.push_back(row.outside ? "(outside)" : row.name);
        return out;
    };
    auto r = rows();
    // Cyrillic sorts with Latin (Petrovaradin), and case does not count.
    app::sort_area_rows(r, AreaColumn::name, false);
    CHECK(names(r) == std::vector<std::string>{"Adice", "Liman", "novo naselje", "Петроварадин", "(outside)"});
    app::sort_area_rows(r, AreaColumn::name, true);
    CHECK(names(r) == std::vector<std::string>{"Петроварадин", "novo naselje", "Liman", "Adice", "(outside)"});
    // Equal counts fall back to the name.
    app::sort_area_rows(r, AreaColumn::count, true);
    CHECK(names(r) == std::vector<std::string>{"novo naselje", "Liman", "Петроварадин", "Adice", "(outside)"});
    app::sort_area_rows(r, AreaColumn::count, false);
    CHECK(names(r) == std::vector<std::string>{"Adice", "Liman", "Петроварадин", "novo naselje", "(outside)"});
    app::sort_area_rows(r, AreaColumn::area, true);
    CHECK(names(r) == std::vector<std::string>{"Adice", "Петроварадин", "novo naselje", "Liman", "(outside)"});
    app::sort_area_rows(r, AreaColumn::per_km2, true);
    CHECK(names(r) == std::vector<std::string>{"novo naselje", "Liman", "Петроварадин", "Adice", "(outside)"});
    app::sort_area_rows(r, AreaColumn::class_index, false);
    CHECK(names(r) == std::vector<std::string>{"Adice", "Петроварадин", "Liman", "novo naselje", "(outside)"});
    // Nothing is lost or changed on the way.
    int64_t total = 0;
    for (const auto& row : r)
        total += row.count;
    CHECK(total == 101);
}
