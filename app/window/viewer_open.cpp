// Opening what the user gives the window: a project, an OSM extract to import, a point file for
// the import dialog, a line or polygon file to add as reference layers.
#include "app/window/viewer.hpp"

#include "app/project/settings.hpp"
#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/points/point_readers.hpp"
#include "geo/reference/reference_import.hpp"
#include "geo/scene/scene_json.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_points.hpp"
#include "geo/store/store_scenes.hpp"
#include "render/map/map_renderer.hpp"

#include <algorithm>
#include <iostream>

namespace oko::app {

namespace {

std::filesystem::path project_beside(const std::filesystem::path& extract) {
    return extract.parent_path() / (geo::osm_extract_stem(extract) + ".oko");
}

// The project a dropped file goes into: the open one, or a new one beside the file.
std::filesystem::path project_for(const std::optional<std::filesystem::path>& open, const std::filesystem::path& file) {
    return open ? *open : file.parent_path() / (file.stem().string() + ".oko");
}

// Whether a dropped file holds lines or polygons (CSV files are points, with or without a WKT
// column); an unreadable file goes to the import dialog, which says what is wrong with it.
bool has_lines_or_areas(const std::filesystem::path& file) {
    if (geo::is_csv_file(file)) return false;
    try {
        const auto census = geo::census_geometries(file);
        return census.lines + census.areas > 0;
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace

void Viewer::open(const std::filesystem::path& path) {
    if (m_import.valid()) {
        show_error("An import is still running: " + m_import_source);
        return;
    }
    if (!std::filesystem::exists(path)) {
        show_error(path.string() + ": no such file");
        return;
    }
    if (path.extension() == ".oko") {
        open_store(path);
        return;
    }
    m_import_source = path.filename().string();
    if (geo::is_osm_extract(path)) {
        const auto target = project_beside(path);
        m_import = std::async(std::launch::async, [path, target] {
            const auto report = geo::import_osm(path, target, geo::OsmImportOptions{});
            return ImportDone{target, report.to_text(), {}};
        });
        return;
    }
    // Lines and polygons go to reference layers named after the file at once (points beside them to
    // a point layer of that name), into a new project beside the file when none is open: a city
    // without an OSM extract starts from its road or boundary files. Point files open the import
    // dialog (preview, columns, CRS). Telling the two apart reads the whole file, so it runs in
    // the background too.
    std::string layer = path.stem().string();
    for (char& c : layer)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    const auto project = project_for(m_project, path);
    m_import = std::async(std::launch::async, [path, project, layer] {
        if (!has_lines_or_areas(path)) return ImportDone{{}, {}, path};
        const auto result = geo::import_vector_file(path, project, layer, geo::PointImportOptions{});
        return ImportDone{project, geo::to_text(result), {}};
    });
}

void Viewer::open_import_dialog(const std::filesystem::path& file) {
    // Without an open project the points start a new one beside the file.
    const auto project = project_for(m_project, file);
    std::vector<ExistingPointLayer> layers;
    for (const auto& l : m_data.point_layers) {
        auto& layer = layers.emplace_back(ExistingPointLayer{l.name, {}});
        for (size_t i = 0; i < l.ids.size(); ++i)
            layer.points.push_back({l.ids[i], geo::from_mercator(l.positions[i])});
    }
    if (!m_import_dialog.open(file, project, std::move(layers))) {
        show_error("An import is still running: wait for it or cancel it before dropping " + file.filename().string());
        return;
    }
    if (m_accept_import) m_import_dialog.accept_when_ready();
    m_accept_import = false;
}

void Viewer::accept_import() {
    if (m_import.valid())
        m_accept_import = true; // the dialog opens once the file is sorted
    else
        m_import_dialog.accept_when_ready();
}

void Viewer::open_store(const std::filesystem::path& path) {
    const auto absolute = std::filesystem::absolute(path);
    const bool reload = m_project && *m_project == absolute; // after an import into it
    if (!reload) flush_scene();                              // the project being left keeps its last changes
    if (m_store_job.valid()) finish_scene_save();            // it writes through the connection closed here
    m_store.reset();
    m_store_stale = false;
    m_watch.reset();
    try {
        stop_export();        // it reads the project about to be replaced
        stop_density_views(); // so does it
        // Opened before the project is read: any commit after this one (another process's) is one
        // the window may not hold, which the first change then finds (open_kept_store).
        m_watch = std::make_unique<geo::Store>(geo::Store::open(path));
        m_watch_version = m_watch->data_version();
        m_data = Project::load(path);
        upload(m_data, *m_renderer);
        m_density = std::make_unique<DensityViews>(m_data);
        m_municipalities.reset();
        m_views.clear();
        for (const auto& l : m_data.point_layers)
            m_views.emplace_back(l);
        // The default scene (the whole map framed as MapNavigation::reset frames it), then the
        // saved one over it by layer name. A reloaded project keeps what is on screen instead:
        // the last changes may not be saved yet.
        auto defaults = default_scene(m_data, m_data.extent(), m_scene.view.width, m_scene.view.height, 0.02);
        defaults.pixel_ratio = m_scene.pixel_ratio;
        const auto shown = m_scene;
        m_scene = defaults;
        bool restored_view = false;
        try {
            if (reload) {
                m_scene = merge_scene(m_data, defaults, shown);
            } else if (auto saved = load_saved_scene(m_data, geo::kWindowScene, defaults)) {
                m_scene = std::move(saved->scene);
                m_scene.view.width = defaults.view.width; // the window keeps its own size
                m_scene.view.height = defaults.view.height;
                m_scene.pixel_ratio = defaults.pixel_ratio;
                restored_view = saved->has_view;
            }
        } catch (const std::exception& e) {
            m_scene = defaults;
            const std::string message =
                std::string("The map's saved styles could not be read, so the project shows its default styles.\n\n") +
                e.what();
            std::cerr << "oko: " << message << "\n";
            show_error(message);
        }
        m_places = geo::PlaceIndex(m_data.basemap);
        m_pinned.reset();
        m_hover.clear();
        m_filters_changed = true;
        m_navigation.set_home(m_data.extent());
        m_needs_reset = !reload && !restored_view; // a reloaded project keeps its view
        if (!reload) {
            // What the project holds now, as far as the window is concerned: nothing to save
            // until something changes (a scene that did not read stays as it is until then).
            m_scene_seen = m_scene_saved = m_scene;
            m_scene_opened = true;
            m_scene_save_failed = false;
        }
        m_project = absolute;
        m_history_stale = m_duplicates_stale = true; // another project, or an import into this one
        // Opened for writing and checked now, in the background, so that the first change need not
        // wait for the check; a project that cannot be written says so at the first change.
        m_store_job = std::async(std::launch::async, [this, path = *m_project] {
            try {
                open_kept_store(path);
            } catch (const std::exception&) {
            }
        });
        auto settings = Settings::load();
        settings.last_project = m_project->string();
        settings.save();
    } catch (const std::exception& e) {
        m_watch.reset(); // the first change reads every layer again
        m_store_stale = true;
        show_error(e.what());
    }
}

void Viewer::finish_import_if_ready() {
    if (!m_import.valid() || m_import.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    try {
        const auto done = m_import.get();
        if (!done.point_file.empty()) {
            open_import_dialog(done.point_file);
            return;
        }
        open_store(done.project);
        m_report = done.report;
    } catch (const std::exception& e) {
        show_error(e.what());
    }
}

} // namespace oko::app
