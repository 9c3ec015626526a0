#include "app/commands.hpp"

#include "app/project.hpp"
#include "geo/error.hpp"
#include "geo/scene_json.hpp"
#include "geo/store.hpp"
#include "geo/store_scenes.hpp"

#include <iostream>

namespace oko::app {

int run_scene(const SceneOptions& options) {
    try {
        // Read over the project's layers, as `oko render --scene` would draw it: the file holds
        // every field, so it can be edited without knowing the defaults.
        const auto project = Project::load(options.store);
        geo::SceneSpec defaults;
        defaults.view = geo::Viewport::fit(project.extent(), 1600, 1000);
        defaults.point_layers = default_point_specs(project);
        defaults.reference_layers = default_reference_specs(project);
        const auto read = load_saved_scene(project, options.name, defaults);
        if (!read) {
            const auto names = geo::scene_names(geo::Store::open(options.store));
            std::string known;
            for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
            throw geo::Error("no scene '" + options.name + "' in the project (" +
                                 (known.empty() ? "it has none: the window saves one once a style or the view changes" : "it has: " + known) + ")",
                             options.store.string(), 0, "--name");
        }
        if (!read->skipped_layers.empty()) {
            std::string names;
            for (const auto& n : read->skipped_layers) names += (names.empty() ? "" : ", ") + n;
            std::cerr << "oko scene: warning: the scene names layers the project does not have, left out: " << names << "\n";
        }
        geo::write_scene_file(read->scene, options.out);
        std::cout << options.out.string() << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "oko scene: " << e.what() << "\n";
        return 1;
    }
}

} // namespace oko::app
