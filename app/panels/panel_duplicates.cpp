#include "app/panels/panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace oko::app {

namespace {

std::string metres(double m) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f m", m);
    return text;
}

} // namespace

DuplicatesRequest draw_duplicates_panel(bool* open, const std::vector<DuplicateRow>& groups) {
    DuplicatesRequest request;
    if (!*open) return request;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float em = ImGui::GetFontSize();
    // Bottom left, beside the layer panel (20 em) and above the scale bar, so that the middle of
    // the map, where Show puts a group, and the point inspector (top right) stay clear.
    const float height = std::min(18 * em, vp->WorkSize.y / 2 - 4 * em);
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + 21.5f * em, vp->WorkPos.y + vp->WorkSize.y - 4 * em),
                            ImGuiCond_FirstUseEver, ImVec2(0.0f, 1.0f));
    ImGui::SetNextWindowSize(ImVec2(26 * em, height), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("Duplicates", open)) {
        ImGui::End();
        return request;
    }
    size_t reports = 0;
    for (const auto& g : groups)
        reports += g.points.size();
    if (groups.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("No duplicates left to look at: the reports the import found within its duplicate "
                            "distance of another are listed here until they are merged or marked distinct.");
        ImGui::PopTextWrapPos();
    } else {
        ImGui::Text("%zu places reported more than once (%zu reports)", groups.size(), reports);
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("Show: go there and inspect the first. Merge: one camera (the lowest id) that keeps "
                            "every report. Distinct: they are different cameras, no longer listed here.");
        ImGui::PopTextWrapPos();
    }
    const auto flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                       ImGuiTableFlags_SizingFixedFit;
    // The layer's column only when the groups are in more than one.
    const bool layers = std::any_of(groups.begin(), groups.end(),
                                    [&](const DuplicateRow& g) { return g.layer != groups.front().layer; });
    if (!groups.empty() && ImGui::BeginTable("duplicates", layers ? 3 : 2, flags)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        if (layers) ImGui::TableSetupColumn("layer");
        ImGui::TableSetupColumn(layers ? "reports" : ("reports in " + groups.front().layer).c_str(),
                                ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("");
        ImGui::TableHeadersRow();
        for (size_t k = 0; k < groups.size(); ++k) {
            const auto& g = groups[k];
            ImGui::PushID(static_cast<int>(k));
            ImGui::TableNextRow();
            if (layers) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(g.layer.c_str());
            }
            ImGui::TableNextColumn();
            // "#184 Hikvision; #185, #186 at 0.0 m, #190 at 2.9 m": the camera the others were
            // flagged against, then the others with their distance, said once for a run of equals.
            std::string text = "#" + std::to_string(g.points.front().first);
            if (!g.vendors.empty()) text += " " + g.vendors;
            for (size_t i = 1; i < g.points.size(); ++i) {
                text += (i == 1 ? "; #" : ", #") + std::to_string(g.points[i].first);
                const auto at = metres(g.points[i].second);
                if (i + 1 == g.points.size() || metres(g.points[i + 1].second) != at) text += " at " + at;
            }
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(text.c_str());
            ImGui::PopTextWrapPos();
            ImGui::TableNextColumn();
            if (ImGui::SmallButton("Show")) request.show = k;
            ImGui::SameLine();
            if (ImGui::SmallButton("Merge")) request.merge = k;
            ImGui::SameLine();
            if (ImGui::SmallButton("Distinct")) request.distinct = k;
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::End();
    return request;
}

} // namespace oko::app
