#include "app/panels/panels.hpp"

#include <imgui.h>

#include <algorithm>

namespace oko::app {

namespace {

std::string shown(const std::optional<std::string>& v) { return v ? *v : "(none)"; }

} // namespace

HistoryRequest draw_history_panel(bool* open, const std::vector<geo::CurationChange>& history, std::string* curator,
                                  const std::string& refusal) {
    HistoryRequest request;
    if (!*open) return request;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float em = ImGui::GetFontSize();
    // Above the status line and the scale bar along the bottom, clear of the point inspector on
    // the right (26 em) and, where there is room, of the layer panel on the left (20 em).
    const float right = vp->WorkPos.x + vp->WorkSize.x - 28 * em;
    const float width = std::max(30 * em, std::min(50 * em, vp->WorkSize.x - 48 * em));
    ImGui::SetNextWindowPos(ImVec2(right, vp->WorkPos.y + vp->WorkSize.y - 4 * em), ImGuiCond_FirstUseEver,
                            ImVec2(1.0f, 1.0f));
    ImGui::SetNextWindowSize(ImVec2(width, 16 * em), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("History", open)) {
        ImGui::End();
        return request;
    }
    // The change set an undo would undo: the last one not undone.
    int64_t last = 0;
    for (const auto& c : history)
        if (!c.undone) last = std::max(last, c.change_set);
    // Who the next changes are recorded as: kept in the settings once edited.
    {
        char name[128] = {};
        curator->copy(name, sizeof name - 1);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Changes are recorded as");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(14 * em);
        if (ImGui::InputText("##curator", name, sizeof name)) *curator = name;
        if (ImGui::IsItemDeactivatedAfterEdit()) request.curator = *curator;
    }
    if (history.empty()) ImGui::TextDisabled("No change yet: what is edited, added, deleted or merged is listed here.");
    if (!refusal.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1.0f));
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(refusal.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
    const auto flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY |
                       ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    if (!history.empty() && ImGui::BeginTable("history", 8, flags)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        for (const char* name : {"set", "when", "who", "layer", "point", "field"})
            ImGui::TableSetupColumn(name);
        ImGui::TableSetupColumn("old → new", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("");
        ImGui::TableHeadersRow();
        int64_t previous = -1;
        for (auto it = history.rbegin(); it != history.rend(); ++it) {
            const auto& c = *it;
            ImGui::TableNextRow();
            if (c.undone) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(c.change_set));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(c.at.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(c.who.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(c.layer.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("#%lld", static_cast<long long>(c.point));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(c.field.c_str());
            ImGui::TableNextColumn();
            // Wrapped in what the panel leaves it, beside the buttons: a long value is never cut.
            ImGui::TextWrapped("%s → %s%s", shown(c.old_value).c_str(), shown(c.new_value).c_str(),
                               c.undone ? "  (undone)" : "");
            ImGui::TableNextColumn();
            if (c.undone) ImGui::PopStyleColor();
            // On the first row of each change set: Revert (a new change set putting back what it
            // changed), and Undo on the last one.
            if (!c.undone && previous != c.change_set) {
                ImGui::PushID(static_cast<int>(c.change_set));
                if (ImGui::SmallButton("Revert")) request.revert = c.change_set;
                if (c.change_set == last) {
                    ImGui::SameLine();
                    if (ImGui::SmallButton("Undo")) request.undo = true;
                }
                ImGui::PopID();
            }
            previous = c.change_set;
        }
        ImGui::EndTable();
    }
    ImGui::End();
    return request;
}

} // namespace oko::app
