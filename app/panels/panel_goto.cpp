#include "app/panels/panels.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace oko::app {

std::optional<geo::BBox> draw_goto_panel(const geo::PlaceIndex& index, std::string& query) {
    std::optional<geo::BBox> chosen;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + 10), ImGuiCond_Always,
                            ImVec2(0.5f, 0));
    ImGui::SetNextWindowBgAlpha(0.92f);
    ImGui::Begin("##goto", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
    const float width = ImGui::GetFontSize() * 24;
    ImGui::SetNextItemWidth(width);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) query.clear();
    const bool enter = ImGui::InputTextWithHint("##q", "Go to a street, address or place (Ctrl+F)", &query,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    if (!query.empty()) {
        const auto results = index.search(query, 8);
        if (results.empty()) ImGui::TextDisabled("Nothing on this map is called that.");
        const float line = ImGui::GetTextLineHeight();
        const float spacing = ImGui::GetStyle().ItemSpacing.y;
        for (size_t i = 0; i < results.size(); ++i) {
            const auto& r = results[i];
            ImGui::PushID(static_cast<int>(i));
            // One row a result: the name, then what and where it is in a quieter colour; a note
            // (a house number that is not mapped) on a second line. The first row is what Enter takes.
            const ImVec2 top = ImGui::GetCursorPos();
            const float height = r.note.empty() ? line : 2 * line + spacing;
            const float gap = ImGui::GetFontSize() * 0.6f;
            const float text = ImGui::CalcTextSize(r.name.c_str()).x + gap + ImGui::CalcTextSize(r.label().c_str()).x;
            const bool clicked = ImGui::Selectable("##result", i == 0, 0, ImVec2(std::max(width, text), height));
            ImGui::SetCursorPos(top);
            ImGui::TextUnformatted(r.name.c_str());
            ImGui::SameLine(0, gap);
            ImGui::TextDisabled("%s", r.label().c_str());
            if (!r.note.empty()) {
                ImGui::Indent(ImGui::GetFontSize());
                ImGui::TextDisabled("%s", r.note.c_str());
                ImGui::Unindent(ImGui::GetFontSize());
            }
            ImGui::PopID();
            if (clicked || (enter && i == 0)) {
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
