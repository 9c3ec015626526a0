#pragma once
// The window's ImGui panels, one file each (panel_*.cpp). Panels edit plain state (the SceneSpec)
// and return what the user asked for; they own no data.

#include "app/panels/frame_stats.hpp"
#include "app/project/municipality_counts.hpp"
#include "app/project/point_layer_view.hpp"
#include "geo/analysis/place_index.hpp"
#include "geo/map/reference_layer.hpp"
#include "geo/scene/scene_spec.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace oko::app {

// Point layers (style, vendor legend and filter, years, text) above the basemap's toggles.
// Returns the panel's right edge in screen pixels, so that dialogs can open beside it.
float draw_layers_panel(geo::SceneSpec& scene, const std::vector<PointLayerView>& views,
                        const geo::VendorPalette& palette, const std::string& project_name,
                        const std::vector<geo::ReferenceLayerData>& references = {},
                        const std::map<std::string, std::string>& display_status = {});
// A line or polygon layer: visibility, opacity, draw order, "categorise by" and the legend with
// its colours; `order` moves it up (+1) or down (-1) in the draw order.
void draw_reference_layer_controls(geo::ReferenceLayerSpec& spec, const geo::ReferenceLayerData& data, int& order);
// `order` becomes +1 or -1 when the user moves the layer up or down the draw order.
// `references`: the project's reference layers, those of areas offered as a choropleth's districts.
void draw_point_layer_controls(geo::PointLayerSpec& spec, const PointLayerView& view, const geo::VendorPalette& palette,
                               const std::string& display_status, int& order,
                               const std::vector<geo::ReferenceLayerData>& references = {});
// A layer's visibility checkbox and its up and down arrows, on the line of its name.
void draw_visibility_and_order(bool& visible, int& order);
// "Show as": a point layer's points or a density view in their place (heatmap, hexagons, squares,
// districts, street coverage), with that view's settings. `status`: what the last computation
// said (figures, warnings), shown under the settings. `references`: the project's reference
// layers; districts come from the OSM admin boundaries or one of those of areas.
void draw_display_controls(geo::PointDisplaySpec& display, const std::string& status,
                           const std::vector<geo::ReferenceLayerData>& references = {});

// Go-to: a search box over place and street names; returns the box to show when one is chosen.
std::optional<geo::BBox> draw_goto_panel(const geo::PlaceIndex& index, std::string& query);

// Vendor x year table and counts per municipality of the filtered points of each layer, with CSV
// export beside the project.
// The order the statistics panel lists point layers in: the user's own visible layers first (the
// first of them opens), then the other visible ones (shipped sites, OSM cameras), then hidden ones.
std::vector<size_t> statistics_order(const geo::SceneSpec& scene, const std::vector<PointLayerView>& views);
void draw_stats_panel(bool* open, const geo::SceneSpec& scene, const std::vector<PointLayerView>& views,
                      const std::filesystem::path& project, MunicipalityCounts& municipalities);

// The attributes of a pinned point, with its provenance; links open in the browser.
struct PinnedPoint {
    std::string layer;
    int64_t id = 0;
    std::vector<std::pair<std::string, std::string>> fields; // read from the project file
    std::vector<std::pair<std::string, int64_t>> others;     // other points under the cursor: layer, id
};
void draw_inspect_panel(std::optional<PinnedPoint>& pinned, std::optional<std::pair<std::string, int64_t>>& select);

// First run or no project: how to get an OSM extract; returns a path the user asked to open.
std::optional<std::filesystem::path> draw_welcome_panel(std::string& path_input);

// Frame time and scale in a corner.
void draw_frame_overlay(const FrameStats& stats, const geo::Viewport& view);

// Keyboard and mouse help.
void draw_help_panel(bool* open);

} // namespace oko::app
