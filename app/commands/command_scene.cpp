#include "app/commands/commands.hpp"

#include "app/project/project.hpp"
#include "geo/scene/scene_json.hpp"

#include <iostream>

namespace oko::app {

int run_scene(const SceneOptions& options) {
    try {
        // Read over the project's layers, as `oko render --scene` would draw it: the file holds
        // every field, so it can be edited without knowing the defaults.
        const auto project = Project::load(options.store);
        const auto defaults = default_scene(project, project.extent(), 1600, 1000);
        // Without --name, a project the window has not styled yet exports its defaults: the scene
        // `oko render` draws, as a file to start a figure from.
        if (!options.name_given && !load_saved_scene(project, options.name, defaults)) {
            std::cerr << "oko scene: the window has saved no scene in this project yet; writing the defaults\n";
            geo::write_scene_file(defaults, options.out);
            std::cout << options.out.string() << "\n";
            return 0;
        }
        const auto read = saved_scene_for_command(project, options.name, defaults, "--name", "oko scene");
        geo::write_scene_file(read.scene, options.out);
        std::cout << options.out.string() << "\n";
        return 0;
    } catch (const std::exception& e) {
        return report_failure("oko scene", e);
    }
}

} // namespace oko::app
