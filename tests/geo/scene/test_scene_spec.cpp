// A scene as a value: == tells every change apart, the default scene is the one the window and
// `oko render` start from, and one scene merges over another as reading its file over it does.

#include "geo/base/mercator.hpp"
#include "geo/scene/default_scene.hpp"
#include "geo/scene/scene_json.hpp"
#include "geo/scene/scene_merge.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <string>
#include <utility>
#include <vector>

using namespace oko::geo;

namespace {

// A layer of `kind` with one field whose value each feature has in turn.
ReferenceLayerData reference_layer(const std::string& name, ReferenceKind kind, const std::string& field,
                                   const std::vector<std::string>& values) {
    ReferenceLayerData l;
    l.name = name;
    l.kind = kind;
    l.fields = {field};
    l.features.resize(values.size());
    for (const auto& v : values)
        l.values.push_back({v});
    l.extent.extend(to_mercator({20.40, 44.78}));
    l.extent.extend(to_mercator({20.50, 44.84}));
    return l;
}

PointLayerData point_layer(const std::string& name, const std::string& kind, std::vector<std::string> vendors) {
    PointLayerData l;
    l.name = name;
    l.kind = kind;
    l.vendors = std::move(vendors);
    return l;
}

// A small project: OSM-like roads (categorised), municipalities (one symbol, labelled), cameras
// with vendors, sites without.
struct Layers {
    std::vector<ReferenceLayerData> references{
        reference_layer("roads", ReferenceKind::Lines, "highway", {"primary", "residential", "residential", "footway"}),
        reference_layer("opstine", ReferenceKind::Areas, "name", {"Vračar", "Zemun", "Palilula"})};
    std::vector<PointLayerData> points{point_layer("sites", "sites", {""}),
                                       point_layer("cameras", "cameras", {"Huawei", ""})};
    BBox extent = references.front().extent;
};

SceneSpec a_default_scene() {
    const Layers l;
    return default_scene(l.references, l.points, l.extent, 800, 600);
}

using Change = std::pair<std::string, std::function<void(SceneSpec&)>>;

void add_line_changes(std::vector<Change>& changes, const std::string& what,
                      std::function<LineStyle&(SceneSpec&)> line) {
    changes.push_back({what + ".enabled", [=](SceneSpec& s) { line(s).enabled = !line(s).enabled; }});
    changes.push_back({what + ".colour.r", [=](SceneSpec& s) { line(s).colour.r += 0.01f; }});
    changes.push_back({what + ".colour.g", [=](SceneSpec& s) { line(s).colour.g += 0.01f; }});
    changes.push_back({what + ".colour.b", [=](SceneSpec& s) { line(s).colour.b += 0.01f; }});
    changes.push_back({what + ".colour.a", [=](SceneSpec& s) { line(s).colour.a -= 0.01f; }});
    changes.push_back({what + ".metres", [=](SceneSpec& s) { line(s).metres += 0.5; }});
    changes.push_back({what + ".min_px", [=](SceneSpec& s) { line(s).min_px += 0.5; }});
    changes.push_back({what + ".max_px", [=](SceneSpec& s) { line(s).max_px += 0.5; }});
    changes.push_back({what + ".dash_on_px", [=](SceneSpec& s) { line(s).dash_on_px += 0.5; }});
    changes.push_back({what + ".dash_off_px", [=](SceneSpec& s) { line(s).dash_off_px += 0.5; }});
}

void add_symbol_changes(std::vector<Change>& changes, const std::string& what,
                        std::function<ReferenceSymbol&(SceneSpec&)> symbol) {
    changes.push_back({what + ".fill", [=](SceneSpec& s) { symbol(s).fill = !symbol(s).fill; }});
    changes.push_back({what + ".fill_colour.r", [=](SceneSpec& s) { symbol(s).fill_colour.r += 0.01f; }});
    changes.push_back({what + ".fill_colour.g", [=](SceneSpec& s) { symbol(s).fill_colour.g += 0.01f; }});
    changes.push_back({what + ".fill_colour.b", [=](SceneSpec& s) { symbol(s).fill_colour.b += 0.01f; }});
    changes.push_back({what + ".fill_colour.a", [=](SceneSpec& s) { symbol(s).fill_colour.a -= 0.01f; }});
    add_line_changes(changes, what + ".line", [=](SceneSpec& s) -> LineStyle& { return symbol(s).line; });
    add_line_changes(changes, what + ".casing", [=](SceneSpec& s) -> LineStyle& { return symbol(s).casing; });
    changes.push_back({what + ".order", [=](SceneSpec& s) { ++symbol(s).order; }});
}

// One change of every field of a scene (and of its layer lists), each on its own.
std::vector<Change> every_change() {
    std::vector<Change> c;
    c.push_back({"view.center.x", [](SceneSpec& s) { s.view.center.x += 1; }});
    c.push_back({"view.center.y", [](SceneSpec& s) { s.view.center.y += 1; }});
    c.push_back({"view.resolution", [](SceneSpec& s) { s.view.resolution *= 1.5; }});
    c.push_back({"view.width", [](SceneSpec& s) { ++s.view.width; }});
    c.push_back({"view.height", [](SceneSpec& s) { ++s.view.height; }});
    for (size_t i = 0; i < BasemapLook::kLayers; ++i) {
        const std::string layer(layer_name(static_cast<BasemapLayer>(i)));
        c.push_back({"basemap.visible." + layer, [i](SceneSpec& s) { s.basemap.visible[i] = !s.basemap.visible[i]; }});
        c.push_back({"basemap.opacity." + layer, [i](SceneSpec& s) { s.basemap.opacity[i] = 0.5f; }});
    }
    for (size_t i = 0; i + 1 < BasemapLook::kLayers; ++i)
        c.push_back({"basemap.order " + std::to_string(i),
                     [i](SceneSpec& s) { std::swap(s.basemap.order[i], s.basemap.order[i + 1]); }});
    c.push_back({"labels", [](SceneSpec& s) { s.labels = !s.labels; }});
    c.push_back({"attribution", [](SceneSpec& s) { s.attribution += "."; }});
    c.push_back({"pixel_ratio", [](SceneSpec& s) { s.pixel_ratio = 2; }});

    // Reference layers: [0] the municipalities (areas first), [1] the roads (categorised).
    c.push_back({"reference_layers: one less", [](SceneSpec& s) { s.reference_layers.pop_back(); }});
    c.push_back(
        {"reference_layers: order", [](SceneSpec& s) { std::swap(s.reference_layers[0], s.reference_layers[1]); }});
    for (size_t l = 0; l < 2; ++l) {
        const std::string at = "reference_layers[" + std::to_string(l) + "]";
        c.push_back({at + ".name", [l](SceneSpec& s) { s.reference_layers[l].name += "_"; }});
        c.push_back({at + ".kind", [l](SceneSpec& s) {
                         auto& k = s.reference_layers[l].kind;
                         k = k == ReferenceKind::Lines ? ReferenceKind::Areas : ReferenceKind::Lines;
                     }});
        c.push_back({at + ".style.visible", [l](SceneSpec& s) { s.reference_layers[l].style.visible = false; }});
        c.push_back({at + ".style.opacity", [l](SceneSpec& s) { s.reference_layers[l].style.opacity = 0.5f; }});
        add_symbol_changes(c, at + ".style.symbol",
                           [l](SceneSpec& s) -> ReferenceSymbol& { return s.reference_layers[l].style.symbol; });
        c.push_back(
            {at + ".style.category_field", [l](SceneSpec& s) { s.reference_layers[l].style.category_field += "_"; }});
        c.push_back({at + ".style.show_other", [l](SceneSpec& s) { s.reference_layers[l].style.show_other = false; }});
        c.push_back({at + ".style.label_field", [l](SceneSpec& s) { s.reference_layers[l].style.label_field += "_"; }});
    }
    const std::string cat = "reference_layers[1].style.categories";
    auto category = [](SceneSpec& s, size_t i) -> ReferenceCategory& {
        return s.reference_layers[1].style.categories[i];
    };
    c.push_back({cat + ": one less", [](SceneSpec& s) { s.reference_layers[1].style.categories.pop_back(); }});
    c.push_back({cat + ": order", [=](SceneSpec& s) { std::swap(category(s, 0), category(s, 1)); }});
    c.push_back({cat + "[0].value", [=](SceneSpec& s) { category(s, 0).value += "_"; }});
    c.push_back({cat + "[0].count", [=](SceneSpec& s) { ++category(s, 0).count; }});
    c.push_back({cat + "[0].visible", [=](SceneSpec& s) { category(s, 0).visible = false; }});
    add_symbol_changes(c, cat + "[0].symbol", [=](SceneSpec& s) -> ReferenceSymbol& { return category(s, 0).symbol; });

    // Point layers: [0] the cameras, [1] the sites (on top).
    c.push_back({"point_layers: one less", [](SceneSpec& s) { s.point_layers.pop_back(); }});
    c.push_back({"point_layers: order", [](SceneSpec& s) { std::swap(s.point_layers[0], s.point_layers[1]); }});
    for (size_t l = 0; l < 2; ++l) {
        const std::string at = "point_layers[" + std::to_string(l) + "]";
        auto layer = [l](SceneSpec& s) -> PointLayerSpec& { return s.point_layers[l]; };
        c.push_back({at + ".name", [=](SceneSpec& s) { layer(s).name += "_"; }});
        c.push_back({at + ".kind", [=](SceneSpec& s) { layer(s).kind += "_"; }});
        c.push_back({at + ".style.visible", [=](SceneSpec& s) { layer(s).style.visible = false; }});
        c.push_back({at + ".style.opacity", [=](SceneSpec& s) { layer(s).style.opacity = 0.5f; }});
        c.push_back({at + ".style.radius_px", [=](SceneSpec& s) { layer(s).style.radius_px += 1; }});
        c.push_back({at + ".style.symbol", [=](SceneSpec& s) { layer(s).style.symbol = PointSymbol::Triangle; }});
        c.push_back({at + ".style.colour_by_vendor",
                     [=](SceneSpec& s) { layer(s).style.colour_by_vendor = !layer(s).style.colour_by_vendor; }});
        c.push_back({at + ".style.colour.r", [=](SceneSpec& s) { ++layer(s).style.colour.r; }});
        c.push_back({at + ".style.colour.g", [=](SceneSpec& s) { ++layer(s).style.colour.g; }});
        c.push_back({at + ".style.colour.b", [=](SceneSpec& s) { ++layer(s).style.colour.b; }});
        c.push_back({at + ".style.colour.a", [=](SceneSpec& s) { --layer(s).style.colour.a; }});
        c.push_back({at + ".filter.vendors", [=](SceneSpec& s) { layer(s).filter.vendors.push_back("Dahua"); }});
        c.push_back({at + ".filter.year_min", [=](SceneSpec& s) { layer(s).filter.year_min = 2018; }});
        c.push_back({at + ".filter.year_max", [=](SceneSpec& s) { layer(s).filter.year_max = 2020; }});
        c.push_back({at + ".filter.include_unknown", [=](SceneSpec& s) { layer(s).filter.include_unknown = true; }});
        c.push_back({at + ".filter.text", [=](SceneSpec& s) { layer(s).filter.text = "Knez"; }});
    }
    return c;
}

// The centre is kept to 1e-7 degrees in a scene file: within 2 cm here, and then taken as equal.
void same_centre(SceneSpec& read, const SceneSpec& written) {
    CHECK(std::abs(read.view.center.x - written.view.center.x) < 0.02);
    CHECK(std::abs(read.view.center.y - written.view.center.y) < 0.02);
    read.view.center = written.view.center;
}

} // namespace

TEST_CASE("The default scene holds every layer in its default style and the whole map", "[scene]") {
    const Layers l;
    const SceneSpec s = default_scene(l.references, l.points, l.extent, 800, 600);
    CHECK(s.view == Viewport::fit(l.extent, 800, 600));
    CHECK(default_scene(l.references, l.points, l.extent, 800, 600, 0.02).view ==
          Viewport::fit(l.extent, 800, 600, 0.02));
    CHECK(s.basemap == BasemapLook{});
    CHECK(s.labels);
    CHECK(s.attribution == SceneSpec{}.attribution);
    CHECK(s.pixel_ratio == 1.0f);

    // Areas under lines, otherwise in the project's order.
    REQUIRE(s.reference_layers.size() == 2);
    CHECK(s.reference_layers[0] ==
          ReferenceLayerSpec{"opstine", ReferenceKind::Areas, default_reference_style(l.references[1])});
    CHECK(s.reference_layers[1] ==
          ReferenceLayerSpec{"roads", ReferenceKind::Lines, default_reference_style(l.references[0])});
    CHECK(s.reference_layers[1].style.category_field == "highway");
    CHECK(s.reference_layers[0].style.label_field == "name");

    // Sites on top; a layer without a known vendor is not coloured by vendor.
    REQUIRE(s.point_layers.size() == 2);
    CHECK(s.point_layers[0] == PointLayerSpec{"cameras", "cameras", default_point_style("cameras", true), {}, {}});
    CHECK(s.point_layers[1] == PointLayerSpec{"sites", "sites", default_point_style("sites", false), {}, {}});

    // A project with nothing to show yet still has a view that equals itself (no NaN centre).
    const SceneSpec empty = default_scene({}, {}, BBox{}, 640, 480);
    CHECK(empty == empty);
    CHECK(empty.view.width == 640);
    CHECK(empty.view.height == 480);
    CHECK(empty.reference_layers.empty());
    CHECK(empty.point_layers.empty());
}

TEST_CASE("A change in any field of a scene makes it compare unequal", "[scene]") {
    const SceneSpec base = a_default_scene();
    REQUIRE(base.reference_layers.size() == 2);
    REQUIRE(base.reference_layers[1].style.categories.size() >= 2);
    REQUIRE(base.point_layers.size() == 2);
    CHECK(base == a_default_scene());
    const auto changes = every_change();
    CHECK(changes.size() > 150);
    for (const auto& [what, change] : changes) {
        INFO(what);
        SceneSpec changed = base;
        change(changed);
        CHECK(changed != base);
        CHECK(changed == SceneSpec(changed));
    }
}

TEST_CASE("A scene read back from its file over itself compares equal", "[scene]") {
    // The default scene's styles are not all on the 8-bit grid of a file's colours (a fill at
    // 0.3 alpha): read over the scene itself, as the window reads its saved scene over the
    // project's defaults, they come back exactly.
    const SceneSpec scene = a_default_scene();
    auto read = scene_from_json(scene_to_json(scene), "", &scene).scene;
    same_centre(read, scene);
    CHECK(read == scene);

    // And every change of a field, read over the unchanged scene, is read back: the file holds
    // every field. Colours are written to 8 bits, so a changed colour comes back on that grid;
    // the kinds and the counts of known categories are the project's, not the file's.
    for (const auto& [what, change] : every_change()) {
        INFO(what);
        SceneSpec changed = scene;
        change(changed);
        const bool grid = what.starts_with("reference_layers") && what.find("colour.") != std::string::npos;
        // A layer renamed, or left out, is not named in the file: the project's layer stands.
        const bool kept = what.ends_with(".kind") || what.ends_with("].count") || what.ends_with(".name") ||
                          what == "reference_layers: one less" || what == "point_layers: one less";
        if (grid || kept) continue;
        auto again = scene_from_json(scene_to_json(changed), "", &scene).scene;
        same_centre(again, changed);
        CHECK(again == changed);
    }
}

TEST_CASE("One scene merges over another as reading its whole file over it does", "[scene]") {
    const SceneSpec base = a_default_scene();
    SceneSpec over = base;
    over.view.center = to_mercator({20.45, 44.81});
    over.view.resolution = 2.5;
    over.basemap.visible[2] = false;
    over.labels = false;
    over.pixel_ratio = 2;
    // The roads first, then a layer the base lacks; the municipalities left out.
    over.reference_layers = {base.reference_layers[1],
                             {"gone", ReferenceKind::Lines, single_symbol_style(ReferenceKind::Lines)}};
    auto& roads = over.reference_layers[0].style;
    roads.categories[0].visible = false;
    roads.categories[0].count = 999;                              // the base's count stands: counts are the data's
    roads.categories.push_back({"track", 5, roads.symbol, true}); // not in the base: its count stands
    roads.opacity = 0.25f;
    over.point_layers = {base.point_layers[1], base.point_layers[0]};
    over.point_layers[0].style.radius_px = 9;
    over.point_layers[1].filter.vendors = {"Huawei"};
    over.point_layers[1].kind = "points"; // the base's kind stands

    std::vector<std::string> skipped;
    const SceneSpec merged = merge_scene(base, over, &skipped);
    CHECK(skipped == std::vector<std::string>{"gone"});
    auto read = scene_from_json(scene_to_json(over), "", &base);
    CHECK(read.skipped_layers == skipped);
    same_centre(read.scene, merged);
    CHECK(merged == read.scene);

    // What that is: the municipalities back in their place before the roads, counts and kinds
    // from the base, everything else from `over`.
    REQUIRE(merged.reference_layers.size() == 2);
    CHECK(merged.reference_layers[0] == base.reference_layers[0]);
    CHECK(merged.reference_layers[1].style.categories[0].count == base.reference_layers[1].style.categories[0].count);
    CHECK(!merged.reference_layers[1].style.categories[0].visible);
    CHECK(merged.reference_layers[1].style.categories.back().count == 5);
    CHECK(merged.point_layers[1].kind == "cameras");
    CHECK(merged.point_layers[0].style.radius_px == 9);
    CHECK(merged.view == over.view);
    CHECK(!merged.labels);

    // A scene over itself, or over a base with the same layers, is itself.
    CHECK(merge_scene(base, base) == base);
    CHECK(merge_scene(base, over) == merged);
}
