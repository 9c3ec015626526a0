#include "app/window/viewer.hpp"

#include "app/panels/panels.hpp"
#include "app/project/figure_legend.hpp"
#include "app/project/settings.hpp"
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

namespace {} // namespace

Viewer::Viewer() : m_renderer(std::make_unique<render::MapRenderer>()) {}

Viewer::~Viewer() {
    stop_export();
    stop_density_views();
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

void Viewer::show_panel(const std::string& name) {
    if (name == "stats") m_show_stats = true;
    if (name == "help") m_show_help = true;
    if (name == "export") m_show_export = true;
    if (name == "history") m_show_history = true;
    if (name == "duplicates") m_show_duplicates = true;
}

void Viewer::handle_input() {
    ImGuiIO& io = ImGui::GetIO();
    geo::Viewport& view = m_scene.view;
    const float ratio = m_mouse_ratio;
    const bool moving_point = move_points();
    const bool selecting = select_points(); // a drag that selects does not pan; the wheel still zooms
    if (!io.WantCaptureMouse && !moving_point) {
        if (!selecting && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f))
            m_navigation.drag(view, io.MouseDelta.x * ratio, io.MouseDelta.y * ratio);
        if (io.MouseWheel != 0.0f)
            m_navigation.scroll(view, io.MousePos.x * ratio, io.MousePos.y * ratio, io.MouseWheel);
    }
    if (io.WantCaptureKeyboard) return;
    for (const Action action : pressed_actions())
        act(action);
}

void Viewer::act(Action action) {
    geo::Viewport& view = m_scene.view;
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
    case Action::Export:
        if (m_project) m_show_export = true;
        break;
    case Action::SaveImage:
        if (m_project) save_image();
        break;
    case Action::Undo:
        undo_or_redo(false);
        break;
    case Action::Redo:
        undo_or_redo(true);
        break;
    case Action::AddCamera:
        m_adding = m_project && !m_adding;
        if (m_adding) m_moving = m_selecting = false;
        if (m_adding) say("Adding cameras: click where one is (A or Esc: stop)");
        break;
    case Action::MovePoints:
        m_moving = m_project && !m_moving;
        if (m_moving) m_adding = m_selecting = false;
        if (m_moving) say("Moving points: drag one to its true position (M or Esc: stop)");
        break;
    case Action::SelectPoints:
        m_selecting = m_project && !m_selecting;
        if (m_selecting) m_adding = m_moving = false;
        if (m_selecting) m_pinned.reset(); // the selection panel takes the inspector's place
        if (m_selecting)
            say("Selecting points: drag a box, Alt+drag a lasso; Shift adds, Ctrl removes (B or Esc: stop)");
        break;
    case Action::ToggleHistory:
        m_show_history = !m_show_history;
        break;
    case Action::ToggleDuplicates:
        m_show_duplicates = !m_show_duplicates;
        break;
    case Action::Unpin:
        m_pinned.reset();
        m_adding = m_moving = m_selecting = false;
        break;
    case Action::Quit:
        m_quit = true;
        break;
    }
}

void Viewer::show_box(const geo::BBox& box) {
    geo::BBox b = box;
    // A house, a point or a short street: show at least a couple of hundred metres around it.
    const geo::XY c = b.center();
    const double half = 120.0;
    b.extend(c.x - half, c.y - half);
    b.extend(c.x + half, c.y + half);
    const auto fitted = geo::Viewport::fit(b, m_scene.view.width, m_scene.view.height, 0.1);
    m_scene.view.center = fitted.center;
    m_scene.view.resolution = fitted.resolution;
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
    if (const auto chosen = draw_menu_bar(m_project.has_value(), m_adding, m_moving, m_selecting)) act(*chosen);
    handle_input();

    // The views first: the filter they compile goes to the renderer, which need not compile it again.
    for (size_t i = 0; m_project && i < m_views.size(); ++i)
        for (const auto& spec : m_scene.point_layers)
            if (spec.name == m_views[i].data().name && m_views[i].update(spec.filter)) {
                m_filters_changed = true;
                m_renderer->set_point_filter(spec.name, m_views[i].compiled());
            }

    if (m_project) {
        update_density_views();
        update_map_legends();
    }
    glViewport(0, 0, framebuffer_width, framebuffer_height);
    if (m_project) {
        // The scale bar, north arrow and legends in the corners the panels leave free: right of
        // the layer panel, below the menu bar and the frame figures (two lines and their padding,
        // top right), left of the point inspector and of the selection panel, which open there.
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const auto right_of = [&](float left) {
            return left > 0 ? std::max(0.0, double(vp->WorkPos.x + vp->WorkSize.x - left)) : 0.0;
        };
        const double inspector = std::max(m_pinned ? right_of(m_pinned->left) : 0.0, right_of(m_selection.left));
        m_renderer->set_furniture_insets(m_show_layers ? m_layers_right : 0,
                                         ImGui::GetFrameHeight() + 5.0 * ImGui::GetFontSize(), inspector, 0);
        // The attribution says what `oko render` says of the same view: the OSM data's date and
        // the source of every layer shown (figure_legend.hpp).
        if (auto credits = figure_credits(m_data, m_scene); credits != m_credits) {
            m_credits = credits;
            m_renderer->set_credits(std::move(credits));
        }
        m_renderer->draw(m_scene, framebuffer_width, framebuffer_height);
    } else {
        glClearColor(0.93f, 0.92f, 0.90f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
    }

    float layers_right = 0; // the import dialog opens beside the layer panel
    if (m_project) {
        handle_points();
        draw_selection();
        if (m_show_layers)
            layers_right = draw_layers_panel(m_scene, m_views, m_data.palette, m_project->filename().string(),
                                             m_data.reference_layers, m_density_status);
        m_layers_right = layers_right;
        if (m_focus_goto) {
            ImGui::SetNextWindowFocus();
            m_focus_goto = false;
        }
        if (auto box = draw_goto_panel(m_places, m_goto)) show_box(*box);
        draw_stats_panel(&m_show_stats, m_scene, m_views, *m_project, m_municipalities, m_density_shown);
        const auto request = draw_inspect_panel(m_pinned);
        apply_inspect(request);
        const auto& select = request.select;
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
        draw_curation_panels();
        draw_selection_panel_and_apply();
        draw_frame_overlay(m_stats, m_scene.view);
        update_export();
    } else if (!m_import.valid()) {
        if (auto chosen = draw_welcome_panel(m_path_input)) open(*chosen);
    }
    draw_help_panel(&m_show_help);
    draw_status();
    // The new points show as soon as the import is done; the view stays where it was.
    if (m_import_dialog.draw(layers_right)) {
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
