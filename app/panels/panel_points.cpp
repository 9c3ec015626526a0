#include "app/panels/panels.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>

namespace oko::app {

namespace {

ImVec4 to_imvec(geo::Rgba c) { return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, 1.0f); }

void vendor_list(geo::PointLayerSpec& spec, const PointLayerView& view, const geo::VendorPalette& palette) {
    const auto& d = view.data();
    // The swatches are the legend: they show what the map draws.
    auto colours = palette.colours(d.vendors);
    if (!spec.style.colour_by_vendor) std::fill(colours.begin(), colours.end(), spec.style.colour);
    auto& f = spec.filter;
    // Ticked = passes the vendor criterion (geo::Filter::vendor_passes): with no criterion every
    // vendor, unknown included; with one, the unknown vendor only under the unknown toggle.
    size_t known = 0;
    bool any_unknown = false;
    for (const auto& v : d.vendors) {
        known += !geo::Filter::is_unknown_vendor(v);
        any_unknown |= geo::Filter::is_unknown_vendor(v);
    }
    for (size_t i = 0; i < d.vendors.size(); ++i) {
        const std::string& v = d.vendors[i];
        const bool unknown = geo::Filter::is_unknown_vendor(v);
        ImGui::PushID(static_cast<int>(i));
        ImGui::ColorButton("##c", to_imvec(colours[i]), ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoBorder,
                           ImVec2(0.8f * ImGui::GetFontSize(), 0.8f * ImGui::GetFontSize()));
        ImGui::SameLine();
        bool on = f.vendor_passes(v);
        const std::string label =
            (unknown ? std::string("unknown vendor") : v) + "  (" + std::to_string(view.vendor_counts()[i]) + ")";
        if (ImGui::Checkbox(label.c_str(), &on)) {
            if (f.vendors.empty()) // "all" becomes an explicit list before one is taken out
                for (const auto& other : d.vendors)
                    if (!geo::Filter::is_unknown_vendor(other)) f.vendors.push_back(other);
            std::erase(f.vendors, std::string(geo::Filter::kNoVendor)); // a vendor is about to be named or dropped
            if (unknown)
                f.include_unknown = on;
            else if (on)
                f.vendors.push_back(v);
            else
                f.vendors.erase(std::remove(f.vendors.begin(), f.vendors.end(), v), f.vendors.end());
            // Every vendor ticked, the unknown one too (or the layer has none): no criterion.
            if (f.vendors.size() >= known && (f.include_unknown || !any_unknown)) f.vendors.clear();
            if (f.vendors.empty() && !on) f.vendors.push_back(geo::Filter::kNoVendor); // nothing selected
        }
        ImGui::PopID();
    }
    if (ImGui::SmallButton("All")) {
        f.vendors.clear();
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("None")) f.vendors = {geo::Filter::kNoVendor};
}

void year_range(geo::PointLayerSpec& spec, const PointLayerView& view) {
    auto& f = spec.filter;
    const int lo = view.year_min(), hi = view.year_max();
    if (lo == 0) {
        ImGui::TextDisabled("no years known");
        return;
    }
    std::vector<float> bars;
    for (int y = lo; y <= hi; ++y) {
        const auto it = view.year_counts().find(y);
        bars.push_back(it == view.year_counts().end() ? 0.0f : static_cast<float>(it->second));
    }
    // ImGui 1.86's PlotHistogram draws no bars for a negative ("fill the row") width: pass it.
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::PlotHistogram("##years", bars.data(), static_cast<int>(bars.size()), 0, nullptr, 0.0f, FLT_MAX,
                         ImVec2(width, 2.7f * ImGui::GetFontSize()));
    int a = f.year_min.value_or(lo), b = f.year_max.value_or(hi);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::DragIntRange2("##range", &a, &b, 0.1f, lo, hi, "from %d", "to %d")) {
        a = std::clamp(a, lo, hi);
        b = std::clamp(b, a, hi);
        f.year_min = a == lo ? std::nullopt : std::optional<int>(a);
        f.year_max = b == hi ? std::nullopt : std::optional<int>(b);
    }
    const auto unknown = view.year_counts().find(0);
    ImGui::TextDisabled("%d–%d; %lld without a year", lo, hi,
                        static_cast<long long>(unknown == view.year_counts().end() ? 0 : unknown->second));
}

// The status criterion (geo::Filter::statuses, as `--filter status=` sets it): one checkbox a
// status, one a line as the vendors are; by default every one but rejected.
void status_list(geo::PointLayerSpec& spec) {
    auto& f = spec.filter;
    for (int i = 0; i < geo::kPointStatusCount; ++i) {
        const auto status = static_cast<geo::PointStatus>(i);
        bool on = f.status_passes(status);
        if (ImGui::Checkbox(std::string(geo::status_name(status)).c_str(), &on))
            f.statuses =
                static_cast<uint8_t>(on ? f.statuses | geo::status_bit(status) : f.statuses & ~geo::status_bit(status));
    }
}

} // namespace

void draw_point_layer_controls(geo::PointLayerSpec& spec, const PointLayerView& view, const geo::VendorPalette& palette,
                               const DisplayStatus& display_status, int& order,
                               const std::vector<geo::ReferenceLayerData>& references) {
    if (view.data().positions.empty()) { // e.g. osm_cameras of an extract without any
        ImGui::TextDisabled("     %s  (empty)", spec.name.c_str());
        return;
    }
    ImGui::PushID(spec.name.c_str());
    auto& st = spec.style;
    const std::string header =
        spec.name + "  " + std::to_string(view.passing()) + " / " + std::to_string(view.data().positions.size());
    draw_visibility_and_order(st.visible, order);
    if (ImGui::TreeNodeEx(header.c_str(), ImGuiTreeNodeFlags_DefaultOpen * (spec.kind != "sites"))) {
        draw_display_controls(spec.display, display_status, references);
        ImGui::SetNextItemWidth(8 * ImGui::GetFontSize());
        ImGui::SliderFloat("opacity", &st.opacity, 0.1f, 1.0f, "%.2f");
        ImGui::SetNextItemWidth(8 * ImGui::GetFontSize());
        ImGui::SliderFloat("size", &st.radius_px, 1.5f, 14.0f, "%.1f px");
        int symbol = static_cast<int>(st.symbol);
        ImGui::SetNextItemWidth(8 * ImGui::GetFontSize());
        if (ImGui::Combo("symbol", &symbol, "disc\0square\0diamond\0triangle\0"))
            st.symbol = static_cast<geo::PointSymbol>(symbol);
        ImGui::Checkbox("colour by vendor", &st.colour_by_vendor);
        if (!st.colour_by_vendor) {
            float c[3] = {st.colour.r / 255.0f, st.colour.g / 255.0f, st.colour.b / 255.0f};
            ImGui::SameLine();
            if (ImGui::ColorEdit3("##colour", c, ImGuiColorEditFlags_NoInputs))
                st.colour = {static_cast<uint8_t>(c[0] * 255), static_cast<uint8_t>(c[1] * 255),
                             static_cast<uint8_t>(c[2] * 255), 255};
        }
        ImGui::Separator();
        ImGui::TextDisabled("Vendor");
        vendor_list(spec, view, palette);
        ImGui::Separator();
        ImGui::TextDisabled("Status");
        status_list(spec);
        ImGui::Separator();
        ImGui::TextDisabled("Year");
        year_range(spec, view);
        ImGui::Checkbox("include unknown vendor/year", &spec.filter.include_unknown);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("A vendor or year filter counts only points that match it; ticked, points whose "
                              "vendor or year is unknown pass it too.\nWithout a vendor or year filter every point "
                              "counts.");
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##text", "search address, notes, model...", &spec.filter.text);
        ImGui::TreePop();
    }
    ImGui::PopID();
}

} // namespace oko::app
