#include "app/panels/panels.hpp"
#include "app/panels/shortcuts.hpp"

#include <imgui.h>

#include <cmath>

namespace oko::app {

void draw_frame_overlay(const FrameStats& stats, const geo::Viewport& view) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - 10, vp->WorkPos.y + 10), ImGuiCond_Always,
                            ImVec2(1, 0));
    ImGui::SetNextWindowBgAlpha(0.6f);
    ImGui::Begin("##frame", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs);
    const double ms = stats.recent_mean() * 1000.0;
    ImGui::Text("frame %.1f ms  (%.0f fps)", ms, ms > 0 ? 1000.0 / ms : 0.0);
    ImGui::Text("zoom %.1f   %.2f m/px", view.zoom_level(), view.resolution);
    ImGui::End();
}

void draw_help_panel(bool* open) {
    if (!*open) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(30 * ImGui::GetFontSize(), 0), ImGuiCond_Always);
    ImGui::Begin("Help", open, ImGuiWindowFlags_NoSavedSettings);
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_SizingStretchProp)) {
        const char* mouse[][2] = {
            {"Drag", "pan"},
            {"Wheel", "zoom around the cursor"},
            {"Hover", "what a point is"},
            {"Click", "pin a point: all its attributes, and a list of the others under the cursor"}};
        auto row = [](const char* keys, const char* what) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(keys);
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", what);
        };
        for (const auto& r : mouse)
            row(r[0], r[1]);
        for (const auto& s : shortcuts())
            row(s.keys, s.what);
        ImGui::EndTable();
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Drop an .oko project or an OSM extract on the window to open it, a point file to import it.");
    ImGui::PopStyleColor();
    ImGui::End();
}

} // namespace oko::app
