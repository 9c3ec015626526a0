#include "app/panels/panels.hpp"

#include <imgui.h>

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

void draw_inspect_panel(std::optional<PinnedPoint>& pinned, std::optional<std::pair<std::string, int64_t>>& select) {
    if (!pinned) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - 10, vp->WorkPos.y + 70), ImGuiCond_FirstUseEver,
                            ImVec2(1, 0));
    ImGui::SetNextWindowSize(ImVec2(24 * ImGui::GetFontSize(), 0), ImGuiCond_FirstUseEver);
    bool open = true;
    ImGui::Begin("Point", &open);
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
    if (!pinned->others.empty()) {
        ImGui::Separator();
        ImGui::TextDisabled("%zu more points here:", pinned->others.size());
        for (const auto& [layer, id] : pinned->others)
            if (ImGui::Selectable((layer + " #" + std::to_string(id)).c_str())) select = std::make_pair(layer, id);
    }
    ImGui::End();
    if (!open) pinned.reset();
}

} // namespace oko::app
