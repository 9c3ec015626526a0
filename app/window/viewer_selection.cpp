// Selecting many points in the window: the "select points" mode's box and lasso, the rings on
// the selected points, and the selection panel's Apply, which changes them all at once through
// geo::Curation::edit, one change set per layer, as `oko edit --ids` does.
#include "app/window/viewer.hpp"

#include "geo/map/ring_contains.hpp"
#include "geo/store/curation.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_set>

namespace oko::app {

namespace {

// The selected points in view are ringed one by one while the rings are at most kMaxRings (beyond,
// software OpenGL spends more on them than on the map: 4,021 rings added 116 ms to a frame) and do not
// pile up (more than kMaxPile rings in a square of a ring's width on average, they cover the points
// they mark); otherwise the box around them and their count are drawn instead.
constexpr size_t kMaxRings = 2000;
constexpr size_t kMaxPile = 6;

enum class SelectOp { replace, add, remove };

} // namespace

bool Viewer::select_points() {
    ImGuiIO& io = ImGui::GetIO();
    if (!m_project || !m_selecting) {
        m_select_path.clear();
        return false;
    }
    const float ratio = m_mouse_ratio;
    const geo::XY at{io.MousePos.x * ratio, io.MousePos.y * ratio};
    if (m_select_path.empty()) {
        if (io.WantCaptureMouse || !ImGui::IsMouseClicked(ImGuiMouseButton_Left)) return false;
        m_select_path.push_back(at);
    }
    // The path of the mouse, a point each time it has moved a pixel.
    const geo::XY last = m_select_path.back();
    if (std::hypot(at.x - last.x, at.y - last.y) >= 1.0) m_select_path.push_back(at);
    if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) return true;

    // Released: what the box or the lasso holds, or a click's point.
    const auto path = std::exchange(m_select_path, {});
    const bool lasso = m_selection.lasso || io.KeyAlt;
    const SelectOp op = io.KeyCtrl ? SelectOp::remove : io.KeyShift ? SelectOp::add : SelectOp::replace;
    std::vector<std::pair<size_t, size_t>> hits;
    // A mouse that moved less than ImGui's drag threshold clicked (a hand's jitter is no box).
    geo::BBox moved;
    for (const auto& p : path)
        moved.extend(p);
    const double threshold = io.MouseDragThreshold * ratio;
    if ((moved.width() < threshold && moved.height() < threshold) || (lasso && path.size() < 3)) {
        const auto near = points_near(at.x, at.y, 3.0 * m_scene.pixel_ratio);
        if (!near.empty()) hits.push_back(near.front());
    } else if (lasso) {
        std::vector<geo::XY> ring;
        geo::BBox box;
        for (const auto& p : path) {
            ring.push_back(m_scene.view.to_world(p.x, p.y));
            box.extend(ring.back());
        }
        for (const auto& [l, symbol_px] : pickable_layers()) {
            const auto& pos = m_views[l].data().positions;
            for (size_t i = 0; i < pos.size(); ++i)
                if (box.contains(pos[i]) && m_views[l].passes(i) && geo::ring_contains(ring, pos[i]))
                    hits.emplace_back(l, i);
        }
    } else {
        geo::BBox box;
        box.extend(m_scene.view.to_world(path.front().x, path.front().y));
        box.extend(m_scene.view.to_world(path.back().x, path.back().y));
        for (const auto& [l, symbol_px] : pickable_layers()) {
            const auto& pos = m_views[l].data().positions;
            for (size_t i = 0; i < pos.size(); ++i)
                if (box.contains(pos[i]) && m_views[l].passes(i)) hits.emplace_back(l, i);
        }
    }
    selected_points(); // the selection of this project, as the layers hold it
    if (op == SelectOp::replace) m_selection.ids.clear();
    const size_t before = m_selection.size();
    for (const auto& [l, i] : hits) {
        const auto& data = m_data.point_layers[l];
        if (op == SelectOp::remove)
            m_selection.ids[data.name].erase(data.ids[i]);
        else
            m_selection.ids[data.name].insert(data.ids[i]);
    }
    std::erase_if(m_selection.ids, [](const auto& layer) { return layer.second.empty(); });
    m_selection.error.clear();
    m_selected_stale = true;
    const size_t n = m_selection.size();
    const size_t changed = op == SelectOp::remove ? before - n : n - before; // not those that already were
    say(std::string(op == SelectOp::remove ? "Removed "
                    : op == SelectOp::add  ? "Added "
                                           : "Selected ") +
        count_with_commas(changed) + (changed == 1 ? " point" : " points") +
        (op == SelectOp::replace ? "" : ": " + count_with_commas(n) + (n == 1 ? " point" : " points") + " selected"));
    return true;
}

const std::vector<std::pair<size_t, size_t>>& Viewer::selected_points() {
    if (m_project && m_selection.project != *m_project) { // another project: its ids are others
        m_selection.ids.clear();
        m_selection.project = *m_project;
        m_selected_stale = true;
    }
    // Still where they were found? (A reload after a change replaces a layer's arrays: a point
    // deleted or merged away shifts the ones after it.)
    const auto& layers = m_data.point_layers;
    for (size_t k = 0; !m_selected_stale && k < m_selected.size(); ++k) {
        const auto [l, i] = m_selected[k];
        m_selected_stale = l >= layers.size() || i >= layers[l].ids.size() || layers[l].ids[i] != m_selected_ids[k] ||
                           !m_selection.ids.count(layers[l].name);
    }
    if (!m_selected_stale) return m_selected;
    m_selected.clear();
    m_selected_ids.clear();
    std::map<std::string, std::set<int64_t>> found;
    for (size_t l = 0; l < layers.size(); ++l) {
        const auto it = m_selection.ids.find(layers[l].name);
        if (it == m_selection.ids.end()) continue;
        const auto& ids = layers[l].ids;
        for (size_t i = 0; i < ids.size(); ++i)
            if (it->second.count(ids[i])) {
                m_selected.emplace_back(l, i);
                m_selected_ids.push_back(ids[i]);
                found[layers[l].name].insert(ids[i]);
            }
    }
    m_selection.ids = std::move(found); // what is no longer there is no longer selected
    m_selected_stale = false;
    return m_selected;
}

void Viewer::draw_selection() {
    const float ratio = m_mouse_ratio;
    const auto screen = [&](geo::XY world) {
        const auto p = m_scene.view.to_pixel(world);
        return ImVec2(static_cast<float>(p.x / ratio), static_cast<float>(p.y / ratio));
    };
    // Over the map, under the panels.
    auto* draw = ImGui::GetBackgroundDrawList();
    const ImU32 ring = IM_COL32(230, 0, 160, 255), halo = IM_COL32(255, 255, 255, 230);
    const auto& selected = selected_points();
    if (!selected.empty()) {
        std::vector<float> radius(m_data.point_layers.size(), 0.0f); // 0: not pickable, not ringed
        for (const auto& [l, symbol_px] : pickable_layers())
            radius[l] = static_cast<float>(symbol_px / ratio) + 3.0f;
        const float w = static_cast<float>(m_scene.view.width / ratio),
                    h = static_cast<float>(m_scene.view.height / ratio);
        // One ring for the points within a few pixels of each other (to the eye they are one), and
        // how many rings' widths the points cover: piled up, rings hide the points they mark.
        const auto cell = [](ImVec2 p, float size) {
            return (static_cast<int64_t>(std::floor(p.x / size)) << 32) ^
                   static_cast<uint32_t>(static_cast<int32_t>(std::floor(p.y / size)));
        };
        std::unordered_set<int64_t> near, wide;
        std::vector<std::pair<ImVec2, float>> rings;
        size_t in_view = 0;
        ImVec2 lo(w, h), hi(0, 0);
        for (const auto& [l, i] : selected) {
            if (radius[l] == 0.0f || !m_views[l].passes(i)) continue;
            const ImVec2 p = screen(m_data.point_layers[l].positions[i]);
            if (p.x < -radius[l] || p.y < -radius[l] || p.x > w + radius[l] || p.y > h + radius[l]) continue;
            ++in_view;
            if (near.insert(cell(p, 3.0f)).second) rings.emplace_back(p, radius[l]);
            wide.insert(cell(p, 2 * radius[l]));
            lo = ImVec2(std::min(lo.x, p.x), std::min(lo.y, p.y));
            hi = ImVec2(std::max(hi.x, p.x), std::max(hi.y, p.y));
        }
        if (rings.size() <= kMaxRings && rings.size() <= kMaxPile * wide.size()) {
            for (const auto& [p, r] : rings) {
                draw->AddCircle(p, r, halo, 12, 4.0f);
                draw->AddCircle(p, r, ring, 12, 2.0f);
            }
        } else {
            const ImVec2 a(lo.x - 4, lo.y - 4), b(hi.x + 4, hi.y + 4);
            draw->AddRect(a, b, halo, 0, 0, 4.0f);
            draw->AddRect(a, b, ring, 0, 0, 2.0f);
            const std::string label = count_with_commas(in_view) + " selected points here";
            const ImVec2 size = ImGui::CalcTextSize(label.c_str());
            const ImVec2 t(std::clamp(a.x, 4.0f, w - size.x - 4), std::clamp(a.y - size.y - 4, 4.0f, h - size.y - 4));
            draw->AddRectFilled(ImVec2(t.x - 3, t.y - 1), ImVec2(t.x + size.x + 3, t.y + size.y + 1), halo, 3.0f);
            draw->AddText(t, ring, label.c_str());
        }
    }
    // The box or the lasso being drawn.
    if (m_select_path.size() < 2) return;
    const ImU32 fill = IM_COL32(230, 0, 160, 40), edge = IM_COL32(150, 0, 105, 255);
    if (m_selection.lasso || ImGui::GetIO().KeyAlt) {
        std::vector<ImVec2> points;
        for (const auto& p : m_select_path)
            points.emplace_back(static_cast<float>(p.x / ratio), static_cast<float>(p.y / ratio));
        draw->AddPolyline(points.data(), static_cast<int>(points.size()), edge, ImDrawFlags_Closed, 1.5f);
    } else {
        const auto& a = m_select_path.front();
        const auto& b = m_select_path.back();
        const ImVec2 p(static_cast<float>(std::min(a.x, b.x) / ratio), static_cast<float>(std::min(a.y, b.y) / ratio));
        const ImVec2 q(static_cast<float>(std::max(a.x, b.x) / ratio), static_cast<float>(std::max(a.y, b.y) / ratio));
        draw->AddRectFilled(p, q, fill);
        draw->AddRect(p, q, edge, 0, 0, 1.5f);
    }
}

void Viewer::draw_selection_panel_and_apply() {
    selected_points(); // drops what is no longer there before the panel counts it
    const auto request = draw_selection_panel(m_selection, m_selecting);
    if (request.apply) apply_selection(*request.apply);
    if (request.clear || request.close) {
        m_selection.ids.clear();
        m_selection.error.clear();
        m_selected_stale = true;
    }
    if (request.close) m_selecting = false;
}

void Viewer::apply_selection(const geo::PointEdit& edit) {
    selected_points();
    if (m_selection.empty() || edit.empty()) return;
    // The layers' ids first: a change reloads the layers it touched, which selected_points() follows.
    const auto layers = m_selection.ids;
    std::vector<int64_t> sets;
    size_t points = 0;
    m_selection.error.clear();
    for (const auto& entry : layers) {
        const std::string& layer = entry.first; // named, not bound: the lambda below captures them
        const std::vector<int64_t> ids(entry.second.begin(), entry.second.end());
        std::string error;
        const auto set = curate([&](geo::Curation& c) { return c.edit(layer, ids, edit); }, &error);
        if (!set) {
            m_selection.error = (layers.size() > 1 ? layer + ": " : std::string()) + error;
            if (!sets.empty()) m_selection.error += " (the layers before it were changed: Ctrl+Z undoes them)";
            break;
        }
        if (*set > 0) sets.push_back(*set);
        points += ids.size();
    }
    m_selected_stale = true;
    if (sets.empty()) {
        if (m_selection.error.empty()) say("Nothing changed: the selected points have that already");
        return;
    }
    std::string what;
    if (edit.status) what = "status " + std::string(geo::status_name(*edit.status));
    for (const auto& [field, value] : edit.fields)
        what += (what.empty() ? "" : ", ") + field + " " + (value.empty() ? "unknown" : value);
    std::string numbers;
    for (const int64_t s : sets)
        numbers += (numbers.empty() ? "" : ", ") + std::to_string(s);
    say("Set " + what + " of " + count_with_commas(points) + (points == 1 ? " point" : " points") +
        (sets.size() == 1 ? " (change set " : " (change sets ") + numbers + ")");
}

bool Viewer::fill_selection_for_test() {
    if (m_selection.empty() || !m_select_path.empty()) return false;
    for (const auto& [name, value] : m_fill) {
        if (name == "status") {
            m_selection.status = geo::status_from_name(value);
            if (!m_selection.status)
                m_selection.error = "status: '" + value + "' is not unverified, verified or rejected";
        } else if (name == "note") {
            m_selection.note = value;
        } else if (name == "vendor") {
            m_selection.set_vendor = true;
            m_selection.vendor = value;
        } else {
            m_selection.error = name + ": a selection sets its status, note or vendor";
        }
    }
    m_fill.clear();
    if (m_selection.error.empty()) apply_selection(selection_edit(m_selection));
    return true;
}

} // namespace oko::app
