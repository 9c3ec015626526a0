// Times a filter change to the next finished frame, as the window does it: the layer's
// PointLayerView compiles the filter and recomputes the counts the panel shows, the compiled filter
// goes to the painter, then MapRenderer::draw (with its frame cache, into a single-sampled target like the window's)
// and glFinish. Points are synthetic, spread over the whole view; a basemap (--store or --pbf)
// can lie under them.
//
//   bench_filter [--points 1000000] [--size 1280x800] [--runs 5] [--store P.oko | --pbf X.osm.pbf]
//                [--target-ms 50] [--png out.png]
//
// Prints one line per kind of change (vendor, year, text typed on, text cleared, none; and a pan,
// for comparison) with the median of the runs, and a JSON summary with the ratio of the slowest
// filter change to the target.

#include <CLI/CLI.hpp>

#include "app/project/point_layer_view.hpp"
#include "app/project/project.hpp"
#include "bench/basemap_from_pbf.hpp"
#include "geo/export/image_png.hpp"
#include "geo/base/mercator.hpp"
#include "geo/store/store.hpp"
#include "render/gl/headless_context.hpp"
#include "render/map/map_renderer.hpp"
#include "render/gl/offscreen_target.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

using namespace oko;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// `n` cameras over `box`: a dozen vendors of very different frequency, years 2008-2024 with some
// unknown, and street-address-like search text.
geo::PointLayerData synthetic_cameras(size_t n, const geo::BBox& box) {
    geo::PointLayerData d;
    d.name = "cameras";
    d.kind = "cameras";
    d.vendors = {"Huawei", "Hikvision", "Dahua",  "",        "Axis", "Bosch",
                 "Hanwha", "Uniview",   "Tiandy", "Vivotek", "Sony", "Panasonic"};
    const char* streets[] = {"bulevar oslobodjenja",
                             "zmaj jovina",
                             "dunavska",
                             "futoska",
                             "njegoseva",
                             "jevrejska",
                             "kisacka",
                             "temerinska",
                             "cara dusana",
                             "strazilovska",
                             "bulevar evrope",
                             "narodnog fronta",
                             "laze teleckog",
                             "modene",
                             "pasiceva"};
    const char* kinds[] = {"dome", "bullet", "ptz", "anpr", "fisheye"};
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0, 1);
    std::geometric_distribution<int> vendor(0.35);
    d.ids.resize(n);
    d.positions.resize(n);
    d.vendor_index.resize(n);
    d.years.resize(n);
    d.search_text.resize(n);
    for (size_t i = 0; i < n; ++i) {
        d.ids[i] = static_cast<int64_t>(i + 1);
        d.positions[i] = {box.min_x + u(rng) * box.width(), box.min_y + u(rng) * box.height()};
        d.vendor_index[i] = static_cast<uint16_t>(std::min<int>(vendor(rng), static_cast<int>(d.vendors.size()) - 1));
        d.years[i] = u(rng) < 0.15 ? 0 : static_cast<int16_t>(2008 + static_cast<int>(u(rng) * 17));
        d.search_text[i] =
            std::string(streets[rng() % 15]) + " " + std::to_string(1 + rng() % 120) + " " + kinds[rng() % 5];
    }
    return d;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"Times a point-layer filter change to the next finished frame"};
    size_t points = 1000000;
    std::string size = "1280x800", store, pbf, png;
    int runs = 5;
    double target_ms = 50;
    app.add_option("--points", points, "synthetic points spread over the view");
    app.add_option("--size", size, "frame size, WIDTHxHEIGHT");
    app.add_option("--runs", runs, "times each kind of change is timed");
    app.add_option("--store", store, "draw this project's basemap under the points");
    app.add_option("--pbf", pbf, "import this extract and draw its basemap under the points");
    app.add_option("--target-ms", target_ms, "the aim for a change, for the ratio");
    app.add_option("--png", png, "write the last frame here");
    float radius = 0;
    app.add_option("--radius", radius, "symbol radius, px (default: the layer kind's style)");
    CLI11_PARSE(app, argc, argv);
    int width = 1280, height = 800;
    if (std::sscanf(size.c_str(), "%dx%d", &width, &height) != 2 || width < 1 || height < 1) {
        std::fprintf(stderr, "--size wants WIDTHxHEIGHT\n");
        return 2;
    }

    app::Project project;
    if (!store.empty())
        project.basemap = geo::Store::open(store).load_basemap();
    else if (!pbf.empty())
        project.basemap = bench::basemap_from_pbf(pbf);
    geo::BBox box = project.basemap.extent;
    if (box.empty()) {
        box.extend(geo::to_mercator({19.743, 45.214}));
        box.extend(geo::to_mercator({19.884, 45.292}));
    }
    project.point_layers.push_back(synthetic_cameras(points, box));
    {
        std::vector<std::pair<std::string, int64_t>> counts;
        const auto& l = project.point_layers.front();
        std::vector<int64_t> n(l.vendors.size());
        for (auto v : l.vendor_index)
            ++n[v];
        for (size_t v = 0; v < n.size(); ++v)
            counts.emplace_back(l.vendors[v], n[v]);
        project.palette = geo::VendorPalette(counts);
    }

    render::HeadlessContext context;
    render::MapRenderer renderer;
    app::upload(project, renderer);
    app::PointLayerView view(project.point_layers.front());
    render::OffscreenTarget target(width, height, 0); // the window has no multisampling

    geo::SceneSpec spec = app::default_scene(project, box, width, height);
    geo::Filter& filter = spec.point_layers.front().filter;
    if (radius > 0) spec.point_layers.front().style.radius_px = radius;

    // One change as the window makes it: counts and masks on the CPU, then the frame.
    std::vector<double> cpu_ms, frame_ms;
    auto change = [&](const std::function<void()>& edit) {
        edit();
        const auto t0 = Clock::now();
        if (view.update(filter)) renderer.set_point_filter("cameras", view.compiled());
        const double cpu = ms_since(t0);
        target.bind();
        renderer.draw(spec, width, height);
        glFinish();
        cpu_ms.push_back(cpu);
        frame_ms.push_back(ms_since(t0));
    };
    change([] {}); // compiles shaders, fills the glyph atlas, lays out labels
    change([] {});

    struct Kind {
        const char* name;
        std::vector<std::function<void()>> edits; // applied in turn, each timed
        std::function<void()> before = {};        // untimed, with its frame, before each edit
    };
    const auto& vendors = project.point_layers.front().vendors;
    std::vector<Kind> kinds = {
        {"vendor set",
         {[&] {
              filter.vendors = {vendors[0], vendors[2]};
          },
          [&] { filter.vendors = {vendors[1]}; }, [&] { filter.vendors.clear(); }}},
        {"year range",
         {[&] { filter.year_min = 2015; }, [&] { filter.year_max = 2019; }, [&] { filter.year_min = std::nullopt; },
          [&] { filter.year_max = std::nullopt; }}},
        {"unknown toggle", {[&] { filter.include_unknown = false; }, [&] { filter.include_unknown = true; }}},
        {"text typed", {[&] { filter.text = "d"; }, [&] { filter.text = "du"; }, [&] { filter.text = "dun"; }}},
        {"text cleared", {[&] { filter.text.clear(); }}, [&] { filter.text = "dun"; }},
        {"nothing (cached)", {[] {}}},
        // Not a filter change: every point moves, so the layer is placed again (and the basemap
        // drawn again); shown for comparison, left out of the worst case.
        {"view panned", {[&] { spec.view.pan_pixels(3, 0); }, [&] { spec.view.pan_pixels(-3, 0); }}},
    };
    std::printf("%zu points, %dx%d, %zu basemap features, renderer %s\n", points, width, height,
                project.basemap.features.size(), context.renderer().c_str());
    std::printf("%-18s %10s %10s %10s\n", "change", "cpu ms", "frame ms", "/ target");
    double worst = 0;
    std::string json = "{";
    for (const auto& kind : kinds) {
        std::vector<double> cpu_all, frame_all;
        for (int r = 0; r < runs; ++r)
            for (const auto& edit : kind.edits) {
                if (kind.before) change(kind.before);
                cpu_ms.clear();
                frame_ms.clear();
                change(edit);
                cpu_all.push_back(cpu_ms.front());
                frame_all.push_back(frame_ms.front());
            }
        const double f = median(frame_all);
        if (std::string(kind.name) != "nothing (cached)" && std::string(kind.name) != "view panned")
            worst = std::max(worst, f);
        std::printf("%-18s %10.2f %10.2f %10.2f\n", kind.name, median(cpu_all), f, f / target_ms);
        json += std::string(json.size() > 1 ? "," : "") + "\"" + kind.name + "_ms\":" + std::to_string(f);
    }
    std::printf("%s,\"points\":%zu,\"worst_change_ms\":%.3f,\"target_ms\":%.1f,\"ratio_to_target\":%.3f}\n",
                json.c_str(), points, worst, target_ms, worst / target_ms);
    std::printf("passing after the last change: %zu of %zu\n", view.passing(), points);
    if (!png.empty()) {
        spec.point_layers.front().filter.vendors = {vendors[1]};
        target.bind();
        renderer.draw(spec, width, height);
        geo::write_png(target.read(), png);
    }
    return 0;
}
