#pragma once
// A figure written to a file: the one body behind `oko render` and the window's export dialog
// and "Save image". It draws a scene of a project on its own headless OpenGL context (so the
// window can run it on a worker while it goes on drawing its own map), with the density views in
// place of their layers' points, the figure's legends and credits, a band of rows at a time into
// the picture's files (geo/export/picture_file.hpp), and says after each band how far it is; a
// cancelled figure leaves no file behind.

#include "app/project/density_views.hpp"
#include "app/project/project.hpp"
#include "geo/export/picture_format.hpp"
#include "geo/scene/legend.hpp"
#include "geo/scene/scene_spec.hpp"
#include "render/labels/furniture_layout.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace oko::geo {
class FileSet;
}
namespace oko::render {
class HeadlessContext;
class MapRenderer;
} // namespace oko::render

namespace oko::app {

// After each band: the fraction of the picture drawn and written, 0 to 1. Returns false to
// cancel (the picture's files are then discarded: nothing appears under their names).
using FigureProgress = std::function<bool(double done)>;

struct FigureOptions {
    FigureProgress progress;                         // none: never cancelled
    std::function<void(const std::string&)> warning; // each density view's warning, as it is found
    // The scene beside the figure (scene_file_beside), written after it: `oko render --scene`
    // draws the same picture from it, byte for byte. Listed last in Figure::files.
    bool save_scene = false;
    // Benchmarks (`oko render --repeat`): draw the whole picture this many times into memory,
    // timing each, then write the last one.
    int repeat = 1;
    // With a set, every file of the figure is the set's: written and synced here, put in place
    // only when the set is committed, so that several figures appear together (a series).
    geo::FileSet* files = nullptr;
};

// What a figure drew, for `oko render --json` and the window's status line.
struct Figure {
    std::vector<std::filesystem::path> files; // the picture first, then its side files; none when cancelled
    bool cancelled = false;
    std::vector<DensityView> views;       // the density views drawn in place of layers' points
    std::vector<geo::LegendSpec> legends; // as drawn, in the furniture's legend corner
    render::FurnitureLayout furniture;    // where each element went
    std::vector<std::string> warnings;    // the density views' (also handed to options.warning)
    std::vector<double> times;            // with repeat > 1: each drawing's seconds
};

// Draws `scene` (its view decides the size and place, its pixel ratio the DPI) into `out` in
// `format` (geo::picture_format of `out`). Throws geo::Error for what cannot be drawn or written
// (a boundary layer the project lacks, a folder that cannot be written), naming it.
Figure write_figure(const Project& project, const geo::SceneSpec& scene, const std::filesystem::path& out,
                    geo::PictureFormat format, const FigureOptions& options = {});

// What drawing figures of a project needs, made once: a headless context, the project uploaded
// to a renderer, and its density views. write_figure makes one for its figure; a series draws
// every frame with the same one, so the basemap is uploaded once. Each figure sets the density
// overlays, legends and credits of its own scene, so a figure drawn after another is the same,
// byte for byte, as one drawn alone.
class FigureDrawer {
public:
    explicit FigureDrawer(const Project& project);
    ~FigureDrawer();
    FigureDrawer(const FigureDrawer&) = delete;
    FigureDrawer& operator=(const FigureDrawer&) = delete;

    Figure write(const geo::SceneSpec& scene, const std::filesystem::path& out, geo::PictureFormat format,
                 const FigureOptions& options = {});
    DensityViews& density() { return m_density; } // the views it draws (a series reads their peaks)

private:
    const Project& m_project;
    std::unique_ptr<render::HeadlessContext> m_context;
    std::unique_ptr<render::MapRenderer> m_renderer;
    DensityViews m_density;
};

// The scene file written beside a figure, from which `oko render --scene` draws it again:
// fig.png → fig.json.
std::filesystem::path scene_file_beside(const std::filesystem::path& figure);

} // namespace oko::app
