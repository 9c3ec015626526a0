// Reference layers (lines and areas from imported files) drawn between the basemap and the points.

#include "geo/base/mercator.hpp"
#include "geo/reference/reference_import.hpp"
#include "geo/scene/reference_style.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_reference.hpp"
#include "render/gl/headless_context.hpp"
#include "render/map/map_renderer.hpp"
#include "render/map/render_offscreen.hpp"
#include "support/render_checks.hpp"
#include "support/shared_data.hpp"
#include "support/synthetic_basemap.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace oko;
using FC = geo::FeatureClass;
using test::colour_distance;
using test::describe;

namespace {

geo::XY at(double dx, double dy) {
    const geo::XY c = test::synthetic_centre();
    return {c.x + dx, c.y + dy};
}

geo::ReferenceLayerData layer_of(const std::string& name, geo::ReferenceKind kind,
                                 const std::vector<geo::Feature>& features, const std::vector<std::string>& classes) {
    geo::ReferenceLayerData d;
    d.name = name;
    d.kind = kind;
    d.fields = {"class"};
    for (size_t i = 0; i < features.size(); ++i) {
        d.features.push_back(features[i].geometry);
        d.values.push_back({classes[i]});
        d.extent.extend(features[i].geometry.bounds());
    }
    return d;
}

geo::SceneSpec scene_over(const geo::BBox& box, int w, int h) {
    geo::SceneSpec spec;
    spec.view = geo::Viewport::fit(box, w, h, 0.1);
    spec.labels = false;
    spec.attribution.clear();
    return spec;
}

} // namespace

TEST_CASE("A reference polygon's hole is not filled", "[render][reference]") {
    render::HeadlessContext ctx;
    render::MapRenderer renderer;
    renderer.set_basemap(geo::Basemap{});
    auto ring = test::square_with_hole(FC::Park, 0, 0, 300, 120);
    const auto data = layer_of("ring", geo::ReferenceKind::Areas, {ring}, {"x"});
    renderer.set_reference_layer(data);
    auto spec = scene_over(data.extent, 300, 300);
    geo::ReferenceStyle style = geo::single_symbol_style(geo::ReferenceKind::Areas);
    style.symbol.fill_colour = geo::Colour::hex("#2060a0"); // opaque, to read it back exactly
    spec.reference_layers.push_back({"ring", geo::ReferenceKind::Areas, style});
    const auto img = render::render_offscreen(renderer, spec);
    const auto background = renderer.style().background.rgba();
    const auto fill = style.symbol.fill_colour.rgba();
    INFO(describe(test::pixel_at(img, spec.view, at(0, 0)))
         << " " << describe(test::pixel_at(img, spec.view, at(200, 0))));
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(0, 0)), background) <= 1);
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(60, -60)), background) <= 1);
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(200, 0)), fill) <= 1);
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(-200, 220)), fill) <= 1);

    // Hidden, or fully transparent: the background shows.
    spec.reference_layers[0].style.opacity = 0;
    const auto none = render::render_offscreen(renderer, spec);
    CHECK(colour_distance(test::pixel_at(none, spec.view, at(200, 0)), background) <= 1);
}

TEST_CASE("Lines take their category's colour, and regroup when the attribute changes", "[render][reference]") {
    render::HeadlessContext ctx;
    render::MapRenderer renderer;
    geo::Basemap base;
    base.features.push_back(test::rectangle(FC::Park, -600, -400, 600, 400));
    base.recompute_extent();
    renderer.set_basemap(base);
    const auto motorway = test::polyline(FC::RoadMotorway, {{-500, 200}, {500, 200}});
    const auto tertiary = test::polyline(FC::RoadTertiary, {{-500, -200}, {500, -200}});
    const auto data = layer_of("roads", geo::ReferenceKind::Lines, {motorway, tertiary}, {"motorway", "tertiary"});
    renderer.set_reference_layer(data);
    auto spec = scene_over(base.extent, 400, 300);
    spec.reference_layers.push_back({"roads", geo::ReferenceKind::Lines, geo::default_reference_style(data)});
    REQUIRE(spec.reference_layers[0].style.category_field == "class");

    const auto basemap = geo::BasemapStyle::standard();
    const auto img = render::render_offscreen(renderer, spec);
    const auto on_motorway = test::pixel_at(img, spec.view, at(0, 200));
    const auto on_tertiary = test::pixel_at(img, spec.view, at(0, -200));
    INFO(describe(on_motorway) << " " << describe(on_tertiary));
    CHECK(colour_distance(on_motorway, basemap.of(FC::RoadMotorway).line.colour.rgba()) <= 2);
    CHECK(colour_distance(on_tertiary, basemap.of(FC::RoadTertiary).line.colour.rgba()) <= 2);
    // Over the basemap: the park shows beside the lines.
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(0, 0)), basemap.of(FC::Park).fill_colour.rgba()) <= 1);

    // One colour for the whole layer: both lines take it.
    spec.reference_layers[0].style = geo::categorised_style(data, "");
    const auto single = render::render_offscreen(renderer, spec);
    const auto line = spec.reference_layers[0].style.symbol.line.colour.rgba();
    CHECK(colour_distance(test::pixel_at(single, spec.view, at(0, 200)), line) <= 2);
    CHECK(colour_distance(test::pixel_at(single, spec.view, at(0, -200)), line) <= 2);

    // A hidden category leaves the park visible where it was.
    spec.reference_layers[0].style = geo::default_reference_style(data);
    spec.reference_layers[0].style.categories[*spec.reference_layers[0].style.category_of("motorway")].visible = false;
    const auto hidden = render::render_offscreen(renderer, spec);
    CHECK(colour_distance(test::pixel_at(hidden, spec.view, at(0, 200)), basemap.of(FC::Park).fill_colour.rgba()) <= 1);
    CHECK(colour_distance(test::pixel_at(hidden, spec.view, at(0, -200)),
                          basemap.of(FC::RoadTertiary).line.colour.rgba()) <= 2);
}

TEST_CASE("A Belgrade motorway is drawn in the basemap's motorway colour", "[render][reference][real]") {
    const auto file = test::shared_data("osm/geojson/belgrade.geojson");
    if (!file) return;
    test::TempDir dir;
    const auto store_path = dir / "b.oko";
    geo::import_vector_file(*file, store_path, "b", {});
    const auto data = geo::load_reference_layer(geo::Store::open(store_path), "b_lines");
    REQUIRE(data);
    const auto cls = *data->field_index("class");
    // The middle of the longest motorway segment: nothing but the motorway lies there.
    geo::XY mid;
    double longest = 0;
    for (size_t f = 0; f < data->features.size(); ++f) {
        if (data->values[f][cls] != "motorway") continue;
        const auto& g = data->features[f];
        for (size_t p = 0; p < g.part_count(); ++p)
            for (size_t i = g.part_begin(p) + 1; i < g.part_end(p); ++i) {
                const double len = std::hypot(g.points[i].x - g.points[i - 1].x, g.points[i].y - g.points[i - 1].y);
                if (len > longest) {
                    longest = len;
                    mid = {(g.points[i].x + g.points[i - 1].x) / 2, (g.points[i].y + g.points[i - 1].y) / 2};
                }
            }
    }
    REQUIRE(longest > 100);

    render::HeadlessContext ctx;
    render::MapRenderer renderer;
    renderer.set_basemap(geo::Basemap{});
    renderer.set_reference_layer(*data);
    geo::SceneSpec spec;
    spec.labels = false;
    spec.view.center = mid;
    spec.view.resolution = 2.0;
    spec.view.width = 200;
    spec.view.height = 200;
    spec.reference_layers.push_back({"b_lines", geo::ReferenceKind::Lines, geo::default_reference_style(*data)});
    const auto img = render::render_offscreen(renderer, spec);
    const auto pixel = test::pixel_at(img, spec.view, mid);
    INFO(describe(pixel));
    CHECK(colour_distance(pixel, geo::BasemapStyle::standard().of(FC::RoadMotorway).line.colour.rgba()) <= 3);
}

TEST_CASE("Reference polygons are labelled with their name inside them", "[render][reference][label]") {
    render::HeadlessContext ctx;
    render::MapRenderer renderer;
    renderer.set_basemap(geo::Basemap{});
    auto square = test::rectangle(FC::Park, -1500, -1000, 1500, 1000);
    auto data = layer_of("opstine", geo::ReferenceKind::Areas, {square}, {"Zemun"});
    data.fields = {"name"};
    renderer.set_reference_layer(data);
    geo::SceneSpec spec;
    spec.view = geo::Viewport::fit(data.extent, 400, 300, 0.1);
    spec.attribution.clear();
    spec.labels = true;
    auto style = geo::default_reference_style(data);
    REQUIRE(style.label_field == "name");
    spec.reference_layers.push_back({"opstine", geo::ReferenceKind::Areas, style});

    // Text pixels are dark; the fill, the outline's far side and the background are not.
    const auto dark_near_centre = [&](const geo::RgbaImage& img) {
        const geo::XY c = spec.view.to_pixel(at(0, 0));
        int n = 0;
        for (int y = static_cast<int>(c.y) - 12; y <= static_cast<int>(c.y) + 12; ++y)
            for (int x = static_cast<int>(c.x) - 40; x <= static_cast<int>(c.x) + 40; ++x) {
                const auto p = img.at(x, y);
                n += p.r < 140 && p.g < 140 && p.b < 160;
            }
        return n;
    };
    const auto labelled = render::render_offscreen(renderer, spec);
    CHECK(dark_near_centre(labelled) > 8); // the glyphs of "Zemun" at 12 px
    spec.reference_layers[0].style.label_field.clear();
    const auto plain = render::render_offscreen(renderer, spec);
    CHECK(dark_near_centre(plain) == 0);
    // The scene's label switch turns them off too.
    spec.reference_layers[0].style.label_field = "name";
    spec.labels = false;
    CHECK(dark_near_centre(render::render_offscreen(renderer, spec)) == 0);
}
