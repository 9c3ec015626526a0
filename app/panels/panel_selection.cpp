// The selection panel: how many points the "select points" mode holds, per layer, and a form that
// sets the status (with a note) or the vendor of all of them at once.
#include "app/panels/panels.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace oko::app {

size_t PointSelection::size() const {
    size_t n = 0;
    for (const auto& [layer, points] : ids)
        n += points.size();
    return n;
}

geo::PointEdit selection_edit(const PointSelection& selection) {
    geo::PointEdit edit;
    if (selection.status) {
        edit.status = selection.status;
        if (!selection.note.empty()) edit.note = selection.note;
    }
    if (selection.set_vendor) edit.fields.emplace_back("vendor", selection.vendor);
    return edit;
}

std::string count_with_commas(size_t n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

SelectionRequest draw_selection_panel(PointSelection& selection, bool selecting) {
    SelectionRequest request;
    selection.left = 0;
    if (!selecting && selection.empty()) return request;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float em = ImGui::GetFontSize();
    // Top right, where the point inspector opens (selecting closes it), below the frame figures and
    // clear of the legends along the bottom.
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - 10, vp->WorkPos.y + 5.5f * em),
                            ImGuiCond_FirstUseEver, ImVec2(1, 0));
    const float width = 26 * em;
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, vp->WorkSize.y - 80));
    bool open = true;
    ImGui::Begin("Selection", &open, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse);
    selection.left = ImGui::GetWindowPos().x;
    const size_t n = selection.size();
    std::string per_layer;
    for (const auto& [layer, points] : selection.ids)
        if (!points.empty())
            per_layer += (per_layer.empty() ? "" : ", ") + layer + ": " + count_with_commas(points.size());
    ImGui::PushTextWrapPos(0);
    ImGui::Text("%s %s selected%s", count_with_commas(n).c_str(), n == 1 ? "point" : "points",
                per_layer.empty() ? "" : (" (" + per_layer + ")").c_str());
    if (selecting)
        ImGui::TextDisabled("Drag a box over points (Alt+drag: a lasso) to select them; Shift adds, Ctrl removes, "
                            "a click takes the point under it. Arrow keys pan.");
    else
        ImGui::TextDisabled("B selects more.");
    ImGui::PopTextWrapPos();
    ImGui::Checkbox("Lasso: drag around the points", &selection.lasso);
    ImGui::Separator();

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("status");
    ImGui::SameLine();
    if (ImGui::RadioButton("keep", !selection.status)) selection.status.reset();
    for (int i = 0; i < geo::kPointStatusCount; ++i) {
        const auto status = static_cast<geo::PointStatus>(i);
        ImGui::SameLine();
        if (ImGui::RadioButton(std::string(geo::status_name(status)).c_str(), selection.status == status))
            selection.status = status;
    }
    ImGui::BeginDisabled(!selection.status);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##note", "note: why (checked on a walk, photo, ...)", &selection.note);
    ImGui::EndDisabled();
    ImGui::Checkbox("vendor", &selection.set_vendor);
    ImGui::SameLine();
    ImGui::BeginDisabled(!selection.set_vendor);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##vendor", "unknown", &selection.vendor);
    ImGui::EndDisabled();

    const auto edit = selection_edit(selection);
    ImGui::BeginDisabled(edit.empty() || n == 0);
    if (ImGui::Button(("Apply to " + count_with_commas(n) + (n == 1 ? " point" : " points")).c_str()))
        request.apply = edit;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(n == 0);
    if (ImGui::Button("Clear selection")) request.clear = true;
    ImGui::EndDisabled();
    if (!selection.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1.0f));
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(selection.error.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
    ImGui::End();
    if (!open) request.close = true;
    return request;
}

} // namespace oko::app
