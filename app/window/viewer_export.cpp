// Figures from the window: the export dialog and "Save image", both written by app/figure on a
// worker with its own headless OpenGL context while the window goes on drawing, from a copy of
// the scene, with the scene saved beside the picture.
#include "app/window/viewer.hpp"

#include "app/figure/figure.hpp"
#include "geo/base/error.hpp"
#include "geo/base/utc_time.hpp"
#include "geo/export/picture_format.hpp"

#include <imgui.h>

#include <algorithm>
#include <iostream>

namespace oko::app {

namespace {

// "2026-12-03T10:17:24Z" → "20261203-101724": a time in a file name, sorting as it runs.
std::string file_time(const std::string& iso) {
    std::string out;
    for (const char c : iso) {
        if (c == 'T') out += '-';
        if (c >= '0' && c <= '9') out += c;
    }
    return out;
}

std::string message_of(const std::exception& e) {
    if (const auto* error = dynamic_cast<const geo::Error*>(&e)) {
        std::string m = error->reason();
        if (!error->file().empty()) m = error->file() + ": " + m;
        return m;
    }
    return e.what();
}

} // namespace

void Viewer::open_export(const std::optional<std::filesystem::path>& out, bool start) {
    m_show_export = true;
    if (out) m_export.out = out->string();
    m_export_pending = start;
}

void Viewer::save_image() { m_save_pending = true; }

geo::SceneSpec Viewer::export_scene() const {
    geo::SceneSpec scene = m_scene;
    const auto px = export_pixels(m_export);
    scene.view = geo::Viewport::fit_inside(m_scene.view.bounds(), px.width, px.height);
    scene.pixel_ratio = export_pixel_ratio(m_export);
    return scene;
}

geo::BBox Viewer::export_frame() const {
    const geo::BBox world = export_scene().view.bounds();
    const auto lo = m_scene.view.to_pixel({world.min_x, world.max_y});
    const auto hi = m_scene.view.to_pixel({world.max_x, world.min_y});
    geo::BBox frame;
    frame.extend(lo.x / m_mouse_ratio, lo.y / m_mouse_ratio);
    frame.extend(hi.x / m_mouse_ratio, hi.y / m_mouse_ratio);
    return frame;
}

void Viewer::start_export(const geo::SceneSpec& scene, const std::filesystem::path& out) {
    if (m_export_job.valid()) return;
    const auto path = out.is_relative() && m_project ? m_project->parent_path() / out : out;
    const auto fail = [&](const std::string& message) {
        m_export_status.failed = true;
        m_export_status.message = message;
        m_export_result = {false, message};
        std::cerr << "oko: " << message << "\n";
    };
    const auto format = geo::picture_format(path);
    if (!format) {
        try {
            geo::require_picture_format(path, "");
        } catch (const std::exception& e) {
            fail(message_of(e));
        }
        return;
    }
    if (!std::filesystem::is_directory(path.parent_path())) {
        fail(path.parent_path().string() + ": no such folder, so the figure cannot be written there");
        return;
    }
    m_export_cancel = false;
    m_export_done = 0;
    m_export_status = {true, 0, "", false};
    m_export_job = std::async(std::launch::async, [this, scene, path, format = *format] {
        FigureOptions options;
        options.save_scene = true;
        options.progress = [this](double done) {
            m_export_done = done;
            return !m_export_cancel.load();
        };
        return write_figure(m_data, scene, path, format, options).files;
    });
}

void Viewer::stop_export() {
    if (!m_export_job.valid()) return;
    m_export_cancel = true;
    try {
        m_export_job.get();
    } catch (const std::exception&) {
    }
    m_export_status.running = false;
}

void Viewer::update_export() {
    if (m_export_job.valid() && m_export_job.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        m_export_status.running = false;
        try {
            const auto files = m_export_job.get();
            if (files.empty()) {
                m_export_status.message = "Cancelled: nothing was written.";
                m_export_result = {false, m_export_status.message};
            } else {
                m_export_status.message = "Wrote " + files.front().string() + ", its scene in " +
                                          files.back().filename().string() + " (oko render --scene draws it again)";
                m_export_result = {true, m_export_status.message};
                m_status = "Saved " + files.front().string() + " and its scene " + files.back().filename().string();
                m_status_until = std::chrono::steady_clock::now() + std::chrono::seconds(8);
            }
        } catch (const std::exception& e) {
            m_export_status.failed = true;
            m_export_status.message = message_of(e);
            m_export_result = {false, m_export_status.message};
            std::cerr << "oko: " << m_export_status.message << "\n";
            if (!m_show_export) show_error("The image could not be saved.\n\n" + m_export_status.message);
        }
    }
    m_export_status.done = m_export_done;
    // A request made before the first frame (--export, --save-image) waits for the window's size.
    if (m_save_pending && !m_export_job.valid()) {
        m_save_pending = false;
        const std::string name = m_project->stem().string() + "-" + file_time(geo::utc_now()) + ".png";
        start_export(m_scene, name);
    }
    if (m_show_export && m_export.out.empty()) m_export.out = m_project->stem().string() + "-figure.png";
    const auto request = draw_export_dialog(&m_show_export, m_export, m_scene.furniture, m_export_status,
                                            m_show_export ? export_frame() : geo::BBox{});
    if (request == ExportRequest::start || (m_export_pending && !m_export_job.valid())) {
        m_export_pending = false;
        start_export(export_scene(), m_export.out);
    }
    if (request == ExportRequest::cancel) m_export_cancel = true;
}

void Viewer::draw_status() {
    if (m_status.empty() || std::chrono::steady_clock::now() > m_status_until) return;
    // Under the go-to box, top middle: along the bottom it covered the legends and the
    // attribution, which move there when panels open on the right.
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(
        ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + 10 + 3.2f * ImGui::GetFontSize()), ImGuiCond_Always,
        ImVec2(0.5f, 0.0f));
    ImGui::SetNextWindowBgAlpha(0.85f);
    ImGui::Begin("##status", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs);
    ImGui::TextUnformatted(m_status.c_str());
    ImGui::End();
}

} // namespace oko::app
