#include "app/project/settings.hpp"

#include "geo/base/atomic_file.hpp"
#include "geo/store/curation.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>

namespace oko::app {

std::filesystem::path Settings::file() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "oko/settings.json";
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home && *home ? home : ".") / ".config/oko/settings.json";
}

Settings Settings::load() {
    Settings s;
    std::ifstream in(file());
    if (!in) return s;
    try {
        const auto j = nlohmann::json::parse(in);
        s.last_project = j.value("last_project", s.last_project);
        s.window_width = std::max(320, j.value("window_width", s.window_width));
        s.window_height = std::max(240, j.value("window_height", s.window_height));
        s.curator = j.value("curator", s.curator);
    } catch (const nlohmann::json::exception&) {
        // A damaged settings file must never keep Oko from starting.
    }
    return s;
}

void Settings::save() const {
    const auto path = file();
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    try {
        geo::write_file_atomically(path, nlohmann::json{{"last_project", last_project},
                                                        {"window_width", window_width},
                                                        {"window_height", window_height},
                                                        {"curator", curator}}
                                             .dump(2));
    } catch (const std::exception&) {
        // Settings that cannot be saved are not worth an error: the old file stays whole.
    }
}

std::string curator_name() {
    if (const char* user = std::getenv("OKO_USER"); user && *user) return user;
    if (auto name = Settings::load().curator; !name.empty()) return name;
    return geo::default_curator();
}

} // namespace oko::app
