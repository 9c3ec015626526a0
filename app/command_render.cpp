#include "app/commands.hpp"

#include "app/project.hpp"

#include "geo/error.hpp"
#include "geo/image_png.hpp"
#include "geo/mercator.hpp"
#include "render/headless_context.hpp"
#include "render/map_renderer.hpp"
#include "render/render_offscreen.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>

namespace oko::app {

int run_render(const RenderOptions& options) {
    try {
        const auto project = Project::load(options.store);

        geo::SceneSpec scene;
        geo::BBox box = project.extent();
        if (options.bbox) {
            const auto& b = *options.bbox;
            box = {};
            box.extend(geo::to_mercator({b[0], b[1]}));
            box.extend(geo::to_mercator({b[2], b[3]}));
        }
        if (box.empty()) throw geo::Error("the project has no map data to render", options.store.string());
        scene.view = geo::Viewport::fit(box, options.width, options.height);
        scene.pixel_ratio = static_cast<float>(options.scale);
        scene.labels = options.labels;
        scene.point_layers = default_point_specs(project);
        const auto filter = geo::Filter::parse(options.filters);
        for (auto& layer : scene.point_layers) {
            layer.filter = filter;
            if (!options.point_layers.empty())
                layer.style.visible = std::find(options.point_layers.begin(), options.point_layers.end(), layer.name) != options.point_layers.end();
        }
        scene.reference_layers = default_reference_specs(project);
        for (const auto& choice : options.reference_styles) {
            const auto eq = choice.find('=');
            const std::string name = choice.substr(0, eq);
            const auto* data = project.reference_layer(name);
            if (eq == std::string::npos || !data)
                throw geo::Error("expected LAYER=FIELD with a line or polygon layer of the project (see `oko layers`)", "", 0,
                                 "--reference-style " + choice);
            const std::string field = choice.substr(eq + 1);
            if (!field.empty() && !data->field_index(field)) {
                std::string known;
                for (const auto& f : data->fields) known += (known.empty() ? "" : ", ") + f;
                throw geo::Error("layer '" + name + "' has no attribute '" + field + "' (it has: " + known + ")", "", 0,
                                 "--reference-style " + choice);
            }
            for (auto& spec : scene.reference_layers)
                if (spec.name == name) {
                    const auto label = spec.style.label_field;
                    spec.style = geo::categorised_style(*data, field);
                    spec.style.label_field = label;
                }
        }
        for (const auto& name : options.point_layers)
            if (!project.point_layer(name)) throw geo::Error("no point layer '" + name + "' in the project (see `oko layers`)", options.store.string(), 0, "--layer");
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
        } else {
            std::cout << options.out.string() << "\n";
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "oko render: " << e.what() << "\n";
        return 1;
    }
}

} // namespace oko::app
