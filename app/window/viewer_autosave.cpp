// The window keeps its scene in the project: a change is saved about a second after the last one,
// on a worker thread, and when the project closes.
#include "app/window/viewer.hpp"

#include "geo/base/error.hpp"
#include "geo/scene/scene_json.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_scenes.hpp"

#include <chrono>
#include <iostream>

namespace oko::app {

namespace {

constexpr const char* kSceneNotSaved = "The map's styles and view could not be saved in the project: ";

} // namespace

void Viewer::track_scene_changes() {
    using namespace std::chrono_literals;
    if (m_store_job.valid() && m_store_job.wait_for(0s) == std::future_status::ready) finish_scene_save();
    const auto now = std::chrono::steady_clock::now();
    // A look four times a second: a change is saved once the scene has stood still for a second.
    if (!m_project || now - m_scene_checked < 250ms) return;
    m_scene_checked = now;
    if (m_scene != m_scene_seen) {
        m_scene_seen = m_scene;
        m_scene_changed = now;
        return;
    }
    if (m_scene_seen != m_scene_saved && now - m_scene_changed >= 1s && !m_store_job.valid() && !busy())
        save_scene_in_background();
}

void Viewer::save_scene_in_background() {
    m_scene_saved = m_scene_seen;
    // Through the project kept open for writing (opened, and checked, here the first time): the
    // window's own commits are then told from another's (PRAGMA data_version). curate() waits for
    // the save before it uses the store.
    m_store_job = std::async(std::launch::async, [this, path = *m_project, scene = *m_scene_seen] {
        if (!m_store) open_kept_store(path);
        geo::save_scene(*m_store, geo::kWindowScene, geo::scene_to_json(scene));
    });
}

void Viewer::finish_scene_save() {
    try {
        m_store_job.get();
    } catch (const std::exception& e) {
        m_store.reset(); // opened and checked again at the next write
        // Once per project: a read-only project would otherwise say it at every change.
        if (!m_scene_save_failed) show_error(kSceneNotSaved + std::string(e.what()));
        m_scene_save_failed = true;
    }
}

void Viewer::flush_scene() {
    if (m_store_job.valid()) finish_scene_save();
    if (!m_project || !m_scene_seen || m_scene == m_scene_saved) return;
    try {
        if (!m_store) open_kept_store(*m_project);
        geo::save_scene(*m_store, geo::kWindowScene, geo::scene_to_json(m_scene));
        m_scene_saved = m_scene_seen = m_scene;
    } catch (const std::exception& e) {
        std::cerr << "oko: " << kSceneNotSaved << e.what() << "\n";
    }
}

} // namespace oko::app
