// A density grid drawn through a colour ramp: the colour at a pixel is the ramp's colour at
// value / scale_max, blended over the background with the opacity (and faded out near zero),
// read back from the GPU and compared with the same arithmetic done here.

#include "geo/base/error.hpp"
#include "geo/density/density_grid.hpp"
#include "geo/scene/colour_ramp.hpp"
#include "render/gl/headless_context.hpp"
#include "render/gl/offscreen_target.hpp"
#include "render/painters/density_painter.hpp"
#include "support/render_checks.hpp"

#include <glad/gl.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

using namespace oko;

namespace {

constexpr geo::Rgba kPaper{242, 240, 230, 255};

// `values.size()` blocks side by side, each 3 x 3 cells of `cell` metres of one value: inside
// a block's middle cell bilinear filtering reads that value exactly.
geo::DensityGrid blocks(const std::vector<float>& values, double cell) {
    geo::DensityGrid g;
    g.width = static_cast<int>(values.size()) * 3;
    g.height = 3;
    g.cell = cell;
    g.region.extend(0, 0);
    g.region.extend(g.width * cell, g.height * cell);
    for (int row = 0; row < 3; ++row)
        for (float v : values)
            g.values.insert(g.values.end(), 3, v);
    return g;
}

// Where a block's middle is, in metres.
geo::XY block_centre(int block, double cell) { return {(block * 3 + 1.5) * cell, 1.5 * cell}; }

// The blend the GPU should do: premultiplied source over opaque paper.
geo::Rgba expected(float value, const render::DensityLook& look) {
    if (!(value > 0)) return kPaper;
    const geo::Rgba c = geo::ramp_colour(look.ramp, std::min(1.0, value / look.scale_max));
    const double a = look.opacity * std::min(1.0, value / (look.fade_below * look.scale_max));
    auto mix = [&](uint8_t src, uint8_t dst) { return static_cast<uint8_t>(std::lround(src * a + dst * (1 - a))); };
    return {mix(c.r, kPaper.r), mix(c.g, kPaper.g), mix(c.b, kPaper.b), 255};
}

geo::RgbaImage draw(render::DensityPainter& painter, const render::DensityTexture& texture,
                    render::OffscreenTarget& target, const render::Frame& frame, const render::DensityLook& look) {
    target.bind();
    glClearColor(kPaper.r / 255.0f, kPaper.g / 255.0f, kPaper.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    painter.draw(texture, frame, look);
    return target.read();
}

render::Frame frame_over(const geo::BBox& box, int w, int h) {
    render::Frame frame;
    frame.view = geo::Viewport::fit(box, w, h, 0.05);
    frame.width = w;
    frame.height = h;
    return frame;
}

} // namespace

TEST_CASE("A density's colour is its ramp colour at value / scale_max, blended with the opacity", "[render][density]") {
    render::HeadlessContext ctx;
    const double cell = 100;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    // Nothing, under the fade, at the fade, a quarter, half, the top, twice the top, NaN.
    const std::vector<float> values{0, 0.4f, 1.0f, 5, 10, 20, 40, nan};
    const auto grid = blocks(values, cell);
    render::DensityTexture texture(grid);
    CHECK(texture.width() == 24);
    CHECK(texture.height() == 3);
    render::DensityPainter painter;
    const int w = 480, h = 120;
    render::OffscreenTarget target(w, h, 0);
    const auto frame = frame_over(grid.region, w, h);
    for (geo::ColourRamp ramp : {geo::ColourRamp::viridis, geo::ColourRamp::magma, geo::ColourRamp::cividis})
        for (float opacity : {1.0f, 0.6f}) {
            render::DensityLook look;
            look.ramp = ramp;
            look.scale_max = 20;
            look.opacity = opacity;
            look.fade_below = 0.05; // full alpha from 1 camera per km²
            const auto img = draw(painter, texture, target, frame, look);
            for (size_t b = 0; b < values.size(); ++b) {
                const geo::Rgba got = test::pixel_at(img, frame.view, block_centre(static_cast<int>(b), cell));
                const geo::Rgba want = expected(values[b], look);
                INFO(geo::ramp_name(ramp) << " opacity " << opacity << ", value " << values[b] << ": got "
                                          << test::describe(got) << ", want " << test::describe(want));
                CHECK(test::colour_distance(got, want) <= 2);
            }
            // Outside the grid: the paper.
            CHECK(test::colour_distance(test::pixel_at(img, frame.view, {-2, 150}), kPaper) <= 1);
            CHECK(test::colour_distance(test::pixel_at(img, frame.view, {1200, 302}), kPaper) <= 1);
        }
    // The fade: 0.4 of a 20 scale with fade_below 0.05 is 40 % of the full alpha; distinct from both
    // the paper and the full colour.
    render::DensityLook look;
    look.scale_max = 20;
    look.opacity = 1;
    const auto img = draw(painter, texture, target, frame, look);
    const geo::Rgba faded = test::pixel_at(img, frame.view, block_centre(1, cell));
    CHECK(test::colour_distance(faded, kPaper) > 40);
    CHECK(test::colour_distance(faded, geo::ramp_colour(look.ramp, 0.02)) > 40);
    // Above the top the colour is the top's.
    CHECK(test::colour_distance(test::pixel_at(img, frame.view, block_centre(6, cell)),
                                geo::ramp_colour(look.ramp, 1.0)) <= 2);
}

TEST_CASE("A density grid's row 0 is drawn at the top", "[render][density]") {
    render::HeadlessContext ctx;
    geo::DensityGrid g;
    g.width = 3;
    g.height = 6;
    g.cell = 50;
    g.region.extend(1000, 2000);
    g.region.extend(1150, 2300);
    g.values.assign(18, 0.0f);
    for (int col = 0; col < 3; ++col)
        for (int row = 0; row < 3; ++row)
            g.values[row * 3 + col] = 10; // the top half
    render::DensityTexture texture(g);
    render::DensityPainter painter;
    render::OffscreenTarget target(100, 200, 0);
    const auto frame = frame_over(g.region, 100, 200);
    render::DensityLook look;
    look.scale_max = 10;
    look.opacity = 1;
    const auto img = draw(painter, texture, target, frame, look);
    CHECK(test::colour_distance(test::pixel_at(img, frame.view, g.cell_centre(1, 1)), geo::ramp_colour(look.ramp, 1)) <=
          2);
    CHECK(test::colour_distance(test::pixel_at(img, frame.view, g.cell_centre(1, 4)), kPaper) <= 1);
}

TEST_CASE("A density grid that cannot be drawn says why", "[render][density]") {
    render::HeadlessContext ctx;
    geo::DensityGrid empty;
    CHECK_THROWS_WITH(render::DensityTexture(empty), Catch::Contains("density grid is empty"));
    auto g = blocks({1, 2}, 10);
    g.values.pop_back();
    CHECK_THROWS_WITH(render::DensityTexture(g), Catch::Contains("17 values for 6 x 3 cells"));
    geo::DensityGrid huge;
    huge.width = 1 << 20;
    huge.height = 1;
    huge.cell = 1;
    huge.region.extend(0, 0);
    huge.region.extend(huge.width, 1);
    huge.values.assign(static_cast<size_t>(huge.width), 1.0f);
    CHECK_THROWS_WITH(render::DensityTexture(huge), Catch::Contains("use larger cells"));
}
