// Density views over the real Novi Sad basemap, muted as a density map shows it. The heatmap's
// pixels must be the ramp's colour blended over what the same scene shows without it, pixel by
// pixel. With OKO_LOOK_DIR set, a hidden case writes the pictures for a person to look at and
// prints what a heatmap adds to a frame's time.

#include "geo/base/mercator.hpp"
#include "geo/export/image_png.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/scene/colour_ramp.hpp"
#include "geo/store/store.hpp"
#include "render/gl/headless_context.hpp"
#include "render/gl/offscreen_target.hpp"
#include "render/map/map_renderer.hpp"
#include "render/map/render_offscreen.hpp"
#include "support/render_checks.hpp"
#include "support/shared_data.hpp"

#include <glad/gl.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>

using namespace oko;

namespace {

struct Bump {
    geo::LonLat at;
    double peak;  // cameras per km²
    double sigma; // metres
};

// Cameras concentrated as they are in a city: the centre, the station, a boulevard, the fortress.
const std::vector<Bump> kBumps{{{19.8451, 45.2551}, 55, 350},
                               {{19.8300, 45.2650}, 30, 250},
                               {{19.8350, 45.2480}, 22, 500},
                               {{19.8640, 45.2530}, 18, 200},
                               {{19.8180, 45.2420}, 9, 300}};

double density_at(geo::XY p) {
    double v = 0;
    for (const auto& b : kBumps) {
        const geo::XY c = geo::to_mercator(b.at);
        // Mercator metres are 1/cos(lat) ground metres; near 45° that is enough for a picture.
        const double k = std::cos(b.at.lat * M_PI / 180);
        const double d2 = ((p.x - c.x) * (p.x - c.x) + (p.y - c.y) * (p.y - c.y)) * k * k;
        v += b.peak * std::exp(-d2 / (2 * b.sigma * b.sigma));
    }
    return v;
}

geo::DensityGrid synthetic_grid(const geo::XY& centre, double cell, int side) {
    geo::DensityGrid g;
    g.cell = cell;
    g.width = g.height = side;
    g.region.extend(centre.x - side * cell / 2, centre.y - side * cell / 2);
    g.region.extend(centre.x + side * cell / 2, centre.y + side * cell / 2);
    g.values.resize(static_cast<size_t>(side) * side);
    for (int row = 0; row < side; ++row)
        for (int col = 0; col < side; ++col)
            g.values[static_cast<size_t>(row) * side + col] = static_cast<float>(density_at(g.cell_centre(col, row)));
    return g;
}

geo::SceneSpec muted_scene(int w, int h) {
    geo::SceneSpec spec;
    spec.view.center = geo::to_mercator({19.8400, 45.2540});
    spec.view.resolution = 6;
    spec.view.width = w;
    spec.view.height = h;
    spec.basemap.opacity.fill(0.45f);
    geo::PointLayerSpec layer;
    layer.name = "cameras";
    spec.point_layers.push_back(layer);
    return spec;
}

std::optional<geo::Basemap> novi_sad(test::TempDir& dir) {
    const auto pbf = test::shared_data("osm/novi_sad_center.osm.pbf");
    if (!pbf) return std::nullopt;
    geo::import_osm(*pbf, dir / "ns.oko");
    return geo::Store::open(dir / "ns.oko").load_basemap();
}

} // namespace

TEST_CASE("A heatmap over Novi Sad's muted basemap is the ramp blended over each pixel of it",
          "[render][overlay][real][slow]") {
    test::TempDir dir;
    const auto basemap = novi_sad(dir);
    if (!basemap) return;
    render::HeadlessContext ctx;
    render::MapRenderer renderer;
    renderer.set_basemap(*basemap);
    auto spec = muted_scene(640, 400);
    spec.labels = false;
    spec.attribution.clear();
    const auto base = render::render_offscreen(renderer, spec);
    render::DensityLook look;
    look.ramp = geo::ColourRamp::magma;
    look.scale_max = 40;
    look.opacity = 0.8f;
    const auto grid = synthetic_grid(spec.view.center, 5, 1024);
    renderer.set_point_overlay("cameras", render::DensityOverlay{grid, look});
    const auto img = render::render_offscreen(renderer, spec);
    std::mt19937 rng(7);
    int checked = 0, faded = 0;
    for (int i = 0; i < 400; ++i) {
        // Above the bottom rows, where the basemap's credit line is drawn over everything.
        const int x = static_cast<int>(rng() % 640), y = static_cast<int>(rng() % 360);
        const geo::XY p = spec.view.to_world(x + 0.5, y + 0.5);
        const double v = density_at(p);
        const double a = look.opacity * std::min(1.0, v / (look.fade_below * look.scale_max));
        faded += a < look.opacity;
        const geo::Rgba c = geo::ramp_colour(look.ramp, std::min(1.0, v / look.scale_max));
        const geo::Rgba under = base.at(x, y);
        auto mix = [&](uint8_t s, uint8_t d) { return static_cast<uint8_t>(std::lround(s * a + d * (1 - a))); };
        const geo::Rgba want{mix(c.r, under.r), mix(c.g, under.g), mix(c.b, under.b), 255};
        const geo::Rgba got = img.at(x, y);
        INFO("pixel " << x << ", " << y << " value " << v << ": got " << test::describe(got) << ", want "
                      << test::describe(want) << " over " << test::describe(under));
        CHECK(test::colour_distance(got, want) <= 3);
        ++checked;
    }
    CHECK(checked == 400);
    CHECK(faded > 5); // some of the picture is where the density fades out
}

TEST_CASE("Density pictures of Novi Sad for inspection, and what a heatmap costs a frame", "[render][.look]") {
    const char* look_dir = std::getenv("OKO_LOOK_DIR");
    if (!look_dir) return;
    test::TempDir dir;
    const auto basemap = novi_sad(dir);
    if (!basemap) return;
    render::HeadlessContext ctx;
    render::MapRenderer renderer;
    renderer.set_basemap(*basemap);
    const int w = 1280, h = 800;
    auto spec = muted_scene(w, h);
    const std::string out(look_dir);
    const auto grid = synthetic_grid(spec.view.center, 8, 1024);

    // What a heatmap adds to a window frame: MapRenderer::draw without its cache, then glFinish.
    {
        render::OffscreenTarget target(w, h, 0);
        renderer.set_frame_cache(false);
        auto time_frames = [&](int runs) {
            std::vector<double> ms;
            for (int i = 0; i < runs; ++i) {
                target.bind();
                const auto t0 = std::chrono::steady_clock::now();
                renderer.draw(spec, w, h);
                glFinish();
                ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
            }
            return *std::min_element(ms.begin(), ms.end()); // the least disturbed by other work
        };
        time_frames(3);
        const double without = time_frames(15);
        renderer.set_point_overlay("cameras", render::DensityOverlay{grid, {}});
        time_frames(3);
        const double with = time_frames(15);
        const auto t0 = std::chrono::steady_clock::now();
        renderer.set_point_overlay("cameras", render::DensityOverlay{grid, {}});
        glFinish();
        const double upload = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        // The heatmap's own cost: its rectangle alone over a cleared frame.
        double alone = 1e9;
        {
            render::DensityTexture texture(grid);
            render::DensityPainter painter;
            render::Frame frame;
            frame.view = spec.view;
            frame.width = w;
            frame.height = h;
            for (int i = 0; i < 15; ++i) {
                target.bind();
                glClear(GL_COLOR_BUFFER_BIT);
                glEnable(GL_BLEND);
                glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
                glFinish();
                const auto t1 = std::chrono::steady_clock::now();
                painter.draw(texture, frame, {});
                glFinish();
                alone = std::min(
                    alone, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count());
            }
        }
        std::printf("the heatmap's rectangle alone: %.1f ms\n", alone);
        std::printf("1280x800 frame, best of 15: %.1f ms without, %.1f ms with a 1024x1024 heatmap (+%.1f ms); "
                    "uploading the grid %.1f ms\n",
                    without, with, with - without, upload);
        renderer.set_frame_cache(true);
    }

    for (geo::ColourRamp ramp : {geo::ColourRamp::magma, geo::ColourRamp::viridis}) {
        render::DensityLook look;
        look.ramp = ramp;
        look.scale_max = 40;
        renderer.set_point_overlay("cameras", render::DensityOverlay{grid, look});
        geo::LegendSpec legend;
        legend.title = "Camera density";
        legend.units = "cameras per km²";
        legend.note = "synthetic test surface; © OpenStreetMap contributors";
        legend.ramp = ramp;
        legend.max = 40;
        legend.ticks = {0, 10, 20, 30, 40};
        legend.opacity = look.opacity;
        legend.fade_below = look.fade_below;
        renderer.set_legends({legend});
        geo::write_png(render::render_offscreen(renderer, spec),
                       out + "/heatmap_" + std::string(geo::ramp_name(ramp)) + ".png");
    }

    // Hexagons of 250 m, classed in five, with a classed legend.
    render::CellOverlay cells;
    const auto colours = geo::ramp_classes(geo::ColourRamp::viridis, 5);
    const double r = 250 / std::cos(45.254 * M_PI / 180); // Mercator metres
    std::vector<int> counts(5, 0);
    for (int row = -20; row <= 20; ++row)
        for (int col = -20; col <= 20; ++col) {
            const geo::XY c{spec.view.center.x + col * r * 1.5,
                            spec.view.center.y + (row + (col & 1) * 0.5) * r * std::sqrt(3.0)};
            const double v = density_at(c);
            if (v < 2) continue;
            const int k = std::min(4, static_cast<int>(v / 10));
            ++counts[static_cast<size_t>(k)];
            std::vector<geo::XY> corners;
            for (int i = 0; i < 6; ++i)
                corners.push_back({c.x + r * std::cos(M_PI / 3 * i), c.y + r * std::sin(M_PI / 3 * i)});
            cells.cells.push_back(corners);
            cells.fills.push_back(colours[static_cast<size_t>(k)]);
        }
    renderer.set_point_overlay("cameras", cells);
    geo::LegendSpec classes;
    classes.title = "Cameras per km², 250 m hexagons";
    const char* labels[] = {"2 – 10", "10 – 20", "20 – 30", "30 – 40", "40 or more"};
    for (size_t k = 0; k < 5; ++k)
        classes.classes.push_back(
            {colours[k], std::string(labels[k]) + "  (" + std::to_string(counts[k]) + " cells)", std::nullopt});
    classes.note = "synthetic test surface";
    classes.corner = geo::LegendCorner::top_right;
    renderer.set_legends({classes});
    geo::write_png(render::render_offscreen(renderer, spec), out + "/hexbins.png");
}
