// Scene files: every field survives writing and reading, a hand-written file reads to what it
// says, a scene applies over a project's layers by name, and every mistake names its field.

#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/scene/scene_json.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <fstream>
#include <numbers>

using namespace oko::geo;

namespace {

const std::filesystem::path kScenes = std::filesystem::path(OKO_TEST_FIXTURES) / "scenes";

// Colours on the 8-bit grid, as a scene file holds them.
Colour byte_colour(int r, int g, int b, int a = 255) { return {r / 255.0f, g / 255.0f, b / 255.0f, a / 255.0f}; }

LineStyle a_line(int seed) {
    LineStyle l;
    l.enabled = seed % 2 == 0;
    l.colour = byte_colour(10 + seed, 20 + seed, 30 + seed, 200 - seed);
    l.metres = 3.25 + seed;
    l.min_px = 0.75 + seed;
    l.max_px = 12.5 + seed;
    l.dash_on_px = 4 + seed;
    l.dash_off_px = 2.5 + seed;
    return l;
}

ReferenceSymbol a_symbol(int seed) {
    ReferenceSymbol s;
    s.fill = seed % 3 == 0;
    s.fill_colour = byte_colour(100 + seed, 90, 80 - seed, 77);
    s.line = a_line(seed);
    s.casing = a_line(seed + 1);
    s.order = 7 - seed;
    return s;
}

// A scene in which no field has its default value.
SceneSpec unusual_scene() {
    SceneSpec s;
    s.view.center = to_mercator({20.4612345, 44.8123456});
    s.view.resolution = 3.0517578125 * 1.1;
    s.view.width = 1234;
    s.view.height = 567;
    s.set_visible(BasemapLayer::Buildings, false);
    s.set_visible(BasemapLayer::Rail, false);
    s.basemap.opacity[static_cast<size_t>(BasemapLayer::Buildings)] = 0.375f;
    s.basemap.opacity[static_cast<size_t>(BasemapLayer::Roads)] = 0.5f;
    std::swap(s.basemap.order[1], s.basemap.order[3]); // green over buildings
    s.labels = false;
    s.label_script = LabelScript::both;
    s.attribution = "© OSM; камере: \"Hiljade kamera\"";
    s.pixel_ratio = 2.5f;
    s.labels_over_points = true;
    s.furniture.title = "Камере у Новом Саду";
    s.furniture.subtitle = "Kamere u Novom Sadu, 2024";
    s.furniture.note = "Counts of the points in the picture.\nFilter: vendor = Huawei";
    s.furniture[FurnitureElement::title] = {false, Corner::bottom_right};
    s.furniture[FurnitureElement::legend] = {true, Corner::top_right};
    s.furniture[FurnitureElement::scale_bar] = {true, Corner::top_left};
    s.furniture[FurnitureElement::north_arrow] = {true, Corner::bottom_left};
    s.furniture[FurnitureElement::attribution] = {true, Corner::top_left};
    s.furniture[FurnitureElement::note] = {false, Corner::top_right};

    ReferenceLayerSpec areas{"opštine", ReferenceKind::Areas, {}};
    areas.style.visible = false;
    areas.style.opacity = 0.35f;
    areas.style.symbol = a_symbol(1);
    areas.style.category_field = "name";
    areas.style.categories.push_back({"Vračar", 12, a_symbol(2), false});
    areas.style.categories.push_back({"Zemun", 3, a_symbol(3), true});
    areas.style.show_other = false;
    areas.style.label_field = "name_lat";
    ReferenceLayerSpec lines{"roads", ReferenceKind::Lines, {}};
    lines.style.symbol = a_symbol(4);
    s.reference_layers = {areas, lines};

    PointLayerSpec cameras{"cameras", "cameras", {}, {}, {}};
    cameras.style.visible = false;
    cameras.style.opacity = 0.7f;
    cameras.style.radius_px = 6.3f;
    cameras.style.symbol = PointSymbol::Triangle;
    cameras.style.colour_by_vendor = false;
    cameras.style.colour = {1, 2, 3, 4};
    cameras.filter.vendors = {"Huawei", "Dahua", "\x01none"};
    cameras.filter.year_min = 2017;
    cameras.filter.year_max = 2021;
    cameras.filter.include_unknown = false;
    cameras.filter.text = "Knez Mihailova";
    cameras.filter.statuses = status_bit(PointStatus::verified) | status_bit(PointStatus::rejected);
    auto& d = cameras.display;
    d.kind = PointDisplay::coverage;
    d.legend = false;
    d.heatmap = {{Kernel::gaussian, 85.5}, "weight", ColourRamp::cividis, 0.55f, 42.25};
    d.bins = {{CellShape::square, 333}, ClassMethod::quantile, 7, ColourRamp::plasma, 0.35f};
    d.choropleth = {8, "opstine", "naziv", ClassMethod::equal_interval, 4, ColourRamp::inferno, 0.6f};
    d.coverage = {75, {"primary", "residential"}, 120, {1, 2, 3, 255}, 2.5f};
    PointLayerSpec sites{"sites", "sites", default_point_style("sites"), {}, {}};
    sites.filter.year_max = 2019;
    s.point_layers = {sites, cameras};
    return s;
}

void check_line(const LineStyle& a, const LineStyle& b) {
    CHECK(a.enabled == b.enabled);
    CHECK(a.colour.r == b.colour.r);
    CHECK(a.colour.g == b.colour.g);
    CHECK(a.colour.b == b.colour.b);
    CHECK(a.colour.a == b.colour.a);
    CHECK(a.metres == b.metres);
    CHECK(a.min_px == b.min_px);
    CHECK(a.max_px == b.max_px);
    CHECK(a.dash_on_px == b.dash_on_px);
    CHECK(a.dash_off_px == b.dash_off_px);
}

void check_symbol(const ReferenceSymbol& a, const ReferenceSymbol& b) {
    CHECK(a.fill == b.fill);
    CHECK(a.fill_colour.r == b.fill_colour.r);
    CHECK(a.fill_colour.g == b.fill_colour.g);
    CHECK(a.fill_colour.b == b.fill_colour.b);
    CHECK(a.fill_colour.a == b.fill_colour.a);
    check_line(a.line, b.line);
    check_line(a.casing, b.casing);
    CHECK(a.order == b.order);
}

void check_same(const SceneSpec& a, const SceneSpec& b) {
    // The centre is kept to 1e-7 degrees: at most 1.2 cm of Web Mercator at this latitude.
    CHECK(std::abs(a.view.center.x - b.view.center.x) < 0.02);
    CHECK(std::abs(a.view.center.y - b.view.center.y) < 0.02);
    CHECK(a.view.resolution == b.view.resolution);
    CHECK(a.view.width == b.view.width);
    CHECK(a.view.height == b.view.height);
    CHECK(a.labels_over_points == b.labels_over_points);
    CHECK(a.label_script == b.label_script);
    CHECK(a.furniture.title == b.furniture.title);
    CHECK(a.furniture.subtitle == b.furniture.subtitle);
    CHECK(a.furniture.note == b.furniture.note);
    for (size_t i = 0; i < kFurnitureElements; ++i) {
        INFO(element_name(static_cast<FurnitureElement>(i)));
        CHECK(a.furniture.places[i].shown == b.furniture.places[i].shown);
        CHECK(a.furniture.places[i].corner == b.furniture.places[i].corner);
    }
    CHECK(a.furniture == b.furniture);
    CHECK(a.basemap.visible == b.basemap.visible);
    CHECK(a.basemap.opacity == b.basemap.opacity);
    CHECK(a.basemap.order == b.basemap.order);
    CHECK(a.labels == b.labels);
    CHECK(a.attribution == b.attribution);
    CHECK(a.pixel_ratio == b.pixel_ratio);
    REQUIRE(a.reference_layers.size() == b.reference_layers.size());
    for (size_t i = 0; i < a.reference_layers.size(); ++i) {
        const auto& x = a.reference_layers[i];
        const auto& y = b.reference_layers[i];
        CHECK(x.name == y.name);
        CHECK(x.kind == y.kind);
        CHECK(x.style.visible == y.style.visible);
        CHECK(x.style.opacity == y.style.opacity);
        check_symbol(x.style.symbol, y.style.symbol);
        CHECK(x.style.category_field == y.style.category_field);
        REQUIRE(x.style.categories.size() == y.style.categories.size());
        for (size_t c = 0; c < x.style.categories.size(); ++c) {
            CHECK(x.style.categories[c].value == y.style.categories[c].value);
            CHECK(x.style.categories[c].count == y.style.categories[c].count);
            CHECK(x.style.categories[c].visible == y.style.categories[c].visible);
            check_symbol(x.style.categories[c].symbol, y.style.categories[c].symbol);
        }
        CHECK(x.style.show_other == y.style.show_other);
        CHECK(x.style.label_field == y.style.label_field);
        CHECK(same_style(x.style, y.style));
    }
    REQUIRE(a.point_layers.size() == b.point_layers.size());
    for (size_t i = 0; i < a.point_layers.size(); ++i) {
        const auto& x = a.point_layers[i];
        const auto& y = b.point_layers[i];
        CHECK(x.name == y.name);
        CHECK(x.kind == y.kind);
        CHECK(x.style.visible == y.style.visible);
        CHECK(x.style.opacity == y.style.opacity);
        CHECK(x.style.radius_px == y.style.radius_px);
        CHECK(x.style.symbol == y.style.symbol);
        CHECK(x.style.colour_by_vendor == y.style.colour_by_vendor);
        CHECK(x.style.colour == y.style.colour);
        CHECK(x.filter.vendors == y.filter.vendors);
        CHECK(x.filter.year_min == y.filter.year_min);
        CHECK(x.filter.year_max == y.filter.year_max);
        CHECK(x.filter.include_unknown == y.filter.include_unknown);
        CHECK(x.filter.text == y.filter.text);
        CHECK(x.filter.statuses == y.filter.statuses);
        CHECK(x.display == y.display);
    }
}

std::string error_of(const std::string& text, const SceneSpec* project = nullptr) {
    try {
        scene_from_json(text, "scene.json", project);
    } catch (const Error& e) {
        CHECK(e.file() == "scene.json");
        return e.what();
    }
    return "(no error)";
}

} // namespace

TEST_CASE("Every field of a scene survives writing and reading", "[scene]") {
    const SceneSpec scene = unusual_scene();
    const auto text = scene_to_json(scene);
    const auto read = scene_from_json(text, "scene.json");
    CHECK(read.skipped_layers.empty());
    CHECK(read.has_view);
    CHECK(read.has_size);
    check_same(scene, read.scene);
    // Written again, it is the same text: nothing drifts from save to save.
    CHECK(scene_to_json(read.scene) == text);

    // Through a file, which is written whole or not at all.
    oko::test::TempDir dir;
    write_scene_file(scene, dir / "scene.json");
    check_same(scene, read_scene_file(dir / "scene.json").scene);
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 1);
}

TEST_CASE("A scene read back from its file compares equal to it", "[scene]") {
    const SceneSpec scene = unusual_scene();
    auto read = scene_from_json(scene_to_json(scene), "scene.json").scene;
    // The centre is kept to 1e-7 degrees, within 2 cm here; every other field exactly.
    CHECK(std::abs(read.view.center.x - scene.view.center.x) < 0.02);
    CHECK(std::abs(read.view.center.y - scene.view.center.y) < 0.02);
    read.view.center = scene.view.center;
    CHECK(read == scene);
}

TEST_CASE("A default scene reads back onto itself unchanged, colours off the 8-bit grid too", "[scene]") {
    SceneSpec project;
    ReferenceLayerSpec areas{"opstine", ReferenceKind::Areas, single_symbol_style(ReferenceKind::Areas)};
    areas.style.symbol.fill_colour.a = 0.3f; // as categorised styles make it: 76.5 / 255
    project.reference_layers = {areas};
    const auto read = scene_from_json(scene_to_json(project), "", &project);
    CHECK(read.scene.reference_layers.at(0).style.symbol.fill_colour.a == 0.3f);
    check_same(project, read.scene);
}

TEST_CASE("A hand-written scene file reads to what it says", "[scene]") {
    const auto read = read_scene_file(kScenes / "hand_written.json");
    const auto& s = read.scene;
    const LonLat centre = from_mercator(s.view.center);
    CHECK(centre.lon == Approx(20.4612).margin(1e-9));
    CHECK(centre.lat == Approx(44.8125).margin(1e-9));
    // Zoom 14: the world's 40075016.69 m over 256 * 2^14 pixels.
    CHECK(s.view.resolution == Approx(40075016.685578488 / (256.0 * 16384)).epsilon(1e-12));
    CHECK(s.view.width == 1200);
    CHECK(s.view.height == 800);
    CHECK(read.has_view);
    CHECK(!s.visible(BasemapLayer::Buildings));
    CHECK(!s.visible(BasemapLayer::Landuse));
    CHECK(s.visible(BasemapLayer::Roads));
    CHECK(s.opacity(BasemapLayer::Roads) == 0.4f);
    CHECK(s.opacity(BasemapLayer::Rail) == 1.0f); // left out: as styled
    CHECK(s.basemap.rank(BasemapLayer::Green) == 2);
    CHECK(s.basemap.rank(BasemapLayer::Water) == 1);
    CHECK(!s.labels);
    CHECK(s.attribution == "© OpenStreetMap contributors; cameras: Hiljade kamera");
    CHECK(s.pixel_ratio == 1.0f);

    REQUIRE(s.reference_layers.size() == 2);
    const auto& opstine = s.reference_layers[0];
    CHECK(opstine.name == "opstine");
    CHECK(opstine.kind == ReferenceKind::Areas);
    CHECK(opstine.style.visible);
    CHECK(opstine.style.opacity == 0.5f);
    CHECK(opstine.style.category_field == "name");
    REQUIRE(opstine.style.categories.size() == 2);
    CHECK(opstine.style.categories[0].value == "Vračar");
    CHECK(opstine.style.categories[0].symbol.fill);
    CHECK(opstine.style.categories[0].symbol.fill_colour.rgba() == Rgba{0xe6, 0x9f, 0x00, 0x80});
    CHECK(opstine.style.categories[0].visible);
    // A category without a symbol looks like the layer's single symbol.
    CHECK(opstine.style.categories[1].value == "Zvezdara");
    CHECK(!opstine.style.categories[1].visible);
    CHECK(same_style(ReferenceStyle{true, 1, opstine.style.categories[1].symbol, {}, {}, true, {}},
                     ReferenceStyle{true, 1, single_symbol_style(ReferenceKind::Areas).symbol, {}, {}, true, {}}));
    CHECK(!opstine.style.show_other);
    CHECK(opstine.style.label_field == "name");
    // A layer with nothing but its name has the default look of its kind.
    CHECK(s.reference_layers[1].kind == ReferenceKind::Lines);
    CHECK(same_style(s.reference_layers[1].style, single_symbol_style(ReferenceKind::Lines)));

    REQUIRE(s.point_layers.size() == 1);
    const auto& cams = s.point_layers[0];
    CHECK(cams.kind == "cameras");
    CHECK(cams.style.radius_px == 6.0f);
    CHECK(cams.style.symbol == PointSymbol::Square);
    CHECK(!cams.style.colour_by_vendor);
    CHECK(cams.style.colour == Rgba{0x00, 0x72, 0xb2, 255});
    CHECK(cams.style.opacity == default_point_style("cameras").opacity);
    CHECK(cams.filter.vendors == std::vector<std::string>{"Huawei", "Dahua"});
    CHECK(cams.filter.year_min == 2018);
    CHECK(!cams.filter.year_max);
    CHECK(!cams.filter.include_unknown);
    CHECK(cams.filter.text == "Knez");
}

TEST_CASE("A scene applies over a project's layers by name", "[scene]") {
    SceneSpec project;
    project.view.width = 640;
    project.view.height = 480;
    for (const char* name : {"a", "b", "c", "d"})
        project.reference_layers.push_back({name, ReferenceKind::Lines, single_symbol_style(ReferenceKind::Lines)});
    project.point_layers.push_back({"cameras", "cameras", default_point_style("cameras"), {}, {}});
    project.point_layers.push_back({"sites", "sites", default_point_style("sites"), {}, {}});

    // Saved when the project had layers a, c, gone (since removed) and d, in a new order, and no b.
    const std::string saved = R"({"oko_scene": 1,
        "reference_layers": [{"name": "d"}, {"name": "gone", "kind": "areas"}, {"name": "a", "style": {"visible": false}},
                             {"name": "c", "kind": "areas"}],
        "point_layers": [{"name": "cameras", "style": {"radius_px": 9}}, {"name": "old_points"}]})";
    const auto read = scene_from_json(saved, "", &project);
    std::vector<std::string> order;
    for (const auto& l : read.scene.reference_layers)
        order.push_back(l.name);
    // b is new: it goes back after the layer it follows in the project (a).
    CHECK(order == std::vector<std::string>{"d", "a", "b", "c"});
    CHECK(read.skipped_layers == std::vector<std::string>{"gone", "old_points"});
    CHECK(!read.scene.reference_layers[1].style.visible);
    CHECK(read.scene.reference_layers[2].style.visible);
    CHECK(read.scene.reference_layers[3].kind == ReferenceKind::Lines); // the project knows the kind
    REQUIRE(read.scene.point_layers.size() == 2);
    CHECK(read.scene.point_layers[0].name == "cameras");
    CHECK(read.scene.point_layers[0].style.radius_px == 9.0f);
    CHECK(read.scene.point_layers[0].style.opacity == default_point_style("cameras").opacity);
    CHECK(read.scene.point_layers[1].name == "sites");
    // Counts are the data's: a category the project has keeps its count, a new one takes the scene's.
    project.reference_layers[0].style.category_field = "class";
    project.reference_layers[0].style.categories.push_back(
        {"x", 5, single_symbol_style(ReferenceKind::Lines).symbol, true});
    const auto counted = scene_from_json(R"({"oko_scene": 1, "reference_layers": [{"name": "a", "style": {"categories":
        [{"value": "x", "count": 99}, {"value": "y", "count": 7}]}}]})",
                                         "", &project);
    REQUIRE(counted.scene.reference_layers[0].style.categories.size() == 2);
    CHECK(counted.scene.reference_layers[0].style.categories[0].count == 5);
    CHECK(counted.scene.reference_layers[0].style.categories[1].count == 7);

    // No view in the scene: the project's stays.
    CHECK(!read.has_view);
    CHECK(!read.has_size);
    CHECK(read.scene.view.width == 640);
}

TEST_CASE("Every mistake in a scene names its field", "[scene]") {
    CHECK(
        error_of(
            R"({"oko_scene": 1, "reference_layers": [{"name": "a"}, {"name": "b"}, {"name": "c", "style": {"categories":
          [{"value": "x", "symbol": {"fill_colour": "red"}}]}}]})") ==
        "scene.json: field reference_layers[2].style.categories[0].symbol.fill_colour: expected \"#rrggbb\" or "
        "\"#rrggbbaa\", got \"red\"");
    CHECK(error_of(R"({"oko_scene": 1, "labels": true, "lables": false})") ==
          "scene.json: field lables: unknown key (expected one of: oko_scene, view, basemap, basemap_order, labels, "
          "labels_over_points, label_script, attribution, pixel_ratio, furniture, reference_layers, point_layers)");
    CHECK(error_of(R"({"oko_scene": 1, "furniture": {"places": {"scale_bar": {"corner": "middle"}}}})") ==
          "scene.json: field furniture.places.scale_bar.corner: expected one of top-left, top-right, bottom-left, "
          "bottom-right, got \"middle\"");
    CHECK(error_of(R"({"oko_scene": 1, "furniture": {"places": {"compass": {"shown": true}}}})") ==
          "scene.json: field furniture.places.compass: unknown key (expected one of: title, legend, scale_bar, "
          "north_arrow, attribution, note)");
    CHECK(error_of(R"({"oko_scene": 1, "furniture": {"title": 7}})") ==
          "scene.json: field furniture.title: expected a string");
    CHECK(error_of(R"({"oko_scene": 1, "furniture": {"places": {"attribution": {"shown": false}}}})") ==
          "scene.json: field furniture.places.attribution.shown: the attribution cannot be switched off: "
          "OpenStreetMap's licence requires it on every map (move it to another corner instead)");
    CHECK(error_of(R"({"oko_scene": 1, "point_layers": [{"name": "c", "style": {"opacity": "high"}}]})") ==
          "scene.json: field point_layers[0].style.opacity: expected a number");
    CHECK(error_of(R"({"oko_scene": 1, "point_layers": [{"name": "c", "style": {"opacity": 1.5}}]})") ==
          "scene.json: field point_layers[0].style.opacity: expected a number from 0 to 1, got 1.5");
    CHECK(error_of(R"({"oko_scene": 1, "point_layers": [{"name": "c", "style": {"symbol": "star"}}]})") ==
          "scene.json: field point_layers[0].style.symbol: expected disc, square, diamond or triangle, got \"star\"");
    CHECK(error_of(
              R"({"oko_scene": 1, "point_layers": [{"name": "c", "filter": {"year_min": 2020, "year_max": 2018}}]})") ==
          "scene.json: field point_layers[0].filter.year_min: the year range starts after it ends");
    CHECK(error_of(R"({"oko_scene": 1, "point_layers": [{"name": "c", "filter": {"vendors": ["a", 3]}}]})") ==
          "scene.json: field point_layers[0].filter.vendors[1]: expected a string");
    CHECK(error_of(R"({"oko_scene": 1, "point_layers": [{"style": {}}]})") ==
          "scene.json: field point_layers[0].name: missing: a layer needs the name it has in the project");
    CHECK(error_of(R"({"oko_scene": 1, "point_layers": [{"name": "c"}, {"name": "c"}]})") ==
          "scene.json: field point_layers[1].name: the layer \"c\" is listed twice");
    CHECK(error_of(R"({"oko_scene": 1, "basemap": {"rodas": false}})") ==
          "scene.json: field basemap.rodas: unknown basemap layer (expected one of: landuse, green, water, buildings, "
          "boundaries, rail, roads, places)");
    CHECK(error_of(R"({"oko_scene": 1, "basemap": {"roads": {"visible": true, "opacity": 2}}})") ==
          "scene.json: field basemap.roads.opacity: expected a number from 0 to 1, got 2");
    CHECK(error_of(R"({"oko_scene": 1, "basemap": {"roads": {"shown": true}}})") ==
          "scene.json: field basemap.roads.shown: unknown key (expected one of: visible, opacity)");
    CHECK(error_of(R"({"oko_scene": 1, "basemap_order": ["landuse", "green"]})") ==
          "scene.json: field basemap_order: expected each of the 8 basemap layers once (landuse, green, water, "
          "buildings, "
          "boundaries, rail, roads, places)");
    CHECK(error_of(R"({"oko_scene": 1, "basemap_order": ["landuse", "green", "water", "buildings", "boundaries", "rail",
          "roads", "roads"]})") == "scene.json: field basemap_order[7]: \"roads\" is listed twice");
    CHECK(error_of(R"({"oko_scene": 1, "view": {"centre": {"lon": 20.4}}})") ==
          "scene.json: field view.centre: expected both lon and lat");
    CHECK(error_of(R"({"oko_scene": 1, "view": {"width": 100}})") ==
          "scene.json: field view.height: give both width and height");
    CHECK(error_of(R"({"oko_scene": 1, "reference_layers": [{"name": "a", "kind": "polygons"}]})") ==
          "scene.json: field reference_layers[0].kind: expected \"lines\" or \"areas\", got \"polygons\"");
    CHECK(error_of(R"({"labels": true})") ==
          "scene.json: field oko_scene: missing: not an Oko scene (expected \"oko_scene\": 1)");
    CHECK(error_of(R"({"oko_scene": 2})") ==
          "scene.json: field oko_scene: the scene was written by a newer Oko (version 2)");
    CHECK(error_of("[1, 2]") == "scene.json: expected an object");
    CHECK(error_of(R"({"oko_scene": 1, "point_layers": [{"name": "c", "display": {"kind": "heat"}}]})") ==
          "scene.json: field point_layers[0].display.kind: expected one of points, heatmap, bins, choropleth, "
          "coverage, got \"heat\"");
    CHECK(error_of(R"({"oko_scene": 1, "point_layers": [{"name": "c", "display": {"heatmap": {"ramp": "jet"}}}]})") ==
          "scene.json: field point_layers[0].display.heatmap.ramp: expected one of viridis, magma, inferno, plasma, "
          "cividis, got \"jet\"");
    CHECK(error_of(R"({"oko_scene": 1, "point_layers": [{"name": "c", "display": {"coverage": {"radius_m": 5}}}]})") ==
          "scene.json: field point_layers[0].display.coverage.radius_m: expected a number from 10 to 500, got 5");

    // A typo in a layer the project no longer has is still a typo.
    SceneSpec project;
    CHECK(error_of(R"({"oko_scene": 1, "point_layers": [{"name": "gone", "stlye": {}}]})", &project)
              .find("point_layers[0].stlye") != std::string::npos);

    // Invalid JSON: the line of the mistake, from the parser.
    const std::string broken = "{\n  \"oko_scene\": 1,\n  \"labels\": tru\n}\n";
    const auto e = error_of(broken);
    CHECK(e.rfind("scene.json:3: invalid JSON: syntax error", 0) == 0);
    CHECK(e.find("tru") != std::string::npos);
    // A number no double holds (found by fuzzing: nlohmann throws another exception for it).
    CHECK(error_of(R"({"oko_scene": 1, "pixel_ratio": 3e999})") ==
          "scene.json: invalid JSON: number overflow parsing '3e999'");
}

TEST_CASE("A missing or unreadable scene file is an error naming it", "[scene]") {
    oko::test::TempDir dir;
    CHECK_THROWS_WITH(read_scene_file(dir / "none.json"),
                      Catch::Contains("none.json") && Catch::Contains("cannot read"));
    CHECK_THROWS_WITH(write_scene_file(SceneSpec{}, dir / "no" / "such" / "dir.json"),
                      Catch::Contains("cannot write the scene file"));
}

TEST_CASE("A scene of 200,000 layers is refused at once by scene_layers", "[scene][security]") {
    std::string text = R"({"oko_scene": 1, "point_layers": [)";
    for (int i = 0; i < 200000; ++i)
        text += (i ? "," : "") + std::string(R"({"name": "layer )") + std::to_string(i) + "\"}";
    text += "]}";
    const auto t0 = std::chrono::steady_clock::now();
    try {
        (void)scene_from_json(text, "many.json");
        FAIL("no error");
    } catch (const Error& e) {
        const std::string what = e.what();
        CHECK(what.find("scene_layers=10000") != std::string::npos);
        CHECK(what.find("200000") != std::string::npos);
    }
    CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 5);
    // Under the limit, many layers are read in linear time (names are looked up by hash).
    std::string some = R"({"oko_scene": 1, "point_layers": [)";
    for (int i = 0; i < 10000; ++i)
        some += (i ? "," : "") + std::string(R"({"name": "layer )") + std::to_string(i) + "\"}";
    some += "]}";
    const auto t1 = std::chrono::steady_clock::now();
    CHECK(scene_from_json(some, "some.json").scene.point_layers.size() == 10000);
    CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count() < 5);
}

TEST_CASE("A deeply nested scene is refused by the depth limit before it is parsed", "[scene][security]") {
    const std::string text = R"({"oko_scene": 1, "attribution": )" + std::string(1000000, '[') + "]}";
    try {
        (void)scene_from_json(text, "deep.json");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("depth=100") != std::string::npos);
    }
}

TEST_CASE("Scene files keep the unknown toggle they stored; left out, unknowns are not counted", "[scene]") {
    const auto filter_of = [](const std::string& filter) {
        const auto read =
            scene_from_json(R"({"oko_scene": 1, "point_layers": [{"name": "cameras", "filter": )" + filter + "}]}");
        REQUIRE(read.scene.point_layers.size() == 1);
        return read.scene.point_layers[0].filter;
    };
    // Written by an earlier Oko, which stored the toggle on (its default): unknowns stay counted,
    // and the description says so.
    const auto stored = filter_of(R"({"vendors": ["Huawei"], "include_unknown": true})");
    CHECK(stored.include_unknown);
    CHECK(stored.matches("", 2019, ""));
    CHECK(stored.describe() == "vendor Huawei; unknown vendors included");
    const auto left_out = filter_of(R"({"vendors": ["Huawei"]})");
    CHECK(!left_out.include_unknown);
    CHECK(!left_out.matches("", 2019, ""));
    CHECK(left_out.describe() == "vendor Huawei; unknown vendors excluded");
    // Off without a criterion: every point is drawn, as the toggle now means.
    CHECK(filter_of(R"({"include_unknown": false})").matches("", std::nullopt, ""));
}

TEST_CASE("Scene files keep the statuses of a filter; one from before curation keeps all but rejected", "[scene]") {
    const auto filter_of = [](const std::string& filter) {
        const auto read =
            scene_from_json(R"({"oko_scene": 1, "point_layers": [{"name": "cameras", "filter": )" + filter + "}]}");
        REQUIRE(read.scene.point_layers.size() == 1);
        return read.scene.point_layers[0].filter;
    };
    const auto old = filter_of(R"({"vendors": ["Huawei"]})");
    CHECK(old.statuses == Filter::kDefaultStatuses);
    CHECK(old.status_passes(PointStatus::unverified));
    CHECK(old.status_passes(PointStatus::verified));
    CHECK_FALSE(old.status_passes(PointStatus::rejected));
    const auto verified = filter_of(R"({"statuses": ["verified"]})");
    CHECK(verified.statuses == status_bit(PointStatus::verified));
    CHECK(verified.describe() == "status verified");
    CHECK(filter_of(R"({"statuses": ["unverified", "verified", "rejected"]})").describe() == "every status");
    CHECK(error_of(R"({"oko_scene": 1, "point_layers": [{"name": "c", "filter": {"statuses": ["maybe"]}}]})") ==
          "scene.json: field point_layers[0].filter.statuses[0]: expected one of \"unverified\", \"verified\", "
          "\"rejected\"");
    CHECK(error_of(R"({"oko_scene": 1, "point_layers": [{"name": "c", "filter": {"statuses": []}}]})") ==
          "scene.json: field point_layers[0].filter.statuses: no status named: a filter keeps at least one");
}
