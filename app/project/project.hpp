#pragma once
// A project as the window and `oko render` show it: the basemap and every point layer, read from
// the project file once, uploaded to a renderer, and described in a SceneSpec.

#include "geo/map/basemap.hpp"
#include "geo/map/reference_layer.hpp"
#include "geo/scene/default_scene.hpp"
#include "geo/scene/scene_json.hpp"
#include "geo/scene/scene_merge.hpp"
#include "geo/scene/scene_spec.hpp"
#include "geo/store/store_points.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oko::render {
class MapRenderer;
}

namespace oko::app {

struct Project {
    std::filesystem::path path;
    geo::Basemap basemap;
    std::vector<geo::ReferenceLayerData> reference_layers; // lines and areas, in the project's order
    std::vector<geo::PointLayerData> point_layers;         // in the project's order
    geo::VendorPalette palette;                            // one colour per vendor across all layers
    std::string basemap_source;                            // the OSM extract's file name; empty: none
    std::string basemap_date;                              // the date of its data, "2024-10-22"; empty: unknown

    static Project load(const std::filesystem::path& path);

    // The box to show first: the basemap's; without one, the reference layers' (they are the
    // basemap of a city without an OSM extract); else the points the user imported (layers of
    // kind "points", not the shipped sites); else any points'. A box of points has a margin of 5 %
    // (at least 100 m) so that the symbols on its edges show whole.
    geo::BBox extent() const;
    const geo::PointLayerData* point_layer(const std::string& name) const;
    const geo::ReferenceLayerData* reference_layer(const std::string& name) const;
};

// Uploads everything; needs the renderer's context current.
void upload(const Project& project, render::MapRenderer& renderer);

// The project's default scene (geo::default_scene) of `box` (the whole map: extent()) at
// width × height pixels.
geo::SceneSpec default_scene(const Project& project, const geo::BBox& box, int width, int height,
                             double margin_fraction = 0.0);

// "LAYER=FIELD", as `--reference-style` gives it: colours that reference layer by FIELD ("LAYER=":
// one colour), keeping its labels. Throws geo::Error naming the option when the layer or the
// field is not in the project.
void apply_reference_style(const Project& project, std::vector<geo::ReferenceLayerSpec>& specs,
                           const std::string& choice, const std::string& option = "--reference-style");

// A scene read over `defaults` (the project's default scene), as geo::scene_from_json does, but
// a reference layer the scene colours by another attribute than its default starts from that
// attribute's categorised style: the categories the scene leaves as they were keep their exact
// colours (a saved scene holds colours to 8 bits).
geo::SceneRead read_scene(const Project& project, std::string_view text, const std::string& file,
                          const geo::SceneSpec& defaults);

// `shown` over `defaults` on the types (geo::merge_scene), from the same defaults as read_scene
// would read it over: what the window shows again when its project reloads after an import.
geo::SceneSpec merge_scene(const Project& project, const geo::SceneSpec& defaults, const geo::SceneSpec& shown);

// The project's saved scene `name` (geo/store/store_scenes.hpp) read over `defaults`; nothing when the
// project has no such scene. Throws geo::Error when it does not read, naming the project and
// the scene.
std::optional<geo::SceneRead> load_saved_scene(const Project& project, const std::string& name,
                                               const geo::SceneSpec& defaults);

// The same for a command: an error naming the scenes the project has when it has no `name`
// (`option` is the command-line option that named it), and a warning on stderr, for `command`,
// naming the scene's layers the project does not have. `hint` ends the error, when given.
geo::SceneRead saved_scene_for_command(const Project& project, const std::string& name, const geo::SceneSpec& defaults,
                                       const std::string& option, const std::string& command,
                                       const std::string& hint = {});
void warn_skipped_layers(const geo::SceneRead& read, const std::string& command);

} // namespace oko::app
