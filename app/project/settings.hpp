#pragma once
// What Oko remembers between runs: the last project, the window size and the name curation records
// changes under (the window's history panel sets it; `oko edit` and the other curation commands
// read it too).
// Kept as JSON in $XDG_CONFIG_HOME/oko/settings.json (or ~/.config/oko/settings.json).

#include <filesystem>
#include <string>

namespace oko::app {

struct Settings {
    std::string last_project;
    int window_width = 1280;
    int window_height = 800;
    std::string curator; // the name changes are recorded under; empty: curator_name()'s fallback

    static std::filesystem::path file();
    static Settings load(); // defaults when the file is missing or unreadable
    void save() const;      // atomic; failures are ignored (settings are a convenience)
};

// Who a change is recorded as when the user names no one (`--who`): $OKO_USER, else the name in
// the settings, else the system user (geo::default_curator()).
std::string curator_name();

} // namespace oko::app
