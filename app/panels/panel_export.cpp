#include "app/panels/panel_export.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace oko::app {

namespace {

// The names the dialog shows for the furniture's elements and corners.
constexpr const char* kElementLabels[geo::kFurnitureElements] = {"Title block", "Legend",      "Scale bar",
                                                                 "North arrow", "Attribution", "Note"};
constexpr const char* kCornerLabels = "top left\0top right\0bottom left\0bottom right\0";

void heading(const char* text) {
    ImGui::Spacing();
    ImGui::TextUnformatted(text);
    ImGui::Separator();
}

} // namespace

geo::PixelSize export_pixels(const ExportSettings& s) {
    if (s.paper) return geo::paper_pixels(s.sheet, s.landscape, s.dpi);
    return {s.width, s.height};
}

float export_pixel_ratio(const ExportSettings& s) { return s.paper ? geo::pixel_ratio_of_dpi(s.dpi) : 1.0f; }

ExportRequest draw_export_dialog(bool* open, ExportSettings& s, geo::Furniture& furniture, const ExportStatus& status,
                                 const geo::BBox& frame) {
    if (!*open) return ExportRequest::none;
    ExportRequest request = ExportRequest::none;
    // The frame: what the picture will cover, the rest of the map dimmed behind the panels.
    if (!frame.empty()) {
        ImDrawList* draw = ImGui::GetBackgroundDrawList();
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const ImVec2 lo(static_cast<float>(frame.min_x), static_cast<float>(frame.min_y));
        const ImVec2 hi(static_cast<float>(frame.max_x), static_cast<float>(frame.max_y));
        const ImVec2 v0 = vp->Pos, v1(vp->Pos.x + vp->Size.x, vp->Pos.y + vp->Size.y);
        const ImU32 dim = IM_COL32(40, 40, 40, 90);
        draw->AddRectFilled(v0, ImVec2(v1.x, lo.y), dim);
        draw->AddRectFilled(ImVec2(v0.x, hi.y), v1, dim);
        draw->AddRectFilled(ImVec2(v0.x, lo.y), ImVec2(lo.x, hi.y), dim);
        draw->AddRectFilled(ImVec2(hi.x, lo.y), ImVec2(v1.x, hi.y), dim);
        draw->AddRect(lo, hi, IM_COL32(200, 30, 30, 255), 0.0f, 0, 2.0f);
    }
    const float em = ImGui::GetFontSize();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - 0.7f * em, vp->WorkPos.y + 4.5f * em),
                            ImGuiCond_Appearing, ImVec2(1, 0));
    ImGui::SetNextWindowSize(ImVec2(24 * em, 0), ImGuiCond_Appearing);
    if (!ImGui::Begin("Export figure", open, ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::End();
        return request;
    }
    ImGui::BeginDisabled(status.running);
    ImGui::SetNextItemWidth(-4 * em);
    ImGui::InputText("file", &s.out);
    ImGui::TextDisabled(".png or .tif; beside the project unless a folder is given");

    heading("Size");
    if (ImGui::Button("1920x1080")) s = {s.out, false, 1920, 1080, s.sheet, s.landscape, s.dpi};
    ImGui::SameLine();
    if (ImGui::Button("1080x1080")) s = {s.out, false, 1080, 1080, s.sheet, s.landscape, s.dpi};
    ImGui::SameLine();
    if (ImGui::Button("A4 300 dpi")) s = {s.out, true, s.width, s.height, geo::Paper::A4, true, 300};
    int mode = s.paper ? 1 : 0;
    ImGui::RadioButton("pixels", &mode, 0);
    ImGui::SameLine();
    ImGui::RadioButton("paper", &mode, 1);
    s.paper = mode == 1;
    if (s.paper) {
        const auto& papers = geo::paper_sizes();
        const auto current =
            std::find_if(papers.begin(), papers.end(), [&](const auto& p) { return p.paper == s.sheet; });
        ImGui::SetNextItemWidth(5 * em);
        if (ImGui::BeginCombo("##paper", current != papers.end() ? current->name : "A4")) {
            for (const auto& p : papers)
                if (ImGui::Selectable(p.name, p.paper == s.sheet)) s.sheet = p.paper;
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        ImGui::Checkbox("landscape", &s.landscape);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(6 * em);
        ImGui::InputDouble("dpi", &s.dpi, 0, 0, "%.0f");
        s.dpi = std::clamp(s.dpi, geo::kMinDpi, geo::kMaxDpi);
    } else {
        ImGui::SetNextItemWidth(10 * em);
        int size[2] = {s.width, s.height};
        if (ImGui::InputInt2("width x height", size)) {
            s.width = std::clamp(size[0], 16, geo::kMaxPictureSide);
            s.height = std::clamp(size[1], 16, geo::kMaxPictureSide);
        }
    }
    const auto px = export_pixels(s);
    const bool too_big = std::max(px.width, px.height) > geo::kMaxPictureSide;
    ImGui::TextDisabled("%d x %d pixels at %.0f dpi", px.width, px.height,
                        geo::dpi_of_pixel_ratio(export_pixel_ratio(s)));

    heading("Text");
    ImGui::SetNextItemWidth(-4 * em);
    ImGui::InputText("title", &furniture.title);
    ImGui::SetNextItemWidth(-4 * em);
    ImGui::InputText("subtitle", &furniture.subtitle);
    ImGui::SetNextItemWidth(-4 * em);
    ImGui::InputTextMultiline("note", &furniture.note, ImVec2(-4 * em, 3 * em));

    heading("On the map");
    if (ImGui::BeginTable("furniture", 2, ImGuiTableFlags_SizingStretchProp)) {
        for (size_t i = 0; i < geo::kFurnitureElements; ++i) {
            const auto e = static_cast<geo::FurnitureElement>(i);
            auto& place = furniture[e];
            ImGui::PushID(static_cast<int>(i));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            // OpenStreetMap's licence requires the attribution on every map: it cannot be switched off.
            ImGui::BeginDisabled(e == geo::FurnitureElement::attribution);
            ImGui::Checkbox(kElementLabels[i], &place.shown);
            ImGui::EndDisabled();
            ImGui::TableNextColumn();
            int corner = static_cast<int>(place.corner);
            ImGui::SetNextItemWidth(-1);
            if (ImGui::Combo("##corner", &corner, kCornerLabels)) place.corner = static_cast<geo::Corner>(corner);
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::EndDisabled();

    ImGui::Separator();
    if (status.running) {
        char text[32];
        std::snprintf(text, sizeof text, "%.0f %%", 100 * status.done);
        ImGui::ProgressBar(static_cast<float>(status.done), ImVec2(-6 * em, 0), text);
        ImGui::SameLine();
        if (ImGui::Button("Cancel", ImVec2(-1, 0))) request = ExportRequest::cancel;
    } else {
        ImGui::BeginDisabled(too_big || s.out.empty());
        if (ImGui::Button("Export", ImVec2(8 * em, 0))) request = ExportRequest::start;
        ImGui::EndDisabled();
        if (too_big)
            ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "Oko draws up to %d pixels on a side: lower the DPI",
                               geo::kMaxPictureSide);
    }
    if (!status.message.empty()) {
        ImGui::PushTextWrapPos(0);
        if (status.failed)
            ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", status.message.c_str());
        else
            ImGui::TextUnformatted(status.message.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::End();
    return request;
}

} // namespace oko::app
