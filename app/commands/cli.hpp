#pragma once
// The command line: subcommands import, render, scene, layers, stats, density, export, check and
// repair; without one, `oko [PROJECT]` opens the window. The window is a module above this one (and
// absent from a build with OKO_BUILD_GUI=OFF), so main() hands its entry point in.

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace oko::app {

// What `oko [PROJECT] [options]` asks of the window.
struct WindowOptions {
    std::optional<std::filesystem::path> project; // none: the last project, or the welcome panel
    int frames = 0;                 // > 0: draw this many frames continuously, then exit (tests, benchmarks)
    std::string screenshot;         // with frames: write the last frame here as PNG
    bool print_frame_times = false; // print frame-time statistics as JSON on exit
    bool print_counts = false;      // print each point layer's count as the layer panel shows it, on exit
    double pan_px = 0;              // with frames: pan this far each frame, back and forth (full redraws)
    int width = 0, height = 0;      // 0: the remembered size
    std::vector<std::string> show;  // panels to open at start: "stats", "help", "export", "history"
    std::string goto_query;         // typed into the go-to box at start (testing)
    std::optional<std::filesystem::path> import_dialog; // a point file to open the import dialog for, as if dropped
    bool accept_import = false; // with import_dialog: import as detected, print the report, exit non-zero on failure
    // Testing: export the view through the export dialog into this file as its Export button does,
    // or save the view as "Save image" does; print what was written, exit non-zero on failure.
    std::optional<std::filesystem::path> export_figure;
    bool save_image = false;
    std::vector<std::string>
        reference_styles; // "LAYER=FIELD": colour a reference layer by FIELD, as the layer panel does
    // With frames, once background work is done (testing: hover tooltips, sorted tables): the left
    // button clicks at each of `clicks` in turn, then the pointer rests at `mouse`; window units
    // from the top left.
    std::vector<std::pair<float, float>> clicks;
    // Then the left button drags along each path, from its first place through the others to its
    // last, with Shift, Ctrl or Alt held when asked.
    struct Drag {
        std::vector<std::pair<float, float>> path; // at least two places
        bool shift = false, ctrl = false, alt = false;
    };
    std::vector<Drag> drags;
    std::optional<std::pair<float, float>> mouse;
    // Testing curation: shortcut actions run at start, in order, as their keys would ("undo",
    // "redo", "add-camera", "move", "select"); FIELD=VALUE pairs filled, once the clicks and drags
    // are done, into the form they opened (the point inspector, the new camera's form, or the
    // selection panel), whose Apply or Add is then pressed.
    std::vector<std::string> actions;
    std::vector<std::pair<std::string, std::string>> fill;
};

// Opens the window and runs until it is closed; returns the exit code.
using WindowRunner = int (*)(const WindowOptions& options);

// Parses the command line and runs what it asks. `open_window` is null in a build without the
// window: `oko` without a subcommand then says so.
int run_cli(int argc, char** argv, WindowRunner open_window);

} // namespace oko::app
