#pragma once
// `oko render --out map.pdf` and `map.svg`: the scene the PNG shows, as a vector figure. One walk
// of the scene feeds a VectorCanvas (a PDF or an SVG): the basemap step by step as MapRenderer
// draws it (MapRenderer::basemap_steps: the same classes, colours, widths and order), the
// reference layers, each point layer's symbols or its density view (cells and districts as
// paths, a heatmap as an image), then the labels and the furniture placed by the renderer's own
// layout (MapRenderer::lay_out), as text. Geometry is clipped to the page and thinned to a
// quarter of an output pixel (page_geometry.hpp).

#include "app/figure/vector_canvas.hpp"
#include "app/project/density_views.hpp"
#include "app/project/project.hpp"
#include "geo/export/picture_format.hpp"
#include "geo/scene/scene_spec.hpp"
#include "render/map/map_renderer.hpp"

#include <filesystem>
#include <vector>

namespace oko::geo {
class FileSet;
}

namespace oko::app::figure {

struct FigureScene {
    const Project& project;
    const geo::SceneSpec& scene;           // its view is the page, in page px
    render::MapRenderer& renderer;         // the project uploaded, the legends and credits set
    const std::vector<DensityView>& views; // the density views computed for the scene
};

// Draws the figure onto `canvas`. Needs the renderer's OpenGL context current (text is laid out
// by its text painter). Afterwards renderer.furniture() says where the furniture went.
void draw_figure(const FigureScene& figure, VectorCanvas& canvas);

// What the file says about itself: the title, the attribution line and, as its date, the date of
// the OSM data (or of nothing: 2000-01-01), so the same scene gives the same bytes twice.
FigureMetadata figure_metadata(const FigureScene& figure);

// Draws the figure as a PDF or an SVG (`format`) at `dpi` and writes it to `out` (aside, then
// renamed into place, or with a `set` left for the set's commit); returns the files written.
std::vector<std::filesystem::path> write_vector_figure(const FigureScene& figure, geo::PictureFormat format, double dpi,
                                                       const std::filesystem::path& out, geo::FileSet* set = nullptr);

} // namespace oko::app::figure
