#include "app/panels.hpp"

#include <imgui.h>

#include <fstream>
#include <set>
#include <sstream>

namespace oko::app {

namespace {

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string vendor_year_csv(const PointLayerView& view, const std::vector<int>& years) {
    std::ostringstream out;
    out << "vendor";
    for (int y : years) out << ',' << (y ? std::to_string(y) : std::string("unknown year"));
    out << ",total\n";
    for (const auto& [v, by_year] : view.vendor_year()) {
        const auto& name = view.data().vendors[v];
        out << csv_field(geo::Filter::is_unknown_vendor(name) ? "unknown" : name);
        int64_t total = 0;
        for (int y : years) {
            const auto it = by_year.find(y);
            const int64_t n = it == by_year.end() ? 0 : it->second;
            total += n;
            out << ',' << n;
        }
        out << ',' << total << '\n';
    }
    return out.str();
}

} // namespace

void draw_stats_panel(bool* open, const geo::SceneSpec& scene, const std::vector<PointLayerView>& views,
                      const std::filesystem::path& project) {
    if (!*open) return;
    ImGui::SetNextWindowSize(ImVec2(560, 320), ImGuiCond_FirstUseEver);
    ImGui::Begin("Statistics", open);
    static std::string message;
    for (const auto& view : views) {
        const auto& name = view.data().name;
        std::string filter_text = "all points";
        for (const auto& s : scene.point_layers)
            if (s.name == name) filter_text = s.filter.describe();
        if (!ImGui::CollapsingHeader((name + ": " + std::to_string(view.passing()) + " points (" + filter_text + ")").c_str(),
                                     ImGuiTreeNodeFlags_DefaultOpen))
            continue;
        std::set<int> year_set;
        for (const auto& [v, by_year] : view.vendor_year())
            for (const auto& [y, n] : by_year) year_set.insert(y);
        std::vector<int> years(year_set.begin(), year_set.end());
        if (!years.empty() && years.front() == 0) std::rotate(years.begin(), years.begin() + 1, years.end());  // unknown last
        const int columns = static_cast<int>(years.size()) + 2;
        if (columns <= 64 && ImGui::BeginTable(name.c_str(), columns, ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit)) {
            ImGui::TableSetupColumn("vendor");
            for (int y : years) ImGui::TableSetupColumn(y ? std::to_string(y).c_str() : "?");
            ImGui::TableSetupColumn("total");
            ImGui::TableHeadersRow();
            for (const auto& [v, by_year] : view.vendor_year()) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                const auto& vendor = view.data().vendors[v];
                ImGui::TextUnformatted(geo::Filter::is_unknown_vendor(vendor) ? "unknown" : vendor.c_str());
                int64_t total = 0;
                for (int y : years) {
                    ImGui::TableNextColumn();
                    const auto it = by_year.find(y);
                    const int64_t n = it == by_year.end() ? 0 : it->second;
                    total += n;
                    if (n) ImGui::Text("%lld", static_cast<long long>(n));
                }
                ImGui::TableNextColumn();
                ImGui::Text("%lld", static_cast<long long>(total));
            }
            ImGui::EndTable();
        }
        if (ImGui::Button(("Export CSV##" + name).c_str())) {
            const auto out = project.parent_path() / (project.stem().string() + "_" + name + "_vendor_year.csv");
            const auto tmp = out.string() + ".tmp";
            std::ofstream f(tmp, std::ios::trunc);
            f << vendor_year_csv(view, years);
            f.close();
            std::error_code ec;
            if (f) std::filesystem::rename(tmp, out, ec);
            message = f && !ec ? "Saved " + out.string() : "Cannot write " + out.string();
        }
    }
    if (!message.empty()) ImGui::TextDisabled("%s", message.c_str());
    ImGui::End();
}

} // namespace oko::app
