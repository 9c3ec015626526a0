#pragma once
// A SceneSpec as a JSON document ("oko_scene": 1): what the window saves in the project and what
// `oko scene` exports, for `oko render --scene` to draw again. Meant to be read and edited by
// hand: the centre in degrees, colours as "#rrggbb" or "#rrggbbaa", layers by name in draw order.
//
// Reading checks every key: a wrong type or value, and a key Oko does not know (a typo), is a
// geo::Error naming the file and the path of the field, e.g.
// `reference_layers[2].style.categories[0].symbol.fill_colour: expected "#rrggbb" or "#rrggbbaa"`.
// Keys left out keep their defaults.
//
// Exactness: writing then reading gives back every field, except that the centre is kept to 7
// decimals of a degree (about a centimetre) and colours to 8 bits per channel.

#include "geo/scene/scene_spec.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace oko::geo {

inline constexpr int kSceneFormatVersion = 1;

// Pretty-printed, two spaces of indent, ending with a newline.
std::string scene_to_json(const SceneSpec& scene);

struct SceneRead {
    SceneSpec scene;
    std::vector<std::string> skipped_layers; // named by the scene, absent from the project: left out
    bool has_view = false;                   // the scene gave a centre and a resolution
    bool has_size = false;                   // the scene gave a width and a height
};

// Reads a scene; `file` names it in errors. Without `project`, layers are read as written, keys
// left out taking the defaults of a new layer of their kind. With `project` (the project's
// default scene), the scene applies on top of it: a layer is matched by name and keeps its
// project defaults for the keys left out; a category likewise by value; layers the project lacks
// are skipped (and listed); project layers the scene does not name keep their defaults and
// their default place in the draw order.
SceneRead scene_from_json(std::string_view text, const std::string& file = {}, const SceneSpec* project = nullptr);

SceneRead read_scene_file(const std::filesystem::path& file, const SceneSpec* project = nullptr);
// The text of a scene file; throws geo::Error naming it when it cannot be read.
std::string read_scene_text(const std::filesystem::path& file);
// Written to a temporary file beside `file`, then renamed over it: never half a scene.
void write_scene_file(const SceneSpec& scene, const std::filesystem::path& file);

} // namespace oko::geo
