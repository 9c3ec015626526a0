#pragma once
// The export dialog: a figure of the map as the window shows it, at a size in pixels or on paper
// at a DPI, with its title, subtitle, note and furniture (the scene's: geo/scene/furniture.hpp).
// The dialog edits plain settings and the scene's furniture and says what the user asked for;
// the viewer writes the figure (app/figure) on a worker and hands back its progress.

#include "geo/base/print_size.hpp"
#include "geo/base/viewport.hpp"
#include "geo/scene/furniture.hpp"

#include <string>

namespace oko::app {

struct ExportSettings {
    std::string out;    // the figure's file name; a relative one goes beside the project
    bool paper = false; // the size: a paper at a DPI, or pixels
    int width = 1920, height = 1080;
    geo::Paper sheet = geo::Paper::A4;
    bool landscape = true;
    double dpi = 300; // with paper; pixel sizes are at 96 dpi (pixel ratio 1)
};

// The picture's size in pixels and its pixel ratio (DPI / 96).
geo::PixelSize export_pixels(const ExportSettings& settings);
float export_pixel_ratio(const ExportSettings& settings);

// What the viewer says of the figure being written or last written.
struct ExportStatus {
    bool running = false;
    double done = 0;     // 0 to 1
    std::string message; // the last result, in plain words
    bool failed = false; // the message is an error
};

enum class ExportRequest { none, start, cancel };

// The dialog, while *open. `frame`: the part of the window the picture covers, in window
// coordinates, outlined on the map (the rest is dimmed) while the dialog is open.
ExportRequest draw_export_dialog(bool* open, ExportSettings& settings, geo::Furniture& furniture,
                                 const ExportStatus& status, const geo::BBox& frame);

} // namespace oko::app
