#pragma once
// Named scenes kept in the project file, as scene JSON (geo/scene/scene_json.hpp): the window keeps its
// own under "window", so a reopened project looks as it was left. A plain table (name, json,
// updated), which QGIS and ogrinfo list as a table without geometry; projects made before it
// simply have no saved scene.

#include "geo/store/store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace oko::geo {

inline constexpr const char* kWindowScene = "window";

// Creates the table if needed and replaces the scene of that name, in one transaction. The store
// must be writable (Store::open waits a few seconds for another writer, such as an import).
// Creates the scenes table if the project has none yet.
void ensure_scenes_table(Store& store);
void save_scene(Store& store, const std::string& name, const std::string& json);
// The scene's JSON, or nothing when there is no such scene (or no table).
std::optional<std::string> load_scene(const Store& store, const std::string& name);
std::vector<std::string> scene_names(const Store& store);

} // namespace oko::geo
