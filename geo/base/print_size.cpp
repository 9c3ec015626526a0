#include "geo/base/print_size.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace oko::geo {

double dpi_of_pixel_ratio(double pixel_ratio) {
    // The scene keeps the ratio as a float: 200 dpi comes back as 199.99999; to a thousandth.
    return std::round(pixel_ratio * kDpiAtPixelRatio1 * 1000) / 1000;
}

float pixel_ratio_of_dpi(double dpi) { return static_cast<float>(dpi / kDpiAtPixelRatio1); }

unsigned pixels_per_metre(double dpi) { return static_cast<unsigned>(std::lround(dpi / 0.0254)); }

const std::vector<PaperSize>& paper_sizes() {
    // ISO 216: A0 has an area of 1 m² and sides in the ratio 1:√2, rounded to millimetres; each
    // next size halves the longer side (rounded down), as the standard tabulates them.
    static const std::vector<PaperSize> sizes = {{Paper::A0, "A0", 841, 1189},
                                                 {Paper::A1, "A1", 594, 841},
                                                 {Paper::A2, "A2", 420, 594},
                                                 {Paper::A3, "A3", 297, 420},
                                                 {Paper::A4, "A4", 210, 297}};
    return sizes;
}

std::optional<Paper> parse_paper(std::string_view name) {
    for (const auto& p : paper_sizes())
        if (name.size() == 2 && std::toupper(static_cast<unsigned char>(name[0])) == p.name[0] && name[1] == p.name[1])
            return p.paper;
    return std::nullopt;
}

const PaperSize& paper_size(Paper paper) {
    for (const auto& p : paper_sizes())
        if (p.paper == paper) return p;
    return paper_sizes().back();
}

int print_pixels(double mm, double dpi) { return static_cast<int>(std::lround(mm / 25.4 * dpi)); }

PixelSize paper_pixels(Paper paper, bool landscape, double dpi) {
    const auto& p = paper_size(paper);
    const int w = print_pixels(p.width_mm, dpi), h = print_pixels(p.height_mm, dpi);
    return landscape ? PixelSize{h, w} : PixelSize{w, h};
}

std::optional<std::string> paper_of(PixelSize size, double dpi) {
    for (const auto& p : paper_sizes())
        for (const bool landscape : {false, true})
            if (paper_pixels(p.paper, landscape, dpi) == size)
                return std::string(p.name) + (landscape ? " landscape" : " portrait");
    return std::nullopt;
}

const std::vector<SizePreset>& size_presets() {
    static const std::vector<SizePreset> presets = {
        {"hd", {1920, 1080}, "a full HD screen or video frame, 16:9"},
        {"4k", {3840, 2160}, "a 4K UHD screen, 16:9"},
        {"square", {1080, 1080}, "a square social media post"},
        {"portrait", {1080, 1350}, "a portrait social media post, 4:5"},
        {"story", {1080, 1920}, "a full-screen phone story, 9:16"},
    };
    return presets;
}

std::optional<PixelSize> size_preset(std::string_view name) {
    for (const auto& p : size_presets())
        if (name == p.name) return p.size;
    return std::nullopt;
}

std::string size_preset_list() {
    std::string list;
    for (const auto& p : size_presets())
        list += (list.empty() ? "" : ", ") + std::string(p.name) + " (" + std::to_string(p.size.width) + "x" +
                std::to_string(p.size.height) + ")";
    return list;
}

} // namespace oko::geo
