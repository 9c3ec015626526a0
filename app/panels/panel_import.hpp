#pragma once
// The import dialog a dropped point file opens: the file's first rows as the import will read
// them, the columns it takes for position, vendor and year (each can be changed), the CRS and
// the duplicate distance; then the import in the background with progress and Cancel, and the
// same report as `oko import`. The preview and the import run on worker threads; the dialog
// only draws what they hand back. State and workers: import_dialog.cpp; drawing: panel_import.cpp.

#include "geo/points/point_import.hpp"
#include "geo/points/point_preview.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace oko::app {

// The header colours of the columns the import uses: the position (x/y or WKT), vendor, year.
struct RoleColour {
    unsigned char r, g, b;
};
inline constexpr RoleColour position_column_colour{255, 206, 110};
inline constexpr RoleColour vendor_column_colour{168, 220, 158};
inline constexpr RoleColour year_column_colour{200, 184, 242};

// A point layer of the open project the file can be added to; its points are checked for duplicates.
struct ExistingPointLayer {
    std::string name;
    std::vector<geo::PointImportOptions::ExistingPoint> points;
};

class ImportDialog {
public:
    ImportDialog();
    ~ImportDialog(); // waits for the worker threads
    ImportDialog(const ImportDialog&) = delete;
    ImportDialog& operator=(const ImportDialog&) = delete;

    // Opens the dialog for `file`, to be imported into the project at `project`, whose point
    // layers can take it too. A dialog still importing is not replaced: false.
    bool open(const std::filesystem::path& file, const std::filesystem::path& project,
              std::vector<ExistingPointLayer> point_layers);
    bool is_open() const { return m_open; }
    // A preview or an import is running, or one is about to start: keep drawing frames.
    bool busy() const;
    bool importing() const { return m_import.valid(); }

    // Starts the import as soon as the preview allows it (`oko P.oko --import-dialog FILE --accept`).
    void accept_when_ready() { m_accept = true; }

    // Draws the dialog; true in the frame an import finished and the project changed. It opens
    // right of `left` (the layer panel's right edge, 0 without one) when there is room for it
    // there, so that the panel does not cover it.
    bool draw(float left = 0);
    const std::filesystem::path& project() const { return m_project; } // imported into

    // The outcome of the last import: nothing while none finished, else whether it imported
    // (false: failed or cancelled) and its report.
    const std::optional<bool>& succeeded() const { return m_succeeded; }

    // The layer the user asked to see on the map ("Show on map" after an import), once.
    std::optional<std::string> take_layer_to_show() { return std::exchange(m_show_layer, std::nullopt); }
    const std::string& report() const { return m_report; }

private:
    enum Role { x_role, y_role, wkt_role, position_role, vendor_role, year_role, role_count };

    geo::PointImportOptions options() const;
    void read_crs_input(); // m_crs from what was typed
    void start_preview();
    void collect_preview();
    void start_import();
    bool collect_import();
    bool can_import() const;
    void draw_settings();
    bool draw_role_combo(Role role, const char* label);
    void draw_table(float height);
    float rejected_rows_height() const;
    void draw_rejected_rows();
    void draw_buttons();
    const std::string& chosen_column(Role role) const;
    const ExistingPointLayer* existing_layer() const;

    struct Progress {
        std::atomic<double> fraction{0.0};
        std::atomic<bool> cancel{false};
    };
    struct PreviewResult {
        std::optional<geo::PointPreview> preview;
        std::string error; // the file cannot be read at all
    };
    struct ImportResult {
        bool imported = false;
        std::string report;
    };

    bool m_open = false;
    bool m_focus = false;
    bool m_accept = false;
    std::filesystem::path m_file;
    std::filesystem::path m_project;
    std::optional<geo::MapArea> m_map_area; // the project's, when it has a basemap
    std::vector<ExistingPointLayer> m_point_layers;

    // What the user set: the layer, each role's column ("" found by name, geo::no_column none),
    // the CRS as typed and the duplicate distance.
    std::string m_layer;
    std::string m_previewed_layer; // the existing layer whose points the preview checked for duplicates
    std::array<std::string, role_count> m_choice;
    std::string m_crs_input;
    std::optional<geo::CrsDescription> m_crs;
    double m_duplicate_m = 3.0;

    std::future<PreviewResult> m_preview_job;
    bool m_preview_stale = false; // the settings changed while a preview ran
    std::optional<geo::PointPreview> m_preview;
    std::string m_preview_error;

    std::future<ImportResult> m_import;
    std::shared_ptr<Progress> m_progress;
    std::optional<bool> m_succeeded;
    std::string m_report;
    std::optional<std::string> m_show_layer;
};

} // namespace oko::app
