#pragma once
// The desktop window: GLFW + Dear ImGui + OpenGL 3.3 core, drawing the same scene as `oko render`.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace oko::app {

struct WindowOptions {
    std::optional<std::filesystem::path> project;  // none: the last project, or the welcome panel
    int frames = 0;                  // > 0: draw this many frames continuously, then exit (tests, benchmarks)
    std::string screenshot;          // with frames: write the last frame here as PNG
    bool print_frame_times = false;  // print frame-time statistics as JSON on exit
    double pan_px = 0;               // with frames: pan this far each frame, back and forth (full redraws)
    int width = 0, height = 0;       // 0: the remembered size
    std::vector<std::string> show;   // panels to open at start: "stats", "help"
    std::optional<std::filesystem::path> import_dialog;  // a point file to open the import dialog for, as if dropped
    bool accept_import = false;      // with import_dialog: import as detected, print the report, exit non-zero on failure
    std::vector<std::string> reference_styles;  // "LAYER=FIELD": colour a reference layer by FIELD, as the layer panel does
};

// Runs until the window is closed; returns the process exit code.
int run_window(const WindowOptions& options);

} // namespace oko::app
