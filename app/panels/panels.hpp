#pragma once
// The window's ImGui panels, one file each (panel_*.cpp). Panels edit plain state (the SceneSpec)
// and return what the user asked for; they own no data.

#include "app/panels/frame_stats.hpp"
#include "app/project/density_views.hpp"
#include "app/project/municipality_counts.hpp"
#include "app/project/point_layer_view.hpp"
#include "geo/analysis/place_index.hpp"
#include "geo/map/reference_layer.hpp"
#include "geo/scene/scene_spec.hpp"
#include "geo/store/curation.hpp"
#include "geo/store/store_points.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace oko::app {

// What the last computation of a layer's density view said, for its "show as" controls.
struct DisplayStatus {
    std::string text;                       // its figures, warnings, or why it is not drawn
    std::vector<std::string> weight_fields; // heatmap: the attributes it can be weighted by
};

// Point layers (style, vendor legend and filter, years, text) above the basemap's toggles.
// Returns the panel's right edge in screen pixels, so that dialogs can open beside it.
float draw_layers_panel(geo::SceneSpec& scene, const std::vector<PointLayerView>& views,
                        const geo::VendorPalette& palette, const std::string& project_name,
                        const std::vector<geo::ReferenceLayerData>& references = {},
                        const std::map<std::string, DisplayStatus>& display_status = {});
// A line or polygon layer: visibility, opacity, draw order, "categorise by" and the legend with
// its colours; `order` moves it up (+1) or down (-1) in the draw order.
void draw_reference_layer_controls(geo::ReferenceLayerSpec& spec, const geo::ReferenceLayerData& data, int& order);
// `order` becomes +1 or -1 when the user moves the layer up or down the draw order.
// `references`: the project's reference layers, those of areas offered as a choropleth's districts.
void draw_point_layer_controls(geo::PointLayerSpec& spec, const PointLayerView& view, const geo::VendorPalette& palette,
                               const DisplayStatus& display_status, int& order,
                               const std::vector<geo::ReferenceLayerData>& references = {});
// A layer's visibility checkbox and its up and down arrows, on the line of its name.
void draw_visibility_and_order(bool& visible, int& order);
// "Show as": a point layer's points or a density view in their place (heatmap, hexagons, squares,
// districts, street coverage), with that view's settings; a heatmap's weight is chosen from
// `status.weight_fields` ("none" first). `status.text`: what the last computation said (figures,
// warnings), shown under the settings. `references`: the project's reference layers; districts
// come from the OSM admin boundaries or one of those of areas.
void draw_display_controls(geo::PointDisplaySpec& display, const DisplayStatus& status,
                           const std::vector<geo::ReferenceLayerData>& references = {});

// Go-to: a search box over place and street names; returns the box to show when one is chosen.
std::optional<geo::BBox> draw_goto_panel(const geo::PlaceIndex& index, std::string& query);

// A row of the statistics panel's table per district (the municipality counts, or the districts of
// a choropleth as drawn) or per class of a density view's bins.
struct AreaRow {
    std::string name;    // the district, or the class's range
    int64_t members = 0; // a class: the cells or districts in it
    int64_t count = 0;   // points
    double area_km2 = 0.0;
    double per_km2 = 0.0;
    int class_index = -1; // into the view's legend classes; -1: none
    bool outside = false; // the points in no district: last, whatever the order
};
enum class AreaColumn { name, members, count, area, per_km2, class_index };
// Sorts by one column (names by the text fold, so Cyrillic and Latin, upper and lower case sort
// together), ties by name and then as they were; the outside row stays last.
void sort_area_rows(std::vector<AreaRow>& rows, AreaColumn by, bool descending);

// Vendor x year table and counts per municipality of the filtered points of each layer, with CSV
// export beside the project. Beside a layer shown as districts (choropleth), the table lists the
// districts as drawn, with their classes; beside bins, their classes. Every column sorts.
// The order the statistics panel lists point layers in: the user's own visible layers first (the
// first of them opens), then the other visible ones (shipped sites, OSM cameras), then hidden ones.
std::vector<size_t> statistics_order(const geo::SceneSpec& scene, const std::vector<PointLayerView>& views);
void draw_stats_panel(bool* open, const geo::SceneSpec& scene, const std::vector<PointLayerView>& views,
                      const std::filesystem::path& project, MunicipalityCounts& municipalities,
                      const std::vector<DensityView>& density = {});

// The attributes of a pinned point, with its provenance; links open in the browser. Below them
// the point's curation: its vendor, year and attributes as text fields, its status with a note
// (Apply changes what was edited), and Delete, which asks first; then the duplicates the import
// flagged, each with Merge and Distinct.
struct PinnedPoint {
    std::string layer;
    int64_t id = 0;
    std::vector<std::pair<std::string, std::string>> fields; // read from the project file
    std::vector<std::pair<std::string, int64_t>> others;     // other points under the cursor: layer, id
    std::optional<geo::PointFields> stored;                  // what curation can change, as stored
    geo::PointFields edited;                                 // the same as the user edits it
    std::string error;                                       // why the last change was refused
    bool confirm_delete = false;
    std::vector<std::pair<int64_t, double>> duplicates; // flagged at import: id, metres (geo::flagged_duplicates)
    float left = 0; // the panel's left edge at the last frame (window coordinates; 0: not drawn yet)
};
// What the user asked of the pinned point this frame.
struct InspectRequest {
    std::optional<geo::PointEdit> edit;                    // Apply: what differs from what is stored
    bool remove = false;                                   // Delete, confirmed
    std::optional<int64_t> merge_with;                     // Merge beside a flagged duplicate
    std::optional<int64_t> distinct_from;                  // Distinct beside a flagged duplicate
    std::optional<std::pair<std::string, int64_t>> select; // another point here: layer, id
};
InspectRequest draw_inspect_panel(std::optional<PinnedPoint>& pinned);
// What the form holds that differs from what is stored (an empty edit when nothing does).
geo::PointEdit form_edit(const PinnedPoint& pinned);

// A camera being added by hand: the form a click on the map opens in the "add a camera" mode.
struct NewCamera {
    std::string layer;  // the point layer it goes into
    geo::LonLat at;     // where the click was
    float x = 0, y = 0; // the form's place in window coordinates
    std::string vendor, year, type, direction, note;
    std::string error;
};
// The form; returns true when Add is pressed. `layers`: the point layers it can go into. Closing
// it clears `camera`.
bool draw_new_camera_panel(std::optional<NewCamera>& camera, const std::vector<std::string>& layers);

// Points selected in the "select points" mode, kept as (layer name, point id) so that they outlive
// a reload of the layers after a change, and the selection panel's form that changes them all at
// once: a status with its note, a vendor.
struct PointSelection {
    std::filesystem::path project;                // the ids are that project's
    std::map<std::string, std::set<int64_t>> ids; // per point layer
    bool lasso = false;                           // a drag draws a freehand lasso, as with Alt
    std::optional<geo::PointStatus> status;       // none: kept as it is
    std::string note;                             // with the status (empty: each keeps its own)
    bool set_vendor = false;
    std::string vendor; // empty: unknown
    std::string error;  // why the last change was refused, in the user's words
    float left = 0;     // the panel's left edge at the last frame (window coordinates; 0: not shown)
    size_t size() const;
    bool empty() const { return size() == 0; }
};
// What the form would change (an empty edit when nothing is chosen).
geo::PointEdit selection_edit(const PointSelection& selection);
// What the user asked of the selection this frame.
struct SelectionRequest {
    std::optional<geo::PointEdit> apply; // Apply: the form's edit, for every selected point
    bool clear = false;                  // Clear selection
    bool close = false;                  // the panel closed: the selection cleared, the mode left
};
// "N points selected (layer: n, ...)", the form, Apply and Clear selection; shown while `selecting`
// or while something is selected. A number as people read it: "1,204".
SelectionRequest draw_selection_panel(PointSelection& selection, bool selecting);
std::string count_with_commas(size_t n);

// What the user asked of the history this frame.
struct HistoryRequest {
    bool undo = false;                  // Undo, on the last change set not undone
    std::optional<int64_t> revert;      // Revert, on a change set not undone: its number
    std::optional<std::string> curator; // the name changes are recorded under, as edited
};
// The history of the project's curation: one row per change, newest first, with Revert on each
// change set not undone and Undo on the last of them; `refusal` (why the last Revert was refused,
// in the user's words) above the table; above it, the name changes are recorded under (`curator`),
// which the user may edit in place; `curator` in the request once an edit is done.
HistoryRequest draw_history_panel(bool* open, const std::vector<geo::CurationChange>& history, std::string* curator,
                                  const std::string& refusal = {});

// The groups of duplicates the import flagged in the user's point layers (geo::flagged_duplicate_groups),
// to go through one by one: each with Show (go there, inspect the first), Merge (the whole group) and
// Distinct (the whole group: different cameras).
struct DuplicateRow {
    std::string layer;
    std::vector<std::pair<int64_t, double>> points; // id, metres: the camera flagged against first
    std::string vendors;                            // "Hikvision", "Axis / Dahua": the group's known vendors
};
struct DuplicatesRequest {
    std::optional<size_t> show, merge, distinct; // the group whose button was pressed
};
DuplicatesRequest draw_duplicates_panel(bool* open, const std::vector<DuplicateRow>& groups);

// First run or no project: how to get an OSM extract; returns a path the user asked to open.
std::optional<std::filesystem::path> draw_welcome_panel(std::string& path_input);

// Frame time and scale in a corner.
void draw_frame_overlay(const FrameStats& stats, const geo::Viewport& view);

// Keyboard and mouse help.
void draw_help_panel(bool* open);

} // namespace oko::app
