#pragma once
// The window's state: the open project, the scene being shown, navigation, panels, and the
// background import of a dropped extract. Platform-free: window.cpp feeds it frames.

#include "app/panels/frame_stats.hpp"
#include "app/window/map_navigation.hpp"
#include "app/panels/panel_export.hpp"
#include "app/panels/panel_import.hpp"
#include "app/panels/panels.hpp"
#include "app/panels/shortcuts.hpp"
#include "app/project/density_views.hpp"
#include "app/project/point_layer_view.hpp"
#include "app/project/project.hpp"
#include "geo/analysis/place_index.hpp"
#include "geo/scene/scene_spec.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <set>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

namespace oko::render {
class MapRenderer;
}
namespace oko::geo {
class Curation;
class Store;
} // namespace oko::geo

namespace oko::app {

class Viewer {
public:
    Viewer(); // needs a current OpenGL context
    ~Viewer();

    // Opens a project (.oko), imports an OSM extract into a project beside it first, or opens
    // the import dialog for a point file.
    void open(const std::filesystem::path& path);
    // The import dialog, if open, imports as soon as its preview allows, without waiting for the user.
    // Accepts the import dialog as soon as it can import, also one a dropped file is about to open.
    void accept_import();
    const ImportDialog& import_dialog() const { return m_import_dialog; }
    // "LAYER=FIELD": colours a reference layer by FIELD, as choosing it in the layer panel does;
    // shows the error and returns false when the project has no such layer or field.
    bool set_reference_style(const std::string& choice);
    const std::optional<std::filesystem::path>& project() const { return m_project; }
    void show_panel(const std::string& name); // "stats" or "help"
    // Focuses the go-to box with `query` in it, as Ctrl+F and typing would.
    void type_goto(const std::string& query) {
        m_goto = query;
        m_focus_goto = true;
    }

    // Fills what the next form holds (the pinned point's inspector, or the form a click opens in
    // the "add a camera" mode) with FIELD=VALUE ("status=verified", "vendor=Dahua", "note=...")
    // and presses its Apply or Add, as typing and clicking would (testing).
    void fill_form(geo::FieldValues fields) { m_fill = std::move(fields); }
    // A shortcut's action, as pressing its keys would (testing).
    void perform(Action action) { act(action); }

    // The export dialog, with `out` as its file name when given; `start`: export at once, as its
    // Export button does (testing), as soon as the window has its size.
    void open_export(const std::optional<std::filesystem::path>& out = {}, bool start = false);
    // "Save image": the view as shown, at the window's size, into a PNG beside the project named
    // after it and the time, with its scene beside it (Ctrl+Shift+S).
    void save_image();
    // What the last export or saved image said: written (true) or not, and the message shown.
    const std::optional<std::pair<bool, std::string>>& export_result() const { return m_export_result; }

    // One frame: reads input from ImGui, draws the map into the bound framebuffer, then the panels.
    // `framebuffer_ratio`: framebuffer pixels per window coordinate (mouse positions are in window
    // coordinates); `ui_scale`: the desktop's UI scale, which scales the map's lines and text.
    void frame(int framebuffer_width, int framebuffer_height, float framebuffer_ratio, float ui_scale = 1.0f);
    void record_frame_time(double seconds) { m_stats.add(seconds); }
    void pan(double dx_px, double dy_px) { m_scene.view.pan_pixels(dx_px, dy_px); } // as a drag does
    const FrameStats& stats() const { return m_stats; }
    // Each point layer's name, the points its filter passes and all its points, as the layer panel
    // shows them ("cameras  812 / 1000").
    std::vector<std::tuple<std::string, size_t, size_t>> layer_counts() const;
    // When the change made in the last frame (an edit, Apply, undo ...) started, once; nothing when
    // there was none. The window measures from it to the end of the frame that shows the change.
    std::optional<std::chrono::steady_clock::time_point> take_change_start() {
        return std::exchange(m_change_started, {});
    }
    bool quit_requested() const { return m_quit; }
    // Redraw continuously while importing, computing a density view or opening (checking) the
    // project for writing.
    bool busy() const {
        return m_import.valid() || m_import_dialog.busy() || m_density_job.valid() || m_export_job.valid() ||
               m_store_job.valid() || (m_project && (m_export_pending || m_save_pending));
    }

private:
    void handle_input();
    void act(Action action); // a shortcut's or menu entry's action
    void handle_points();    // hover tooltip, click to pin, cycling through overlapping points
    // The point layers whose points can be hovered, clicked and selected: visible, drawn as points
    // (not as a density view), each with its symbol's radius in pixels. Of those, a point is
    // pickable when it passes the layer's filter (m_views[layer].passes(index)).
    std::vector<std::pair<size_t, double>> pickable_layers() const;
    // Pickable points within `radius_px` of a pixel, nearest first: (layer, index).
    std::vector<std::pair<size_t, size_t>> points_near(double px, double py, double radius_px) const;
    void pin(size_t layer, size_t index, const std::vector<std::pair<size_t, size_t>>& others);
    void show_box(const geo::BBox& box);
    // Curation (viewer_curation.cpp). `change` runs on a StoreCuration of the open project and
    // returns its change set (0: nothing changed); the layers it touched are then read again.
    // Nothing when it was refused: why, in the user's words, goes to `error` (else to the error
    // dialog).
    std::optional<int64_t> curate(const std::function<int64_t(geo::Curation&)>& change, std::string* error = nullptr);
    // Opens the project for writing (its quick check and schema check) as m_store, kept until the
    // project closes or another connection commits to it; on the scene save's worker or the UI thread.
    void open_kept_store(const std::filesystem::path& project);
    // After change set `change_set` (0: none, when only `reload_all`): the points it changed patched
    // in place where it changed only their fields (patch_point_layer), else their layers read again;
    // `reload_all`: every point layer read again (another connection has changed the project).
    void after_change(const geo::Store& store, int64_t change_set, bool reload_all);
    // The layer's points `ids` read again and replaced in memory, in the layer's view and on the
    // GPU; false when that cannot give what a reload would (geo::patch_point_layer). `moved`: set
    // when a point's position changed.
    bool patch_point_layer(const geo::Store& store, size_t layer, const std::vector<int64_t>& ids, bool& moved);
    // `names` read again; then what follows the layers (density views, legends, hover, the pinned
    // point) for these and any layer patched, the districts' counts too when `moved`.
    void reload_point_layers(const geo::Store& store, const std::set<std::string>& names, bool moved = true);
    void apply_inspect(const InspectRequest& request);
    void revert_change_set(int64_t change_set); // the history panel's Revert
    void undo_or_redo(bool redo);
    void set_curator(const std::string& name); // kept in the settings; the next changes are recorded so
    void say(const std::string& message);      // the status line, for a few seconds
    std::vector<std::string> camera_layers() const;
    void start_new_camera(double px, double py); // a click in the "add a camera" mode
    void add_new_camera();
    void draw_curation_panels();
    // The duplicates panel (viewer_duplicates.cpp): the flagged groups of the user's point layers,
    // read again after every change while it is open; Show goes to a group and pins its first
    // camera, Merge merges the group.
    void draw_duplicates();
    // Shows the group and pins `pinned` of it, else its first camera.
    void show_duplicates(const DuplicateRow& group, std::optional<int64_t> pinned = std::nullopt);
    void fill_for_test();
    // The "move points" mode, each frame before navigation: a drag that starts on a point moves it
    // (the map does not pan), and its release moves it there in the project. Returns whether the
    // mouse is dragging a point.
    bool move_points();
    // The "select points" mode (viewer_selection.cpp), each frame before navigation: a drag draws a
    // box (with Alt, or the panel's lasso, a freehand lasso) and, released, selects the pickable
    // points inside it; Shift adds them, Ctrl removes them; a click takes the point under it.
    // Returns whether the mouse is selecting (the map does not pan).
    bool select_points();
    // The selection as the layers hold it now, (layer, index), read again when the layers were
    // (ids no longer there, deleted or merged away, are dropped from it).
    const std::vector<std::pair<size_t, size_t>>& selected_points();
    void draw_selection(); // the selected points ringed over the map, and the box or lasso being drawn
    void draw_selection_panel_and_apply();
    void apply_selection(const geo::PointEdit& edit); // one change set per layer, through curate()
    bool fill_selection_for_test();                   // fill_form() into the selection panel, when it is the open form
    void finish_import_if_ready();
    void open_store(const std::filesystem::path& path);
    void open_import_dialog(const std::filesystem::path& file);
    void show_error(const std::string& message) { m_error = message; }
    // The scene is kept in the project as its "window" scene: saved about a second after the
    // last change, on a worker thread and never while an import writes, and when the project
    // is closed.
    void track_scene_changes();
    void save_scene_in_background();
    void finish_scene_save();
    void flush_scene(); // waits for a running save, then saves what is still unsaved
    // Density views (viewer_density.cpp): computed on a worker whenever a layer's filter or view
    // settings change, or a heatmap's view leaves its grid; the renderer draws the last ones
    // meanwhile. Each frame hands over what is ready and starts what is needed.
    void update_density_views();
    void stop_density_views(); // waits for a running computation and drops its result
    // The legends on the map (viewer_density.cpp), as a figure of the view has them: the point
    // and reference layers' (figure_legend.hpp, counted in the view: again at most every 150 ms
    // while the view or a filter changes), then the density views'.
    void update_map_legends();

    // Figures (viewer_export.cpp): written on a worker by app/figure on its own headless
    // context, from a copy of the scene; the dialog shows the progress and can cancel.
    geo::SceneSpec export_scene() const; // the dialog's picture: its size fitted inside the view
    geo::BBox export_frame() const;      // what it covers, in window coordinates
    void start_export(const geo::SceneSpec& scene, const std::filesystem::path& out);
    void update_export(); // each frame: hands over a finished figure, draws the dialog
    void stop_export();   // cancels a running export and waits for it
    void draw_status();   // the last figure's message, for a few seconds

    std::unique_ptr<render::MapRenderer> m_renderer;
    std::optional<std::filesystem::path> m_project;
    Project m_data;
    std::vector<PointLayerView> m_views; // one per m_data.point_layers
    MunicipalityCounts m_municipalities;
    geo::PlaceIndex m_places;
    geo::SceneSpec m_scene;
    float m_mouse_ratio = 1.0f; // framebuffer pixels per window coordinate
    std::optional<PinnedPoint> m_pinned;
    bool m_adding = false;                              // the "add a camera" mode: a click opens the form
    std::optional<NewCamera> m_new_camera;              // its form
    bool m_moving = false;                              // the "move points" mode: a point dragged moves
    std::optional<std::pair<size_t, size_t>> m_dragged; // the point being dragged: layer, index
    bool m_selecting = false;                           // the "select points" mode
    PointSelection m_selection;                         // what it selected, and the panel's form
    std::vector<geo::XY> m_select_path;                 // the drag being drawn, framebuffer pixels
    std::vector<std::pair<size_t, size_t>> m_selected;  // selected_points(): (layer, index)
    std::vector<int64_t> m_selected_ids;                // the id each of those had when found
    bool m_selected_stale = true;                       // the selection changed since it was found
    bool m_show_history = false;
    std::vector<geo::CurationChange> m_history;
    bool m_history_stale = true;
    std::string m_history_refusal;        // why the history panel's last Revert was refused
    std::optional<std::string> m_curator; // the history panel's name field: curator_name() until edited
    bool m_show_duplicates = false;
    std::vector<DuplicateRow> m_duplicates;
    bool m_duplicates_stale = true;
    std::string m_last_change; // what the last change set changed ("status of point 40")
    geo::FieldValues m_fill;   // fill_form()
    std::string m_goto;
    bool m_show_stats = false;
    bool m_focus_goto = false;
    std::vector<std::pair<size_t, size_t>> m_hover; // points under the cursor, nearest first
    std::vector<double> m_hover_key;                // what m_hover was computed for
    bool m_filters_changed = true;
    MapNavigation m_navigation;
    FrameStats m_stats;
    bool m_needs_reset = false;
    bool m_show_layers = true;
    float m_layers_right = 0; // the layer panel's right edge at the last frame: furniture keeps clear of it
    bool m_show_help = false;
    bool m_quit = false;
    std::string m_error;
    std::string m_path_input;
    std::optional<geo::SceneSpec> m_scene_seen;  // the scene at the last look (none: no project opened)
    std::optional<geo::SceneSpec> m_scene_saved; // what the project holds, as far as the window knows
    bool m_scene_opened = false;                 // no frame drawn yet since the project opened
    bool m_scene_save_failed = false;
    std::chrono::steady_clock::time_point m_scene_checked;
    std::chrono::steady_clock::time_point m_scene_changed;
    // The project open for writing, kept across changes: opened and checked (its quick check reads
    // the whole file) once, on a worker as soon as the project is open, else at the first write.
    // m_store_job is the worker using it (that opening, or a scene save); curate() and everything
    // else that uses it wait for the job first. A data_version other than m_store_version means
    // another connection has committed (an `oko edit` from a shell). Before it is open, m_watch (a
    // read-only connection opened before the project was read) tells whether anyone committed since
    // the load: m_store_stale then, and every point layer is read again after the next change.
    std::future<void> m_store_job;
    std::unique_ptr<geo::Store> m_store;
    int64_t m_store_version = 0;
    bool m_store_stale = false;
    std::unique_ptr<geo::Store> m_watch;
    int64_t m_watch_version = 0;
    std::optional<std::chrono::steady_clock::time_point> m_change_started; // of the last change, until taken

    std::unique_ptr<DensityViews> m_density; // used by the worker while m_density_job runs
    std::future<std::vector<DensityView>> m_density_job;
    std::atomic<bool> m_density_cancel{false};
    std::vector<DensityView> m_density_shown;              // what the renderer draws (overlay data handed over)
    std::map<std::string, DisplayStatus> m_density_status; // per layer: its figures or why it is not drawn
    std::vector<geo::LegendSpec> m_density_legends;        // the density views' legends
    std::vector<geo::LegendSpec> m_layer_legends;          // the point and reference layers' legends
    std::optional<geo::SceneSpec> m_layer_legends_scene;   // what they were counted for
    std::chrono::steady_clock::time_point m_layer_legends_counted;
    std::vector<geo::LegendSpec> m_map_legends; // what the renderer was given

    bool m_show_export = false;
    bool m_export_pending = false; // start as soon as the window has its size (open_export's start)
    bool m_save_pending = false;   // the same for save_image
    ExportSettings m_export;
    ExportStatus m_export_status;
    std::future<std::vector<std::filesystem::path>> m_export_job; // the files written; none: cancelled
    std::atomic<double> m_export_done{0};
    std::atomic<bool> m_export_cancel{false};
    std::optional<std::pair<bool, std::string>> m_export_result;
    std::string m_status;
    std::chrono::steady_clock::time_point m_status_until;
    std::vector<std::string> m_credits; // what the renderer's attribution was given

    struct ImportDone {
        std::filesystem::path project;    // to open (or reload) when done
        std::string report;               // shown to the user
        std::filesystem::path point_file; // or, nothing imported: a point file for the import dialog
    };
    std::future<ImportDone> m_import;
    ImportDialog m_import_dialog;
    bool m_accept_import = false; // accept the dialog that opens next
    std::string m_report;
    std::string m_import_source;
};

} // namespace oko::app
