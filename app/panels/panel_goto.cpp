#include "app/panels/panels.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace oko::app {

std::optional<geo::BBox> draw_goto_panel(const geo::PlaceIndex& index, std::string& query) {
    std::optional<geo::BBox> chosen;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + 10), ImGuiCond_Always,
                            ImVec2(0.5f, 0));
    ImGui::SetNextWindowBgAlpha(0.9f);
    ImGui::Begin("##goto", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 20);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) query.clear();
    const bool enter = ImGui::InputTextWithHint("##q", "Go to a place or street (Ctrl+F)", &query,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    if (!query.empty()) {
        const auto results = index.search(query, 8);
        if (results.empty()) ImGui::TextDisabled("nothing called that here");
        for (size_t i = 0; i < results.size(); ++i) {
            const auto& r = results[i];
            const std::string label = r.name + "   " + r.kind + "##" + std::to_string(i);
            if (ImGui::Selectable(label.c_str()) || (enter && i == 0)) {
                chosen = r.bounds;
                query.clear();
                break;
            }
        }
    }
    ImGui::End();
    return chosen;
}

} // namespace oko::app
