#include "app/panels/panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

namespace oko::app {

namespace {

// A colour swatch that edits in place; `id` keeps ImGui's widgets apart.
bool colour_edit(const std::string& id, geo::Colour& c, bool alpha) {
    const ImGuiColorEditFlags flags = ImGuiColorEditFlags_NoInputs | ImGuiColorEditFlags_NoLabel |
                                      (alpha ? ImGuiColorEditFlags_AlphaBar : ImGuiColorEditFlags_NoAlpha);
    float v[4] = {c.r, c.g, c.b, c.a};
    const bool changed = alpha ? ImGui::ColorEdit4(id.c_str(), v, flags) : ImGui::ColorEdit3(id.c_str(), v, flags);
    if (changed) c = {v[0], v[1], v[2], alpha ? v[3] : c.a};
    return changed;
}

// A line's width as its width zoomed out (px); changing it scales the width at every zoom.
void width_edit(geo::LineStyle& line) {
    if (!line.enabled) return;
    float px = static_cast<float>(line.min_px);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 3.5f);
    if (ImGui::DragFloat("##width", &px, 0.05f, 0.3f, 16.0f, "%.1f px") && px > 0 && line.min_px > 0) {
        const double factor = px / line.min_px;
        line.min_px *= factor;
        line.max_px *= factor;
        line.metres *= factor;
    }
}

// The colour a legend shows for a symbol, and edits: the fill of areas, the line of lines.
geo::Colour& legend_colour(geo::ReferenceSymbol& s, geo::ReferenceKind kind) {
    return kind == geo::ReferenceKind::Areas && s.fill ? s.fill_colour : s.line.colour;
}

} // namespace

void draw_visibility_and_order(bool& visible, int& order) {
    ImGui::Checkbox("##visible", &visible);
    ImGui::SameLine(0, 2);
    if (ImGui::ArrowButton("up", ImGuiDir_Up)) order = +1;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Draw above the layer listed over it");
    ImGui::SameLine(0, 2);
    if (ImGui::ArrowButton("down", ImGuiDir_Down)) order = -1;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Draw below the layer listed under it");
    ImGui::SameLine();
}

void draw_reference_layer_controls(geo::ReferenceLayerSpec& spec, const geo::ReferenceLayerData& data, int& order) {
    auto& style = spec.style;
    ImGui::PushID(spec.name.c_str());
    draw_visibility_and_order(style.visible, order);
    ImGui::SetNextItemOpen(true, ImGuiCond_FirstUseEver); // the legend shows from the start
    const bool open = ImGui::TreeNode("layer", "%s  %s %zu", spec.name.c_str(),
                                      std::string(geo::kind_name(spec.kind)).c_str(), data.features.size());
    if (open) {
        const float width = std::max(80.0f, ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 5);
        ImGui::SetNextItemWidth(width);
        ImGui::SliderFloat("opacity", &style.opacity, 0.0f, 1.0f, "%.2f");
        const std::string current = style.category_field.empty() ? "(one colour)" : style.category_field;
        ImGui::SetNextItemWidth(width);
        if (ImGui::BeginCombo("colour by", current.c_str())) {
            if (ImGui::Selectable("(one colour)", style.category_field.empty())) {
                const auto keep = style;
                style = geo::categorised_style(data, {});
                style.visible = keep.visible;
                style.opacity = keep.opacity;
                style.label_field = keep.label_field;
            }
            for (const auto& field : data.fields) {
                if (!ImGui::Selectable(field.c_str(), field == style.category_field)) continue;
                const auto keep = style;
                style = geo::categorised_style(data, field);
                style.visible = keep.visible;
                style.opacity = keep.opacity;
                style.label_field = keep.label_field;
            }
            ImGui::EndCombo();
        }
        if (spec.kind == geo::ReferenceKind::Areas) {
            ImGui::SetNextItemWidth(width);
            if (ImGui::BeginCombo("labels", style.label_field.empty() ? "(none)" : style.label_field.c_str())) {
                if (ImGui::Selectable("(none)", style.label_field.empty())) style.label_field.clear();
                for (const auto& field : data.fields)
                    if (ImGui::Selectable(field.c_str(), field == style.label_field)) style.label_field = field;
                ImGui::EndCombo();
            }
        }
        // The legend is the style: each swatch edits the colour it shows.
        if (style.category_field.empty()) {
            colour_edit("line", style.symbol.line.colour, false);
            width_edit(style.symbol.line);
            ImGui::SameLine();
            ImGui::TextUnformatted(spec.kind == geo::ReferenceKind::Areas ? "outline" : "line");
            if (spec.kind == geo::ReferenceKind::Areas) {
                colour_edit("fill", style.symbol.fill_colour, true);
                ImGui::SameLine();
                ImGui::TextUnformatted("fill");
            }
        } else {
            for (size_t i = 0; i < style.categories.size(); ++i) {
                auto& c = style.categories[i];
                ImGui::PushID(static_cast<int>(i));
                ImGui::Checkbox("##on", &c.visible);
                ImGui::SameLine();
                colour_edit("colour", legend_colour(c.symbol, spec.kind), spec.kind == geo::ReferenceKind::Areas);
                if (spec.kind == geo::ReferenceKind::Lines) width_edit(c.symbol.line);
                ImGui::SameLine();
                ImGui::Text("%s  (%lld)", c.value.c_str(), static_cast<long long>(c.count));
                ImGui::PopID();
            }
            ImGui::Checkbox("##other", &style.show_other);
            ImGui::SameLine();
            colour_edit("other", legend_colour(style.symbol, spec.kind), spec.kind == geo::ReferenceKind::Areas);
            ImGui::SameLine();
            ImGui::TextUnformatted("other values");
        }
        ImGui::TreePop();
    }
    ImGui::PopID();
}

float draw_layers_panel(geo::SceneSpec& scene, const std::vector<PointLayerView>& views,
                        const geo::VendorPalette& palette, const std::string& project_name,
                        const std::vector<geo::ReferenceLayerData>& references,
                        const std::map<std::string, DisplayStatus>& display_status) {
    const float em = ImGui::GetFontSize(); // sizes in em follow the UI scale (HiDPI)
    // Under the menu bar (one frame high), which moves the viewport's work area only from the next frame.
    ImGui::SetNextWindowPos(ImVec2(0.7f * em, ImGui::GetFrameHeight() + 0.7f * em), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(20 * em, 0), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSizeConstraints(ImVec2(13 * em, 7 * em),
                                        ImVec2(40 * em, ImGui::GetMainViewport()->WorkSize.y - 1.3f * em));
    ImGui::Begin("Layers");
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowSize().x;
    if (!project_name.empty()) ImGui::TextDisabled("%s", project_name.c_str());
    // Top of the list is top of the map: point layers first, the last drawn at the top; the
    // arrows move a layer in the draw order.
    auto& points = scene.point_layers;
    for (int i = static_cast<int>(points.size()) - 1; i >= 0; --i) {
        int order = 0;
        for (const auto& view : views)
            if (view.data().name == points[i].name) {
                const auto status = display_status.find(points[i].name);
                draw_point_layer_controls(points[i], view, palette,
                                          status == display_status.end() ? DisplayStatus{} : status->second, order,
                                          references);
            }
        const int to = i + order;
        if (order != 0 && to >= 0 && to < static_cast<int>(points.size())) std::swap(points[i], points[to]);
    }
    if (!scene.point_layers.empty()) ImGui::Separator();
    // Reference layers, top of the map first; the arrows move a layer in the draw order.
    auto& refs = scene.reference_layers;
    for (int i = static_cast<int>(refs.size()) - 1; i >= 0; --i) {
        const auto data = std::find_if(references.begin(), references.end(),
                                       [&](const geo::ReferenceLayerData& d) { return d.name == refs[i].name; });
        if (data == references.end()) continue;
        int order = 0;
        draw_reference_layer_controls(refs[i], *data, order);
        const int to = i + order;
        if (order != 0 && to >= 0 && to < static_cast<int>(refs.size())) std::swap(refs[i], refs[to]);
    }
    if (!refs.empty()) ImGui::Separator();
    // Top of the list is top of the map, as in every GIS. Places are labels, always on top.
    auto& look = scene.basemap;
    for (int i = static_cast<int>(look.order.size()) - 1; i >= 0; --i) {
        const auto layer = look.order[i];
        bool on = scene.visible(layer);
        std::string label(geo::layer_name(layer));
        label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
        ImGui::PushID(label.c_str());
        if (layer == geo::BasemapLayer::Places) {
            ImGui::Checkbox(label.c_str(), &on);
        } else {
            int order = 0;
            draw_visibility_and_order(on, order);
            if (ImGui::TreeNode(label.c_str())) {
                ImGui::SetNextItemWidth(8 * em);
                ImGui::SliderFloat("opacity", &look.opacity[static_cast<size_t>(layer)], 0.0f, 1.0f, "%.2f");
                ImGui::TreePop();
            }
            const int to = i + order;
            if (order != 0 && to >= 0 && to < static_cast<int>(look.order.size()) &&
                look.order[to] != geo::BasemapLayer::Places)
                std::swap(look.order[i], look.order[to]);
        }
        scene.set_visible(layer, on);
        ImGui::PopID();
    }
    ImGui::Separator();
    ImGui::Checkbox("Labels", &scene.labels);
    if (scene.labels) {
        // The script of place and street names: Serbian figures are made in Cyrillic, Latin or both.
        ImGui::SameLine();
        ImGui::SetNextItemWidth(110);
        const std::string current(geo::label_script_name(scene.label_script));
        if (ImGui::BeginCombo("##script", current.c_str())) {
            for (const auto script : {geo::LabelScript::native, geo::LabelScript::latin, geo::LabelScript::cyrillic,
                                      geo::LabelScript::both}) {
                const std::string name(geo::label_script_name(script));
                if (ImGui::Selectable(name.c_str(), script == scene.label_script)) scene.label_script = script;
            }
            ImGui::EndCombo();
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Names as OSM has them, in Latin, in Cyrillic or in both");
    }
    ImGui::End();
    return right;
}

} // namespace oko::app
