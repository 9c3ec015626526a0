#include "app/panels.hpp"

#include <imgui.h>

namespace oko::app {

void draw_layers_panel(geo::SceneSpec& scene, const std::string& project_name) {
    ImGui::SetNextWindowPos(ImVec2(10, 10), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(230, 0), ImGuiCond_FirstUseEver);
    ImGui::Begin("Layers");
    if (!project_name.empty()) ImGui::TextDisabled("%s", project_name.c_str());
    // Top of the list is top of the map, as in every GIS.
    for (int i = static_cast<int>(geo::BasemapLayer::Count) - 1; i >= 0; --i) {
        const auto layer = static_cast<geo::BasemapLayer>(i);
        bool on = scene.visible(layer);
        std::string label(geo::layer_name(layer));
        label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
        if (ImGui::Checkbox(label.c_str(), &on)) scene.set_visible(layer, on);
    }
    ImGui::Separator();
    ImGui::Checkbox("Labels", &scene.labels);
    ImGui::End();
}

} // namespace oko::app
