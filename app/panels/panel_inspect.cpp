#include "app/panels/panels.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

namespace oko::app {

namespace {

bool is_link(const std::string& s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

void open_in_browser(const std::string& url) {
    // No shell: the URL is passed as one argument, whatever it contains.
    // Forked twice so that the browser's launcher is never left as a zombie of the window.
    const pid_t pid = fork();
    if (pid == 0) {
        if (fork() == 0) {
            execlp("xdg-open", "xdg-open", url.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        _exit(0);
    }
    if (pid > 0) waitpid(pid, nullptr, 0);
}

} // namespace

geo::PointEdit form_edit(const PinnedPoint& pinned) {
    geo::PointEdit edit;
    if (!pinned.stored) return edit;
    const auto& stored = *pinned.stored;
    for (size_t i = 0; i < stored.fields.size() && i < pinned.edited.fields.size(); ++i)
        if (pinned.edited.fields[i].second != stored.fields[i].second) edit.fields.push_back(pinned.edited.fields[i]);
    if (pinned.edited.status != stored.status) edit.status = pinned.edited.status;
    if (pinned.edited.note != stored.note) edit.note = pinned.edited.note;
    return edit;
}

namespace {

// Vendor, year and attributes as text fields, the status and its note, Apply and Delete.
void draw_curation(PinnedPoint& pinned, InspectRequest& request) {
    if (!pinned.stored) return;
    ImGui::Separator();
    auto& edited = pinned.edited;
    // The names' column as wide as the longest name, up to half the panel.
    float label = ImGui::CalcTextSize("status").x;
    for (const auto& field : edited.fields)
        label = std::max(label, ImGui::CalcTextSize(field.first.c_str()).x);
    label = std::min(label + ImGui::GetStyle().ItemSpacing.x, 0.5f * ImGui::GetContentRegionAvail().x);
    if (ImGui::BeginTable("edit", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed, label);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        for (auto& [name, value] : edited.fields) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(name.c_str());
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-1);
            ImGui::InputTextWithHint(("##" + name).c_str(), name == "year" || name == "vendor" ? "unknown" : "",
                                     &value);
        }
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("note");
        ImGui::TableNextColumn();
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##note", "why: checked on a walk, photo, ...", &edited.note);
        ImGui::EndTable();
    }
    // The status on a line of its own: its three choices need the panel's width.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("status");
    for (int i = 0; i < geo::kPointStatusCount; ++i) {
        const auto status = static_cast<geo::PointStatus>(i);
        ImGui::SameLine();
        if (ImGui::RadioButton(std::string(geo::status_name(status)).c_str(), edited.status == status))
            edited.status = status;
    }
    const auto edit = form_edit(pinned);
    ImGui::BeginDisabled(edit.empty());
    if (ImGui::Button("Apply")) request.edit = edit;
    ImGui::SameLine();
    if (ImGui::Button("Revert")) {
        pinned.edited = *pinned.stored;
        pinned.error.clear();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (!pinned.confirm_delete && ImGui::Button("Delete...")) pinned.confirm_delete = true;
    if (pinned.confirm_delete) {
        ImGui::NewLine();
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(
            "Delete this camera? Its report stays in the history, and Undo (Ctrl+Z) brings it back.");
        ImGui::PopTextWrapPos();
        if (ImGui::Button("Delete")) request.remove = true;
        ImGui::SameLine();
        if (ImGui::Button("Keep it")) pinned.confirm_delete = false;
    }
    if (!pinned.duplicates.empty()) {
        ImGui::Separator();
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("Flagged as duplicates at import: merged, they are one camera with every report; "
                            "distinct, they are two cameras, no longer listed here");
        ImGui::PopTextWrapPos();
        for (const auto& [id, metres] : pinned.duplicates) {
            ImGui::PushID(static_cast<int>(id));
            if (ImGui::SmallButton("Merge")) request.merge_with = id;
            ImGui::SameLine();
            if (ImGui::SmallButton("Distinct")) request.distinct_from = id;
            ImGui::SameLine();
            ImGui::Text("#%lld, %.1f m away", static_cast<long long>(id), metres);
            ImGui::PopID();
        }
    }
    if (!pinned.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1.0f));
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(pinned.error.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
}

} // namespace

InspectRequest draw_inspect_panel(std::optional<PinnedPoint>& pinned) {
    InspectRequest request;
    if (!pinned) return request;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - 10, vp->WorkPos.y + 70), ImGuiCond_FirstUseEver,
                            ImVec2(1, 0));
    // As tall as what it holds, at a fixed width: wrapped values and the form's fields stretch to it.
    const float width = 26 * ImGui::GetFontSize();
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, vp->WorkSize.y - 80));
    bool open = true;
    ImGui::Begin("Point", &open, ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::TextDisabled("%s #%lld", pinned->layer.c_str(), static_cast<long long>(pinned->id));
    if (ImGui::BeginTable("fields", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        for (const auto& [k, v] : pinned->fields) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", k.c_str());
            ImGui::TableNextColumn();
            if (is_link(v)) {
                if (ImGui::SmallButton(("open##" + k).c_str())) open_in_browser(v);
                ImGui::SameLine();
            }
            ImGui::TextWrapped("%s", v.c_str());
        }
        ImGui::EndTable();
    }
    draw_curation(*pinned, request);
    if (!pinned->others.empty()) {
        ImGui::Separator();
        ImGui::TextDisabled("%zu more points here:", pinned->others.size());
        for (const auto& [layer, id] : pinned->others)
            if (ImGui::Selectable((layer + " #" + std::to_string(id)).c_str()))
                request.select = std::make_pair(layer, id);
    }
    pinned->left = ImGui::GetWindowPos().x;
    ImGui::End();
    if (!open) pinned.reset();
    return request;
}

} // namespace oko::app
