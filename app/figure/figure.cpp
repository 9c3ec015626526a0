#include "app/figure/figure.hpp"

#include "app/figure/vector_figure.hpp"
#include "app/project/figure_legend.hpp"
#include "geo/base/atomic_file.hpp"
#include "geo/base/print_size.hpp"
#include "geo/export/picture_file.hpp"
#include "geo/scene/scene_json.hpp"
#include "render/gl/headless_context.hpp"
#include "render/map/map_renderer.hpp"
#include "render/map/render_offscreen.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

namespace oko::app {

FigureDrawer::FigureDrawer(const Project& project)
    : m_project(project), m_context(std::make_unique<render::HeadlessContext>()),
      m_renderer(std::make_unique<render::MapRenderer>()), m_density(project) {
    upload(project, *m_renderer);
}

FigureDrawer::~FigureDrawer() {
    m_renderer.reset(); // its GL objects go while the context is still current
    m_context.reset();
}

Figure write_figure(const Project& project, const geo::SceneSpec& scene, const std::filesystem::path& out,
                    geo::PictureFormat format, const FigureOptions& options) {
    FigureDrawer drawer(project);
    return drawer.write(scene, out, format, options);
}

Figure FigureDrawer::write(const geo::SceneSpec& scene, const std::filesystem::path& out, geo::PictureFormat format,
                           const FigureOptions& options) {
    const Project& project = m_project;
    render::MapRenderer& renderer = *m_renderer;
    Figure figure;
    // Density views in place of their layers' points, with their legends; a view with nothing
    // to draw draws nothing (an empty overlay), not the points. The overlays of an earlier
    // figure go first.
    renderer.clear_point_overlays();
    figure.views = m_density.compute(scene);
    // The legend: what the point and reference layers show, then the density views' legends,
    // all in the furniture's legend corner.
    const geo::Corner legend_corner = scene.furniture[geo::FurnitureElement::legend].corner;
    figure.legends = figure_legends(project, scene, legend_corner);
    for (const auto& v : figure.views) {
        renderer.set_point_overlay(v.layer, v.drawn ? v.overlay : render::PointOverlay(render::CellOverlay{}));
        if (v.drawn && v.spec.display.legend) {
            figure.legends.push_back(v.legend);
            figure.legends.back().corner = legend_corner;
        }
        for (const auto& w : v.warnings) {
            if (options.warning) options.warning(w);
            figure.warnings.push_back(w);
        }
    }
    renderer.set_legends(figure.legends);
    renderer.set_credits(figure_credits(project, scene));
    render::OffscreenRenderer pictures(renderer);
    // Its temporary file now: a folder that cannot be written fails before the drawing.
    std::optional<geo::AtomicFile> own_scene_file;
    geo::AtomicFile* scene_file = nullptr;
    if (options.save_scene)
        scene_file = options.files ? &options.files->add(scene_file_beside(out))
                                   : &own_scene_file.emplace(scene_file_beside(out));
    const double dpi = geo::dpi_of_pixel_ratio(scene.pixel_ratio);
    switch (format) {
    case geo::PictureFormat::Png:
    case geo::PictureFormat::GeoTiff:
        if (options.repeat > 1) {
            // Benchmarks time the drawing alone, into memory, then write the last picture.
            geo::RgbaImage image;
            for (int i = 0; i < options.repeat; ++i) {
                const auto start = std::chrono::steady_clock::now();
                pictures.render(scene, image);
                figure.times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
            }
            geo::PictureWriter writer(out, scene.view, dpi, "--out", options.files);
            writer.write_rows(image);
            figure.files = writer.finish();
        } else {
            // A band of tiles at a time, drawn and encoded: an A0 print never sits whole in memory.
            // Stopped, the writer goes unfinished: its hidden files are removed, nothing is renamed.
            geo::PictureWriter writer(out, scene.view, dpi, "--out", options.files);
            const double rows = scene.view.height;
            figure.cancelled = !pictures.render_bands(scene, [&](const geo::RgbaImage& band, int first_row) {
                writer.write_rows(band);
                return !options.progress || options.progress((first_row + band.height) / rows);
            });
            if (!figure.cancelled) figure.files = writer.finish();
        }
        break;
    case geo::PictureFormat::Pdf:
    case geo::PictureFormat::Svg:
        // The same scene as paths and text (vector_figure.hpp), written whole; --repeat times it.
        for (int i = 0; i < std::max(1, options.repeat); ++i) {
            const auto start = std::chrono::steady_clock::now();
            figure.files =
                figure::write_vector_figure({project, scene, renderer, figure.views}, format, dpi, out, options.files);
            if (options.repeat > 1)
                figure.times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
        if (options.progress) options.progress(1.0);
        break;
    }
    if (scene_file && !figure.cancelled) {
        scene_file->write(geo::scene_to_json(scene));
        if (options.files)
            scene_file->flush_to_disk();
        else
            scene_file->commit();
        figure.files.push_back(scene_file->target());
    }
    figure.furniture = renderer.furniture();
    return figure;
}

std::filesystem::path scene_file_beside(const std::filesystem::path& figure) {
    auto scene = figure;
    scene.replace_extension(".json");
    return scene;
}

} // namespace oko::app
