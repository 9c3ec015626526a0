// Under the cursor: the points (a tooltip on hover, the pinned point a click shows in full) and
// the density views' figures there (a cell's or district's count, area and density, a heatmap's
// value), looked up in what the view computed (app/project/density_views.hpp).
#include "app/window/viewer.hpp"

#include "geo/scene/furniture.hpp"
#include "geo/base/mercator.hpp"
#include "geo/store/curation.hpp"
#include "geo/store/store_points.hpp"
#include "render/map/map_renderer.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace oko::app {

namespace {

// Three significant digits, whole numbers from 100, as the legends write them.
std::string figure(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, std::abs(v) >= 100 ? "%.0f" : "%.3g", v);
    return buf;
}

void swatch(const geo::LegendSpec& legend, int class_index) {
    if (class_index < 0 || class_index >= static_cast<int>(legend.classes.size())) return;
    const auto c = legend.classes[class_index].colour;
    const float side = ImGui::GetTextLineHeight();
    ImGui::ColorButton("##class", ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, 1.0f),
                       ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoDragDrop, ImVec2(side, side));
    ImGui::SameLine();
}

// The lines of one view's tooltip.
void density_lines(const DensityView& v, const DensityHover& h) {
    const auto& d = v.spec.display;
    const auto count = [](int64_t n) { return std::to_string(n) + (n == 1 ? " camera" : " cameras"); };
    switch (h.kind) {
    case geo::PointDisplay::bins:
        ImGui::TextDisabled("%s: %s of %s%s", v.layer.c_str(),
                            std::string(geo::cell_shape_name(d.bins.cells.shape)).c_str(),
                            geo::length_label(d.bins.cells.size_m).c_str(),
                            d.bins.cells.shape == geo::CellShape::hexagon ? " (side)" : "");
        break;
    case geo::PointDisplay::choropleth:
        ImGui::TextDisabled("%s:", v.layer.c_str());
        ImGui::SameLine();
        ImGui::TextUnformatted(h.name.empty() ? "(no name)" : h.name.c_str());
        break;
    case geo::PointDisplay::heatmap: {
        const auto& w = d.heatmap.weight_field;
        ImGui::TextDisabled("%s:", v.layer.c_str());
        ImGui::SameLine();
        ImGui::Text("%s %s per km²", figure(h.per_km2).c_str(), w.empty() ? "cameras" : w.c_str());
        ImGui::TextDisabled("%s kernel, %s %s", std::string(geo::kernel_name(d.heatmap.kernel.kernel)).c_str(),
                            d.heatmap.kernel.kernel == geo::Kernel::gaussian ? "σ" : "radius",
                            geo::length_label(d.heatmap.kernel.radius_m).c_str());
        return;
    }
    default:
        return;
    }
    ImGui::Text("%s in %s km²: %s per km²", count(h.count).c_str(), figure(h.area_km2).c_str(),
                figure(h.per_km2).c_str());
    if (h.class_index >= 0 && h.class_index < static_cast<int>(v.classes.size())) {
        const auto& c = v.classes[h.class_index];
        swatch(v.legend, h.class_index);
        const bool last = h.class_index + 1 == static_cast<int>(v.classes.size());
        ImGui::TextDisabled("class %d of %d: %s%s%s per km²", h.class_index + 1, static_cast<int>(v.classes.size()),
                            figure(c.from).c_str(),
                            c.from == c.to ? ""
                            : last         ? " – "
                                           : " – <",
                            c.from == c.to ? "" : figure(c.to).c_str());
    }
}

} // namespace

std::vector<std::pair<size_t, double>> Viewer::pickable_layers() const {
    std::vector<std::pair<size_t, double>> out;
    for (size_t l = 0; l < m_views.size(); ++l) {
        const auto& name = m_views[l].data().name;
        const auto spec = std::find_if(m_scene.point_layers.begin(), m_scene.point_layers.end(),
                                       [&](const geo::PointLayerSpec& s) { return s.name == name; });
        // A layer drawn as a density view shows no points to hover.
        if (spec == m_scene.point_layers.end() || !spec->style.visible || m_renderer->has_point_overlay(name)) continue;
        out.emplace_back(l, spec->style.radius_px * m_scene.pixel_ratio);
    }
    return out;
}

std::vector<std::pair<size_t, size_t>> Viewer::points_near(double px, double py, double radius_px) const {
    std::vector<std::tuple<double, size_t, size_t>> hits;
    const geo::XY centre = m_scene.view.to_world(px, py);
    const double r = radius_px * m_scene.view.resolution;
    for (const auto& [l, symbol_px] : pickable_layers()) {
        const double reach = r + symbol_px * m_scene.view.resolution;
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
        const auto store = geo::Store::open(*m_project);
        p.fields = geo::point_details(store, p.id);
        p.stored = geo::point_fields(store, p.id);
        if (p.stored) p.edited = *p.stored;
        p.duplicates = geo::flagged_duplicates(store, p.id);
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
    if (io.WantCaptureMouse || !ImGui::IsMousePosValid()) return;
    const float ratio = m_mouse_ratio;
    const double px = io.MousePos.x * ratio, py = io.MousePos.y * ratio;
    // A click (not the end of a drag).
    const bool clicked = ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
                         ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).x == 0 &&
                         ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).y == 0;
    // Adding cameras: a click opens the new camera's form there, over a point or not.
    if (m_adding) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        if (clicked) start_new_camera(px, py);
    }
    // The density views under the cursor: lookups in their figures (a lattice cell, the districts
    // whose box holds the place, a grid cell), cheap enough for every frame.
    const geo::XY at = m_scene.view.to_world(px, py);
    std::vector<std::pair<const DensityView*, DensityHover>> density;
    for (const auto& v : m_density_shown)
        if (auto h = density_at(v, at)) density.emplace_back(&v, std::move(*h));
    // The search walks every point of every visible layer: do it only when the mouse, the view,
    // a filter or a symbol changed, not on every frame.
    std::vector<double> key{px, py, m_scene.view.center.x, m_scene.view.center.y, m_scene.view.resolution};
    // A layer drawn as a density view (its overlay handed over later) shows no points to hover.
    for (const auto& spec : m_scene.point_layers)
        key.push_back(!spec.style.visible || m_renderer->has_point_overlay(spec.name) ? -1.0 : spec.style.radius_px);
    if (key != m_hover_key || m_filters_changed) m_hover = points_near(px, py, 3.0 * m_scene.pixel_ratio);
    m_hover_key = std::move(key);
    m_filters_changed = false;
    const auto& near = m_hover;
    if (near.empty() && density.empty()) return;
    // The cell or district under the cursor, outlined over the map.
    auto* draw = ImGui::GetBackgroundDrawList();
    const auto screen = [&](geo::XY w) {
        const auto p = m_scene.view.to_pixel(w);
        return ImVec2(static_cast<float>(p.x / ratio), static_cast<float>(p.y / ratio));
    };
    const ImU32 outline = IM_COL32(20, 20, 20, 230);
    for (const auto& [v, h] : density) {
        std::vector<ImVec2> ring;
        if (!h.cell.empty()) {
            for (const auto& c : h.cell)
                ring.push_back(screen(c));
            draw->AddPolyline(ring.data(), static_cast<int>(ring.size()), outline, ImDrawFlags_Closed, 2.0f);
        } else if (h.district >= 0) {
            const auto& g = v->districts[h.district].rings;
            for (size_t r = 0; r < g.part_count(); ++r) {
                ring.clear();
                for (size_t k = g.part_begin(r); k < g.part_end(r); ++k)
                    ring.push_back(screen(g.points[k]));
                draw->AddPolyline(ring.data(), static_cast<int>(ring.size()), outline, ImDrawFlags_Closed, 2.0f);
            }
        }
    }
    ImGui::BeginTooltip();
    for (size_t k = 0; k < density.size(); ++k) {
        if (k > 0) ImGui::Separator();
        density_lines(*density[k].first, density[k].second);
    }
    if (near.empty()) {
        ImGui::EndTooltip();
        return;
    }
    if (!density.empty()) ImGui::Separator();
    const auto& [l, i] = near.front();
    const auto& d = m_data.point_layers[l];
    const auto& vendor = d.vendors[d.vendor_index[i]];
    ImGui::Text("%s", geo::Filter::is_unknown_vendor(vendor) ? "unknown vendor" : vendor.c_str());
    ImGui::SameLine();
    if (d.years[i]) ImGui::Text("%d", d.years[i]);
    ImGui::TextDisabled("%s #%lld%s", d.name.c_str(), static_cast<long long>(d.ids[i]),
                        near.size() > 1 ? ("  (+" + std::to_string(near.size() - 1) + " more here)").c_str() : "");
    ImGui::TextDisabled(m_selecting ? "click to select, drag to select many" : "click for details");
    ImGui::EndTooltip();
    // A click pins the nearest point and lists the others under the cursor (selecting, it selects it).
    if (clicked && !m_adding && !m_selecting) pin(l, i, near);
}

} // namespace oko::app
