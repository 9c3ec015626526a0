// Drawing the import dialog; its state and the workers behind it are in import_dialog.cpp.
#include "app/panels/panel_import.hpp"

#include "geo/base/utf8.hpp"

#include "geo/base/error.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>

namespace oko::app {

namespace {

ImU32 colour(RoleColour c) { return IM_COL32(c.r, c.g, c.b, 255); }

const ImVec4 error_text{0.72f, 0.10f, 0.10f, 1.0f};
const ImVec4 warning_text{0.62f, 0.40f, 0.00f, 1.0f};
const ImVec4 fine_text{0.10f, 0.45f, 0.15f, 1.0f};
constexpr ImU32 rejected_row_bg = IM_COL32(255, 222, 222, 255);

std::string format_position(double lon, double lat) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.5f, %.5f", lat, lon);
    return buf;
}

// Rows rejected because their coordinates look like projected metres: the CRS field is the fix.
bool projected_rows(const geo::PointPreview& preview) {
    for (const auto& row : preview.rows)
        if (row.rejected && row.rejected->code == geo::IssueCode::position_not_degrees) return true;
    return false;
}

std::string rejected_text(const geo::ImportIssue& issue) { return issue.reason + " (" + issue.fix + ")"; }

// Text wrapped at its spaces only: ImGui also breaks after '.' and ',', which cuts numbers such as
// "19.85" in two.
void text_wrapped_at_spaces(const std::string& text) {
    const float width = ImGui::GetContentRegionAvail().x;
    std::string line;
    size_t i = 0;
    while (i < text.size()) {
        size_t next = text.find(' ', i);
        if (next == std::string::npos) next = text.size();
        const std::string word = text.substr(i, next - i);
        const std::string longer = line.empty() ? word : line + " " + word;
        if (!line.empty() && ImGui::CalcTextSize(longer.c_str()).x > width) {
            ImGui::TextUnformatted(line.c_str());
            line = word;
        } else {
            line = longer;
        }
        i = next + 1;
    }
    if (!line.empty()) ImGui::TextUnformatted(line.c_str());
}

std::string delimiter_name(char d) {
    switch (d) {
    case '\t':
        return "tab";
    case ';':
        return "semicolon";
    case ',':
        return "comma";
    case '|':
        return "pipe";
    default:
        return std::string(1, d);
    }
}

} // namespace

bool ImportDialog::draw_role_combo(Role role, const char* label) {
    const std::string& shown = chosen_column(role);
    const bool found = m_choice[role].empty() && !shown.empty();
    const std::string preview_text = shown.empty() ? "none" : found ? shown + "  (found)" : shown;
    bool changed = false;
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo(label, preview_text.c_str())) {
        if (ImGui::Selectable("none", shown.empty())) {
            m_choice[role] = std::string(geo::no_column);
            changed = true;
        }
        if (m_preview)
            for (const auto& column : m_preview->columns)
                if (ImGui::Selectable(column.c_str(), column == shown)) {
                    m_choice[role] = column;
                    changed = true;
                }
        ImGui::EndCombo();
    }
    if (!changed) return false;
    // A position is x and y, WKT, or one column of both: choosing one sets the others aside.
    const std::string none(geo::no_column);
    if (role == wkt_role || role == position_role) {
        const bool chosen = m_choice[role] != geo::no_column;
        m_choice[x_role] = m_choice[y_role] = chosen ? none : std::string();
        m_choice[role == wkt_role ? position_role : wkt_role] = chosen ? none : std::string();
    } else if ((role == x_role || role == y_role) && m_choice[role] != geo::no_column) {
        m_choice[wkt_role] = m_choice[position_role] = none;
        for (Role other : {x_role, y_role})
            if (m_choice[other] == geo::no_column) m_choice[other].clear();
    }
    return true;
}

void ImportDialog::draw_settings() {
    const float em = ImGui::GetFontSize();
    bool changed = false;
    const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_NoSavedSettings;
    if (ImGui::BeginTable("settings", 4, flags)) {
        ImGui::TableSetupColumn("label1", ImGuiTableColumnFlags_WidthFixed, 8.5f * em);
        ImGui::TableSetupColumn("control1", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("label2", ImGuiTableColumnFlags_WidthFixed, 8.5f * em);
        ImGui::TableSetupColumn("control2", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        const auto label = [](const char* text) {
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(text);
            ImGui::TableNextColumn();
        };

        ImGui::TableNextRow();
        label("Layer");
        ImGui::SetNextItemWidth(-2.2f * em);
        ImGui::InputText("##layer", &m_layer);
        ImGui::SameLine(0, 0.2f * em);
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##existing", nullptr, ImGuiComboFlags_NoPreview)) {
            ImGui::TextDisabled("Add to an existing point layer:");
            for (const auto& l : m_point_layers)
                if (ImGui::Selectable((l.name + "  (" + std::to_string(l.points.size()) + " points)").c_str(),
                                      l.name == m_layer))
                    m_layer = l.name;
            if (m_point_layers.empty()) ImGui::TextDisabled("(the project has none)");
            ImGui::EndCombo();
        }
        label("CRS (EPSG)");
        ImGui::SetNextItemWidth(-1);
        const char* hint = m_preview && m_preview->format != "CSV" ? "the file's own" : "WGS84 longitude/latitude";
        if (ImGui::InputTextWithHint("##crs", hint, &m_crs_input)) {
            read_crs_input();
            changed = true;
        }

        ImGui::TableNextRow();
        label("");
        const auto* existing = existing_layer();
        // Appending checks the file against the layer's points for duplicates: preview that too.
        if ((existing ? existing->name : std::string()) != m_previewed_layer) changed = true;
        if (m_layer.empty())
            ImGui::TextColored(error_text, "a layer needs a name");
        else if (existing)
            ImGui::TextDisabled("adds to the layer's %zu points", existing->points.size());
        else
            ImGui::TextDisabled("a new point layer");
        label("");
        if (m_crs && !m_crs->valid) {
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(error_text, "%s", m_crs->error.c_str());
            ImGui::PopTextWrapPos();
        } else if (m_crs) {
            ImGui::TextColored(fine_text, "%s", m_crs->name.c_str());
        } else if (m_preview && projected_rows(*m_preview)) {
            ImGui::TextColored(warning_text, "metres? Enter their EPSG code, e.g. 32634");
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("The coordinates look like projected metres, not degrees.\n"
                                  "Enter the EPSG code of their CRS: 32634 is UTM zone 34N (Serbia).");
        } else if (m_preview) {
            ImGui::TextDisabled("read as %s%s", m_preview->crs.c_str(),
                                m_preview->crs == "EPSG:4326" ? " (WGS84)" : "");
        }

        const bool geometry = m_preview && m_preview->geometry_positions;
        ImGui::TableNextRow();
        if (geometry) {
            label("Position");
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted("the features' geometry");
            label("");
        } else {
            label("Longitude (x)");
            changed |= draw_role_combo(x_role, "##x");
            label("Latitude (y)");
            changed |= draw_role_combo(y_role, "##y");
            ImGui::TableNextRow();
            label("or WKT");
            changed |= draw_role_combo(wkt_role, "##wkt");
            label("or both in one");
            changed |= draw_role_combo(position_role, "##position");
            ImGui::TableNextRow();
        }
        label("Duplicates within");
        ImGui::SetNextItemWidth(8 * em);
        if (ImGui::InputDouble("metres##dup", &m_duplicate_m, 1.0, 10.0, "%.1f")) {
            m_duplicate_m = std::clamp(m_duplicate_m, 0.0, 10000.0);
            changed = true;
        }

        ImGui::TableNextRow();
        label("Vendor");
        changed |= draw_role_combo(vendor_role, "##vendor");
        label("Year");
        changed |= draw_role_combo(year_role, "##year");
        ImGui::EndTable();
    }
    // Which columns the position comes from, and why: found by their values, they may surprise.
    if (m_preview && m_preview->error.empty())
        for (const auto& c : m_preview->sample.position_columns) {
            std::string text = geo::describe(c); // "latitude from column 3 ..."
            if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            text_wrapped_at_spaces(text);
            ImGui::PopStyleColor();
        }
    if (changed) start_preview();
}

void ImportDialog::draw_table(float height) {
    const auto& p = *m_preview;
    const float em = ImGui::GetFontSize();
    const std::string& x = chosen_column(x_role);
    const std::string& y = chosen_column(y_role);
    const std::string& wkt = chosen_column(wkt_role);
    const std::string& both = chosen_column(position_role);
    const std::string both_role = p.position_order.empty() ? std::string("lat, lon") : p.position_order;
    const std::string& vendor = chosen_column(vendor_role);
    const std::string& year = chosen_column(year_role);

    const int columns = static_cast<int>(p.columns.size()) + 2;
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Borders |
                                  ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_NoSavedSettings;
    if (!ImGui::BeginTable("rows", std::min(columns, 64), flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(2, 1);
    ImGui::TableSetupColumn("Row", ImGuiTableColumnFlags_WidthFixed, 3 * em);
    ImGui::TableSetupColumn("Imports as (lat, lon, vendor, year)", ImGuiTableColumnFlags_WidthFixed, 17 * em);
    for (int c = 2; c < std::min(columns, 64); ++c)
        ImGui::TableSetupColumn(p.columns[static_cast<size_t>(c - 2)].c_str(), ImGuiTableColumnFlags_WidthFixed, 0);

    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int c = 0; c < std::min(columns, 64); ++c) {
        if (!ImGui::TableSetColumnIndex(c)) continue;
        std::string text = ImGui::TableGetColumnName(c);
        if (c >= 2) {
            const std::string& name = p.columns[static_cast<size_t>(c - 2)];
            const char* role = name == x        ? "x"
                               : name == y      ? "y"
                               : name == wkt    ? "WKT"
                               : name == both   ? both_role.c_str()
                               : name == vendor ? "vendor"
                               : name == year   ? "year"
                                                : nullptr;
            if (role) {
                const RoleColour rc = (name == vendor && name != x && name != y) ? vendor_column_colour
                                      : (name == year && name != x && name != y) ? year_column_colour
                                                                                 : position_column_colour;
                ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, colour(rc));
                text += std::string(" [") + role + "]";
            }
        }
        ImGui::PushID(c);
        ImGui::TableHeader(text.c_str());
        ImGui::PopID();
    }

    for (const auto& row : p.rows) {
        ImGui::TableNextRow();
        if (row.rejected) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, rejected_row_bg);
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(row.row));
        ImGui::TableNextColumn();
        if (!row.judged) {
            ImGui::TextDisabled("-");
        } else if (row.rejected) {
            ImGui::TextColored(error_text, "rejected: %s", row.rejected->reason.c_str());
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s\n%s", row.rejected->reason.c_str(), row.rejected->fix.c_str());
        } else {
            std::string text;
            for (const auto& point : row.points) {
                if (!text.empty()) text += "; ";
                text += format_position(point.lon, point.lat);
            }
            if (!row.points.empty()) {
                const auto& first = row.points.front();
                text += "  " + (first.vendor.empty() ? std::string("(no vendor)") : first.vendor);
                if (first.year) text += " " + std::to_string(*first.year);
            }
            if (row.warnings.empty()) {
                ImGui::TextUnformatted(text.c_str());
            } else {
                ImGui::TextColored(warning_text, "%s  (!)", text.c_str());
                if (ImGui::IsItemHovered()) {
                    std::string tip;
                    for (const auto& w : row.warnings)
                        tip += w.reason + "\n";
                    ImGui::SetTooltip("%s", tip.c_str());
                }
            }
        }
        for (size_t c = 0; c < row.values.size() && c + 2 < 64; ++c) {
            ImGui::TableNextColumn();
            // Long values (URLs, notes) are cut: the table is for recognising columns, not reading them.
            ImGui::TextUnformatted(geo::utf8::shortened(row.values[c], 40).c_str());
        }
    }
    ImGui::EndTable();
}

float ImportDialog::rejected_rows_height() const {
    // Each rejected row as tall as its wrapped reason, up to about six lines in all (it scrolls).
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float width = std::max(1.0f, ImGui::GetContentRegionAvail().x - 6 * ImGui::GetFontSize());
    float height = 0;
    for (const auto& row : m_preview->rows)
        if (row.rejected) {
            const std::string text = rejected_text(*row.rejected);
            height += ImGui::CalcTextSize(text.c_str(), nullptr, false, width).y + ImGui::GetStyle().ItemSpacing.y;
        }
    if (height == 0) return 0;
    return std::min(6.3f * line, height + 0.3f * line);
}

void ImportDialog::draw_rejected_rows() {
    const auto& p = *m_preview;
    std::vector<const geo::PreviewRow*> rejected;
    for (const auto& row : p.rows)
        if (row.rejected) rejected.push_back(&row);
    if (rejected.empty()) return;
    ImGui::BeginChild("rejected", ImVec2(0, rejected_rows_height()));
    for (const auto* row : rejected) {
        ImGui::TextColored(error_text, "row %lld:", static_cast<long long>(row->row));
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(rejected_text(*row->rejected).c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::EndChild();
}

void ImportDialog::draw_buttons() {
    const float em = ImGui::GetFontSize();
    if (m_import.valid()) {
        const double f = m_progress ? m_progress->fraction.load() : 0.0;
        char label[48];
        // Reading is done; the spatial index and the commit take a moment more.
        if (f >= 1.0)
            std::snprintf(label, sizeof label, "writing the project ...");
        else
            std::snprintf(label, sizeof label, "%.0f %%", f * 100);
        ImGui::ProgressBar(static_cast<float>(f), ImVec2(-8 * em, 0), label);
        ImGui::SameLine();
        ImGui::BeginDisabled(m_progress && m_progress->cancel);
        if (ImGui::Button("Cancel", ImVec2(-1, 0)) && m_progress) m_progress->cancel = true;
        ImGui::EndDisabled();
        return;
    }
    if (m_succeeded.value_or(false)) {
        // The points may lie far from the part of the map on screen.
        if (ImGui::Button("Show on map", ImVec2(8 * em, 0))) {
            m_show_layer = m_layer;
            m_open = false;
        }
        ImGui::SameLine();
        if (ImGui::Button("Close", ImVec2(8 * em, 0))) m_open = false;
        return;
    }
    ImGui::BeginDisabled(!can_import());
    if (ImGui::Button("Import", ImVec2(8 * em, 0))) start_import();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(8 * em, 0))) m_open = false;
}

bool ImportDialog::draw(float left) {
    collect_preview();
    const bool changed = collect_import();
    if (!m_open) return changed;
    if (m_accept && !m_succeeded && can_import()) {
        m_accept = false;
        start_import();
    }

    const float em = ImGui::GetFontSize();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    // Beside the layer panel when at least 40 em are left there (at 1280 px and a UI scale of 1,
    // about 58 em are), else over the whole window.
    float from = vp->WorkPos.x;
    if (left > from && vp->WorkPos.x + vp->WorkSize.x - left - 1.7f * em >= 40 * em) from = left + 0.7f * em;
    const float room = vp->WorkPos.x + vp->WorkSize.x - from - em;
    const ImVec2 size(std::min(room - (from == vp->WorkPos.x ? em : 0), 62 * em),
                      std::min(vp->WorkSize.y - 2 * em, 44 * em));
    ImGui::SetNextWindowPos(ImVec2(from + room / 2, vp->WorkPos.y + vp->WorkSize.y / 2), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(size, ImGuiCond_Appearing);
    if (m_focus) {
        ImGui::SetNextWindowFocus();
        m_focus = false;
    }
    const std::string title = "Import points: " + m_file.filename().string() + "###import";
    bool open = true;
    // Opaque: the map behind a table of values only gets in the way.
    ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
    bg.w = 1.0f;
    ImGui::PushStyleColor(ImGuiCol_WindowBg, bg);
    const bool visible = ImGui::Begin(title.c_str(), m_import.valid() ? nullptr : &open, ImGuiWindowFlags_NoCollapse);
    ImGui::PopStyleColor();
    if (!visible) {
        ImGui::End();
        m_open = open;
        return changed;
    }

    if (m_preview) {
        const auto& p = *m_preview;
        std::string about = p.format;
        if (!p.encoding.empty()) about += ", " + p.encoding;
        if (p.delimiter) about += ", " + delimiter_name(p.delimiter) + "-separated";
        if (p.decimal_comma) about += ", decimal comma";
        if (p.total_rows)
            about += (p.total_rows_estimated ? ", about " : ", ") + std::to_string(*p.total_rows) + " rows";
        ImGui::TextDisabled("%s", about.c_str());
    } else if (m_preview_error.empty()) {
        ImGui::TextDisabled("Reading %s ...", m_file.filename().string().c_str());
    }

    if (!m_preview_error.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(error_text, "%s", m_preview_error.c_str());
        ImGui::PopTextWrapPos();
    } else {
        ImGui::BeginDisabled(m_import.valid() || m_succeeded.value_or(false));
        draw_settings();
        ImGui::EndDisabled();
    }

    if (m_preview && !m_succeeded.value_or(false)) {
        const auto& p = *m_preview;
        ImGui::Separator();
        if (!p.error.empty()) {
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(error_text, "Cannot import: %s", p.error.c_str());
            ImGui::PopTextWrapPos();
            ImGui::TextDisabled("Choose the columns above: the table below shows the file as read.");
        } else {
            const auto& s = p.sample;
            const bool all = p.total_rows && !p.total_rows_estimated && *p.total_rows == s.rows_read;
            ImGui::Text("Of %s %lld rows: %lld would be imported, ", all ? "the" : "the first",
                        static_cast<long long>(s.rows_read), static_cast<long long>(s.rows_read - s.rejected_count));
            ImGui::SameLine(0, 0);
            ImGui::TextColored(s.rejected_count ? error_text : fine_text, "%lld rejected",
                               static_cast<long long>(s.rejected_count));
            ImGui::SameLine(0, 0);
            ImGui::Text(", %lld duplicates, %lld warnings", static_cast<long long>(s.duplicate_count),
                        static_cast<long long>(s.warning_count));
            if (m_preview_job.valid()) {
                ImGui::SameLine();
                ImGui::TextDisabled("(updating)");
            }
            // Points far from the project's map: imported, but the map will not show them.
            for (const auto& w : s.warnings)
                if (w.code == geo::IssueCode::far_from_map) {
                    ImGui::PushTextWrapPos(0);
                    ImGui::TextColored(warning_text, "%s", w.reason.c_str());
                    ImGui::PopTextWrapPos();
                }
        }
        // The table takes what the rejected rows and the buttons leave.
        const ImGuiStyle& style = ImGui::GetStyle();
        const float rejected = rejected_rows_height();
        const float footer = (rejected > 0 ? rejected + style.ItemSpacing.y : 0) + ImGui::GetFrameHeightWithSpacing() +
                             2 * style.ItemSpacing.y + (m_succeeded ? 8 * ImGui::GetTextLineHeightWithSpacing() : 0);
        draw_table(std::max(4 * ImGui::GetFrameHeight(), ImGui::GetContentRegionAvail().y - footer));
        draw_rejected_rows();
    }

    if (m_succeeded) {
        ImGui::Separator();
        if (*m_succeeded)
            ImGui::TextColored(fine_text, "Imported into layer '%s':", m_layer.c_str());
        else
            ImGui::TextColored(error_text, "Not imported:");
        ImGui::BeginChild("report", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() - 0.3f * em), true,
                          ImGuiWindowFlags_HorizontalScrollbar);
        ImGui::TextUnformatted(m_report.c_str());
        ImGui::EndChild();
    }

    ImGui::Separator();
    draw_buttons();
    ImGui::End();
    if (!open) m_open = false;
    return changed;
}

} // namespace oko::app
