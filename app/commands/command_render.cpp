#include "app/commands/commands.hpp"

#include "app/commands/json_shape.hpp"

#include "app/project/project.hpp"

#include "geo/base/error.hpp"
#include "geo/export/image_png.hpp"
#include "geo/export/picture_format.hpp"
#include "geo/base/mercator.hpp"
#include "geo/scene/filter_warnings.hpp"
#include "geo/scene/scene_json.hpp"
#include "render/gl/headless_context.hpp"
#include "render/map/map_renderer.hpp"
#include "render/map/render_offscreen.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <chrono>
#include <iostream>

namespace oko::app {

namespace {

// `--scene`: a file (a name ending in .json, or a path) or a scene saved in the project, read over
// the project's defaults. Its view and size stand unless --bbox or --size are given; the options
// that follow (filters, hidden layers, styles) apply on top.
void apply_scene_option(const Project& project, const RenderOptions& options, const geo::BBox& box,
                        geo::SceneSpec& scene) {
    const auto& choice = options.scene;
    const bool is_file = choice.ends_with(".json") || choice.find('/') != std::string::npos;
    geo::SceneRead read;
    if (is_file) {
        read = read_scene(project, geo::read_scene_text(choice), choice, scene);
        warn_skipped_layers(read, "oko render");
    } else {
        read =
            saved_scene_for_command(project, choice, scene, "--scene", "oko render", "a scene file must end in .json");
    }
    const float pixel_ratio = scene.pixel_ratio;
    scene = std::move(read.scene);
    if (options.bbox || !read.has_view) {
        // The box asked for (or the project's), at the size asked for, else the scene's.
        const bool scene_size = !options.size_given && read.has_size;
        scene.view = geo::Viewport::fit(box, scene_size ? scene.view.width : options.width,
                                        scene_size ? scene.view.height : options.height);
    } else if (options.size_given) {
        scene.view =
            geo::Viewport::fit(scene.view.bounds(), options.width, options.height); // the scene's area at another size
    }
    if (!options.labels) scene.labels = false;
    if (options.scale_given) scene.pixel_ratio = pixel_ratio;
}

// A --bbox that shows none of the project draws an empty picture: refuse it, and when swapping
// latitude and longitude would show the project, say so.
void check_bbox(const std::array<double, 4>& b, const geo::BBox& extent, const std::filesystem::path& store) {
    if (extent.empty()) return;
    const auto box_of = [](double lon0, double lat0, double lon1, double lat1) {
        geo::BBox box;
        box.extend(geo::to_mercator({lon0, lat0}));
        box.extend(geo::to_mercator({lon1, lat1}));
        return box;
    };
    if (box_of(b[0], b[1], b[2], b[3]).intersects(extent)) return;
    const auto lo = geo::from_mercator({extent.min_x, extent.min_y});
    const auto hi = geo::from_mercator({extent.max_x, extent.max_y});
    char have[128];
    std::snprintf(have, sizeof have, "%.4f,%.4f,%.4f,%.4f", lo.lon, lo.lat, hi.lon, hi.lat);
    std::string reason = "the area asked for lies outside the project, which covers " + std::string(have);
    if (std::abs(b[1]) <= 180 && std::abs(b[3]) <= 180 && std::abs(b[0]) <= 85.06 && std::abs(b[2]) <= 85.06 &&
        box_of(b[1], b[0], b[3], b[2]).intersects(extent)) {
        char swapped[128];
        std::snprintf(swapped, sizeof swapped, "%g,%g,%g,%g", b[1], b[0], b[3], b[2]);
        reason += "; latitude and longitude look swapped: the order is minlon,minlat,maxlon,maxlat, so try --bbox " +
                  std::string(swapped);
    }
    throw geo::Error(reason, store.string(), 0, "--bbox");
}

} // namespace

int run_render(const RenderOptions& options) {
    try {
        const auto project = Project::load(options.store);

        geo::require_picture_format(options.out, "--out");
        geo::BBox box = project.extent();
        if (options.bbox) {
            const auto& b = *options.bbox;
            check_bbox(b, box, options.store);
            box = {};
            box.extend(geo::to_mercator({b[0], b[1]}));
            box.extend(geo::to_mercator({b[2], b[3]}));
        }
        if (box.empty()) throw geo::Error("the project has no map data to render", options.store.string());
        geo::SceneSpec scene = default_scene(project, box, options.width, options.height);
        scene.pixel_ratio = static_cast<float>(options.scale);
        scene.labels = options.labels;
        if (!options.scene.empty()) apply_scene_option(project, options, box, scene);
        // Without a scene, every layer gets the command line's filter (none: everything); with
        // one, only a filter given on the command line replaces the scene's.
        if (options.scene.empty() || !options.filters.empty()) {
            const auto filter = geo::Filter::parse(options.filters);
            for (auto& layer : scene.point_layers)
                layer.filter = filter;
        }
        for (auto& layer : scene.point_layers)
            if (!options.point_layers.empty())
                layer.style.visible = std::find(options.point_layers.begin(), options.point_layers.end(), layer.name) !=
                                      options.point_layers.end();
        for (const auto& choice : options.reference_styles)
            apply_reference_style(project, scene.reference_layers, choice);
        for (const auto& name : options.point_layers)
            if (!project.point_layer(name))
                throw geo::Error("no point layer '" + name + "' in the project (see `oko layers`)",
                                 options.store.string(), 0, "--layer");
        for (const auto& name : options.hide_layers) {
            bool found = false;
            for (auto& layer : scene.point_layers)
                if (layer.name == name) {
                    layer.style.visible = false;
                    found = true;
                }
            for (auto& layer : scene.reference_layers)
                if (layer.name == name) {
                    layer.style.visible = false;
                    found = true;
                }
            for (int i = 0; i < static_cast<int>(geo::BasemapLayer::Count); ++i) {
                if (geo::layer_name(static_cast<geo::BasemapLayer>(i)) == name) {
                    scene.set_visible(static_cast<geo::BasemapLayer>(i), false);
                    found = true;
                }
            }
            if (!found) throw geo::Error("unknown layer '" + name + "' (see `oko layers`)", "", 0, "--hide");
        }

        // A filter naming a vendor or years that the drawn layers lack draws nothing: say so (and in
        // --json). Layers under the same filter (the command line's applies to all) count as one, so
        // a vendor is missing only when none of them has it; empty layers say nothing.
        std::vector<std::pair<geo::Filter, std::vector<geo::LayerValues>>> by_filter;
        for (const auto& layer : scene.point_layers) {
            const auto* data = project.point_layer(layer.name);
            if (!data || !layer.style.visible || data->positions.empty()) continue;
            auto same = std::find_if(by_filter.begin(), by_filter.end(),
                                     [&](const auto& group) { return group.first == layer.filter; });
            if (same == by_filter.end()) same = by_filter.insert(by_filter.end(), {layer.filter, {}});
            same->second.push_back(geo::layer_values(*data));
        }
        std::vector<std::string> warnings;
        for (const auto& group : by_filter)
            for (auto& w : geo::filter_warnings(group.first, geo::merge_layer_values(group.second)))
                warnings.push_back(std::move(w));
        for (const auto& w : warnings)
            std::cerr << "oko render: warning: " << w << "\n";

        render::HeadlessContext context;
        render::MapRenderer renderer;
        upload(project, renderer);
        render::OffscreenRenderer pictures(renderer);
        std::vector<double> times;
        geo::RgbaImage image;
        for (int i = 0; i < options.repeat; ++i) {
            const auto start = std::chrono::steady_clock::now();
            pictures.render(scene, image);
            times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
        geo::write_georeferenced_png(image, scene.view, options.out);
        if (options.repeat > 1) {
            std::sort(times.begin(), times.end());
            std::cout << nlohmann::json{{"render_median_s", times[times.size() / 2]},
                                        {"render_min_s", times.front()},
                                        {"render_max_s", times.back()},
                                        {"renders", times.size()}}
                             .dump()
                      << "\n";
        } else if (options.json) {
            const auto lo = geo::from_mercator({scene.view.bounds().min_x, scene.view.bounds().min_y});
            const auto hi = geo::from_mercator({scene.view.bounds().max_x, scene.view.bounds().max_y});
            nlohmann::json layers = nlohmann::json::array();
            // One shape for every layer (docs/JSON.md): a reference layer has no filter.
            for (const auto& layer : scene.point_layers)
                layers.push_back({{"name", layer.name},
                                  {"kind", "points"},
                                  {"visible", layer.style.visible},
                                  {"filter", layer.filter.describe()},
                                  {"unknown_included", layer.filter.unknown_included()}});
            for (const auto& layer : scene.reference_layers)
                layers.push_back({{"name", layer.name},
                                  {"kind", "reference"},
                                  {"visible", layer.style.visible},
                                  {"filter", nullptr},
                                  {"unknown_included", nullptr}});
            std::cout << conform(nlohmann::json{{"out", options.out.string()},
                                                {"width", image.width},
                                                {"height", image.height},
                                                {"pixel_ratio", scene.pixel_ratio},
                                                {"bbox", {lo.lon, lo.lat, hi.lon, hi.lat}},
                                                {"scene", options.scene.empty() ? nlohmann::json()
                                                                                : nlohmann::json(options.scene)},
                                                {"labels", scene.labels},
                                                {"layers", layers},
                                                {"warnings", warnings}},
                                 render_shape())
                             .dump(2)
                      << "\n";
        } else {
            std::cout << options.out.string() << "\n";
        }
        return 0;
    } catch (const std::exception& e) {
        return report_failure("oko render", e);
    }
}

} // namespace oko::app
