// Points under the cursor: the tooltip on hover, and the pinned point a click shows in full.
#include "app/window/viewer.hpp"

#include "geo/base/mercator.hpp"
#include "geo/store/store_points.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace oko::app {

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

} // namespace oko::app
