// Curation in the window: the point inspector's edits, Delete, Merge and Distinct, a camera added
// by a click in the "add a camera" mode, undo and redo, and the history panel with its Revert. Every change goes
// through geo::StoreCuration, as `oko edit` does, on the project kept open for writing; the points it touched are
// then read again and patched into their layers (or, where a patch cannot give what a reload would, the layers read
// again), so the change shows at the next frame.
#include "app/window/viewer.hpp"

#include "app/project/settings.hpp"

#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/store/curation.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_points.hpp"
#include "render/map/map_renderer.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <set>

namespace oko::app {

namespace {

// A refused change in the user's words: the field it concerns ("year: '20x9' is not a year ...")
// rather than the command-line option the store names.
std::string refusal(const std::exception& e) {
    const auto* error = dynamic_cast<const geo::Error*>(&e);
    if (!error) return e.what();
    std::string field = error->field();
    for (const char* option : {"--set ", "--"})
        if (field.rfind(option, 0) == 0) field = field.substr(std::string(option).size());
    if (field == "id" || field == "ids" || field == "layer" || field == "at" || field == "change" || field.empty())
        return error->reason();
    return field + ": " + error->reason();
}

// "status of point 40", "vendor, year of 3 points": what a change set changed.
std::string change_set_summary(const std::vector<geo::CurationChange>& changes) {
    std::vector<std::string> fields;
    std::set<int64_t> points;
    for (const auto& c : changes) {
        if (std::find(fields.begin(), fields.end(), c.field) == fields.end()) fields.push_back(c.field);
        points.insert(c.point);
    }
    std::string s;
    for (size_t i = 0; i < fields.size() && i < 3; ++i)
        s += (i ? ", " : "") + fields[i];
    if (fields.size() > 3) s += " and " + std::to_string(fields.size() - 3) + " more";
    if (points.size() == 1) return s + " of point " + std::to_string(*points.begin());
    return s + " of " + std::to_string(points.size()) + " points";
}

} // namespace

std::optional<int64_t> Viewer::curate(const std::function<int64_t(geo::Curation&)>& change, std::string* error) {
    if (!m_project) return std::nullopt;
    m_change_started = std::chrono::steady_clock::now();
    // The scene's autosave writes through the same connection (or a worker opens it): let it finish.
    if (m_store_job.valid()) finish_scene_save();
    try {
        // Another connection has committed since the last look (`oko edit` from a shell): what the
        // window holds may be out of date anywhere, and the file is checked again before writing.
        bool others = std::exchange(m_store_stale, false);
        if (m_store && m_store->data_version() != m_store_version) {
            m_store.reset();
            others = true;
        }
        if (!m_store) open_kept_store(*m_project);
        others |= std::exchange(m_store_stale, false);
        geo::StoreCuration curation(*m_store, curator_name());
        const int64_t set = change(curation);
        // A commit of another's between the look above and this change's.
        const int64_t version = m_store->data_version();
        others |= version != m_store_version;
        m_store_version = version;
        if (set > 0 || others) after_change(*m_store, set, others);
        return set;
    } catch (const std::exception& e) {
        m_store.reset(); // opened and checked again at the next change
        std::cerr << "oko: " << e.what() << "\n";
        if (error)
            *error = refusal(e);
        else
            show_error(e.what());
        return std::nullopt;
    }
}

void Viewer::open_kept_store(const std::filesystem::path& project) {
    auto store = std::make_unique<geo::Store>(geo::Store::open(project, true));
    m_store_version = store->data_version();
    // What another connection committed between the project's load and now is not in memory.
    if (m_watch && m_watch->data_version() != m_watch_version) m_store_stale = true;
    m_watch.reset();
    m_store = std::move(store);
}

void Viewer::after_change(const geo::Store& store, int64_t change_set, bool reload_all) {
    std::map<std::string, std::vector<int64_t>> touched; // layer -> the points the change set changed
    std::vector<geo::CurationChange> changes;
    if (change_set > 0) changes = geo::curation_history(store, {}, change_set);
    for (const auto& c : changes)
        touched[c.layer].push_back(c.point);
    std::set<std::string> reload;
    bool moved = false;
    for (size_t l = 0; l < m_data.point_layers.size(); ++l) {
        const auto& name = m_data.point_layers[l].name;
        if (reload_all) {
            reload.insert(name);
            continue;
        }
        const auto it = touched.find(name);
        if (it == touched.end()) continue;
        bool layer_moved = false;
        if (!patch_point_layer(store, l, it->second, layer_moved))
            reload.insert(name);
        else
            moved |= layer_moved;
    }
    if (!reload.empty() || !touched.empty()) reload_point_layers(store, reload, moved);
    m_history_stale = true;
    m_duplicates_stale = true;
    m_last_change = change_set_summary(changes);
}

bool Viewer::patch_point_layer(const geo::Store& store, size_t l, const std::vector<int64_t>& ids, bool& moved) {
    auto& data = m_data.point_layers[l];
    const auto points = geo::load_layer_points(store, data.name, ids);
    if (!points) return false;
    const auto changed = geo::patch_point_layer(data, ids, *points);
    if (!changed) return false;
    render::PointLayerPatch patch;
    patch.points = changed->points;
    for (const uint32_t i : changed->points) {
        patch.positions.push_back(data.positions[i]);
        patch.vendor_index.push_back(data.vendor_index[i]);
        patch.years.push_back(data.years[i]);
        patch.search_text.push_back(data.search_text[i]);
        patch.statuses.push_back(data.statuses[i]);
    }
    m_views[l].patched(changed->points, changed->texts);
    m_renderer->update_point_layer(data.name, patch);
    m_renderer->set_point_filter(data.name, m_views[l].compiled());
    moved |= changed->positions;
    return true;
}

void Viewer::reload_point_layers(const geo::Store& store, const std::set<std::string>& names, bool moved) {
    stop_density_views(); // it reads the layers about to be replaced, and they have changed
    for (size_t l = 0; l < m_data.point_layers.size(); ++l) {
        auto& data = m_data.point_layers[l];
        if (!names.count(data.name)) continue;
        auto layer = geo::load_point_layer(store, data.name);
        if (!layer) continue;
        layer->sources = std::move(data.sources);
        data = std::move(*layer);
        m_views[l] = PointLayerView(data); // compiles the layer's filter again at the next frame
        m_renderer->set_point_layer(data.name, {data.positions, data.vendors, data.vendor_index, data.years,
                                                data.search_text, m_data.palette.colours(data.vendors), data.statuses});
    }
    m_density = std::make_unique<DensityViews>(m_data);
    // Which district each point is in: located again when points moved or the layers are others.
    if (moved || !names.empty()) m_municipalities.reset();
    m_hover.clear();
    m_hover_key.clear();
    m_filters_changed = true;
    // The pinned point shows what is stored now; a deleted one closes.
    if (m_pinned) {
        const auto& name = m_pinned->layer;
        const int64_t id = m_pinned->id;
        auto others = std::move(m_pinned->others);
        m_pinned.reset();
        for (size_t l = 0; l < m_data.point_layers.size(); ++l) {
            const auto& ids = m_data.point_layers[l].ids;
            if (m_data.point_layers[l].name != name) continue;
            const auto it = std::find(ids.begin(), ids.end(), id);
            if (it == ids.end()) break;
            pin(l, static_cast<size_t>(it - ids.begin()), {});
            // The other points here that are still cameras (not deleted, not merged away).
            std::erase_if(others, [&](const std::pair<std::string, int64_t>& o) {
                const auto* layer = m_data.point_layer(o.first);
                return !layer || std::find(layer->ids.begin(), layer->ids.end(), o.second) == layer->ids.end();
            });
            if (m_pinned) m_pinned->others = std::move(others);
        }
    }
}

void Viewer::apply_inspect(const InspectRequest& request) {
    if (!m_pinned || (!request.edit && !request.remove && !request.merge_with && !request.distinct_from)) return;
    const std::string layer = m_pinned->layer;
    const int64_t id = m_pinned->id;
    std::string error;
    if (request.distinct_from) {
        const int64_t other = *request.distinct_from;
        const auto set = curate([&](geo::Curation& c) { return c.mark_distinct(layer, {id, other}); }, &error);
        if (!set) {
            if (m_pinned) m_pinned->error = error;
            return;
        }
        say("Marked points " + std::to_string(std::min(id, other)) + " and " + std::to_string(std::max(id, other)) +
            " distinct cameras (change set " + std::to_string(*set) + ")");
        return;
    }
    if (request.merge_with) {
        const int64_t other = *request.merge_with;
        const auto set = curate([&](geo::Curation& c) { return c.merge(layer, {id, other}); }, &error);
        if (!set) {
            if (m_pinned) m_pinned->error = error;
            return;
        }
        say("Merged points " + std::to_string(std::min(id, other)) + " and " + std::to_string(std::max(id, other)) +
            " into camera " + std::to_string(std::min(id, other)) + " (change set " + std::to_string(*set) + ")");
        return;
    }
    const auto set = curate(
        [&](geo::Curation& c) { return request.remove ? c.remove(layer, id) : c.edit(layer, {id}, *request.edit); },
        &error);
    if (!set) {
        if (m_pinned) m_pinned->error = error;
        return;
    }
    if (*set > 0)
        say((request.remove ? "Deleted point " + std::to_string(id) + " (change set "
                            : "Changed " + m_last_change + " (change set ") +
            std::to_string(*set) + ")");
}

void Viewer::revert_change_set(int64_t change_set) {
    std::string error;
    const auto set = curate([&](geo::Curation& c) { return c.revert(change_set); }, &error);
    if (!set) {
        m_history_refusal = error;
        return;
    }
    m_history_refusal.clear();
    say("Reverted change set " + std::to_string(change_set) + ": " + m_last_change + " (change set " +
        std::to_string(*set) + ")");
}

void Viewer::undo_or_redo(bool redo) {
    std::optional<int64_t> done;
    const auto set = curate([&](geo::Curation& c) {
        done = redo ? c.redo() : c.undo();
        return done.value_or(0);
    });
    if (!set) return;
    if (!done)
        say(redo ? "Nothing to redo" : "Nothing to undo");
    else
        say((redo ? "Redid change set " : "Undid change set ") + std::to_string(*done) + ": " + m_last_change);
}

std::vector<std::tuple<std::string, size_t, size_t>> Viewer::layer_counts() const {
    std::vector<std::tuple<std::string, size_t, size_t>> out;
    for (const auto& view : m_views)
        out.emplace_back(view.data().name, view.passing(), view.data().positions.size());
    return out;
}

void Viewer::say(const std::string& message) {
    m_status = message;
    m_status_until = std::chrono::steady_clock::now() + std::chrono::seconds(8);
    std::cerr << "oko: " << message << "\n";
}

std::vector<std::string> Viewer::camera_layers() const {
    // Cameras are added to the user's own layers (kind "points"), not to the shipped sites.
    std::vector<std::string> out;
    for (const auto& l : m_data.point_layers)
        if (l.kind == "points") out.push_back(l.name);
    return out;
}

void Viewer::start_new_camera(double px, double py) {
    const auto layers = camera_layers();
    if (layers.empty()) {
        show_error("The project has no point layer of its own to add a camera to: import a file of cameras first.");
        m_adding = false;
        return;
    }
    NewCamera camera;
    camera.layer = m_new_camera && std::find(layers.begin(), layers.end(), m_new_camera->layer) != layers.end()
                       ? m_new_camera->layer
                       : layers.front();
    camera.at = geo::from_mercator(m_scene.view.to_world(px, py));
    camera.x = static_cast<float>(px / m_mouse_ratio);
    camera.y = static_cast<float>(py / m_mouse_ratio);
    m_new_camera = std::move(camera);
}

void Viewer::add_new_camera() {
    if (!m_new_camera) return;
    auto& camera = *m_new_camera;
    geo::FieldValues fields;
    const std::pair<const char*, const std::string*> form[] = {
        {"vendor", &camera.vendor}, {"year", &camera.year}, {"type", &camera.type}, {"direction", &camera.direction}};
    for (const auto& [name, value] : form)
        if (!value->empty()) fields.emplace_back(name, *value);
    int64_t id = 0;
    std::string error;
    const auto set =
        curate([&](geo::Curation& c) { return c.add(camera.layer, camera.at, fields, id, camera.note); }, &error);
    if (!set) {
        if (m_new_camera) m_new_camera->error = error;
        return;
    }
    say("Added point " + std::to_string(id) + " to " + camera.layer + " (change set " + std::to_string(*set) + ")");
    m_new_camera.reset();
}

bool Viewer::move_points() {
    ImGuiIO& io = ImGui::GetIO();
    if (!m_project || !m_moving) {
        m_dragged.reset();
        return false;
    }
    const float ratio = m_mouse_ratio;
    const double px = io.MousePos.x * ratio, py = io.MousePos.y * ratio;
    if (!m_dragged) {
        if (io.WantCaptureMouse || !ImGui::IsMouseClicked(ImGuiMouseButton_Left)) return false;
        const auto near = points_near(px, py, 3.0 * m_scene.pixel_ratio);
        if (near.empty()) return false; // a drag off the points pans
        m_dragged = near.front();
    }
    ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);
    // The point where it would go, and a line from where it is.
    const auto& data = m_data.point_layers[m_dragged->first];
    const auto from = m_scene.view.to_pixel(data.positions[m_dragged->second]);
    auto* draw = ImGui::GetForegroundDrawList();
    const ImVec2 a(static_cast<float>(from.x / ratio), static_cast<float>(from.y / ratio));
    draw->AddLine(a, io.MousePos, IM_COL32(20, 20, 20, 200), 1.5f);
    draw->AddCircle(io.MousePos, 6.0f, IM_COL32(20, 20, 20, 230), 0, 2.0f);
    if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) return true;
    // Released: moved there, unless the mouse did not move.
    const auto dragged = *m_dragged;
    m_dragged.reset();
    const auto delta = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f);
    if (delta.x == 0 && delta.y == 0) return true;
    const std::string layer = data.name;
    const int64_t id = data.ids[dragged.second];
    geo::PointEdit edit;
    edit.position = geo::from_mercator(m_scene.view.to_world(px, py));
    if (const auto set = curate([&](geo::Curation& c) { return c.edit(layer, {id}, edit); }); set && *set > 0)
        say("Moved point " + std::to_string(id) + " (change set " + std::to_string(*set) + ")");
    return true;
}

void Viewer::draw_curation_panels() {
    if (draw_new_camera_panel(m_new_camera, camera_layers())) add_new_camera();
    if (m_show_history && m_history_stale) {
        try {
            m_history = geo::curation_history(geo::Store::open(*m_project));
        } catch (const std::exception& e) {
            m_history.clear();
            std::cerr << "oko: " << e.what() << "\n";
        }
        m_history_stale = false;
    }
    if (!m_curator) m_curator = curator_name();
    const auto history = draw_history_panel(&m_show_history, m_history, &*m_curator, m_history_refusal);
    if (history.curator) set_curator(*history.curator);
    if (history.undo) undo_or_redo(false);
    if (history.revert) revert_change_set(*history.revert);
    draw_duplicates();
    fill_for_test();
}

void Viewer::set_curator(const std::string& name) {
    auto settings = Settings::load();
    settings.curator = name;
    settings.save();
    m_curator = curator_name(); // $OKO_USER still comes first; an empty name: the system user
    say("Changes are recorded as " + *m_curator);
}

void Viewer::fill_for_test() {
    if (m_fill.empty()) return;
    // "curator=NAME": the history panel's name, typed and left.
    if (const auto it = std::find_if(m_fill.begin(), m_fill.end(), [](const auto& f) { return f.first == "curator"; });
        it != m_fill.end() && m_show_history) {
        set_curator(it->second);
        m_fill.erase(it);
    }
    for (const auto& [name, value] : m_fill)
        if (name == "revert") { // the history panel's Revert on that change set
            m_fill.clear();
            try {
                revert_change_set(std::stoll(value));
            } catch (const std::logic_error&) {
                m_history_refusal = "revert: '" + value + "' is not a change set";
            }
            return;
        }
    if (m_new_camera) {
        for (const auto& [name, value] : m_fill) {
            if (name == "vendor") m_new_camera->vendor = value;
            if (name == "year") m_new_camera->year = value;
            if (name == "type") m_new_camera->type = value;
            if (name == "direction") m_new_camera->direction = value;
            if (name == "note") m_new_camera->note = value;
        }
        m_fill.clear();
        add_new_camera();
        return;
    }
    if (!m_pinned && fill_selection_for_test()) return;
    if (!m_pinned || !m_pinned->stored) return;
    for (const auto& [name, value] : m_fill)
        if (name == "delete") { // Delete, and its confirmation
            InspectRequest remove;
            remove.remove = true;
            m_fill.clear();
            apply_inspect(remove);
            return;
        } else if (name == "merge" || name == "distinct") { // the Merge or Distinct beside that duplicate
            InspectRequest request;
            m_fill.clear();
            try {
                (name == "merge" ? request.merge_with : request.distinct_from) = std::stoll(value);
            } catch (const std::exception&) {
                m_pinned->error = name + ": '" + value + "' is not a point id";
                return;
            }
            apply_inspect(request);
            return;
        }
    for (const auto& [name, value] : m_fill) {
        if (name == "status") {
            if (const auto s = geo::status_from_name(value)) m_pinned->edited.status = *s;
        } else if (name == "note") {
            m_pinned->edited.note = value;
        } else {
            for (auto& field : m_pinned->edited.fields)
                if (field.first == name) field.second = value;
        }
    }
    m_fill.clear();
    InspectRequest request;
    request.edit = form_edit(*m_pinned);
    if (!request.edit->empty()) apply_inspect(request);
}

} // namespace oko::app
