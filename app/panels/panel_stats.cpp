#include "app/panels/panels.hpp"

#include "geo/base/atomic_file.hpp"
#include "geo/scene/filter_warnings.hpp"
#include "geo/text/csv_writer.hpp"
#include "geo/text/text_fold.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
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

std::string short_number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, std::abs(v) >= 100 ? "%.0f" : "%.3g", v);
    return buf;
}

void class_swatch(const geo::LegendSpec* legend, int k) {
    if (!legend || k < 0 || k >= static_cast<int>(legend->classes.size())) return;
    const auto c = legend->classes[k].colour;
    const float side = ImGui::GetTextLineHeight();
    ImGui::ColorButton("##swatch", ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, 1.0f),
                       ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoDragDrop, ImVec2(side, side));
    ImGui::SameLine();
}

// One sortable table of areas: districts (with their class when `legend` is given) or, with
// `classes`, the classes of a density view. The rows are sorted as the header asks, every frame
// (they are few: districts or classes, never cells).
void area_table(const std::string& id, std::vector<AreaRow> rows, bool classes, const geo::LegendSpec* legend) {
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Sortable;
    const bool class_column = !classes && legend && !legend->classes.empty();
    const int columns = classes ? 5 : class_column ? 5 : 4;
    const float height =
        std::min(12.0f, static_cast<float>(rows.size()) + 1.5f) * ImGui::GetTextLineHeightWithSpacing();
    if (!ImGui::BeginTable(id.c_str(), columns, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    const auto column = [](const char* label, AreaColumn c, ImGuiTableColumnFlags f = 0, float w = 0.0f) {
        ImGui::TableSetupColumn(label, f, w, static_cast<ImGuiID>(c));
    };
    const ImGuiTableColumnFlags down = ImGuiTableColumnFlags_PreferSortDescending;
    if (classes) {
        column("class (per km²)", AreaColumn::class_index,
               ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_DefaultSort, 3.0f);
        column("cells", AreaColumn::members, down);
    } else {
        column("municipality", AreaColumn::name, ImGuiTableColumnFlags_WidthStretch, 3.0f);
    }
    column("points", AreaColumn::count,
           down | (classes ? ImGuiTableColumnFlags_None : ImGuiTableColumnFlags_DefaultSort));
    column("km²", AreaColumn::area, down);
    column("per km²", AreaColumn::per_km2, down);
    if (class_column) column("class", AreaColumn::class_index, down);
    ImGui::TableHeadersRow();
    if (const ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsCount > 0) {
        const auto& s = specs->Specs[0];
        sort_area_rows(rows, static_cast<AreaColumn>(s.ColumnUserID), s.SortDirection == ImGuiSortDirection_Descending);
    }
    for (size_t r = 0; r < rows.size(); ++r) {
        const auto& row = rows[r];
        if (row.outside && row.count == 0) continue;
        ImGui::PushID(static_cast<int>(r));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (classes) class_swatch(legend, row.class_index);
        if (row.outside)
            ImGui::TextDisabled("outside every one");
        else
            ImGui::TextUnformatted(row.name.empty() ? "(no name)" : row.name.c_str());
        if (classes) {
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(row.members));
        }
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(row.count));
        ImGui::TableNextColumn();
        if (!row.outside) ImGui::Text("%.2f", row.area_km2);
        ImGui::TableNextColumn();
        if (!row.outside) ImGui::Text("%.1f", row.per_km2);
        if (class_column) {
            ImGui::TableNextColumn();
            if (row.class_index >= 0) {
                class_swatch(legend, row.class_index);
                ImGui::Text("%d", row.class_index + 1);
            }
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
}

// A choropleth's districts as the table `oko stats --by municipality` prints, for the CSV export.
geo::StatsTable districts_table(const DensityView& v, const std::string& filter_text) {
    geo::StatsTable t;
    t.layer = v.layer;
    t.by = geo::GroupBy::municipality;
    t.filter = filter_text;
    t.boundaries = v.figures.value("boundaries", std::string());
    t.outside = v.figures.value("outside", int64_t{0});
    const int level = v.figures.value("admin_level", 0);
    for (size_t b = 0; b < v.districts.size(); ++b) {
        const auto& d = v.districts[b];
        geo::StatsRow row;
        row.municipality = d.name;
        row.admin_level = level;
        row.area_km2 = d.area_km2;
        row.count = d.count;
        row.boundary = static_cast<int>(b);
        t.total += d.count;
        t.rows.push_back(std::move(row));
    }
    geo::StatsRow outside;
    outside.outside = true;
    outside.count = t.outside;
    t.total += t.outside;
    t.rows.push_back(outside);
    return t;
}

void municipality_table(const PointLayerView& view, const std::string& filter_text,
                        const std::filesystem::path& project, MunicipalityCounts& municipalities,
                        const std::vector<PointLayerView>& views, std::string& message, const DensityView* density) {
    const auto& name = view.data().name;
    const bool bins = density && density->drawn && density->spec.display.kind == geo::PointDisplay::bins;
    if (bins && ImGui::TreeNodeEx(("Per class of the bins##" + name).c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::TextDisabled("%s %s", density->legend.title.c_str(), density->legend.units.c_str());
        std::vector<AreaRow> rows;
        for (size_t k = 0; k < density->classes.size(); ++k) {
            const auto& c = density->classes[k];
            const bool last = k + 1 == density->classes.size();
            rows.push_back({short_number(c.from) + (c.from == c.to ? "" : (last ? " – " : " – <") + short_number(c.to)),
                            c.members, c.count, c.area_km2, c.per_km2(), static_cast<int>(k), false});
        }
        area_table("##classes" + name, std::move(rows), true, &density->legend);
        ImGui::TreePop();
    }
    if (!ImGui::TreeNodeEx(("Per municipality##" + name).c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
    // Shown as districts: the table is the map's, with each district's class and colour.
    if (density && density->drawn && density->spec.display.kind == geo::PointDisplay::choropleth) {
        const auto table = districts_table(*density, filter_text);
        ImGui::TextDisabled("as drawn: %s; %lld of %lld points in none", table.boundaries.c_str(),
                            static_cast<long long>(table.outside), static_cast<long long>(table.total));
        std::vector<AreaRow> rows;
        for (const auto& d : density->districts)
            rows.push_back({d.name, 0, d.count, d.area_km2, d.per_km2, d.class_index, false});
        rows.push_back({"", 0, table.outside, 0.0, 0.0, -1, true});
        area_table("##districts" + name, std::move(rows), false, &density->legend);
        if (ImGui::Button(("Export CSV##municipalities" + name).c_str())) {
            try {
                message = "Saved " + export_municipality_csv(table, project, name).string();
            } catch (const std::exception& e) {
                message = e.what();
            }
        }
        ImGui::TreePop();
        return;
    }
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
    std::vector<AreaRow> rows;
    for (const auto& row : table->rows)
        rows.push_back({row.municipality, 0, row.count, row.area_km2, row.per_km2(), -1, row.outside});
    area_table("##municipalities" + name, std::move(rows), false, nullptr);
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

void sort_area_rows(std::vector<AreaRow>& rows, AreaColumn by, bool descending) {
    std::vector<std::string> keys;
    keys.reserve(rows.size());
    for (const auto& r : rows)
        keys.push_back(geo::fold_for_search(r.name));
    std::vector<size_t> order(rows.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    const auto value = [&](size_t i) -> double {
        const auto& r = rows[i];
        switch (by) {
        case AreaColumn::members:
            return static_cast<double>(r.members);
        case AreaColumn::count:
            return static_cast<double>(r.count);
        case AreaColumn::area:
            return r.area_km2;
        case AreaColumn::per_km2:
            return r.per_km2;
        case AreaColumn::class_index:
            return r.class_index;
        case AreaColumn::name:
            break;
        }
        return 0.0;
    };
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (rows[a].outside != rows[b].outside) return rows[b].outside;
        if (by == AreaColumn::name) {
            if (keys[a] != keys[b]) return descending ? keys[a] > keys[b] : keys[a] < keys[b];
            return descending ? rows[a].name > rows[b].name : rows[a].name < rows[b].name;
        }
        const double va = value(a), vb = value(b);
        if (va != vb) return descending ? va > vb : va < vb;
        return keys[a] != keys[b] ? keys[a] < keys[b] : rows[a].name < rows[b].name;
    });
    std::vector<AreaRow> sorted;
    sorted.reserve(rows.size());
    for (const size_t i : order)
        sorted.push_back(std::move(rows[i]));
    rows = std::move(sorted);
}

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
                      const std::filesystem::path& project, MunicipalityCounts& municipalities,
                      const std::vector<DensityView>& density) {
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
        const auto shown =
            std::find_if(density.begin(), density.end(), [&](const DensityView& v) { return v.layer == name; });
        municipality_table(view, filter_text, project, municipalities, views, message,
                           shown == density.end() ? nullptr : &*shown);
    }
    if (!message.empty()) ImGui::TextDisabled("%s", message.c_str());
    ImGui::End();
}

} // namespace oko::app
