// The furniture as the renderer draws it: each element's pixels lie in the box it reports, the
// boxes lie inside the picture, in their corners, clear of each other; sizes follow the pixel
// ratio; the same scene gives the same pixels twice.

#include "render/gl/headless_context.hpp"
#include "render/labels/furniture_layout.hpp"
#include "render/map/map_renderer.hpp"
#include "render/map/render_offscreen.hpp"
#include "support/render_checks.hpp"
#include "support/synthetic_basemap.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>

using namespace oko;
using FC = geo::FeatureClass;
using E = geo::FurnitureElement;

namespace {

geo::Basemap forest() {
    geo::Basemap b;
    b.features.push_back(test::rectangle(FC::Forest, -3000, -2000, 3000, 2000));
    b.recompute_extent();
    return b;
}

geo::SceneSpec forest_scene(const geo::Basemap& b, int w, int h) {
    geo::SceneSpec spec;
    spec.view = geo::Viewport::fit(b.extent, w, h, -0.1); // the forest fills the picture
    spec.labels = false;
    return spec;
}

struct Drawn {
    geo::RgbaImage image;
    render::FurnitureLayout layout;
};

Drawn draw(const geo::Basemap& b, const geo::SceneSpec& spec, const std::vector<geo::LegendSpec>& legends = {}) {
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    renderer.set_legends(legends);
    Drawn d;
    d.image = render::render_offscreen(renderer, spec);
    d.layout = renderer.furniture();
    return d;
}

bool inside(const geo::BBox& box, int x, int y) {
    return x + 0.5 >= box.min_x && x + 0.5 <= box.max_x && y + 0.5 >= box.min_y && y + 0.5 <= box.max_y;
}

bool within_picture(const geo::BBox& box, int w, int h) {
    return box.min_x >= 0 && box.min_y >= 0 && box.max_x <= w && box.max_y <= h;
}

} // namespace

TEST_CASE("The title's pixels are where its box says, inside the picture", "[render][furniture]") {
    render::HeadlessContext ctx;
    const auto b = forest();
    auto spec = forest_scene(b, 640, 400);
    const auto plain = draw(b, spec);
    spec.furniture.title = "Kamere u Novom Sadu";
    spec.furniture.subtitle = "Камере, 2024";
    const auto titled = draw(b, spec);
    const auto& box = titled.layout.box(E::title);
    REQUIRE(box);
    CHECK_FALSE(plain.layout.box(E::title)); // no text, no block
    CHECK(within_picture(*box, 640, 400));
    // Top-left, 10 px from the edges.
    CHECK(box->min_x == Approx(10));
    CHECK(box->min_y == Approx(10));
    int changed_inside = 0, changed_outside = 0, dark_inside = 0;
    for (int y = 0; y < 400; ++y)
        for (int x = 0; x < 640; ++x) {
            const bool differs = test::colour_distance(plain.image.at(x, y), titled.image.at(x, y)) > 0;
            const auto c = titled.image.at(x, y);
            if (inside(*box, x, y)) {
                changed_inside += differs;
                dark_inside += c.r + c.g + c.b < 200;
            } else {
                changed_outside += differs;
            }
        }
    CHECK(changed_outside == 0);
    // The light box covers it all, and the text is dark ink on it.
    CHECK(changed_inside > 0.9 * box->width() * box->height());
    CHECK(dark_inside > 300);
}

TEST_CASE("Furniture goes in its corners, clear of each other and inside the picture", "[render][furniture]") {
    render::HeadlessContext ctx;
    const auto b = forest();
    auto spec = forest_scene(b, 800, 500);
    spec.furniture.title = "Title";
    spec.furniture.note = "A note of the method\nand of the date of the data";
    spec.furniture[E::scale_bar].shown = true;
    spec.furniture[E::north_arrow].shown = true;
    geo::LegendSpec legend;
    legend.title = "cameras";
    legend.classes = {{{213, 94, 0, 255}, "Huawei (219)", geo::PointSymbol::Disc},
                      {{0, 114, 178, 255}, "Dahua (12)", geo::PointSymbol::Disc}};
    legend.corner = geo::Corner::bottom_left;
    const auto d = draw(b, spec, {legend});
    const auto& l = d.layout;
    std::vector<geo::BBox> boxes;
    for (size_t i = 0; i < geo::kFurnitureElements; ++i) {
        INFO(geo::element_name(static_cast<E>(i)));
        REQUIRE(l.boxes[i]);
        CHECK(within_picture(*l.boxes[i], 800, 500));
        boxes.push_back(*l.boxes[i]);
    }
    for (size_t i = 0; i < boxes.size(); ++i)
        for (size_t j = i + 1; j < boxes.size(); ++j) {
            INFO(geo::element_name(static_cast<E>(i)) << " and " << geo::element_name(static_cast<E>(j)));
            CHECK_FALSE(boxes[i].intersects(boxes[j]));
        }
    // The scale bar in the bottom-left corner, the legend above it; the arrow top-right; the
    // attribution flush bottom-right and the note above it.
    CHECK(l.box(E::scale_bar)->max_y == Approx(490));
    CHECK(l.box(E::legend)->max_y < l.box(E::scale_bar)->min_y);
    CHECK(l.box(E::north_arrow)->max_x == Approx(790));
    CHECK(l.box(E::north_arrow)->min_y == Approx(10));
    CHECK(l.box(E::attribution)->max_x == Approx(800));
    CHECK(l.box(E::attribution)->max_y == Approx(500));
    CHECK(l.box(E::note)->max_y < l.box(E::attribution)->min_y);
    // Every element draws something: dark ink inside each box.
    for (size_t i = 0; i < boxes.size(); ++i) {
        INFO(geo::element_name(static_cast<E>(i)));
        int dark = 0;
        for (int y = static_cast<int>(boxes[i].min_y); y < static_cast<int>(boxes[i].max_y); ++y)
            for (int x = static_cast<int>(boxes[i].min_x); x < static_cast<int>(boxes[i].max_x); ++x) {
                const auto c = d.image.at(x, y);
                dark += c.r + c.g + c.b < 200;
            }
        CHECK(dark > 20);
    }
    // The scale bar's bar is as long as it says: its dark outline spans length_px (+ 2 px).
    const auto& bar = *l.box(E::scale_bar);
    int longest = 0;
    for (int y = static_cast<int>(bar.min_y); y < static_cast<int>(bar.max_y); ++y) {
        int run = 0;
        for (int x = static_cast<int>(bar.min_x); x < static_cast<int>(bar.max_x); ++x) {
            const auto c = d.image.at(x, y);
            run = c.r + c.g + c.b < 200 ? run + 1 : 0;
            longest = std::max(longest, run);
        }
    }
    CHECK(std::abs(longest - (l.scale_bar.length_px + 2)) <= 2);
}

TEST_CASE("Furniture grows with the pixel ratio, so a print looks like the screen", "[render][furniture]") {
    render::HeadlessContext ctx;
    const auto b = forest();
    auto spec = forest_scene(b, 1600, 1000);
    spec.furniture.title = "Kamere";
    spec.furniture[E::north_arrow].shown = true;
    const auto one = draw(b, spec);
    spec.pixel_ratio = 3.125f;
    const auto print = draw(b, spec);
    for (const E e : {E::title, E::north_arrow, E::attribution}) {
        INFO(geo::element_name(e));
        REQUIRE(one.layout.box(e));
        REQUIRE(print.layout.box(e));
        CHECK(print.layout.box(e)->height() / one.layout.box(e)->height() == Approx(3.125).epsilon(0.08));
        CHECK(within_picture(*print.layout.box(e), 1600, 1000));
    }
}

TEST_CASE("The same scene with its furniture gives the same pixels twice", "[render][furniture]") {
    render::HeadlessContext ctx;
    const auto b = forest();
    auto spec = forest_scene(b, 500, 300);
    spec.furniture.title = "Same";
    spec.furniture.note = "twice";
    spec.furniture[E::scale_bar].shown = true;
    spec.furniture[E::north_arrow].shown = true;
    const auto a = draw(b, spec), c = draw(b, spec);
    REQUIRE(a.image.pixels.size() == c.image.pixels.size());
    CHECK(std::memcmp(a.image.pixels.data(), c.image.pixels.data(),
                      a.image.pixels.size() * sizeof(a.image.pixels[0])) == 0);
}

TEST_CASE("Long credits break into lines between credits, never past the picture", "[render][furniture]") {
    render::HeadlessContext ctx;
    render::TextPainter text;
    const std::string credits = "© OpenStreetMap contributors \u00B7 map data: novi_sad.osm.pbf, 2024-10-22 \u00B7 "
                                "cameras: cameras.csv \u00B7 opstine: opstine.geojson";
    const auto lines = render::break_lines(text, credits, 11, false, 300);
    REQUIRE(lines.size() >= 2);
    CHECK(lines.front() == "© OpenStreetMap contributors");
    for (const auto& l : lines)
        CHECK(text.measure(l, 11, false) <= 300);
    std::string joined;
    for (const auto& l : lines)
        joined += (joined.empty() ? "" : " \u00B7 ") + l;
    CHECK(joined == credits);
}

TEST_CASE("Furniture keeps to the corners the window's panels leave free", "[render][furniture]") {
    render::HeadlessContext ctx;
    const auto b = forest();
    auto spec = forest_scene(b, 800, 500);
    spec.furniture.title = "Title";
    spec.furniture[E::scale_bar].shown = true;
    spec.furniture[E::north_arrow].shown = true;
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    render::render_offscreen(renderer, spec);
    const auto free = renderer.furniture();
    // A panel 300 px wide on the left and 40 px of figures along the top.
    renderer.set_furniture_insets(300, 40, 0, 0);
    render::render_offscreen(renderer, spec);
    const auto& l = renderer.furniture();
    for (E e : {E::title, E::scale_bar, E::north_arrow, E::attribution}) {
        INFO(geo::element_name(e));
        REQUIRE(l.box(e));
        CHECK(l.box(e)->min_x >= 300);
        CHECK(l.box(e)->min_y >= 40);
        CHECK(within_picture(*l.box(e), 800, 500));
    }
    // Moved by the insets: the scale bar 300 px right of where it was, at the same bottom.
    CHECK(l.box(E::scale_bar)->min_x == Approx(free.box(E::scale_bar)->min_x + 300));
    CHECK(l.box(E::scale_bar)->max_y == Approx(free.box(E::scale_bar)->max_y));
    CHECK(l.box(E::north_arrow)->min_y == Approx(free.box(E::north_arrow)->min_y + 40));
}

TEST_CASE("Furniture drawn in tiles is the furniture drawn whole", "[render][furniture][tiles]") {
    render::HeadlessContext ctx;
    const auto b = test::synthetic_basemap();
    geo::SceneSpec spec;
    spec.view = geo::Viewport::fit(b.extent, 500, 330, 0.02);
    spec.furniture.title = "Kamere";
    spec.furniture.subtitle = "Tiles of 128 px cut through every element";
    spec.furniture.note = "A note\nover two lines";
    spec.furniture[E::scale_bar].shown = true;
    spec.furniture[E::north_arrow].shown = true;
    spec.pixel_ratio = 1.5f; // elements bigger than a tile's edge margin
    geo::LegendSpec legend;
    legend.title = "cameras";
    legend.classes = {{{213, 94, 0, 255}, "Huawei (219)", geo::PointSymbol::Disc},
                      {{0, 114, 178, 255}, "Dahua (12)", geo::PointSymbol::Disc}};
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    renderer.set_legends({legend});
    const auto whole = render::render_offscreen(renderer, spec, 2048);
    const auto whole_layout = renderer.furniture();
    const auto tiled = render::render_offscreen(renderer, spec, 128); // 4 x 3 tiles
    const auto& tiled_layout = renderer.furniture();
    for (size_t i = 0; i < geo::kFurnitureElements; ++i) {
        INFO(geo::element_name(static_cast<E>(i)));
        REQUIRE(whole_layout.boxes[i]);
        REQUIRE(tiled_layout.boxes[i]);
        CHECK(whole_layout.boxes[i]->min_x == tiled_layout.boxes[i]->min_x);
        CHECK(whole_layout.boxes[i]->min_y == tiled_layout.boxes[i]->min_y);
        CHECK(whole_layout.boxes[i]->max_x == tiled_layout.boxes[i]->max_x);
        CHECK(whole_layout.boxes[i]->max_y == tiled_layout.boxes[i]->max_y);
        // Inside each element's box the pixels agree: no element is cut or drawn twice at a seam.
        const auto& box = *whole_layout.boxes[i];
        int differ = 0, pixels = 0;
        for (int y = static_cast<int>(box.min_y); y < static_cast<int>(box.max_y); ++y)
            for (int x = static_cast<int>(box.min_x); x < static_cast<int>(box.max_x); ++x) {
                const auto p = whole.at(x, y), q = tiled.at(x, y);
                ++pixels;
                differ += std::abs(p.r - q.r) + std::abs(p.g - q.g) + std::abs(p.b - q.b) > 24;
            }
        CHECK(differ <= pixels / 200);
    }
    const auto diff = test::compare_images(whole, tiled, 8);
    INFO("worst difference " << diff.worst);
    CHECK(diff.over <= whole.width * whole.height / 1000);
}
