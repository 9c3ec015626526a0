#pragma once
// What Oko remembers between runs: the last project and the window size.
// Kept as JSON in $XDG_CONFIG_HOME/oko/settings.json (or ~/.config/oko/settings.json).

#include <filesystem>
#include <string>

namespace oko::app {

struct Settings {
    std::string last_project;
    int window_width = 1280;
    int window_height = 800;

    static std::filesystem::path file();
    static Settings load(); // defaults when the file is missing or unreadable
    void save() const;      // atomic; failures are ignored (settings are a convenience)
};

} // namespace oko::app
