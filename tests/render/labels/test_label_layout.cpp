#include "geo/export/image_png.hpp"
#include "render/labels/collision_grid.hpp"
#include "render/gl/headless_context.hpp"
#include "render/labels/label_layout.hpp"
#include "render/gl/offscreen_target.hpp"
#include "render/map/render_offscreen.hpp"
#include "render/labels/text_painter.hpp"
#include "support/render_checks.hpp"
#include "support/synthetic_basemap.hpp"

#include <glad/gl.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>

using namespace oko;
using FC = geo::FeatureClass;

namespace {

// Draws one line of text on white and returns the picture and the text's box.
geo::RgbaImage draw_text(render::TextPainter& text, const std::string& s, double size, geo::BBox& box) {
    const int w = 400, h = 60;
    render::OffscreenTarget target(w, h);
    target.bind();
    glClearColor(1, 1, 1, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    render::Frame frame;
    frame.view.width = w;
    frame.view.height = h;
    frame.width = w;
    frame.height = h;
    const double width = text.measure(s, size, false);
    const geo::XY origin{20, 40};
    box = {};
    box.extend(origin.x, origin.y - text.ascent(size, false));
    box.extend(origin.x + width, origin.y + text.descent(size, false));
    render::TextStyle style;
    style.size_px = size;
    style.colour = geo::Colour{0, 0, 0, 1};
    style.halo = geo::Colour{1, 1, 1, 0};
    text.clear();
    text.add(s, origin, 0, style);
    text.draw(frame);
    return target.read();
}

int dark_pixels(const geo::RgbaImage& img, const geo::BBox& box, bool inside) {
    int n = 0;
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            const bool in = box.contains({x + 0.5, y + 0.5});
            const auto c = img.at(x, y);
            if (in == inside && c.r + c.g + c.b < 384) ++n;
        }
    return n;
}

} // namespace

TEST_CASE("Cyrillic and Serbian Latin text renders inside its measured box", "[render][text]") {
    render::HeadlessContext ctx;
    render::TextPainter text;
    for (const std::string s : {"Нови Сад — Ђурђевдан, Љубљанска", "Čačak, Ćuprija, Žitište, Šabac, Đakovica"}) {
        INFO(s);
        geo::BBox box;
        const auto img = draw_text(text, s, 16, box);
        CHECK(box.width() > 150);
        CHECK(dark_pixels(img, box, true) > 300);
        // Nothing outside the box (one pixel of slack for anti-aliasing).
        geo::BBox grown = box;
        grown.extend(box.min_x - 1, box.min_y - 1);
        grown.extend(box.max_x + 1, box.max_y + 1);
        CHECK(dark_pixels(img, grown, false) == 0);
    }
    CHECK(text.missing_glyphs() == 0);
    // A character DejaVu Sans lacks is counted, not drawn as garbage.
    geo::BBox box;
    draw_text(text, "\xE4\xB8\xAD", 16, box); // a CJK ideograph
    CHECK(text.missing_glyphs() == 1);
}

TEST_CASE("Text grows with its size", "[render][text]") {
    render::HeadlessContext ctx;
    render::TextPainter text;
    const double small = text.measure("Булевар ослобођења", 10, false);
    const double big = text.measure("Булевар ослобођења", 20, false);
    CHECK(big == Approx(2 * small).epsilon(0.08));
    CHECK(text.measure("Bold", 14, true) > text.measure("Bold", 14, false));
}

TEST_CASE("The collision grid refuses overlaps and accepts neighbours", "[render][label]") {
    render::CollisionGrid grid(500, 300, 64);
    geo::BBox a;
    a.extend(10, 10);
    a.extend(200, 30);
    CHECK(grid.free(a));
    grid.insert(a);
    geo::BBox overlapping;
    overlapping.extend(190, 25);
    overlapping.extend(260, 60);
    CHECK_FALSE(grid.free(overlapping));
    geo::BBox beside;
    beside.extend(201, 10);
    beside.extend(300, 30);
    CHECK(grid.free(beside));
    CHECK_FALSE(grid.inside({-1, 0, 10, 10}));
}

TEST_CASE("Labels never overlap and a street name does not repeat nearby", "[render][label]") {
    render::HeadlessContext ctx;
    render::TextPainter text;
    geo::Basemap b;
    // A dense grid of horizontal streets and a crowd of places: far more names than fit.
    for (int row = 0; row < 40; ++row)
        for (int col = 0; col < 3; ++col) {
            const double y = -400 + row * 20.0, x = -600 + col * 400.0;
            b.features.push_back(test::polyline(FC::RoadResidential, {{x, y}, {x + 390, y}},
                                                row % 2 ? "Змај Јовина" : "Дунавска " + std::to_string(row)));
        }
    for (int i = 0; i < 60; ++i)
        b.features.push_back(test::place(FC::PlaceSuburb, -600 + (i % 10) * 120.0, -400 + (i / 10) * 150.0,
                                         "Насеље " + std::to_string(i)));
    b.recompute_extent();
    const auto style = geo::BasemapStyle::standard();
    render::LabelLayout layout;
    layout.set_basemap(b, style);
    geo::SceneSpec spec;
    spec.view = geo::Viewport::fit(b.extent, 800, 500, 0.02);
    const double ground = spec.view.resolution * geo::mercator_scale_at(geo::from_mercator(spec.view.center).lat);
    geo::BBox reserved;
    reserved.extend(600, 470);
    reserved.extend(800, 500);
    const auto placed = layout.place(spec, 1.0, ground, text, {reserved});
    REQUIRE(placed.size() > 10);
    REQUIRE(placed.size() < 180);
    int places = 0;
    for (size_t i = 0; i < placed.size(); ++i) {
        INFO(placed[i].text);
        CHECK_FALSE(placed[i].box.intersects(reserved));
        CHECK(placed[i].box.min_x >= 0);
        CHECK(placed[i].box.max_x <= 800);
        if (placed[i].text.rfind("Насеље", 0) == 0) ++places;
        for (size_t j = i + 1; j < placed.size(); ++j) {
            INFO(placed[j].text);
            // All labels here are horizontal: their boxes are exact.
            geo::BBox a = placed[i].box, c = placed[j].box;
            a.max_x -= 0.01;
            a.max_y -= 0.01;
            CHECK_FALSE(a.intersects(c));
            if (placed[i].text == placed[j].text) {
                const double d = std::hypot(a.center().x - c.center().x, a.center().y - c.center().y);
                CHECK(d >= 300);
            }
        }
    }
    CHECK(places > 5); // places come first
}

TEST_CASE("Place and street names appear on the rendered map", "[render][label]") {
    render::HeadlessContext ctx;
    const auto b = test::synthetic_basemap();
    geo::SceneSpec spec;
    spec.view = geo::Viewport::fit(b.extent, 800, 500, 0.02);
    spec.attribution.clear();
    const auto with = render::render_offscreen(b, spec);
    spec.labels = false;
    const auto without = render::render_offscreen(b, spec);
    // The town name's box: darker text where the labelled picture differs.
    const geo::XY town = spec.view.to_pixel(test::place(FC::PlaceTown, -350, 220, "").geometry.points[0]);
    int changed = 0;
    for (int y = int(town.y) - 8; y < int(town.y) + 8; ++y)
        for (int x = int(town.x) - 40; x < int(town.x) + 40; ++x)
            if (test::colour_distance(with.at(x, y), without.at(x, y)) > 60) ++changed;
    CHECK(changed > 80);
}

TEST_CASE("Labels are written in the scene's script, both as two lines", "[render][labels]") {
    render::HeadlessContext ctx;
    render::TextPainter text;
    const auto b = test::synthetic_basemap();
    render::LabelLayout layout;
    layout.set_basemap(b, geo::BasemapStyle::standard());
    geo::SceneSpec spec;
    spec.view = geo::Viewport::fit(b.extent, 800, 500, 0.02);
    const double ground = spec.view.resolution * geo::mercator_scale_at(geo::from_mercator(spec.view.center).lat);
    const auto texts = [&](geo::LabelScript script) {
        spec.label_script = script;
        return layout.place(spec, 1.0, ground, text, {});
    };
    const auto find = [](const std::vector<render::PlacedLabel>& placed, const std::string& s) {
        return std::find_if(placed.begin(), placed.end(), [&](const render::PlacedLabel& l) { return l.text == s; });
    };
    const auto native = texts(geo::LabelScript::native);
    CHECK(find(native, "Нови Сад") != native.end());
    CHECK(find(native, "Улица Змај Јовина") != native.end());

    const auto latin = texts(geo::LabelScript::latin);
    CHECK(find(latin, "Novi Sad") != latin.end());
    CHECK(find(latin, "Ulica Zmaj Jovina") != latin.end());
    CHECK(find(latin, "Bulevar oslobođenja") != latin.end());
    for (const auto& l : latin) {
        INFO(l.text);
        CHECK(l.text.find('\xD0') == std::string::npos); // no Cyrillic letter left
    }

    // Both: the town's Cyrillic over its Latin, centred on the same place, the Latin one line
    // lower and clear of it.
    const auto both = texts(geo::LabelScript::both);
    const auto cyr = find(both, "Нови Сад"), lat = find(both, "Novi Sad");
    REQUIRE(cyr != both.end());
    REQUIRE(lat != both.end());
    CHECK(lat->origin.y > cyr->origin.y + 0.8 * (cyr->box.max_y - cyr->box.min_y) - 4);
    CHECK(std::abs(cyr->box.min_x + cyr->box.max_x - lat->box.min_x - lat->box.max_x) < 2);
    CHECK(lat->box.min_y >= cyr->box.max_y - 4); // the lines do not overlap (beyond their padding)
    // The single-script place label sits where the pair is centred.
    const auto one = find(native, "Нови Сад");
    const double pair_centre = (cyr->box.min_y + lat->box.max_y) / 2,
                 one_centre = (one->box.min_y + one->box.max_y) / 2;
    CHECK(std::abs(pair_centre - one_centre) < 2);
}

TEST_CASE("A picture in Latin differs from the one in Cyrillic", "[render][labels]") {
    render::HeadlessContext ctx;
    const auto b = test::synthetic_basemap();
    geo::SceneSpec spec;
    spec.view = geo::Viewport::fit(b.extent, 480, 300, 0.02);
    const auto native = render::render_offscreen(b, spec);
    spec.label_script = geo::LabelScript::latin;
    const auto latin = render::render_offscreen(b, spec);
    CHECK(test::compare_images(native, latin, 24).over > 100);
    spec.label_script = geo::LabelScript::native;
    CHECK(test::compare_images(native, render::render_offscreen(b, spec), 0).over == 0); // and back
}
