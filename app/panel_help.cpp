#include "app/panels.hpp"

#include <imgui.h>

#include <cmath>

namespace oko::app {

void draw_frame_overlay(const FrameStats& stats, const geo::Viewport& view) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - 10, vp->WorkPos.y + 10), ImGuiCond_Always, ImVec2(1, 0));
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
    ImGui::SetNextWindowSize(ImVec2(340, 0), ImGuiCond_FirstUseEver);
    ImGui::Begin("Help", open);
    const char* rows[][2] = {
        {"Drag", "pan"},
        {"Wheel", "zoom around the cursor"},
        {"+ / -", "zoom in / out"},
        {"Arrow keys", "pan"},
        {"0 or Home", "show the whole map"},
        {"L", "show / hide the layer panel"},
        {"F1 or ?", "this help"},
        {"Ctrl+Q", "quit"},
    };
    if (ImGui::BeginTable("keys", 2)) {
        for (const auto& r : rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r[0]);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r[1]);
        }
        ImGui::EndTable();
    }
    ImGui::TextDisabled("Drop an .oko project or an OSM extract on the window to open it.");
    ImGui::End();
}

} // namespace oko::app
