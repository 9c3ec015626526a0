#include "app/viewer.hpp"

#include "app/panels.hpp"
#include "app/settings.hpp"
#include "geo/error.hpp"
#include "geo/osm_import.hpp"
#include "geo/store.hpp"
#include "render/map_renderer.hpp"

#include <glad/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <chrono>
#include <cstring>

namespace oko::app {

namespace {

bool is_osm_extract(const std::filesystem::path& p) {
    const std::string name = p.filename().string();
    auto ends = [&](const char* s) { return name.size() >= std::strlen(s) && name.compare(name.size() - std::strlen(s), std::string::npos, s) == 0; };
    return ends(".osm.pbf") || ends(".pbf") || ends(".osm");
}

std::filesystem::path project_beside(const std::filesystem::path& extract) {
    std::string stem = extract.filename().string();
    for (const char* suffix : {".osm.pbf", ".pbf", ".osm"}) {
        const std::string s = suffix;
        if (stem.size() > s.size() && stem.compare(stem.size() - s.size(), s.size(), s) == 0) {
            stem.resize(stem.size() - s.size());
            break;
        }
    }
    return extract.parent_path() / (stem + ".oko");
}

} // namespace

Viewer::Viewer() : m_renderer(std::make_unique<render::MapRenderer>()) {}

Viewer::~Viewer() {
    if (m_import.valid()) m_import.wait();
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
    if (!is_osm_extract(path)) {
        open_store(path);
        return;
    }
    const auto target = project_beside(path);
    m_import_source = path.filename().string();
    m_import = std::async(std::launch::async, [path, target] {
        geo::import_osm(path, target, geo::OsmImportOptions{});
        return target;
    });
}

void Viewer::open_store(const std::filesystem::path& path) {
    try {
        auto store = geo::Store::open(path);
        m_basemap = store.load_basemap();
        m_renderer->set_basemap(m_basemap);
        m_navigation.set_home(m_basemap.extent);
        m_project = std::filesystem::absolute(path);
        m_needs_reset = true;
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
        const auto project = m_import.get();
        open_store(project);
    } catch (const std::exception& e) {
        show_error(e.what());
    }
}

void Viewer::handle_input() {
    ImGuiIO& io = ImGui::GetIO();
    geo::Viewport& view = m_scene.view;
    const float ratio = m_scene.pixel_ratio;
    if (!io.WantCaptureMouse) {
        if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f))
            m_navigation.drag(view, io.MouseDelta.x * ratio, io.MouseDelta.y * ratio);
        if (io.MouseWheel != 0.0f)
            m_navigation.scroll(view, io.MousePos.x * ratio, io.MousePos.y * ratio, io.MouseWheel);
    }
    if (io.WantCaptureKeyboard) return;
    auto pressed = [](int key) { return ImGui::IsKeyPressed(key, true); };
    if (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD)) m_navigation.key(view, NavKey::ZoomIn);
    if (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT)) m_navigation.key(view, NavKey::ZoomOut);
    if (pressed(GLFW_KEY_LEFT)) m_navigation.key(view, NavKey::Left);
    if (pressed(GLFW_KEY_RIGHT)) m_navigation.key(view, NavKey::Right);
    if (pressed(GLFW_KEY_UP)) m_navigation.key(view, NavKey::Up);
    if (pressed(GLFW_KEY_DOWN)) m_navigation.key(view, NavKey::Down);
    if (pressed(GLFW_KEY_0) || pressed(GLFW_KEY_KP_0) || pressed(GLFW_KEY_HOME)) m_navigation.key(view, NavKey::Reset);
    if (ImGui::IsKeyPressed(GLFW_KEY_L, false)) m_show_layers = !m_show_layers;
    if (ImGui::IsKeyPressed(GLFW_KEY_F1, false) || ImGui::IsKeyPressed(GLFW_KEY_SLASH, false)) m_show_help = !m_show_help;
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Q, false)) m_quit = true;
}

void Viewer::frame(int framebuffer_width, int framebuffer_height, float pixel_ratio) {
    finish_import_if_ready();
    m_scene.pixel_ratio = pixel_ratio;
    m_scene.view.width = std::max(1, framebuffer_width);
    m_scene.view.height = std::max(1, framebuffer_height);
    if (m_needs_reset) {
        m_navigation.reset(m_scene.view);
        m_needs_reset = false;
    }
    handle_input();

    glViewport(0, 0, framebuffer_width, framebuffer_height);
    if (m_project) {
        m_renderer->draw(m_scene, framebuffer_width, framebuffer_height);
    } else {
        glClearColor(0.93f, 0.92f, 0.90f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
    }

    if (m_project) {
        if (m_show_layers) draw_layers_panel(m_scene, m_project->filename().string());
        draw_frame_overlay(m_stats, m_scene.view);
    } else if (!m_import.valid()) {
        if (auto chosen = draw_welcome_panel(m_path_input)) open(*chosen);
    }
    draw_help_panel(&m_show_help);

    if (m_import.valid()) {
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
        ImGui::Begin("Importing", nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse);
        static const char* spinner = "|/-\\";
        ImGui::Text("Importing %s  %c", m_import_source.c_str(), spinner[static_cast<int>(ImGui::GetTime() * 8) % 4]);
        ImGui::End();
    }

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
