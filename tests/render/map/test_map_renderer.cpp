#include "geo/export/image_png.hpp"
#include "geo/base/mercator.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/store/store.hpp"
#include "support/shared_data.hpp"
#include "render/gl/headless_context.hpp"
#include "render/map/map_renderer.hpp"
#include "render/gl/offscreen_target.hpp"
#include "render/map/render_offscreen.hpp"
#include "support/render_checks.hpp"
#include "support/synthetic_basemap.hpp"

#include <glad/gl.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

using namespace oko;
using FC = geo::FeatureClass;
using test::colour_distance;
using test::describe;

namespace {

geo::SceneSpec scene(const geo::Basemap& b, int w, int h, bool labels = false) {
    geo::SceneSpec spec;
    spec.view = geo::Viewport::fit(b.extent, w, h, 0.05);
    spec.labels = labels;
    return spec;
}

geo::XY at(double dx, double dy) {
    const geo::XY c = test::synthetic_centre();
    return {c.x + dx, c.y + dy};
}

// A point layer named `name` of one point, in one colour, as a camera layer draws it; listed in
// `spec` (a layer the renderer does not have yet is skipped until it is uploaded).
void list_point(geo::SceneSpec& spec, const std::string& name, float radius, geo::Rgba colour) {
    geo::PointLayerSpec s;
    s.name = name;
    s.style.radius_px = radius;
    s.style.colour_by_vendor = false;
    s.style.colour = colour;
    s.filter.include_unknown = true; // the point has no vendor or year
    spec.point_layers.push_back(s);
}

void upload_point(render::MapRenderer& renderer, const std::string& name, geo::XY position, geo::Rgba colour) {
    render::PointLayerGeometry g;
    g.positions = {position};
    g.vendors = {""};
    g.vendor_index = {0};
    g.years = {0};
    g.search_text = {""};
    g.vendor_colours = {colour};
    renderer.set_point_layer(name, g);
}

} // namespace

TEST_CASE("Areas fill exactly the pixels the viewport maps them to", "[render][area]") {
    render::HeadlessContext ctx;
    geo::Basemap b;
    b.features.push_back(test::rectangle(FC::Park, -500, -300, 200, 250));
    b.features.push_back(test::rectangle(FC::Building, 400, -300, 600, 300));
    b.recompute_extent();
    const auto spec = scene(b, 400, 300);
    const auto img = render::render_offscreen(b, spec);
    const auto style = geo::BasemapStyle::standard();
    const auto park = style.of(FC::Park).fill_colour.rgba();
    const auto background = style.background.rgba();

    CHECK(colour_distance(test::pixel_at(img, spec.view, at(-150, -25)), park) <= 1);
    // Each corner: 1.5 px inside is park, 1.5 px outside is background.
    const double px = spec.view.resolution * 1.5;
    for (auto [cx, cy, sx, sy] :
         {std::array<double, 4>{-500, -300, 1, 1}, {200, -300, -1, 1}, {200, 250, -1, -1}, {-500, 250, 1, -1}}) {
        INFO("corner " << cx << "," << cy);
        const auto inside = test::pixel_at(img, spec.view, at(cx + sx * px, cy + sy * px));
        const auto outside = test::pixel_at(img, spec.view, at(cx - sx * px, cy - sy * px));
        CHECK(colour_distance(inside, park) <= 2);
        CHECK(colour_distance(outside, background) <= 2);
        INFO(describe(inside) << " / " << describe(outside));
    }
    const auto building = style.of(FC::Building).fill_colour.rgba();
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(500, 0)), building) <= 1);
}

TEST_CASE("Pixels in a polygon's hole show what lies beneath", "[render][area]") {
    render::HeadlessContext ctx;
    geo::Basemap b;
    b.features.push_back(test::square_with_hole(FC::WaterArea, 0, 0, 300, 120));
    b.recompute_extent();
    const auto spec = scene(b, 300, 300);
    const auto img = render::render_offscreen(b, spec);
    const auto style = geo::BasemapStyle::standard();
    const auto water = style.of(FC::WaterArea).fill_colour.rgba();
    const auto background = style.background.rgba();
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(0, 0)), background) <= 1);
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(100, -100)), background) <= 1);
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(200, 0)), water) <= 1);
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(-200, 250)), water) <= 1);
    // The hole's edge, within a pixel.
    const double px = spec.view.resolution * 1.5;
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(120 - px, 0)), background) <= 2);
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(120 + px, 0)), water) <= 2);
}

TEST_CASE("A road has its fill on its centre line, its casing at its edge", "[render][line]") {
    render::HeadlessContext ctx;
    geo::Basemap b;
    b.features.push_back(test::rectangle(FC::LanduseResidential, -300, -200, 300, 200));
    b.features.push_back(test::polyline(FC::RoadPrimary, {{-250, 0}, {250, 0}}));
    b.recompute_extent();
    const auto spec = scene(b, 300, 200);
    const auto img = render::render_offscreen(b, spec);
    const auto style = geo::BasemapStyle::standard();
    const auto& road = style.of(FC::RoadPrimary);
    const auto land = style.of(FC::LanduseResidential).fill_colour.rgba();

    const double ground = spec.view.resolution * geo::mercator_scale_at(geo::from_mercator(spec.view.center).lat);
    const double fill_px = road.line.width_px(ground);
    const double casing_px = fill_px + 2 * geo::BasemapStyle::casing_edge_px(road.casing, fill_px);
    REQUIRE(fill_px > 3);
    const geo::XY mid = spec.view.to_pixel(at(0, 0));
    CHECK(colour_distance(img.at(int(mid.x), int(mid.y)), road.line.colour.rgba()) <= 2);
    // Beyond the casing: the land again.
    CHECK(colour_distance(img.at(int(mid.x), int(std::floor(mid.y + casing_px / 2 + 2))), land) <= 2);
    // Between fill and land the casing makes a pixel darker than both.
    auto brightness = [](geo::Rgba c) { return c.r + c.g + c.b; };
    const int darkest_allowed = std::min(brightness(land), brightness(road.line.colour.rgba())) - 30;
    int casing_pixels = 0;
    for (int dy = 0; dy <= int(casing_px); ++dy) {
        if (brightness(img.at(int(mid.x), int(mid.y) + dy)) < darkest_allowed) ++casing_pixels;
        if (brightness(img.at(int(mid.x), int(mid.y) - dy)) < darkest_allowed) ++casing_pixels;
    }
    CHECK(casing_pixels >= 2);
}

TEST_CASE("Thick lines have no gaps at sharp joints", "[render][line]") {
    render::HeadlessContext ctx;
    geo::Basemap b;
    // Acute zig-zag: 150 m legs, 30 degrees apart.
    std::vector<geo::XY> pts{{-300, 0}, {-150, 80}, {-100, -70}, {0, 80}, {50, -70}, {250, 0}};
    b.features.push_back(test::polyline(FC::RoadMotorway, pts));
    b.recompute_extent();
    geo::SceneSpec spec;
    spec.labels = false;
    spec.view = geo::Viewport::fit(b.extent, 320, 240, 0.1);
    const auto img = render::render_offscreen(b, spec);
    const auto style = geo::BasemapStyle::standard();
    const auto& road = style.of(FC::RoadMotorway);
    const double ground = spec.view.resolution * geo::mercator_scale_at(geo::from_mercator(spec.view.center).lat);
    const double half = road.line.width_px(ground) / 2;
    REQUIRE(half >= 3);

    std::vector<geo::XY> px;
    for (const auto& p : pts)
        px.push_back(spec.view.to_pixel(at(p.x, p.y)));
    auto distance = [&](double x, double y) {
        double best = 1e9;
        for (size_t i = 0; i + 1 < px.size(); ++i) {
            const double dx = px[i + 1].x - px[i].x, dy = px[i + 1].y - px[i].y;
            const double t = std::clamp(((x - px[i].x) * dx + (y - px[i].y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
            best = std::min(best, std::hypot(x - px[i].x - t * dx, y - px[i].y - t * dy));
        }
        return best;
    };
    int inside = 0, wrong_inside = 0, wrong_outside = 0;
    const auto fill = road.line.colour.rgba(), background = style.background.rgba();
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            const double d = distance(x + 0.5, y + 0.5);
            if (x > img.width - 200 && y > img.height - 24) continue; // the attribution
            if (d < half - 1) {
                ++inside;
                if (colour_distance(img.at(x, y), fill) > 3) ++wrong_inside;
            } else if (d > half + geo::BasemapStyle::casing_edge_px(road.casing, 2 * half) + 1.5) {
                if (colour_distance(img.at(x, y), background) > 2) ++wrong_outside;
            }
        }
    CHECK(inside > 1000);
    CHECK(wrong_inside == 0);
    CHECK(wrong_outside == 0);
}

TEST_CASE("Features far from the batch origin stay put at deep zoom", "[render][precision]") {
    render::HeadlessContext ctx;
    geo::Basemap b;
    // Two areas 12 km apart: the batch origin lies 6 km from the one we look at.
    b.features.push_back(test::rectangle(FC::Park, -12000, -10, -11990, 10));
    b.features.push_back(test::rectangle(FC::Park, 0.1234, -5, 10, 5));
    b.recompute_extent();
    geo::SceneSpec spec;
    spec.labels = false;
    spec.view.width = 200;
    spec.view.height = 100;
    spec.view.resolution = 0.002; // 2 mm per pixel
    spec.view.center = at(0.1234, 0);
    const auto img = render::render_offscreen(b, spec);
    const auto park = geo::BasemapStyle::standard().of(FC::Park).fill_colour.rgba();
    const auto background = geo::BasemapStyle::standard().background.rgba();
    // The left edge sits on the centre column: within a pixel of 100.
    const int y = 50;
    CHECK(colour_distance(img.at(98, y), background) <= 2);
    CHECK(colour_distance(img.at(101, y), park) <= 2);
    CHECK(colour_distance(img.at(199, y), park) <= 2);
}

TEST_CASE("Points are discs of their own colour", "[render][point]") {
    render::HeadlessContext ctx;
    geo::Basemap b;
    b.features.push_back(test::rectangle(FC::LanduseOther, -100, -100, 100, 100));
    b.recompute_extent();
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    auto spec = scene(b, 200, 200);
    upload_point(renderer, "red", at(-50, 0), {220, 30, 40, 255});
    upload_point(renderer, "blue", at(50, 50), {20, 90, 200, 255});
    list_point(spec, "red", 6, {220, 30, 40, 255});
    list_point(spec, "blue", 3, {20, 90, 200, 255});
    const auto img = render::render_offscreen(renderer, spec);
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(-50, 0)), {220, 30, 40, 255}) <= 2);
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(50, 50)), {20, 90, 200, 255}) <= 2);
    // 10 px away from the first point there is land again.
    const geo::XY p = spec.view.to_pixel(at(-50, 0));
    CHECK(colour_distance(img.at(int(p.x) + 10, int(p.y)),
                          geo::BasemapStyle::standard().of(FC::LanduseOther).fill_colour.rgba()) <= 2);
}

TEST_CASE("Point layers draw in the scene's order, the last on top", "[render][point]") {
    // What the layer panel's arrows change: the same two layers, swapped, swap what shows.
    render::HeadlessContext ctx;
    geo::Basemap b;
    b.features.push_back(test::rectangle(FC::LanduseOther, -100, -100, 100, 100));
    b.recompute_extent();
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    auto spec = scene(b, 200, 200);
    upload_point(renderer, "red", at(0, 0), {220, 30, 40, 255});
    upload_point(renderer, "blue", at(0, 0), {20, 90, 200, 255});
    list_point(spec, "red", 6, {220, 30, 40, 255});
    list_point(spec, "blue", 6, {20, 90, 200, 255});
    auto img = render::render_offscreen(renderer, spec);
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(0, 0)), {20, 90, 200, 255}) <= 2);
    std::swap(spec.point_layers[0], spec.point_layers[1]);
    img = render::render_offscreen(renderer, spec);
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(0, 0)), {220, 30, 40, 255}) <= 2);
}

TEST_CASE("Basemap layers draw in the scene's order and fade by their opacity", "[render][area]") {
    // Zoomed in the fills are drawn as features; zoomed out (100 m a pixel) from the fill raster.
    for (const double m : {1.0, 100.0}) {
        INFO("scale " << m);
        render::HeadlessContext ctx;
        geo::Basemap b;
        b.features.push_back(test::rectangle(FC::Park, -100 * m, -100 * m, 20 * m, 100 * m));
        b.features.push_back(test::rectangle(FC::Building, -20 * m, -100 * m, 100 * m, 100 * m));
        b.recompute_extent();
        render::MapRenderer renderer;
        renderer.set_basemap(b);
        auto spec = scene(b, 200, 200);
        const auto& style = geo::BasemapStyle::standard();
        const geo::Rgba park = style.of(FC::Park).fill_colour.rgba(),
                        building = style.of(FC::Building).fill_colour.rgba();
        // Where both lie, the building is on top by default.
        auto img = render::render_offscreen(renderer, spec);
        CHECK(colour_distance(test::pixel_at(img, spec.view, at(0, 0)), building) <= 2);
        CHECK(colour_distance(test::pixel_at(img, spec.view, at(-60 * m, 0)), park) <= 2);

        // Green moved above buildings: the park covers the building.
        auto& order = spec.basemap.order;
        const auto green = std::find(order.begin(), order.end(), geo::BasemapLayer::Green);
        const auto buildings = std::find(order.begin(), order.end(), geo::BasemapLayer::Buildings);
        std::iter_swap(green, buildings);
        img = render::render_offscreen(renderer, spec);
        CHECK(colour_distance(test::pixel_at(img, spec.view, at(0, 0)), park) <= 2);
        CHECK(colour_distance(test::pixel_at(img, spec.view, at(60 * m, 0)), building) <= 2);

        // Buildings at a quarter: their colour a quarter of the way from the paper's.
        spec.basemap.opacity[static_cast<size_t>(geo::BasemapLayer::Buildings)] = 0.25f;
        img = render::render_offscreen(renderer, spec);
        const geo::Rgba paper = style.background.rgba();
        auto quarter = [](uint8_t from, uint8_t to) {
            return static_cast<uint8_t>(std::lround(from + (to - from) * 0.25));
        };
        const geo::Rgba expected{quarter(paper.r, building.r), quarter(paper.g, building.g),
                                 quarter(paper.b, building.b), 255};
        CHECK(colour_distance(test::pixel_at(img, spec.view, at(60 * m, 0)), expected) <= 2);
        CHECK(colour_distance(test::pixel_at(img, spec.view, at(-60 * m, 0)), park) <= 2);
    }
}

TEST_CASE("The attribution is drawn bottom-right on a light box", "[render][label]") {
    render::HeadlessContext ctx;
    geo::Basemap b;
    b.features.push_back(test::rectangle(FC::Forest, -300, -200, 300, 200));
    b.recompute_extent();
    geo::SceneSpec spec;
    spec.view = geo::Viewport::fit(b.extent, 400, 260, -0.1); // the forest fills the picture
    const auto img = render::render_offscreen(b, spec);
    const auto forest = geo::BasemapStyle::standard().of(FC::Forest).fill_colour.rgba();
    auto count = [&](int x0, int y0, int x1, int y1, auto pred) {
        int n = 0;
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x)
                n += pred(img.at(x, y)) ? 1 : 0;
        return n;
    };
    auto dark = [](geo::Rgba c) { return c.r + c.g + c.b < 300; };
    auto light = [](geo::Rgba c) { return c.r > 235 && c.g > 235 && c.b > 235; };
    const int w = img.width, h = img.height;
    // Bottom-right: a light box with dark text in it.
    CHECK(count(w - 150, h - 16, w, h, dark) > 40);
    CHECK(count(w - 150, h - 16, w, h, light) > 300);
    // Bottom-left and top-right: forest only.
    CHECK(count(0, h - 16, 150, h, [&](geo::Rgba c) { return colour_distance(c, forest) > 2; }) == 0);
    CHECK(count(w - 150, 0, w, 16, [&](geo::Rgba c) { return colour_distance(c, forest) > 2; }) == 0);
}

TEST_CASE("A scene without a credit line still credits the basemap", "[render][label]") {
    render::HeadlessContext ctx;
    geo::Basemap b;
    b.features.push_back(test::rectangle(FC::Forest, -300, -200, 300, 200));
    b.recompute_extent();
    geo::SceneSpec spec;
    spec.view = geo::Viewport::fit(b.extent, 400, 260, -0.1);
    spec.attribution.clear();
    const auto img = render::render_offscreen(b, spec);
    int dark = 0;
    for (int y = img.height - 16; y < img.height; ++y)
        for (int x = img.width - 150; x < img.width; ++x) {
            const auto c = img.at(x, y);
            dark += c.r + c.g + c.b < 300 ? 1 : 0;
        }
    CHECK(dark > 40);
}

TEST_CASE("Tiles of a big picture join into the same picture", "[render][tiles]") {
    render::HeadlessContext ctx;
    const auto b = test::synthetic_basemap();
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    const auto spec = scene(b, 500, 330, true);
    const auto whole = render::render_offscreen(renderer, spec, 2048);
    const auto tiled = render::render_offscreen(renderer, spec, 128); // 4 x 3 tiles, the last ones partial
    REQUIRE(tiled.width == whole.width);
    REQUIRE(tiled.height == whole.height);
    const auto diff = test::compare_images(whole, tiled, 8);
    INFO("worst difference " << diff.worst);
    CHECK(diff.over <= whole.width * whole.height / 1000);
}

TEST_CASE("A picture drawn a band of tiles at a time is the whole picture, labels and all", "[render][tiles]") {
    render::HeadlessContext ctx;
    const auto b = test::synthetic_basemap();
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    const auto spec = scene(b, 500, 330, true);
    const auto whole = render::render_offscreen(renderer, spec, 128);
    // Bands of 128 rows (the last 74), each of 4 tiles: the same tiles, the same pixels.
    render::OffscreenRenderer pictures(renderer, 128);
    geo::RgbaImage joined(500, 330);
    std::vector<std::pair<int, int>> bands;
    CHECK(pictures.render_bands(spec, [&](const geo::RgbaImage& band, int first_row) {
        bands.emplace_back(first_row, band.height);
        REQUIRE(band.width == 500);
        std::copy(band.pixels.begin(), band.pixels.end(),
                  joined.pixels.begin() + static_cast<long>(first_row) * 500 * 4);
        return true;
    }));
    CHECK(bands == std::vector<std::pair<int, int>>{{0, 128}, {128, 128}, {256, 74}});
    // A sink that says stop gets no further band.
    int calls = 0;
    CHECK_FALSE(pictures.render_bands(spec, [&](const geo::RgbaImage&, int) { return ++calls < 2; }));
    CHECK(calls == 2);
    CHECK(joined.pixels == whole.pixels);
    // And both as the untiled picture, within the tiles' own budget above.
    const auto untiled = render::render_offscreen(renderer, spec, 2048);
    const auto diff = test::compare_images(untiled, joined, 8);
    INFO("worst difference " << diff.worst);
    CHECK(diff.over <= whole.width * whole.height / 1000);
}

TEST_CASE("A print-size picture renders in tiles", "[render][tiles][slow]") {
    render::HeadlessContext ctx;
    INFO("GL_MAX_RENDERBUFFER_SIZE and viewport limit: " << render::OffscreenTarget::max_size());
    const auto b = test::synthetic_basemap();
    const auto spec = scene(b, 6000, 4000);
    const auto img = render::render_offscreen(b, spec);
    REQUIRE(img.width == 6000);
    REQUIRE(img.height == 4000);
    const auto style = geo::BasemapStyle::standard();
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(-450, 300)), style.of(FC::Park).fill_colour.rgba()) <= 1);
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(580, -380)),
                          style.of(FC::LanduseResidential).fill_colour.rgba()) <= 1);
}

TEST_CASE("Without multisampling, area edges are still anti-aliased", "[render][area]") {
    render::HeadlessContext ctx;
    geo::Basemap b;
    // A diamond: every edge at 45 degrees, the worst case for staircases.
    geo::Feature f = test::rectangle(FC::WaterArea, 0, 0, 0, 0);
    const geo::XY c = test::synthetic_centre();
    f.geometry.points = {{c.x, c.y - 200}, {c.x + 200, c.y}, {c.x, c.y + 200}, {c.x - 200, c.y}};
    b.features.push_back(f);
    b.recompute_extent();
    geo::SceneSpec spec;
    spec.labels = false;
    spec.view = geo::Viewport::fit(b.extent, 200, 200, 0.1);
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    render::OffscreenTarget target(200, 200, 0);
    REQUIRE(target.samples() == 0);
    target.bind();
    renderer.draw(spec, 200, 200);
    const auto img = target.read();
    const auto style = geo::BasemapStyle::standard();
    const auto water = style.of(FC::WaterArea).fill_colour.rgba(), land = style.background.rgba();
    // Pixels strictly between the two colours along the edges.
    int between = 0;
    for (int y = 0; y < img.height - 20; ++y)
        for (int x = 0; x < img.width; ++x) {
            const auto p = img.at(x, y);
            if (test::colour_distance(p, water) > 6 && test::colour_distance(p, land) > 6) ++between;
        }
    const double edge_px = 4 * std::hypot(200.0, 200.0) / spec.view.resolution;
    INFO("blended pixels " << between << " along " << edge_px << " px of edge");
    CHECK(between > edge_px * 0.5);
}

TEST_CASE("An unchanged scene is copied from the kept picture, a changed one drawn again", "[render][cache]") {
    render::HeadlessContext ctx;
    const auto b = test::synthetic_basemap();
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    auto spec = scene(b, 300, 200, true);
    list_point(spec, "late", 8, {255, 0, 0, 255}); // uploaded only after the first frames
    render::OffscreenTarget target(300, 200, 0);
    auto frame = [&](const geo::SceneSpec& s) {
        target.bind();
        glClearColor(1, 0, 1, 1); // anything not copied over shows magenta
        glClear(GL_COLOR_BUFFER_BIT);
        renderer.draw(s, 300, 200);
        return target.read();
    };
    const auto first = frame(spec);
    const auto again = frame(spec);
    CHECK(again.pixels == first.pixels);
    renderer.set_frame_cache(false);
    const auto drawn = frame(spec);
    CHECK(drawn.pixels == first.pixels);
    renderer.set_frame_cache(true);
    auto moved = spec;
    moved.view.pan_pixels(40, 0);
    const auto panned = frame(moved);
    CHECK(panned.pixels != first.pixels);
    // Points added after the first frame show up although the scene is the same.
    upload_point(renderer, "late", at(0, 0), {255, 0, 0, 255});
    const auto with_point = frame(moved);
    const auto p = moved.view.to_pixel(at(0, 0));
    CHECK(test::colour_distance(with_point.at(int(p.x), int(p.y)), {255, 0, 0, 255}) <= 2);
    CHECK(test::colour_distance(panned.at(int(p.x), int(p.y)), {255, 0, 0, 255}) > 50);
}

TEST_CASE("A pan by whole pixels shifts the kept basemap and draws only what comes into view", "[render][cache]") {
    render::HeadlessContext ctx;
    const auto b = test::synthetic_basemap();
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    const auto spec = scene(b, 300, 200, true);
    render::OffscreenTarget target(300, 200, 0);
    auto frame = [&](const geo::SceneSpec& s) {
        target.bind();
        glClearColor(1, 0, 1, 1); // anything not drawn or copied shows magenta
        glClear(GL_COLOR_BUFFER_BIT);
        renderer.draw(s, 300, 200);
        return target.read();
    };
    frame(spec);
    const size_t full = renderer.stats().drawn_triangles;
    // Right and down, then left and up: strips on every side, corners included.
    for (const auto& [dx, dy] : {std::pair{37.0, 23.0}, {-61.0, -45.0}}) {
        auto moved = spec;
        moved.view.pan_pixels(dx, dy);
        const auto shifted = frame(moved);
        const size_t strip = renderer.stats().drawn_triangles;
        renderer.set_frame_cache(false);
        const auto redrawn = frame(moved);
        renderer.set_frame_cache(true);
        frame(moved); // keeps the redrawn basemap for the next pan
        INFO("pan " << dx << ", " << dy << ": " << strip << " triangles in the last strip, " << full
                    << " in a whole frame");
        CHECK(strip < full / 2);
        const auto diff = test::compare_images(shifted, redrawn, 8);
        INFO("worst difference " << diff.worst);
        CHECK(diff.over <= shifted.width * shifted.height / 1000);
    }
}

TEST_CASE("Zoomed out, many small buildings are drawn from their coverage raster with their true share",
          "[render][area]") {
    render::HeadlessContext ctx;
    geo::Basemap b;
    // 100 x 100 houses of 6 x 6 m every 12 m: a quarter of a 1.2 km square is roof.
    for (int i = 0; i < 100; ++i)
        for (int j = 0; j < 100; ++j)
            b.features.push_back(
                test::rectangle(FC::Building, i * 12.0 - 600, j * 12.0 - 600, i * 12.0 - 594, j * 12.0 - 594));
    b.recompute_extent();
    const auto style = geo::BasemapStyle::standard();
    const auto roof = style.of(FC::Building).fill_colour.rgba(), ground = style.background.rgba();
    for (const int samples : {0, 4}) {
        geo::SceneSpec spec;
        spec.labels = false;
        spec.attribution = " ";
        spec.view.center = test::synthetic_centre();
        spec.view.resolution = 15.0; // metres per pixel: more than a house and its gap
        spec.view.width = 120;
        spec.view.height = 120;
        render::MapRenderer renderer;
        renderer.set_basemap(b);
        render::OffscreenTarget target(120, 120, samples);
        target.bind();
        renderer.draw_region(spec, 1.0, 0, 0, 120, 120);
        const auto img = target.read();
        INFO("samples " << samples << ", triangles drawn " << renderer.stats().drawn_triangles);
        CHECK(renderer.stats().drawn_triangles == 2); // one rectangle, not 20,000 triangles
        // The middle of the square: every pixel a quarter roof, three quarters ground.
        double expected[3], mean[3] = {0, 0, 0};
        const uint8_t r[3] = {roof.r, roof.g, roof.b}, g[3] = {ground.r, ground.g, ground.b};
        for (int k = 0; k < 3; ++k)
            expected[k] = 0.25 * r[k] + 0.75 * g[k];
        int n = 0, uneven = 0;
        for (int y = 45; y < 75; ++y)
            for (int x = 45; x < 75; ++x) {
                const auto p = img.at(x, y);
                const uint8_t c[3] = {p.r, p.g, p.b};
                for (int k = 0; k < 3; ++k)
                    mean[k] += c[k];
                // A pixel spans 1.25 houses and gaps and the mipmaps beat with them a little, but
                // no pixel may show a whole house (19 darker) or a whole gap (6 lighter).
                if (std::abs(c[0] - expected[0]) > 8) ++uneven;
                ++n;
            }
        for (int k = 0; k < 3; ++k)
            CHECK(std::abs(mean[k] / n - expected[k]) < 1.5);
        int lo = 255, hi = 0;
        for (int y = 45; y < 75; ++y)
            for (int x = 45; x < 75; ++x) {
                lo = std::min(lo, int(img.at(x, y).r));
                hi = std::max(hi, int(img.at(x, y).r));
            }
        INFO("red from " << lo << " to " << hi << ", expected " << expected[0]);
        CHECK(uneven == 0);
    }
}

TEST_CASE("Zoomed out to the building raster, an export skips multisampling but keeps edges smooth", "[render][area]") {
    render::HeadlessContext ctx;
    geo::Basemap b;
    for (int i = 0; i < 20; ++i)
        for (int j = 0; j < 20; ++j)
            b.features.push_back(
                test::rectangle(FC::Building, i * 12.0 - 3000, j * 12.0 - 3000, i * 12.0 - 2994, j * 12.0 - 2994));
    // A diamond of water 1.6 km across: every edge at 45 degrees, the worst case for staircases.
    geo::Feature f = test::rectangle(FC::WaterArea, 0, 0, 0, 0);
    const geo::XY c = test::synthetic_centre();
    f.geometry.points = {{c.x, c.y - 800}, {c.x + 800, c.y}, {c.x, c.y + 800}, {c.x - 800, c.y}};
    b.features.push_back(f);
    b.recompute_extent();
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    geo::SceneSpec spec;
    spec.labels = false;
    spec.attribution = " ";
    spec.view.center = c;
    spec.view.width = 200;
    spec.view.height = 200;
    spec.view.resolution = 2.0; // houses of 3 px: drawn as features, multisampled
    CHECK(renderer.multisampling_pays(spec));
    spec.view.resolution = 10.0; // texels of 4 m are under half a pixel: the raster
    CHECK_FALSE(renderer.multisampling_pays(spec));
    const auto img = render::render_offscreen(renderer, spec);
    const auto style = geo::BasemapStyle::standard();
    const auto water = style.of(FC::WaterArea).fill_colour.rgba(), land = style.background.rgba();
    int between = 0;
    for (int y = 0; y < img.height - 20; ++y) // above the attribution
        for (int x = 0; x < img.width; ++x) {
            const auto p = img.at(x, y);
            if (colour_distance(p, water) > 6 && colour_distance(p, land) > 6) ++between;
        }
    const double edge_px = 4 * std::hypot(800.0, 800.0) / spec.view.resolution;
    INFO("blended pixels " << between << " along " << edge_px << " px of edge");
    CHECK(between > edge_px * 0.5);
}

TEST_CASE("A tunnel runs under the street it crosses, a bridge over the road below it", "[render][line][structure]") {
    // Imported and loaded as a project is: the levels come from the stored tags.
    test::TempDir dir;
    geo::import_osm(std::filesystem::path(OKO_TEST_FIXTURES) / "osm" / "n9-w5-tunnel-and-bridge.osm",
                    dir / "crossings.oko");
    const geo::Basemap b = geo::Store::open(dir / "crossings.oko").load_basemap();
    auto level_of = [&](int64_t id) {
        for (const auto& f : b.features)
            if (f.osm_id == id && f.osm_type == 'w') return f.level;
        return geo::LineLevel{};
    };
    CHECK(level_of(10) == geo::LineLevel{geo::Structure::Tunnel, -1});
    CHECK(level_of(11) == geo::LineLevel{});
    CHECK(level_of(12) == geo::LineLevel{geo::Structure::Bridge, 1});
    CHECK(level_of(14) == geo::LineLevel{geo::Structure::Tunnel, -2}); // layer=-2 + covered=yes

    render::HeadlessContext ctx;
    geo::SceneSpec spec;
    spec.labels = false;
    spec.view = geo::Viewport::fit(b.extent, 1200, 400, 0.05);
    const auto img = render::render_offscreen(b, spec);
    const auto style = geo::BasemapStyle::standard();
    const auto street = style.of(FC::RoadResidential).line.colour.rgba();
    const auto motorway = style.of(FC::RoadMotorway).line.colour.rgba();
    auto px = [&](double lon, double lat) { return test::pixel_at(img, spec.view, geo::to_mercator({lon, lat})); };
    const double ground = spec.view.resolution * geo::mercator_scale_at(45.25);
    REQUIRE(style.of(FC::RoadResidential).line.width_px(ground) > 4); // wide enough to sample its middle

    // West: the street on the ground is drawn over the motorway's tunnel.
    INFO("tunnel crossing " << describe(px(19.805, 45.25)));
    CHECK(colour_distance(px(19.805, 45.25), street) <= 2);
    // The tunnel away from the crossing: paler than the motorway on the ground, and not it.
    const auto tunnel = px(19.805, 45.2488), surface = px(19.815, 45.2488);
    INFO("tunnel " << describe(tunnel) << ", motorway on the ground " << describe(surface));
    CHECK(colour_distance(surface, motorway) <= 2);
    CHECK(colour_distance(tunnel, motorway) > 20);
    CHECK(tunnel.r + tunnel.g + tunnel.b > surface.r + surface.g + surface.b + 60);

    // East: the street's bridge is drawn over the motorway, with the bridge's dark casing on
    // each side of it where it crosses.
    INFO("bridge crossing " << describe(px(19.815, 45.25)));
    CHECK(colour_distance(px(19.815, 45.25), street) <= 2);
    const geo::XY centre = spec.view.to_pixel(geo::to_mercator({19.815, 45.25}));
    const auto bridge_casing = style.structures.bridge_casing.rgba();
    int dark_above = 0, dark_below = 0;
    std::string scan;
    for (int dy = -12; dy < 12; ++dy)
        scan += describe(img.at(int(centre.x), int(centre.y) + dy)) + " ";
    INFO("across the bridge: " << scan);
    for (int dy = 1; dy < 12; ++dy) {
        if (colour_distance(img.at(int(centre.x), int(centre.y) - dy), bridge_casing) <= 40) ++dark_above;
        if (colour_distance(img.at(int(centre.x), int(centre.y) + dy), bridge_casing) <= 40) ++dark_below;
    }
    CHECK(dark_above >= 1);
    CHECK(dark_below >= 1);
    // The motorway on the ground far from the bridge has no such casing.
    const geo::XY side = spec.view.to_pixel(geo::to_mercator({19.815, 45.2485}));
    int dark_beside = 0;
    for (int dx = -12; dx <= 12; ++dx)
        if (colour_distance(img.at(int(side.x) + dx, int(side.y)), bridge_casing) <= 40) ++dark_beside;
    CHECK(dark_beside == 0);
}
