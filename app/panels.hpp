#pragma once
// The window's ImGui panels, one file each (panel_*.cpp). Panels edit plain state (the SceneSpec)
// and return what the user asked for; they own no data.

#include "app/frame_stats.hpp"
#include "geo/scene_spec.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace oko::app {

// Visibility toggles of the basemap layers.
void draw_layers_panel(geo::SceneSpec& scene, const std::string& project_name);

// First run or no project: how to get an OSM extract; returns a path the user asked to open.
std::optional<std::filesystem::path> draw_welcome_panel(std::string& path_input);

// Frame time and scale in a corner.
void draw_frame_overlay(const FrameStats& stats, const geo::Viewport& view);

// Keyboard and mouse help.
void draw_help_panel(bool* open);

} // namespace oko::app
