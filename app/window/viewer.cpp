#include "app/window/viewer.hpp"

#include "app/panels/panels.hpp"
#include "app/window/settings.hpp"
#include "app/panels/shortcuts.hpp"
#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/points/point_readers.hpp"
#include "geo/reference/reference_import.hpp"
#include "geo/map/reference_layer.hpp"
#include "geo/scene/scene_json.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_points.hpp"
#include "geo/store/store_scenes.hpp"
#include "render/map/map_renderer.hpp"

#include <glad/gl.h>
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <tuple>
#include <cstring>
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

void save_window_scene(const std::filesystem::path& project, const std::string& json) {
    auto store = geo::Store::open(project, true);
    geo::save_scene(store, geo::kWindowScene, json);
}

constexpr const char* kSceneNotSaved = "The map's styles and view could not be saved in the project: ";

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

Viewer::Viewer() : m_renderer(std::make_unique<render::MapRenderer>()) {}

Viewer::~Viewer() {
    if (m_import.valid()) m_import.wait();
    flush_scene();
}

bool Viewer::set_reference_style(const std::string& choice) {
    try {
        apply_reference_style(m_data, m_scene.reference_layers, choice);
        return true;
    } catch (const std::exception& e) {
        std::cerr << "oko: " << e.what() << "\n";
        show_error(e.what());
        return false;
    }
}

void Viewer::track_scene_changes() {
    using namespace std::chrono_literals;
    if (m_scene_save.valid() && m_scene_save.wait_for(0s) == std::future_status::ready) finish_scene_save();
    const auto now = std::chrono::steady_clock::now();
    // A look four times a second: a change is saved once the scene has stood still for a second.
    if (!m_project || now - m_scene_checked < 250ms) return;
    m_scene_checked = now;
    if (m_scene != m_scene_seen) {
        m_scene_seen = m_scene;
        m_scene_changed = now;
        return;
    }
    if (m_scene_seen != m_scene_saved && now - m_scene_changed >= 1s && !m_scene_save.valid() && !busy())
        save_scene_in_background();
}

void Viewer::save_scene_in_background() {
    m_scene_saved = m_scene_seen;
    m_scene_save = std::async(std::launch::async, [path = *m_project, scene = *m_scene_seen] {
        save_window_scene(path, geo::scene_to_json(scene));
    });
}

void Viewer::finish_scene_save() {
    try {
        m_scene_save.get();
    } catch (const std::exception& e) {
        // Once per project: a read-only project would otherwise say it at every change.
        if (!m_scene_save_failed) show_error(kSceneNotSaved + std::string(e.what()));
        m_scene_save_failed = true;
    }
}

void Viewer::flush_scene() {
    if (m_scene_save.valid()) finish_scene_save();
    if (!m_project || !m_scene_seen || m_scene == m_scene_saved) return;
    try {
        save_window_scene(*m_project, geo::scene_to_json(m_scene));
        m_scene_saved = m_scene_seen = m_scene;
    } catch (const std::exception& e) {
        std::cerr << "oko: " << kSceneNotSaved << e.what() << "\n";
    }
}

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
    try {
        m_data = Project::load(path);
        upload(m_data, *m_renderer);
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
        auto settings = Settings::load();
        settings.last_project = m_project->string();
        settings.save();
    } catch (const std::exception& e) {
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

void Viewer::show_panel(const std::string& name) {
    if (name == "stats") m_show_stats = true;
    if (name == "help") m_show_help = true;
}

void Viewer::handle_input() {
    ImGuiIO& io = ImGui::GetIO();
    geo::Viewport& view = m_scene.view;
    const float ratio = m_mouse_ratio;
    if (!io.WantCaptureMouse) {
        if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f))
            m_navigation.drag(view, io.MouseDelta.x * ratio, io.MouseDelta.y * ratio);
        if (io.MouseWheel != 0.0f)
            m_navigation.scroll(view, io.MousePos.x * ratio, io.MousePos.y * ratio, io.MouseWheel);
    }
    if (io.WantCaptureKeyboard) return;
    for (const Action action : pressed_actions()) {
        switch (action) {
        case Action::ZoomIn:
            m_navigation.key(view, NavKey::ZoomIn);
            break;
        case Action::ZoomOut:
            m_navigation.key(view, NavKey::ZoomOut);
            break;
        case Action::PanLeft:
            m_navigation.key(view, NavKey::Left);
            break;
        case Action::PanRight:
            m_navigation.key(view, NavKey::Right);
            break;
        case Action::PanUp:
            m_navigation.key(view, NavKey::Up);
            break;
        case Action::PanDown:
            m_navigation.key(view, NavKey::Down);
            break;
        case Action::ShowAll:
            m_navigation.key(view, NavKey::Reset);
            break;
        case Action::GoTo:
            m_focus_goto = true;
            break;
        case Action::ToggleLayers:
            m_show_layers = !m_show_layers;
            break;
        case Action::ToggleStats:
            m_show_stats = !m_show_stats;
            break;
        case Action::ToggleHelp:
            m_show_help = !m_show_help;
            break;
        case Action::Unpin:
            m_pinned.reset();
            break;
        case Action::Quit:
            m_quit = true;
            break;
        }
    }
}

void Viewer::show_box(const geo::BBox& box) {
    geo::BBox b = box;
    // A point or a short street: show at least a few hundred metres around it.
    const geo::XY c = b.center();
    const double half = 250.0;
    b.extend(c.x - half, c.y - half);
    b.extend(c.x + half, c.y + half);
    const auto fitted = geo::Viewport::fit(b, m_scene.view.width, m_scene.view.height, 0.1);
    m_scene.view.center = fitted.center;
    m_scene.view.resolution = fitted.resolution;
}

std::vector<std::pair<size_t, size_t>> Viewer::points_near(double px, double py, double radius_px) const {
    std::vector<std::tuple<double, size_t, size_t>> hits;
    const geo::XY centre = m_scene.view.to_world(px, py);
    const double r = radius_px * m_scene.view.resolution;
    for (size_t l = 0; l < m_views.size(); ++l) {
        const auto& name = m_views[l].data().name;
        const auto spec = std::find_if(m_scene.point_layers.begin(), m_scene.point_layers.end(),
                                       [&](const geo::PointLayerSpec& s) { return s.name == name; });
        if (spec == m_scene.point_layers.end() || !spec->style.visible) continue;
        const double reach = r + spec->style.radius_px * m_scene.pixel_ratio * m_scene.view.resolution;
        const auto& pos = m_views[l].data().positions;
        for (size_t i = 0; i < pos.size(); ++i) {
            const double dx = pos[i].x - centre.x, dy = pos[i].y - centre.y;
            if (std::abs(dx) > reach || std::abs(dy) > reach || !m_views[l].passes(i)) continue;
            const double d2 = dx * dx + dy * dy;
            if (d2 <= reach * reach) hits.emplace_back(d2, l, i);
        }
    }
    std::sort(hits.begin(), hits.end());
    std::vector<std::pair<size_t, size_t>> out;
    for (const auto& [d, l, i] : hits)
        out.emplace_back(l, i);
    return out;
}

void Viewer::pin(size_t layer, size_t index, const std::vector<std::pair<size_t, size_t>>& others) {
    const auto& data = m_data.point_layers[layer];
    PinnedPoint p;
    p.layer = data.name;
    p.id = data.ids[index];
    try {
        p.fields = geo::point_details(geo::Store::open(*m_project), p.id);
    } catch (const std::exception& e) {
        show_error(e.what());
        return;
    }
    for (const auto& [l, i] : others)
        if (!(l == layer && i == index))
            p.others.emplace_back(m_data.point_layers[l].name, m_data.point_layers[l].ids[i]);
    m_pinned = std::move(p);
}

void Viewer::handle_points() {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantCaptureMouse || m_views.empty()) return;
    const float ratio = m_mouse_ratio;
    const double px = io.MousePos.x * ratio, py = io.MousePos.y * ratio;
    // The search walks every point of every visible layer: do it only when the mouse, the view,
    // a filter or a symbol changed, not on every frame.
    std::vector<double> key{px, py, m_scene.view.center.x, m_scene.view.center.y, m_scene.view.resolution};
    for (const auto& spec : m_scene.point_layers)
        key.push_back(spec.style.visible ? spec.style.radius_px : -1.0);
    if (key != m_hover_key || m_filters_changed) m_hover = points_near(px, py, 3.0 * m_scene.pixel_ratio);
    m_hover_key = std::move(key);
    m_filters_changed = false;
    const auto& near = m_hover;
    if (near.empty()) return;
    const auto& [l, i] = near.front();
    const auto& d = m_data.point_layers[l];
    const auto& vendor = d.vendors[d.vendor_index[i]];
    ImGui::BeginTooltip();
    ImGui::Text("%s", geo::Filter::is_unknown_vendor(vendor) ? "unknown vendor" : vendor.c_str());
    ImGui::SameLine();
    if (d.years[i]) ImGui::Text("%d", d.years[i]);
    ImGui::TextDisabled("%s #%lld%s", d.name.c_str(), static_cast<long long>(d.ids[i]),
                        near.size() > 1 ? ("  (+" + std::to_string(near.size() - 1) + " more here)").c_str() : "");
    ImGui::TextDisabled("click for details");
    ImGui::EndTooltip();
    // A click (not the end of a drag) pins the nearest point and lists the others under the cursor.
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Left) && ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).x == 0 &&
        ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).y == 0)
        pin(l, i, near);
}

void Viewer::frame(int framebuffer_width, int framebuffer_height, float framebuffer_ratio, float ui_scale) {
    finish_import_if_ready();
    // The first frame gives the view its size (and, without a saved view, its place): that is
    // no change of the user's, unless something else changed since the project opened.
    const bool pristine = m_scene_opened && m_scene == m_scene_seen;
    m_mouse_ratio = framebuffer_ratio;
    m_scene.pixel_ratio = std::max(framebuffer_ratio, ui_scale);
    m_scene.view.width = std::max(1, framebuffer_width);
    m_scene.view.height = std::max(1, framebuffer_height);
    if (m_needs_reset) {
        m_navigation.reset(m_scene.view);
        m_needs_reset = false;
    }
    if (m_scene_opened) {
        if (pristine) m_scene_seen = m_scene_saved = m_scene;
        m_scene_opened = false;
    }
    handle_input();

    // The views first: the filter they compile goes to the renderer, which need not compile it again.
    for (size_t i = 0; m_project && i < m_views.size(); ++i)
        for (const auto& spec : m_scene.point_layers)
            if (spec.name == m_views[i].data().name && m_views[i].update(spec.filter)) {
                m_filters_changed = true;
                m_renderer->set_point_filter(spec.name, m_views[i].compiled());
            }

    glViewport(0, 0, framebuffer_width, framebuffer_height);
    if (m_project) {
        m_renderer->draw(m_scene, framebuffer_width, framebuffer_height);
    } else {
        glClearColor(0.93f, 0.92f, 0.90f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
    }

    if (m_project) {
        handle_points();
        if (m_show_layers)
            draw_layers_panel(m_scene, m_views, m_data.palette, m_project->filename().string(),
                              m_data.reference_layers);
        if (m_focus_goto) {
            ImGui::SetNextWindowFocus();
            m_focus_goto = false;
        }
        if (auto box = draw_goto_panel(m_places, m_goto)) show_box(*box);
        draw_stats_panel(&m_show_stats, m_scene, m_views, *m_project, m_municipalities);
        std::optional<std::pair<std::string, int64_t>> select;
        draw_inspect_panel(m_pinned, select);
        if (select) {
            for (size_t l = 0; l < m_data.point_layers.size(); ++l) {
                const auto& ids = m_data.point_layers[l].ids;
                if (m_data.point_layers[l].name != select->first) continue;
                const auto it = std::find(ids.begin(), ids.end(), select->second);
                if (it != ids.end()) {
                    auto others = m_pinned ? m_pinned->others : decltype(m_pinned->others){};
                    const size_t index = static_cast<size_t>(it - ids.begin());
                    std::vector<std::pair<size_t, size_t>> rest;
                    pin(l, index, rest);
                    // Keep the list of the other points here, with the previous one in it.
                    if (m_pinned) m_pinned->others = std::move(others);
                }
            }
        }
        draw_frame_overlay(m_stats, m_scene.view);
    } else if (!m_import.valid()) {
        if (auto chosen = draw_welcome_panel(m_path_input)) open(*chosen);
    }
    draw_help_panel(&m_show_help);
    // The new points show as soon as the import is done; the view stays where it was.
    if (m_import_dialog.draw()) {
        if (m_project)
            open_store(*m_project);
        else
            open(m_import_dialog.project());
    }
    if (const auto name = m_import_dialog.take_layer_to_show())
        if (const auto* layer = m_data.point_layer(*name)) {
            geo::BBox box;
            for (const auto& p : layer->positions)
                box.extend(p);
            if (!box.empty()) show_box(box);
        }

    if (m_import.valid()) {
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
                                ImGuiCond_Always, ImVec2(0.5f, 0.5f));
        ImGui::Begin("Importing", nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse);
        static const char* spinner = "|/-\\";
        ImGui::Text("Importing %s  %c", m_import_source.c_str(), spinner[static_cast<int>(ImGui::GetTime() * 8) % 4]);
        ImGui::End();
    }

    if (!m_report.empty()) {
        // Centred under the go-to box, clear of the layer panel.
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + ImGui::GetFontSize() * 4),
                                ImGuiCond_Appearing, ImVec2(0.5f, 0.0f));
        ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 40, 0), ImGuiCond_Appearing);
        bool open = true;
        ImGui::Begin("Import report", &open);
        ImGui::TextUnformatted(m_report.c_str());
        ImGui::End();
        if (!open) m_report.clear();
    }
    track_scene_changes();
    if (!m_error.empty()) ImGui::OpenPopup("Error");
    if (ImGui::BeginPopupModal("Error", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 35);
        ImGui::TextUnformatted(m_error.c_str());
        ImGui::PopTextWrapPos();
        if (ImGui::Button("OK", ImVec2(120, 0))) {
            m_error.clear();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

} // namespace oko::app
