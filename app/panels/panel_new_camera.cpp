#include "app/panels/panels.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace oko::app {

bool draw_new_camera_panel(std::optional<NewCamera>& camera, const std::vector<std::string>& layers) {
    if (!camera) return false;
    const float em = ImGui::GetFontSize();
    // Beside the click, so that the place stays in sight.
    ImGui::SetNextWindowPos(ImVec2(camera->x + em, camera->y + em), ImGuiCond_Appearing);
    ImGui::SetNextWindowSize(ImVec2(22 * em, 0), ImGuiCond_Appearing);
    bool open = true;
    bool add = false;
    ImGui::Begin("New camera", &open, ImGuiWindowFlags_NoCollapse);
    ImGui::TextDisabled("at %.6f, %.6f (lat, lon)", camera->at.lat, camera->at.lon);
    if (ImGui::BeginTable("new", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed, 5 * em);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        const auto row = [](const char* name) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(name);
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-1);
        };
        if (layers.size() > 1) {
            row("layer");
            if (ImGui::BeginCombo("##layer", camera->layer.c_str())) {
                for (const auto& l : layers)
                    if (ImGui::Selectable(l.c_str(), l == camera->layer)) camera->layer = l;
                ImGui::EndCombo();
            }
        }
        row("vendor");
        ImGui::InputTextWithHint("##vendor", "unknown", &camera->vendor);
        row("year");
        ImGui::InputTextWithHint("##year", "unknown", &camera->year);
        row("type");
        ImGui::InputTextWithHint("##type", "dome, bullet, ...", &camera->type);
        row("direction");
        ImGui::InputTextWithHint("##direction", "degrees from north", &camera->direction);
        row("note");
        ImGui::InputTextWithHint("##note", "seen on a walk, ...", &camera->note);
        ImGui::EndTable();
    }
    if (ImGui::Button("Add")) add = true;
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) open = false;
    if (!camera->error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1.0f));
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(camera->error.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
    ImGui::End();
    if (!open) camera.reset();
    return add && camera;
}

} // namespace oko::app
