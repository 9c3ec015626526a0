// A dense layer composited on the CPU must look like the same layer drawn as point sprites by the
// GPU: both ways are drawn here and compared pixel by pixel.

#include "render/gl/headless_context.hpp"
#include "render/gl/offscreen_target.hpp"
#include "render/painters/point_layer_painter.hpp"
#include "support/render_checks.hpp"

#include <glad/gl.h>

#include <catch2/catch.hpp>

#include <random>

using namespace oko;

namespace {

render::PointLayerGeometry random_points(size_t n, const geo::BBox& box) {
    render::PointLayerGeometry g;
    g.vendors = {"Huawei", "Dahua", "", "Hikvision"};
    g.vendor_colours = {{213, 94, 0, 255}, {0, 114, 178, 255}, {150, 150, 150, 255}, {0, 158, 115, 255}};
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> u(0, 1);
    for (size_t i = 0; i < n; ++i) {
        // Some just outside the box: their symbols reach into the picture.
        g.positions.push_back({box.min_x - 0.02 * box.width() + u(rng) * 1.04 * box.width(),
                               box.min_y - 0.02 * box.height() + u(rng) * 1.04 * box.height()});
        g.vendor_index.push_back(static_cast<uint16_t>(rng() % 4));
        g.years.push_back(rng() % 4 == 0 ? 0 : static_cast<int16_t>(2012 + rng() % 10));
        g.search_text.push_back(rng() % 3 == 0 ? "dunavska" : "futoska");
    }
    return g;
}

geo::RgbaImage draw(render::PointLayerPainter& painter, render::OffscreenTarget& target, const render::Frame& frame) {
    target.bind();
    glClearColor(0.95f, 0.94f, 0.9f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    painter.draw(frame);
    return target.read();
}

struct Case {
    const char* name;
    geo::PointLayerStyle style;
    geo::Filter filter;
};

std::vector<Case> cases() {
    std::vector<Case> cases(4);
    cases[0].name = "discs, no filter";
    cases[1].name = "triangles, vendors and years";
    cases[1].style.symbol = geo::PointSymbol::Triangle;
    cases[1].style.radius_px = 7;
    cases[1].filter.vendors = {"Huawei", "Hikvision"};
    cases[1].filter.year_min = 2015;
    cases[2].name = "squares in one colour, half opaque, text";
    cases[2].style.symbol = geo::PointSymbol::Square;
    cases[2].style.colour_by_vendor = false;
    cases[2].style.opacity = 0.5f;
    cases[2].filter.text = "dunavska";
    cases[3].name = "diamonds, known only";
    cases[3].style.symbol = geo::PointSymbol::Diamond;
    cases[3].filter.year_min = 1900; // every known year: the criterion drops only the unknown years
    return cases;
}

// Draws every case both ways, one after the other on the same painter and view (as filter
// changes in the window are), and compares the pictures.
void compare_paths(size_t points, int w, int h, const std::vector<Case>& cases, double max_mean_difference) {
    render::HeadlessContext ctx;
    geo::BBox box;
    box.extend(0, 0);
    box.extend(10.0 * w, 10.0 * h);
    const auto geometry = random_points(points, box);
    render::PointLayerPainter painter(geometry);
    render::OffscreenTarget target(w, h, 0);
    render::Frame frame;
    frame.view = geo::Viewport::fit(box, w, h, 0.0);
    frame.width = w;
    frame.height = h;
    for (const auto& c : cases) {
        INFO(c.name);
        painter.apply(c.style, c.filter);
        painter.set_path(render::PointLayerPainter::Path::Sprites);
        const auto sprites = draw(painter, target, frame);
        painter.set_path(render::PointLayerPainter::Path::Composited);
        const auto composited = draw(painter, target, frame);
        int drawn = 0;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                drawn += test::colour_distance(sprites.at(x, y), {242, 240, 230, 255}) > 8;
        const auto diff = test::compare_images(sprites, composited, 24);
        INFO("pixels off by more than 24: " << diff.over << ", mean difference " << diff.mean);
        CHECK(drawn > w * h / 10);
        CHECK(diff.over <= w * h / 1000);
        CHECK(diff.mean < max_mean_difference);
        // The corners' symbols are cut at the edge, not dropped, both ways.
        CHECK(test::colour_distance(sprites.at(0, 0), composited.at(0, 0)) <= 24);
    }
}

} // namespace

TEST_CASE("Composited point layers look like point sprites", "[render][point]") {
    compare_paths(1500, 320, 200, cases(), 0.5);
}

TEST_CASE("Dense layers composited on several threads look like point sprites", "[render][point]") {
    // Over 200,000 pixels the compositor splits the work between threads; this many points cover
    // most blocks completely, so blocks stop taking points early. The cases run in turn on the
    // same view, which reuses the binned points, and come back to the first one.
    // Where many half-opaque symbols overlap, the GPU rounds to bytes after every blend and the
    // compositor once at the end: a difference of about 0.8 on average, none over 24.
    auto all = cases();
    all.push_back(all.front());
    compare_paths(40000, 640, 400, all, 1.0);
}

TEST_CASE("Points of vendors past index 255 are drawn exactly when their vendor is chosen", "[render][point]") {
    // Each point has a status too, so that the status rule is drawn by both paths as well.
    // 300 vendors, each on two points of a grid far enough apart that every symbol is seen on its
    // own; the vendor at index 150 is the unknown one. Vendor 280 has a colour of its own (the
    // project palette ranks vendors over all layers, so any index can have one).
    constexpr int kCols = 30, kRows = 20, kCell = 16, w = kCols * kCell, h = kRows * kCell;
    render::PointLayerGeometry g;
    for (int v = 0; v < 300; ++v) {
        g.vendors.push_back(v == 150 ? std::string() : "V" + std::to_string(v));
        g.vendor_colours.push_back(v < 3 ? geo::Rgba{213, 94, 0, 255} : geo::Rgba{120, 120, 120, 255});
    }
    const geo::Rgba own{0, 60, 230, 255};
    g.vendor_colours[280] = own;
    std::mt19937 rng(17);
    for (int i = 0; i < kCols * kRows; ++i) {
        g.positions.push_back({(i % kCols + 0.5) * kCell * 10.0, (i / kCols + 0.5) * kCell * 10.0});
        g.vendor_index.push_back(static_cast<uint16_t>(i % 300));
        g.years.push_back(rng() % 5 == 0 ? 0 : static_cast<int16_t>(2012 + rng() % 10));
        g.search_text.push_back(i % 2 ? "futoska" : "dunavska"); // even vendors: dunavska
        g.statuses.push_back(static_cast<uint8_t>(i % 7 % 3));   // unverified, verified, rejected
    }
    render::HeadlessContext ctx;
    geo::BBox box;
    box.extend(0, 0);
    box.extend(10.0 * w, 10.0 * h);
    render::PointLayerPainter painter(g);
    render::OffscreenTarget target(w, h, 0);
    render::Frame frame;
    frame.view = geo::Viewport::fit(box, w, h, 0.0);
    frame.width = w;
    frame.height = h;

    std::vector<geo::Filter> filters(6);
    filters[0].vendors = {"V256", "V280", "V299"};
    filters[1].vendors = {"V10", "V280", "v290"};
    filters[1].year_min = 2015;
    filters[1].include_unknown = false;
    filters[2].vendors = {"V255", "V270"};
    filters[2].text = "dunavska";
    filters[3].vendors = {"V3", "V260"};
    filters[4].statuses = geo::status_bit(geo::PointStatus::verified); // the status alone
    filters[5].vendors = {"V3", "V260", "V280"};
    filters[5].statuses = geo::kAllStatuses;
    geo::PointLayerStyle style;
    style.radius_px = 3;
    for (const auto& f : filters) {
        INFO(f.describe());
        painter.apply(style, f);
        for (const auto path :
             {render::PointLayerPainter::Path::Sprites, render::PointLayerPainter::Path::Composited}) {
            INFO((path == render::PointLayerPainter::Path::Sprites ? "sprites" : "composited"));
            painter.set_path(path);
            const auto picture = draw(painter, target, frame);
            size_t expected = 0, drawn = 0, past_255 = 0;
            for (size_t i = 0; i < g.positions.size(); ++i) {
                const auto& vendor = g.vendors[g.vendor_index[i]];
                const std::optional<int> year = g.years[i] ? std::optional<int>(g.years[i]) : std::nullopt;
                const bool pass = f.vendor_passes(vendor) && f.year_passes(year) &&
                                  f.text_passes_folded(g.search_text[i]) &&
                                  f.status_passes(static_cast<geo::PointStatus>(g.statuses[i]));
                const geo::XY p = frame.view.to_pixel(g.positions[i]);
                const geo::Rgba centre = picture.at(static_cast<int>(p.x), static_cast<int>(p.y));
                const bool seen = test::colour_distance(centre, {242, 240, 230, 255}) > 8;
                INFO("point " << i << " vendor " << g.vendor_index[i] << " year " << g.years[i]);
                REQUIRE(seen == pass);
                if (pass && g.vendor_index[i] == 280) CHECK(test::colour_distance(centre, own) <= 8);
                expected += pass;
                drawn += seen;
                past_255 += pass && g.vendor_index[i] > 255;
            }
            CHECK(drawn == expected);
            if (!f.vendors.empty()) CHECK(past_255 > 0);
        }
    }
}
