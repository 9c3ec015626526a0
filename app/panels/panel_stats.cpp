#include "app/panels/panels.hpp"

#include "geo/base/atomic_file.hpp"
#include "geo/scene/filter_warnings.hpp"
#include "geo/text/csv_writer.hpp"

#include <imgui.h>

#include <algorithm>
#include <map>
#include <vector>
#include <set>
#include <sstream>

namespace oko::app {

namespace {

void warning_lines(const std::vector<std::string>& warnings) {
    for (const auto& w : warnings) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.85f, 0.45f, 0.05f, 1.0f));
        ImGui::TextWrapped("%s", w.c_str());
        ImGui::PopStyleColor();
    }
}

// geo::filter_warnings for a layer's filter, worked out again only when the filter changes (it
// reads every point's year, and the vendor table for a missing vendor).
const std::vector<std::string>& cached_filter_warnings(const geo::Filter& filter, const PointLayerView& view) {
    struct Entry {
        geo::Filter filter;
        size_t points = 0;
        std::vector<std::string> warnings;
    };
    static std::map<std::string, Entry> cache;
    auto [it, fresh] = cache.try_emplace(view.data().name);
    Entry& e = it->second;
    if (fresh || !(e.filter == filter) || e.points != view.data().positions.size()) {
        e.filter = filter;
        e.points = view.data().positions.size();
        e.warnings = geo::filter_warnings(filter, geo::layer_values(view.data()));
    }
    return e.warnings;
}

// The vendor by year table as shown, one column a year, written by the one CSV rule
// (geo/text/csv_writer.hpp) that `oko stats --csv` and the municipality export use.
std::string vendor_year_csv(const PointLayerView& view, const std::vector<int>& years) {
    std::string out;
    std::vector<std::string> record{"vendor"};
    for (int y : years)
        record.push_back(y ? std::to_string(y) : std::string("unknown year"));
    record.push_back("total");
    geo::append_csv_record(out, record);
    for (const auto& [v, by_year] : view.vendor_year()) {
        const auto& name = view.data().vendors[v];
        record.assign(1, geo::Filter::is_unknown_vendor(name) ? "unknown" : name);
        int64_t total = 0;
        for (int y : years) {
            const auto it = by_year.find(y);
            const int64_t n = it == by_year.end() ? 0 : it->second;
            total += n;
            record.push_back(std::to_string(n));
        }
        record.push_back(std::to_string(total));
        geo::append_csv_record(out, record);
    }
    return out;
}

void municipality_table(const PointLayerView& view, const std::string& filter_text,
                        const std::filesystem::path& project, MunicipalityCounts& municipalities,
                        const std::vector<PointLayerView>& views, std::string& message) {
    const auto& name = view.data().name;
    if (!ImGui::TreeNodeEx(("Per municipality##" + name).c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
    if (!municipalities.requested()) municipalities.request(project, std::nullopt, views);
    if (!municipalities.error().empty()) {
        ImGui::TextWrapped("%s", municipalities.error().c_str());
        ImGui::TextDisabled("oko stats --by municipality --boundaries FILE counts in a polygon file instead.");
        ImGui::TreePop();
        return;
    }
    if (municipalities.pending()) {
        ImGui::TextDisabled("locating the points in the municipalities...");
        ImGui::TreePop();
        return;
    }
    if (const auto& levels = municipalities.levels(); levels.size() > 1) {
        ImGui::SetNextItemWidth(13 * ImGui::GetFontSize());
        const std::string current = "admin_level " + std::to_string(municipalities.level().value_or(0));
        if (ImGui::BeginCombo(("##level" + name).c_str(), current.c_str())) {
            for (const auto& [level, count] : levels) {
                const std::string label =
                    "admin_level " + std::to_string(level) + "  (" + std::to_string(count) + " areas)";
                if (ImGui::Selectable(label.c_str(), level == municipalities.level()))
                    municipalities.request(project, level, views);
            }
            ImGui::EndCombo();
        }
    }
    const auto table = municipalities.table(view, filter_text);
    if (!table) {
        ImGui::TreePop();
        return;
    }
    ImGui::TextDisabled("%s; %lld of %lld points in none", table->boundaries.c_str(),
                        static_cast<long long>(table->outside), static_cast<long long>(table->total));
    warning_lines(table->warnings);
    const ImGuiTableFlags flags =
        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
    const float height =
        std::min(12.0f, static_cast<float>(table->rows.size()) + 1.5f) * ImGui::GetTextLineHeightWithSpacing();
    if (ImGui::BeginTable(("##municipalities" + name).c_str(), 4, flags, ImVec2(0, height))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("municipality", ImGuiTableColumnFlags_WidthStretch, 3.0f);
        ImGui::TableSetupColumn("points");
        ImGui::TableSetupColumn("km²");
        ImGui::TableSetupColumn("per km²");
        ImGui::TableHeadersRow();
        for (const auto& row : table->rows) {
            if (row.outside && row.count == 0) continue;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (row.outside)
                ImGui::TextDisabled("outside every one");
            else
                ImGui::TextUnformatted(row.municipality.empty() ? "(no name)" : row.municipality.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(row.count));
            ImGui::TableNextColumn();
            if (!row.outside) ImGui::Text("%.2f", row.area_km2);
            ImGui::TableNextColumn();
            if (!row.outside) ImGui::Text("%.1f", row.per_km2());
        }
        ImGui::EndTable();
    }
    if (ImGui::Button(("Export CSV##municipalities" + name).c_str())) {
        try {
            message = "Saved " + export_municipality_csv(*table, project, name).string();
        } catch (const std::exception& e) {
            message = e.what();
        }
    }
    ImGui::TreePop();
}

} // namespace

std::vector<size_t> statistics_order(const geo::SceneSpec& scene, const std::vector<PointLayerView>& views) {
    const auto visible = [&](const std::string& name) {
        for (const auto& s : scene.point_layers)
            if (s.name == name) return s.style.visible;
        return true;
    };
    const auto rank = [&](size_t i) {
        const bool own = views[i].data().kind == "points"; // imported by the user, not "sites" or "cameras"
        const bool shown = visible(views[i].data().name);
        return own && shown ? 0 : shown ? 1 : 2;
    };
    std::vector<size_t> order(views.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rank(a) < rank(b); });
    return order;
}

void draw_stats_panel(bool* open, const geo::SceneSpec& scene, const std::vector<PointLayerView>& views,
                      const std::filesystem::path& project, MunicipalityCounts& municipalities) {
    if (!*open) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float em = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - 0.7f * em, vp->WorkPos.y + 4.5f * em),
                            ImGuiCond_FirstUseEver, ImVec2(1, 0));
    ImGui::SetNextWindowSize(ImVec2(38 * em, std::min(34 * em, vp->WorkSize.y - 6 * em)), ImGuiCond_FirstUseEver);
    ImGui::Begin("Statistics", open);
    static std::string message;
    const auto order = statistics_order(scene, views);
    for (const size_t index : order) {
        const auto& view = views[index];
        const auto& name = view.data().name;
        const geo::Filter* filter = nullptr;
        for (const auto& s : scene.point_layers)
            if (s.name == name) filter = &s.filter;
        const std::string filter_text = filter ? filter->describe() : geo::Filter{}.describe();
        if (!ImGui::CollapsingHeader(
                (name + ": " + std::to_string(view.passing()) + " points (" + filter_text + ")").c_str(),
                index == order.front() ? ImGuiTreeNodeFlags_DefaultOpen : ImGuiTreeNodeFlags_None))
            continue;
        if (filter) warning_lines(cached_filter_warnings(*filter, view));
        std::set<int> year_set;
        for (const auto& [v, by_year] : view.vendor_year())
            for (const auto& [y, n] : by_year)
                year_set.insert(y);
        std::vector<int> years(year_set.begin(), year_set.end());
        if (!years.empty() && years.front() == 0)
            std::rotate(years.begin(), years.begin() + 1, years.end()); // unknown last
        const int columns = static_cast<int>(years.size()) + 2;
        // A scrolling table fills the window unless given a height: as many rows as it has, up to 12.
        const float rows_height = (std::min(12.0f, static_cast<float>(view.vendor_year().size()) + 1.0f) + 0.8f) *
                                  ImGui::GetTextLineHeightWithSpacing();
        if (columns <= 64 && ImGui::BeginTable(name.c_str(), columns,
                                               ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollX |
                                                   ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit,
                                               ImVec2(0, rows_height))) {
            ImGui::TableSetupScrollFreeze(1, 1);
            ImGui::TableSetupColumn("vendor");
            for (int y : years)
                ImGui::TableSetupColumn(y ? std::to_string(y).c_str() : "?");
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
            try {
                geo::write_csv_file(out, vendor_year_csv(view, years));
                message = "Saved " + out.string();
            } catch (const std::exception&) {
                message = "Cannot write " + out.string();
            }
        }
        municipality_table(view, filter_text, project, municipalities, views, message);
    }
    if (!message.empty()) ImGui::TextDisabled("%s", message.c_str());
    ImGui::End();
}

} // namespace oko::app
