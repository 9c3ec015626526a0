#include "app/panels.hpp"

#include <imgui.h>

namespace oko::app {

void draw_layers_panel(geo::SceneSpec& scene, const std::vector<PointLayerView>& views, const geo::VendorPalette& palette,
                       const std::string& project_name) {
    const float em = ImGui::GetFontSize();  // sizes in em follow the UI scale (HiDPI)
    ImGui::SetNextWindowPos(ImVec2(0.7f * em, 0.7f * em), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(20 * em, 0), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSizeConstraints(ImVec2(13 * em, 7 * em), ImVec2(40 * em, ImGui::GetMainViewport()->WorkSize.y - 1.3f * em));
    ImGui::Begin("Layers");
    if (!project_name.empty()) ImGui::TextDisabled("%s", project_name.c_str());
    // Top of the list is top of the map: point layers first, the last drawn at the top.
    for (int i = static_cast<int>(scene.point_layers.size()) - 1; i >= 0; --i) {
        auto& spec = scene.point_layers[i];
        for (const auto& view : views)
            if (view.data().name == spec.name) draw_point_layer_controls(spec, view, palette);
    }
    if (!scene.point_layers.empty()) ImGui::Separator();
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
