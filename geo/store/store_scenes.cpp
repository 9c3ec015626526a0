#include "geo/store/store_scenes.hpp"

#include "geo/store/sqlite_statement.hpp"
#include "geo/base/utc_time.hpp"

namespace oko::geo {

namespace {

bool has_scenes(const Store& store) {
    Statement s(store, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'scenes'");
    return s.step();
}

} // namespace

void ensure_scenes_table(Store& store) {
    store.exec("CREATE TABLE IF NOT EXISTS scenes(name TEXT PRIMARY KEY, json TEXT NOT NULL, updated TEXT NOT NULL)");
}

void save_scene(Store& store, const std::string& name, const std::string& json) {
    Store::Transaction tx(store);
    ensure_scenes_table(store);
    Statement s(store, "INSERT OR REPLACE INTO scenes(name, json, updated) VALUES (?, ?, ?)");
    s.text(1, name);
    s.text(2, json);
    s.text(3, utc_now());
    s.step();
    tx.commit();
}

std::optional<std::string> load_scene(const Store& store, const std::string& name) {
    if (!has_scenes(store)) return std::nullopt;
    Statement s(store, "SELECT json FROM scenes WHERE name = ?");
    s.text(1, name);
    if (!s.step()) return std::nullopt;
    return s.column_text(0);
}

std::vector<std::string> scene_names(const Store& store) {
    std::vector<std::string> out;
    if (!has_scenes(store)) return out;
    Statement s(store, "SELECT name FROM scenes ORDER BY name");
    while (s.step())
        out.push_back(s.column_text(0));
    return out;
}

} // namespace oko::geo
