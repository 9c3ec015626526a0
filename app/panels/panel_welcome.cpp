#include "app/panels/panels.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace oko::app {

std::optional<std::filesystem::path> draw_welcome_panel(std::string& path_input) {
    std::optional<std::filesystem::path> chosen;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(560 * ImGui::GetFontSize() / 15, 0), ImGuiCond_Always);
    ImGui::Begin("Welcome to Oko", nullptr,
                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize);
    ImGui::TextWrapped("Oko maps surveillance cameras and smart-city sites over an OpenStreetMap city map. "
                       "Start with an OSM extract of your city:");
    ImGui::Spacing();
    ImGui::BulletText("Download your country or region as .osm.pbf (for example from Geofabrik's download server).");
    ImGui::BulletText("Cut out your city with osmium:");
    ImGui::Indent();
    ImGui::TextDisabled("osmium extract -b 20.35,44.75,20.55,44.87 serbia-latest.osm.pbf -o belgrade.osm.pbf");
    ImGui::Unindent();
    ImGui::BulletText("Drop the .osm.pbf (or .osm) file on this window, or import it on the command line:");
    ImGui::Indent();
    ImGui::TextDisabled("oko import belgrade.osm.pbf --store belgrade.oko");
    ImGui::Unindent();
    ImGui::BulletText("Small areas can also be exported as .osm from openstreetmap.org (Export).");
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted("Open a project (.oko) or an extract (.osm.pbf, .osm):");
    ImGui::SetNextItemWidth(-80);
    const bool entered = ImGui::InputText("##path", &path_input, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Open", ImVec2(-1, 0)) || entered) && !path_input.empty())
        chosen = std::filesystem::path(path_input);
    ImGui::End();
    return chosen;
}

} // namespace oko::app
