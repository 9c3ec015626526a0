#pragma once
// The window's state: the open project, the scene being shown, navigation, panels, and the
// background import of a dropped extract. Platform-free: window.cpp feeds it frames.

#include "app/frame_stats.hpp"
#include "app/map_navigation.hpp"
#include "geo/basemap.hpp"
#include "geo/scene_spec.hpp"

#include <atomic>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>

namespace oko::render {
class MapRenderer;
}

namespace oko::app {

class Viewer {
public:
    Viewer();  // needs a current OpenGL context
    ~Viewer();

    // Opens a project (.oko), or imports an OSM extract into a project beside it first.
    void open(const std::filesystem::path& path);
    const std::optional<std::filesystem::path>& project() const { return m_project; }

    // One frame: reads input from ImGui, draws the map into the bound framebuffer, then the panels.
    void frame(int framebuffer_width, int framebuffer_height, float pixel_ratio);
    void record_frame_time(double seconds) { m_stats.add(seconds); }
    const FrameStats& stats() const { return m_stats; }
    bool quit_requested() const { return m_quit; }
    bool busy() const { return m_import.valid(); }  // redraw continuously while importing

private:
    void handle_input();
    void finish_import_if_ready();
    void open_store(const std::filesystem::path& path);
    void show_error(const std::string& message) { m_error = message; }

    std::unique_ptr<render::MapRenderer> m_renderer;
    std::optional<std::filesystem::path> m_project;
    geo::Basemap m_basemap;
    geo::SceneSpec m_scene;
    MapNavigation m_navigation;
    FrameStats m_stats;
    bool m_needs_reset = false;
    bool m_show_layers = true;
    bool m_show_help = false;
    bool m_quit = false;
    std::string m_error;
    std::string m_path_input;

    std::future<std::filesystem::path> m_import;  // yields the new project's path
    std::string m_import_source;
};

} // namespace oko::app
