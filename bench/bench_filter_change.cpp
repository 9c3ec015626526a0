// Times a filter change on a heatmap as the window lives it: from the new filter to the next frame
// on the screen. Each run sets a filter the layer has not had before (so nothing is cached from an
// earlier run), then DensityViews::compute (the pass mask, the layer's peak for the colour scale,
// the surface of the view and half of it more on every side, as the window asks), the surface's
// upload to the GPU, and one frame (MapRenderer::draw + glFinish, no readback) at WIDTHxHEIGHT.
//
//   bench_filter_change --store points.oko --layer points [--radius 35] [--size 1280x800]
//                       [--bbox MINLON MINLAT MAXLON MAXLAT] [--runs 7]
//
// Prints each part's median in ms, then {"render_median_s":..,"render_min_s":..,"render_max_s":..}
// of the whole change, as the peers' harness reads it (bench/heatmap.sh puts it beside QGIS's
// heatmap, which draws every frame, a filter change too, from the points).

#include <CLI/CLI.hpp>

#include "app/project/density_views.hpp"
#include "app/project/project.hpp"
#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "render/gl/headless_context.hpp"
#include "render/gl/offscreen_target.hpp"
#include "render/map/map_renderer.hpp"

#include <glad/gl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

using namespace oko;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// CPU time of the whole process (every thread), ms: on a shared machine it says what the work
// costs when other processes compete for the cores.
double process_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    CLI::App cli{"Times a heatmap's filter change to the next frame"};
    std::string store, layer = "points", size = "1280x800";
    double radius = 35;
    int runs = 7;
    std::vector<double> bbox;
    cli.add_option("--store", store, "Project with the point layer")->required();
    cli.add_option("--layer", layer, "Point layer shown as a heatmap");
    cli.add_option("--radius", radius, "Kernel radius in metres");
    cli.add_option("--size", size, "View size, WIDTHxHEIGHT");
    cli.add_option("--bbox", bbox, "View box, MINLON MINLAT MAXLON MAXLAT (default: the layer's)")->expected(4);
    cli.add_option("--runs", runs, "Filter changes timed");
    CLI11_PARSE(cli, argc, argv);
    int width = 0, height = 0;
    if (std::sscanf(size.c_str(), "%dx%d", &width, &height) != 2 || width <= 0 || height <= 0) {
        std::cerr << "bench_filter_change: --size must be WIDTHxHEIGHT\n";
        return 2;
    }
    try {
        const auto t_load = Clock::now();
        const auto project = app::Project::load(store);
        const auto* data = project.point_layer(layer);
        if (!data) throw geo::Error("no point layer '" + layer + "'", store, 0, "--layer");
        std::fprintf(stderr, "project: %zu points in '%s', loaded in %.0f ms\n", data->positions.size(), layer.c_str(),
                     ms_since(t_load));
        geo::BBox box;
        if (bbox.size() != 4)
            for (const auto& p : data->positions)
                box.extend(p);
        else {
            box.extend(geo::to_mercator({bbox[0], bbox[1]}));
            box.extend(geo::to_mercator({bbox[2], bbox[3]}));
        }
        auto scene = app::default_scene(project, box, width, height);
        geo::PointLayerSpec* spec = nullptr;
        for (auto& l : scene.point_layers) {
            l.style.visible = l.name == layer;
            if (l.name == layer) spec = &l;
        }
        spec->display.kind = geo::PointDisplay::heatmap;
        spec->display.heatmap.kernel.radius_m = radius;

        render::HeadlessContext context;
        render::MapRenderer renderer;
        app::upload(project, renderer);
        render::OffscreenTarget target(width, height, 0);
        app::DensityViews views(project);
        const auto frame = [&] {
            target.bind();
            renderer.draw(scene, width, height);
            glFinish();
        };
        const auto show = [&](const std::vector<app::DensityView>& computed) {
            for (const auto& v : computed)
                renderer.set_point_overlay(v.layer, v.drawn ? v.overlay : render::PointOverlay(render::CellOverlay{}));
        };
        show(views.compute(scene, 0.5)); // the first picture, unfiltered
        frame();

        // Filters no earlier run had: years from a rising bound, alternately with and without the
        // points of unknown year, so every run computes its peak anew.
        std::vector<double> compute_ms, compute_cpu_ms, upload_ms, frame_ms, total_ms;
        for (int i = 0; i < runs; ++i) {
            spec->filter = {};
            spec->filter.year_min = 2000 + i;
            spec->filter.include_unknown = i % 2 == 1;
            const auto t0 = Clock::now();
            const double c0 = process_cpu_ms();
            const auto computed = views.compute(scene, 0.5);
            compute_ms.push_back(ms_since(t0));
            compute_cpu_ms.push_back(process_cpu_ms() - c0);
            const auto t1 = Clock::now();
            show(computed);
            glFinish();
            upload_ms.push_back(ms_since(t1));
            const auto t2 = Clock::now();
            frame();
            frame_ms.push_back(ms_since(t2));
            total_ms.push_back(ms_since(t0));
        }
        std::fprintf(stderr,
                     "filter change, median of %d: compute %.1f ms (%.1f ms CPU on all threads), upload %.1f ms, "
                     "frame %.1f ms, whole %.1f ms (aim: under 200 ms)\n",
                     runs, median(compute_ms), median(compute_cpu_ms), median(upload_ms), median(frame_ms),
                     median(total_ms));
        std::sort(total_ms.begin(), total_ms.end());
        std::cout << nlohmann::json{{"render_median_s", median(total_ms) / 1e3},
                                    {"render_min_s", total_ms.front() / 1e3},
                                    {"render_max_s", total_ms.back() / 1e3},
                                    {"renders", total_ms.size()}}
                         .dump()
                  << "\n";
    } catch (const std::exception& e) {
        std::cerr << "bench_filter_change: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
