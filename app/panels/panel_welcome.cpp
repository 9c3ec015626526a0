#include "app/panels/panels.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace oko::app {

std::optional<std::filesystem::path> draw_welcome_panel(std::string& path_input) {
    std::optional<std::filesystem::path> chosen;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const char* extract_command = "osmium extract -b 20.35,44.75,20.55,44.87 serbia-latest.osm.pbf -o belgrade.osm.pbf";
    const char* import_command = "oko import belgrade.osm.pbf --store belgrade.oko";
    // Wide enough for the longest command on one line, as far as the screen allows; every line wraps
    // rather than running past the edge.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float command_width =
        ImGui::CalcTextSize(extract_command).x + style.IndentSpacing * 2 + style.WindowPadding.x * 2;
    const float width = std::min(std::max(560 * ImGui::GetFontSize() / 15, command_width), vp->WorkSize.x * 0.92f);
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);
    ImGui::Begin("Welcome to Oko", nullptr,
                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize);
    const auto bullet = [](const char* text) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s", text);
    };
    const auto command = [](const char* text) {
        ImGui::Indent();
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", text);
        ImGui::PopStyleColor();
        ImGui::Unindent();
    };
    ImGui::TextWrapped("Oko maps surveillance cameras and smart-city sites over an OpenStreetMap city map. "
                       "Start with an OSM extract of your city:");
    ImGui::Spacing();
    bullet("Download your country or region as .osm.pbf (for example from Geofabrik's download server).");
    bullet("Cut out your city with osmium:");
    command(extract_command);
    bullet("Drop the .osm.pbf (or .osm) file on this window, or import it on the command line:");
    command(import_command);
    bullet("Small areas can also be exported as .osm from openstreetmap.org (Export).");
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
