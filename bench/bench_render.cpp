// Times headless renders: a whole picture as `oko render` draws it (OffscreenRenderer: its choice
// of multisampling, resolve, readback), or with --no-readback a window frame (MapRenderer::draw
// + glFinish), N times, and prints {"render_median_s":..,"render_min_s":..,"render_max_s":..}
// like the peers harness.
//
//   bench_render [--pbf novi_sad_center.osm.pbf] [--size 1600x1000] [--runs 20] [--png out.png]
//                [--bbox MINLON MINLAT MAXLON MAXLAT] [--pixel-ratio 3.125] [--samples 0|4] [--no-readback]
//
// Without --pbf or --store it draws a synthetic city of 30,000 buildings and 13,000 streets. With
// --pbf it imports the extract first (into a temporary project), with --store it opens a project.

#include <CLI/CLI.hpp>

#include "bench/basemap_from_pbf.hpp"
#include "geo/map/basemap.hpp"
#include "geo/export/picture_file.hpp"
#include "geo/base/mercator.hpp"
#include "geo/base/print_size.hpp"
#include "geo/store/store.hpp"
#include "render/gl/headless_context.hpp"
#include "render/map/map_renderer.hpp"
#include "render/gl/offscreen_target.hpp"
#include "render/map/render_offscreen.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <sys/resource.h>

using namespace oko;
using FC = geo::FeatureClass;

namespace {

geo::Basemap synthetic_city(int buildings, int streets) {
    geo::Basemap b;
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> u(0, 1);
    const geo::XY c = geo::to_mercator({19.84, 45.25});
    const double side = 20000;
    auto rect = [&](FC cls, double x, double y, double w, double h) {
        geo::Feature f;
        f.cls = cls;
        f.geometry.kind = geo::GeomKind::Area;
        f.geometry.points = {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
        f.geometry.parts = {0};
        f.geometry.triangles = {0, 1, 2, 0, 2, 3};
        b.features.push_back(std::move(f));
    };
    for (int i = 0; i < 300; ++i)
        rect(i % 3 ? FC::LanduseResidential : FC::Park, c.x - side / 2 + u(rng) * side, c.y - side / 2 + u(rng) * side,
             200 + u(rng) * 800, 200 + u(rng) * 800);
    for (int i = 0; i < buildings; ++i)
        rect(FC::Building, c.x - side / 2 + u(rng) * side, c.y - side / 2 + u(rng) * side, 8 + u(rng) * 20,
             8 + u(rng) * 20);
    const FC road_classes[] = {FC::RoadResidential, FC::RoadResidential, FC::RoadService, FC::RoadTertiary,
                               FC::RoadSecondary,   FC::RoadPrimary,     FC::RoadFootway};
    for (int i = 0; i < streets; ++i) {
        geo::Feature f;
        f.cls = road_classes[i % 7];
        f.name = "Улица " + std::to_string(i);
        f.geometry.kind = geo::GeomKind::Line;
        double x = c.x - side / 2 + u(rng) * side, y = c.y - side / 2 + u(rng) * side;
        const double heading = u(rng) * 6.283;
        for (int k = 0; k < 8; ++k) {
            f.geometry.points.push_back({x, y});
            x += std::cos(heading + (u(rng) - 0.5) * 0.3) * 25;
            y += std::sin(heading + (u(rng) - 0.5) * 0.3) * 25;
        }
        f.geometry.parts = {0};
        b.features.push_back(std::move(f));
    }
    b.recompute_extent();
    return b;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"Times headless map renders (draw + readback)"};
    std::string pbf, png, size = "1600x1000";
    int runs = 20;
    int samples = -1; // as `oko render` chooses
    bool labels = true;
    bool readback = true;
    bool full_msaa = false;
    std::string store;
    app.add_option("--pbf", pbf, "OSM extract to import and draw (default: a synthetic city)");
    app.add_option("--store", store, "project (.oko) to draw");
    app.add_option("--size", size, "picture size, WIDTHxHEIGHT");
    app.add_option("--runs", runs, "timed renders");
    app.add_option("--png", png, "also write the last picture here");
    app.add_option("--samples", samples, "MSAA samples (default: as oko render chooses for the view)");
    app.add_flag("!--no-labels", labels, "leave out labels");
    app.add_flag("!--no-readback", readback, "time a window frame: MapRenderer::draw + glFinish");
    app.add_flag("--full-msaa", full_msaa, "keep lines and text multisampled too");
    bool feather_buildings = false;
    app.add_flag("--feather-buildings", feather_buildings, "soften building edges without MSAA");
    std::vector<double> centre;
    double zoom = 0;
    app.add_option("--centre", centre, "view centre: LON LAT (default: the whole extent)")->expected(2);
    app.add_option("--zoom", zoom, "slippy-map zoom level of the view, with --centre");
    std::vector<double> bbox;
    app.add_option("--bbox", bbox, "view the box MINLON MINLAT MAXLON MAXLAT (default: the data's extent)")
        ->expected(4);
    double pixel_ratio = 1.0;
    app.add_option("--pixel-ratio", pixel_ratio, "scale of line widths and text (3.125 for 300 dpi)");
    std::vector<std::string> hidden;
    app.add_option("--hide", hidden, "layers to leave out (roads, buildings, ...)");
    CLI11_PARSE(app, argc, argv);
    int width = 1600, height = 1000;
    if (std::sscanf(size.c_str(), "%dx%d", &width, &height) != 2 || width < 1 || height < 1) {
        std::fprintf(stderr, "--size wants WIDTHxHEIGHT\n");
        return 2;
    }

    const auto t_load = std::chrono::steady_clock::now();
    const geo::Basemap basemap = !store.empty() ? geo::Store::open(store).load_basemap()
                                 : !pbf.empty() ? bench::basemap_from_pbf(pbf)
                                                : synthetic_city(30000, 13000);
    const double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_load).count();

    render::HeadlessContext context;
    render::MapRenderer renderer;
    const auto t_upload = std::chrono::steady_clock::now();
    renderer.set_basemap(basemap);
    renderer.set_feather_buildings(feather_buildings);
    const double upload_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_upload).count();
    geo::SceneSpec spec;
    geo::BBox view_box = basemap.extent;
    if (bbox.size() == 4) {
        view_box = {};
        view_box.extend(geo::to_mercator({bbox[0], bbox[1]}));
        view_box.extend(geo::to_mercator({bbox[2], bbox[3]}));
    }
    spec.view = geo::Viewport::fit(view_box, width, height);
    spec.pixel_ratio = static_cast<float>(pixel_ratio);
    spec.labels = labels;
    if (centre.size() == 2) {
        spec.view.center = geo::to_mercator({centre[0], centre[1]});
        if (zoom > 0) spec.view.resolution = 2 * 20037508.342789244 / 256.0 / std::pow(2.0, zoom);
    }
    for (const auto& name : hidden)
        for (size_t l = 0; l < static_cast<size_t>(geo::BasemapLayer::Count); ++l)
            if (geo::layer_name(static_cast<geo::BasemapLayer>(l)) == name) spec.basemap.visible[l] = false;
    // Pictures go through OffscreenRenderer (tiles, its choice of multisampling) as `oko render`
    // does, unless --samples asks for a target of its own.
    const bool as_oko_render = readback && samples < 0;
    render::OffscreenRenderer pictures(renderer);
    std::unique_ptr<render::OffscreenTarget> target;
    if (!as_oko_render) target = std::make_unique<render::OffscreenTarget>(width, height, std::max(samples, 0));

    if (!readback) renderer.set_frame_cache(false);
    std::vector<double> times;
    double cpu_total = 0;
    auto cpu_now = [] {
        rusage u{};
        getrusage(RUSAGE_SELF, &u);
        return u.ru_utime.tv_sec + u.ru_utime.tv_usec * 1e-6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec * 1e-6;
    };
    geo::RgbaImage image;
    for (int i = 0; i < runs + 1; ++i) {
        // Alternate by a fraction of a pixel so each run lays out its labels again, as a pan does.
        geo::SceneSpec s = spec;
        s.view.center.x += (i % 2) * spec.view.resolution * 0.25;
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = cpu_now();
        if (as_oko_render) {
            pictures.render(s, image);
        } else if (!readback) {
            // A window frame: the window's own path (MapRenderer::draw), every frame drawn anew.
            target->bind();
            renderer.draw(s, width, height);
            if (i == runs)
                image = target->read();
            else
                glFinish();
        } else {
            target->bind();
            renderer.draw_region(s, 1.0, 0, 0, width, height, [&] {
                if (!full_msaa) target->leave_multisampling();
            });
            image = target->read();
        }
        const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (i > 0) {
            times.push_back(t);
            cpu_total += cpu_now() - c0;
        } // the first run compiles shaders and fills the glyph atlas
    }
    std::sort(times.begin(), times.end());
    const auto stats = renderer.stats();
    std::fprintf(stderr,
                 "renderer: %s\nfeatures: %zu, triangles: %zu, segments: %zu, labels: %zu\n"
                 "drawn per frame: %zu triangles, %zu segments\n"
                 "load: %.3f s, upload: %.3f s, MSAA samples: %d\n",
                 context.renderer().c_str(), basemap.features.size(), stats.triangles, stats.segments, stats.labels,
                 stats.drawn_triangles, stats.drawn_segments, load_s, upload_s,
                 target                              ? target->samples()
                 : renderer.multisampling_pays(spec) ? 4
                                                     : 0);
    if (std::getenv("OKO_BENCH_CLASSES")) {
        std::map<std::string_view, std::pair<size_t, size_t>> per_class;
        for (const auto& f : basemap.features) {
            auto& e = per_class[geo::info(f.cls).code];
            e.first += 1;
            e.second += f.geometry.triangles.size() / 3;
        }
        for (const auto& [code, n] : per_class)
            std::fprintf(stderr, "%-22s %7zu features %8zu triangles\n", std::string(code).c_str(), n.first, n.second);
    }
    if (!png.empty()) geo::write_picture(image, spec.view, geo::dpi_of_pixel_ratio(spec.pixel_ratio), png);
    if (times.empty()) return 0;
    // CPU seconds (all of llvmpipe's threads) per picture: steadier than wall time on a busy machine.
    std::fprintf(stderr, "cpu per picture: %.4f s\n", cpu_total / static_cast<double>(times.size()));
    std::printf("{\"render_median_s\":%.6f,\"render_min_s\":%.6f,\"render_max_s\":%.6f}\n", times[times.size() / 2],
                times.front(), times.back());
    return 0;
}
