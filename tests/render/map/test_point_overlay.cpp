// Density views in place of a point layer's points: a heatmap, bins and districts, covered
// streets, and the legend that says what their colours mean. Every expected colour is the blend
// done here of the ramp's colour over what the same scene shows without the overlay.

#include "geo/scene/colour_ramp.hpp"
#include "render/gl/headless_context.hpp"
#include "render/gl/offscreen_target.hpp"
#include "render/map/map_renderer.hpp"
#include "render/map/render_offscreen.hpp"
#include "support/render_checks.hpp"
#include "support/synthetic_basemap.hpp"

#include <glad/gl.h>

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

// One landuse square of 1 km around the centre: a known colour under everything.
geo::Basemap plain_basemap() {
    geo::Basemap b;
    b.features.push_back(test::rectangle(FC::LanduseOther, -500, -500, 500, 500));
    b.recompute_extent();
    return b;
}

geo::SceneSpec scene_of(const geo::Basemap& b, int w, int h) {
    geo::SceneSpec spec;
    spec.view = geo::Viewport::fit(b.extent, w, h, 0.05);
    spec.labels = false;
    spec.attribution.clear();
    return spec;
}

void list_layer(geo::SceneSpec& spec, const std::string& name, geo::Rgba colour) {
    geo::PointLayerSpec s;
    s.name = name;
    s.style.radius_px = 6;
    s.style.colour_by_vendor = false;
    s.style.colour = colour;
    s.filter.include_unknown = true;
    spec.point_layers.push_back(s);
}

void upload_points(render::MapRenderer& renderer, const std::string& name, const std::vector<geo::XY>& positions,
                   geo::Rgba colour) {
    render::PointLayerGeometry g;
    g.positions = positions;
    g.vendors = {""};
    g.vendor_index.assign(positions.size(), 0);
    g.years.assign(positions.size(), 0);
    g.search_text.assign(positions.size(), "");
    g.vendor_colours = {colour};
    renderer.set_point_layer(name, g);
}

// A smooth bump of `peak` cameras per km² at the centre, Gaussian with σ = `sigma` metres, on
// cells of `cell` metres over `half` metres each side of the centre.
geo::DensityGrid bump(double peak, double sigma, double cell, double half) {
    geo::DensityGrid g;
    const geo::XY c = test::synthetic_centre();
    g.cell = cell;
    g.width = g.height = static_cast<int>(std::lround(2 * half / cell));
    g.region.extend(c.x - half, c.y - half);
    g.region.extend(c.x + half, c.y + half);
    g.values.resize(static_cast<size_t>(g.width) * g.height);
    for (int row = 0; row < g.height; ++row)
        for (int col = 0; col < g.width; ++col) {
            const geo::XY p = g.cell_centre(col, row);
            const double d2 = (p.x - c.x) * (p.x - c.x) + (p.y - c.y) * (p.y - c.y);
            g.values[static_cast<size_t>(row) * g.width + col] =
                static_cast<float>(peak * std::exp(-d2 / (2 * sigma * sigma)));
        }
    return g;
}

// The bump's value at a place, computed here.
double bump_at(geo::XY p, double peak, double sigma) {
    const geo::XY c = test::synthetic_centre();
    const double d2 = (p.x - c.x) * (p.x - c.x) + (p.y - c.y) * (p.y - c.y);
    return peak * std::exp(-d2 / (2 * sigma * sigma));
}

// The centre of the pixel that holds `p`: where the picture samples it.
geo::XY pixel_centre(const geo::Viewport& view, geo::XY p) {
    const geo::XY px = view.to_pixel(p);
    return view.to_world(std::floor(px.x) + 0.5, std::floor(px.y) + 0.5);
}

// Premultiplied `c` with alpha `a` over `under`.
geo::Rgba over(geo::Rgba c, double a, geo::Rgba under) {
    auto mix = [&](uint8_t s, uint8_t d) { return static_cast<uint8_t>(std::lround(s * a + d * (1 - a))); };
    return {mix(c.r, under.r), mix(c.g, under.g), mix(c.b, under.b), 255};
}

geo::Rgba heat(double value, const render::DensityLook& look, geo::Rgba under) {
    const double a = look.opacity * std::min(1.0, value / (look.fade_below * look.scale_max));
    return over(geo::ramp_colour(look.ramp, std::min(1.0, value / look.scale_max)), a, under);
}

} // namespace

TEST_CASE("A heatmap is drawn in place of its layer's points, its colour the ramp's over the basemap",
          "[render][overlay][density]") {
    render::HeadlessContext ctx;
    const auto b = plain_basemap();
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    auto spec = scene_of(b, 300, 300);
    const geo::Rgba red{220, 30, 40, 255};
    upload_points(renderer, "cameras", {at(0, 0), at(-300, 300)}, red);
    list_layer(spec, "cameras", red);
    const geo::Rgba land = renderer.style().of(FC::LanduseOther).fill_colour.rgba();
    const auto dots = render::render_offscreen(renderer, spec);
    REQUIRE(colour_distance(test::pixel_at(dots, spec.view, at(0, 0)), red) <= 2);

    render::DensityLook look;
    look.ramp = geo::ColourRamp::magma;
    look.scale_max = 40;
    look.opacity = 0.75f;
    const double peak = 50, sigma = 150;
    renderer.set_point_overlay("cameras", render::DensityOverlay{bump(peak, sigma, 10, 400), look});
    CHECK(renderer.has_point_overlay("cameras"));
    const auto img = render::render_offscreen(renderer, spec);
    // The dots are gone; the ramp shows, clamped at the top in the middle.
    for (const geo::XY d : {geo::XY{0, 0}, geo::XY{100, 0}, geo::XY{0, -200}, geo::XY{250, 250}, geo::XY{-300, 300}}) {
        const geo::XY p = pixel_centre(spec.view, at(d.x, d.y));
        const geo::Rgba want = heat(bump_at(p, peak, sigma), look, land);
        const geo::Rgba got = test::pixel_at(img, spec.view, p);
        INFO("at " << d.x << ", " << d.y << " value " << bump_at(p, peak, sigma) << ": got " << describe(got)
                   << ", want " << describe(want));
        CHECK(colour_distance(got, want) <= 2);
    }
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(0, 0)), red) > 60);
    // Past the grid, the basemap as it was.
    CHECK(colour_distance(test::pixel_at(img, spec.view, at(450, -450)), land) <= 1);

    // Hidden layer: neither points nor heatmap.
    spec.point_layers[0].style.visible = false;
    const auto hidden = render::render_offscreen(renderer, spec);
    CHECK(colour_distance(test::pixel_at(hidden, spec.view, at(0, 0)), land) <= 1);
    spec.point_layers[0].style.visible = true;

    // Cleared: the points again.
    renderer.clear_point_overlay("cameras");
    CHECK_FALSE(renderer.has_point_overlay("cameras"));
    const auto back = render::render_offscreen(renderer, spec);
    CHECK(colour_distance(test::pixel_at(back, spec.view, at(0, 0)), red) <= 2);
}

TEST_CASE("A heatmap has the same colour at the same place at three zoom levels", "[render][overlay][density]") {
    render::HeadlessContext ctx;
    const auto b = plain_basemap();
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    const geo::Rgba land = renderer.style().of(FC::LanduseOther).fill_colour.rgba();
    render::DensityLook look;
    look.scale_max = 30;
    const double peak = 30, sigma = 400;
    renderer.set_point_overlay("cameras", render::DensityOverlay{bump(peak, sigma, 10, 1000), look});
    // 2, 6 and 30 m a pixel: the grid's 10 m cells are 5, 1.7 and a third of a pixel (there a
    // pixel reads the mean of 2 x 2 cells). Every probe below is a pixel centre in all three.
    std::vector<geo::SceneSpec> views;
    std::vector<geo::RgbaImage> pictures;
    for (double resolution : {2.0, 6.0, 30.0}) {
        geo::SceneSpec s = scene_of(b, 400, 400);
        list_layer(s, "cameras", {0, 0, 0, 255});
        s.view.center = test::synthetic_centre();
        s.view.resolution = resolution;
        views.push_back(s);
        pictures.push_back(render::render_offscreen(renderer, s));
    }
    for (const geo::XY d : {geo::XY{15, 15}, geo::XY{135, 45}, geo::XY{-225, -165}, geo::XY{285, -15},
                            geo::XY{-45, 255}, geo::XY{375, 345}}) {
        const geo::XY p = at(d.x, d.y);
        const geo::Rgba want = heat(bump_at(p, peak, sigma), look, land);
        for (size_t i = 0; i < views.size(); ++i) {
            const geo::Rgba got = test::pixel_at(pictures[i], views[i].view, p);
            INFO("at " << d.x << ", " << d.y << ", " << views[i].view.resolution << " m/px: " << describe(got)
                       << ", want " << describe(want));
            CHECK(colour_distance(got, want) <= 2);
            CHECK(colour_distance(got, test::pixel_at(pictures[0], views[0].view, p)) <= 2);
        }
    }
}

TEST_CASE("Cells and districts are filled with their own colours, outside them the basemap",
          "[render][overlay][cells]") {
    render::HeadlessContext ctx;
    const auto b = plain_basemap();
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    const geo::Rgba land = renderer.style().of(FC::LanduseOther).fill_colour.rgba();
    auto spec = scene_of(b, 400, 400);
    list_layer(spec, "bins", {0, 0, 0, 255});
    // A hexagon of 100 m radius at (-200, 200), a square at (200, 200), and a district with a hole.
    render::CellOverlay cells;
    std::vector<geo::XY> hexagon;
    for (int k = 0; k < 6; ++k) {
        const double angle = M_PI / 3 * k;
        hexagon.push_back(at(-200 + 100 * std::cos(angle), 200 + 100 * std::sin(angle)));
    }
    cells.cells = {hexagon, {at(150, 150), at(250, 150), at(250, 250), at(150, 250)}};
    cells.areas = {test::square_with_hole(FC::Park, 0, -200, 200, 80).geometry};
    const geo::Rgba c1{68, 1, 84, 255}, c2{33, 145, 140, 255}, c3{253, 231, 37, 255};
    cells.fills = {c1, c2, c3};
    cells.opacity = 1;
    cells.outline_px = 0;
    renderer.set_point_overlay("bins", cells);
    auto img = render::render_offscreen(renderer, spec);
    auto check_at = [&](double dx, double dy, geo::Rgba want) {
        const geo::Rgba got = test::pixel_at(img, spec.view, at(dx, dy));
        INFO("at " << dx << ", " << dy << ": got " << describe(got) << ", want " << describe(want));
        CHECK(colour_distance(got, want) <= 2);
    };
    check_at(-200, 200, c1);
    check_at(-200 + 80, 200, c1);   // inside the hexagon's corner towards +x
    check_at(-200, 200 + 95, land); // past its flat top (at 86.6 m)
    check_at(200, 200, c2);
    check_at(245, 155, c2);
    check_at(260, 200, land);
    check_at(-150, -200, c3);
    check_at(0, -200, land); // the hole
    check_at(0, -350, c3);
    check_at(0, 100, land);

    // Half opacity blends over the basemap; outlines in their colour on the cell's edge.
    cells.opacity = 0.5f;
    cells.outline = geo::Colour{0, 0, 0, 1};
    cells.outline_px = 3;
    renderer.set_point_overlay("bins", cells);
    img = render::render_offscreen(renderer, spec);
    check_at(200, 200, over(c2, 0.5, land));
    check_at(250, 200, {0, 0, 0, 255});

    // Mismatched colours are refused, and the previous overlay stays.
    cells.fills.pop_back();
    CHECK_THROWS_WITH(renderer.set_point_overlay("bins", cells), Catch::Contains("but 2 fill colours"));
    CHECK(renderer.has_point_overlay("bins"));
}

TEST_CASE("Covered streets are drawn as lines of their colour and width", "[render][overlay][lines]") {
    render::HeadlessContext ctx;
    const auto b = plain_basemap();
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    const geo::Rgba land = renderer.style().of(FC::LanduseOther).fill_colour.rgba();
    auto spec = scene_of(b, 400, 400);
    list_layer(spec, "covered", {0, 0, 0, 255});
    render::LineOverlay lines;
    lines.lines = {test::polyline(FC::RoadResidential, {{-400, 0}, {400, 0}}).geometry};
    lines.colour = geo::Colour::hex("#0072b2");
    lines.width_px = 6;
    renderer.set_point_overlay("covered", lines);
    const auto img = render::render_offscreen(renderer, spec);
    const geo::XY p = spec.view.to_pixel(at(0, 0));
    CHECK(colour_distance(img.at(int(p.x), int(p.y)), lines.colour.rgba()) <= 2);
    CHECK(colour_distance(img.at(int(p.x), int(p.y) + 2), lines.colour.rgba()) <= 2);
    CHECK(colour_distance(img.at(int(p.x), int(p.y) + 6), land) <= 2);
}

TEST_CASE("The frame cache notices overlays and legends", "[render][overlay][cache]") {
    render::HeadlessContext ctx;
    const auto b = plain_basemap();
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    auto spec = scene_of(b, 300, 300);
    const geo::Rgba red{220, 30, 40, 255};
    upload_points(renderer, "cameras", {at(0, 0)}, red);
    list_layer(spec, "cameras", red);
    render::OffscreenTarget target(300, 300, 0);
    auto frame = [&] {
        target.bind();
        glClearColor(1, 0, 1, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        renderer.draw(spec, 300, 300);
        return target.read();
    };
    const auto dots = frame();
    render::DensityLook look;
    look.opacity = 1;
    look.scale_max = 10;
    renderer.set_point_overlay("cameras", render::DensityOverlay{bump(20, 200, 10, 400), look});
    const auto heatmap = frame();
    CHECK(colour_distance(test::pixel_at(heatmap, spec.view, at(0, 0)), geo::ramp_colour(look.ramp, 1)) <= 2);
    look.ramp = geo::ColourRamp::cividis;
    renderer.set_point_overlay("cameras", render::DensityOverlay{bump(20, 200, 10, 400), look});
    const auto cividis = frame();
    CHECK(colour_distance(test::pixel_at(cividis, spec.view, at(0, 0)), geo::ramp_colour(look.ramp, 1)) <= 2);
    geo::LegendSpec legend;
    legend.title = "Camera density";
    legend.ramp = look.ramp;
    legend.max = 10;
    renderer.set_legends({legend});
    const auto with_legend = frame();
    CHECK(with_legend.pixels != cividis.pixels);
    renderer.set_legends({});
    CHECK(frame().pixels == cividis.pixels);
    renderer.clear_point_overlays();
    CHECK(frame().pixels == dots.pixels);
}

TEST_CASE("A legend draws its ramp, its tick numbers and its text in its corner", "[render][legend]") {
    render::HeadlessContext ctx;
    geo::Basemap b;
    b.features.push_back(test::rectangle(FC::WaterArea, -2000, -2000, 2000, 2000)); // a dark, even ground
    b.recompute_extent();
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    geo::SceneSpec spec;
    spec.view.center = test::synthetic_centre();
    spec.view.resolution = 2;
    spec.view.width = 600;
    spec.view.height = 400;
    spec.labels = false;
    spec.attribution.clear();
    const geo::Rgba water = renderer.style().of(FC::WaterArea).fill_colour.rgba();
    const auto plain = render::render_offscreen(renderer, spec);

    geo::LegendSpec legend;
    legend.title = "Camera density";
    legend.units = "cameras per km²";
    legend.note = "quartic kernel, 200 m";
    legend.ramp = geo::ColourRamp::viridis;
    legend.min = 0;
    legend.max = 40;
    legend.ticks = {0, 10, 20, 30, 40};
    legend.corner = geo::LegendCorner::top_left;
    renderer.set_legends({legend});
    const auto img = render::render_offscreen(renderer, spec);
    // The legend's box: the light pixels from the top-left corner.
    int right = 0, bottom = 0;
    for (int y = 0; y < img.height / 2; ++y)
        for (int x = 0; x < img.width / 2; ++x)
            if (colour_distance(img.at(x, y), plain.at(x, y)) > 30) {
                right = std::max(right, x);
                bottom = std::max(bottom, y);
            }
    INFO("legend box to " << right << ", " << bottom);
    CHECK(right > 150); // the bar is 200 px
    CHECK(right < 300);
    CHECK(bottom > 60);
    CHECK(bottom < 160);
    // The rest of the picture is untouched.
    CHECK(colour_distance(img.at(500, 300), water) <= 1);
    CHECK(colour_distance(img.at(img.width - 1, 0), plain.at(img.width - 1, 0)) <= 1);
    // The bar: a row whose left end is viridis's dark end and right end its light end.
    int bar_row = -1;
    for (int y = 0; y < bottom && bar_row < 0; ++y) {
        bool dark = false, light = false;
        for (int x = 0; x < right; ++x) {
            dark = dark || colour_distance(img.at(x, y), geo::ramp_colour(geo::ColourRamp::viridis, 0.01)) <= 6;
            light = light || colour_distance(img.at(x, y), geo::ramp_colour(geo::ColourRamp::viridis, 0.99)) <= 6;
        }
        if (dark && light) bar_row = y;
    }
    REQUIRE(bar_row > 0);
    int bar_left = right, bar_right = 0;
    for (int x = 0; x < right; ++x) {
        const geo::Rgba c = img.at(x, bar_row);
        if (colour_distance(c, {255, 255, 255, 255}) > 40 && colour_distance(c, plain.at(x, bar_row)) > 20) {
            bar_left = std::min(bar_left, x);
            bar_right = std::max(bar_right, x);
        }
    }
    CHECK(bar_right - bar_left > 190);
    // Tick numbers under the bar: dark ink near each of the five ticks, in the rows below the bar.
    for (int k = 0; k <= 4; ++k) {
        const int tx = bar_left + (bar_right - bar_left) * k / 4;
        int ink = 0;
        for (int y = bar_row + 10; y < bar_row + 34; ++y)
            for (int x = std::max(0, tx - 12); x <= tx + 12; ++x)
                ink += colour_distance(img.at(x, y), {34, 34, 34, 255}) < 90;
        INFO("tick " << k * 10 << " at x " << tx << ": " << ink << " ink pixels");
        CHECK(ink > 8);
    }
    // Title above the bar and units, note below the numbers: ink in those rows too.
    auto ink_rows = [&](int y0, int y1) {
        int ink = 0;
        for (int y = std::max(0, y0); y < y1; ++y)
            for (int x = 0; x < right; ++x)
                ink += colour_distance(img.at(x, y), {34, 34, 34, 255}) < 90;
        return ink;
    };
    CHECK(ink_rows(0, bar_row - 6) > 50);
    CHECK(ink_rows(bar_row + 34, bottom) > 50);
}

TEST_CASE("Legends stack in their corner and keep clear of the attribution", "[render][legend]") {
    render::HeadlessContext ctx;
    geo::Basemap b;
    b.features.push_back(test::rectangle(FC::WaterArea, -2000, -2000, 2000, 2000));
    b.recompute_extent();
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    geo::SceneSpec spec;
    spec.view.center = test::synthetic_centre();
    spec.view.resolution = 2;
    spec.view.width = 600;
    spec.view.height = 400;
    spec.labels = false;
    spec.attribution = "© OpenStreetMap contributors";
    const auto plain = render::render_offscreen(renderer, spec);
    geo::LegendSpec classes;
    classes.title = "Cameras per hexagon";
    classes.classes = {{{68, 1, 84, 255}, "1 – 4 (12 cells)", std::nullopt},
                       {{253, 231, 37, 255}, "5 – 9 (3 cells)", std::nullopt}};
    classes.corner = geo::LegendCorner::bottom_right;
    renderer.set_legends({classes, classes});
    const auto img = render::render_offscreen(renderer, spec);
    // The attribution's bottom-right pixels are as they were: the legends sit above it.
    for (int x = img.width - 40; x < img.width; ++x)
        CHECK(colour_distance(img.at(x, img.height - 3), plain.at(x, img.height - 3)) <= 1);
    // Both legends' class boxes are there: two rows of each class colour.
    int dark_rows = 0;
    bool in_run = false;
    for (int y = 0; y < img.height; ++y) {
        bool dark = false;
        for (int x = img.width / 2; x < img.width; ++x)
            dark = dark || colour_distance(img.at(x, y), {68, 1, 84, 255}) <= 3;
        if (dark && !in_run) ++dark_rows;
        in_run = dark;
    }
    CHECK(dark_rows == 2);
}
