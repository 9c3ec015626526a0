#include "app/panels/panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

namespace oko::app {

namespace {

template <class T, size_t N>
bool enum_combo(const char* label, T& value, const T (&all)[N], std::string_view (*name)(T)) {
    bool changed = false;
    if (ImGui::BeginCombo(label, std::string(name(value)).c_str())) {
        for (const T v : all)
            if (ImGui::Selectable(std::string(name(v)).c_str(), v == value)) {
                changed = v != value;
                value = v;
            }
        ImGui::EndCombo();
    }
    return changed;
}

constexpr geo::ColourRamp kRamps[] = {geo::ColourRamp::viridis, geo::ColourRamp::magma, geo::ColourRamp::inferno,
                                      geo::ColourRamp::plasma, geo::ColourRamp::cividis};
constexpr geo::ClassMethod kMethods[] = {geo::ClassMethod::natural_breaks, geo::ClassMethod::quantile,
                                         geo::ClassMethod::equal_interval};
constexpr geo::Kernel kKernels[] = {geo::Kernel::quartic, geo::Kernel::gaussian, geo::Kernel::epanechnikov,
                                    geo::Kernel::triangular, geo::Kernel::uniform};

// A size in metres, dragged on a logarithmic scale; only a released drag changes the scene, so
// a slow computation does not run for every pixel of the drag.
void metres_slider(const char* label, double& value, float lo, float hi) {
    float v = static_cast<float>(value);
    ImGui::SliderFloat(label, &v, lo, hi, "%.0f m", ImGuiSliderFlags_Logarithmic);
    if (ImGui::IsItemDeactivatedAfterEdit() || (ImGui::IsItemEdited() && !ImGui::IsItemActive()))
        value = std::clamp(static_cast<double>(v), static_cast<double>(lo), static_cast<double>(hi));
}

void classes_controls(geo::ClassMethod& method, int& classes, geo::ColourRamp& ramp, float& opacity) {
    const float w = 8 * ImGui::GetFontSize();
    ImGui::SetNextItemWidth(w);
    enum_combo("classes by", method, kMethods, geo::class_method_name);
    ImGui::SetNextItemWidth(w);
    ImGui::SliderInt("classes", &classes, 2, 9);
    ImGui::SetNextItemWidth(w);
    enum_combo("ramp", ramp, kRamps, geo::ramp_name);
    ImGui::SetNextItemWidth(w);
    ImGui::SliderFloat("fill opacity", &opacity, 0.1f, 1.0f, "%.2f");
}

// The heatmap's weight: "none" (each camera counts once) or one of the layer's numeric
// attributes; a field the scene names that the layer has not (yet) listed is shown as chosen.
void weight_combo(std::string& field, const std::vector<std::string>& fields) {
    ImGui::SetNextItemWidth(8 * ImGui::GetFontSize());
    if (ImGui::BeginCombo("weight", field.empty() ? "none" : field.c_str())) {
        if (ImGui::Selectable("none", field.empty())) field.clear();
        for (const auto& f : fields)
            if (ImGui::Selectable(f.c_str(), f == field)) field = f;
        if (!field.empty() && std::find(fields.begin(), fields.end(), field) == fields.end())
            ImGui::Selectable(field.c_str(), true);
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("None: each camera counts once (cameras per km²).\nA column: each camera counts as its "
                          "value (the column's sum per km²); only columns that are a number of 0 or more at "
                          "every camera are listed.");
}

} // namespace

void draw_display_controls(geo::PointDisplaySpec& d, const DisplayStatus& status,
                           const std::vector<geo::ReferenceLayerData>& references) {
    const float w = 8 * ImGui::GetFontSize();
    // Hexagons and squares are one view (bins) with two shapes: the menu shows them apart.
    const char* choices[] = {"points", "heatmap", "hexagons", "squares", "districts", "street coverage"};
    int current = 0;
    switch (d.kind) {
    case geo::PointDisplay::points:
        current = 0;
        break;
    case geo::PointDisplay::heatmap:
        current = 1;
        break;
    case geo::PointDisplay::bins:
        current = d.bins.cells.shape == geo::CellShape::hexagon ? 2 : 3;
        break;
    case geo::PointDisplay::choropleth:
        current = 4;
        break;
    case geo::PointDisplay::coverage:
        current = 5;
        break;
    }
    ImGui::SetNextItemWidth(w);
    if (ImGui::Combo("show as", &current, choices, IM_ARRAYSIZE(choices))) {
        static constexpr geo::PointDisplay kinds[] = {geo::PointDisplay::points,     geo::PointDisplay::heatmap,
                                                      geo::PointDisplay::bins,       geo::PointDisplay::bins,
                                                      geo::PointDisplay::choropleth, geo::PointDisplay::coverage};
        d.kind = kinds[current];
        if (current == 2) d.bins.cells.shape = geo::CellShape::hexagon;
        if (current == 3) d.bins.cells.shape = geo::CellShape::square;
    }
    switch (d.kind) {
    case geo::PointDisplay::points:
        return;
    case geo::PointDisplay::heatmap: {
        auto& h = d.heatmap;
        ImGui::SetNextItemWidth(w);
        metres_slider(h.kernel.kernel == geo::Kernel::gaussian ? "sigma" : "radius", h.kernel.radius_m, 10, 5000);
        ImGui::SetNextItemWidth(w);
        enum_combo("kernel", h.kernel.kernel, kKernels, geo::kernel_name);
        weight_combo(h.weight_field, status.weight_fields);
        ImGui::SetNextItemWidth(w);
        enum_combo("ramp", h.ramp, kRamps, geo::ramp_name);
        ImGui::SetNextItemWidth(w);
        ImGui::SliderFloat("heat opacity", &h.opacity, 0.1f, 1.0f, "%.2f");
        bool fixed = h.scale_max > 0;
        if (ImGui::Checkbox("set the top of the scale", &fixed)) h.scale_max = fixed ? 100.0 : 0.0;
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Off: the top colour is the layer's highest density (with its filter), the same at "
                              "every zoom.\nOn: the top colour is this many cameras per km², for figures that "
                              "compare layers or years.");
        if (fixed) {
            float top = static_cast<float>(h.scale_max);
            ImGui::SetNextItemWidth(w);
            if (ImGui::DragFloat("per km²", &top, 0.5f, 0.01f, 1e6f, "%.2f", ImGuiSliderFlags_Logarithmic) && top > 0)
                h.scale_max = top;
        }
        break;
    }
    case geo::PointDisplay::bins: {
        auto& b = d.bins;
        ImGui::SetNextItemWidth(w);
        metres_slider(b.cells.shape == geo::CellShape::hexagon ? "side" : "cell side", b.cells.size_m, 10, 10000);
        classes_controls(b.method, b.classes, b.ramp, b.opacity);
        break;
    }
    case geo::PointDisplay::choropleth: {
        auto& c = d.choropleth;
        // Districts from the OSM admin boundaries or from a reference layer of areas.
        const std::string osm = "OSM admin boundaries";
        ImGui::SetNextItemWidth(w);
        if (ImGui::BeginCombo("districts from",
                              (c.boundary_layer.empty() ? osm : "reference layer " + c.boundary_layer).c_str())) {
            if (ImGui::Selectable(osm.c_str(), c.boundary_layer.empty())) {
                c.boundary_layer.clear();
                c.boundary_name.clear();
            }
            for (const auto& r : references)
                if (r.kind == geo::ReferenceKind::Areas &&
                    ImGui::Selectable(("reference layer " + r.name).c_str(), r.name == c.boundary_layer) &&
                    r.name != c.boundary_layer) {
                    c.boundary_layer = r.name;
                    c.boundary_name.clear();
                }
            ImGui::EndCombo();
        }
        const auto layer = std::find_if(references.begin(), references.end(),
                                        [&](const geo::ReferenceLayerData& r) { return r.name == c.boundary_layer; });
        if (c.boundary_layer.empty()) {
            int level = c.admin_level;
            ImGui::SetNextItemWidth(w);
            if (ImGui::SliderInt("admin level", &level, 0, 12, level == 0 ? "auto" : "%d")) c.admin_level = level;
        } else if (layer != references.end()) {
            // The field naming each district: by default the first of name, NAME, naziv, ... it has.
            ImGui::SetNextItemWidth(w);
            if (ImGui::BeginCombo("named by", c.boundary_name.empty() ? "its name field" : c.boundary_name.c_str())) {
                if (ImGui::Selectable("its name field", c.boundary_name.empty())) c.boundary_name.clear();
                for (const auto& f : layer->fields)
                    if (ImGui::Selectable(f.c_str(), f == c.boundary_name)) c.boundary_name = f;
                ImGui::EndCombo();
            }
        }
        classes_controls(c.method, c.classes, c.ramp, c.opacity);
        break;
    }
    case geo::PointDisplay::coverage: {
        auto& v = d.coverage;
        ImGui::SetNextItemWidth(w);
        metres_slider("distance", v.radius_m, 10, 500);
        bool sectors = v.sector_deg > 0;
        if (ImGui::Checkbox("only the sector a camera faces", &sectors)) v.sector_deg = sectors ? 90.0 : 0.0;
        if (sectors) {
            float deg = static_cast<float>(v.sector_deg);
            ImGui::SetNextItemWidth(w);
            if (ImGui::SliderFloat("angle", &deg, 10.0f, 360.0f, "%.0f°")) v.sector_deg = deg;
        }
        break;
    }
    }
    ImGui::Checkbox("legend on the map", &d.legend);
    if (!status.text.empty()) ImGui::TextWrapped("%s", status.text.c_str());
}

} // namespace oko::app
