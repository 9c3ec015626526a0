#pragma once
// The furniture of a picture (geo::Furniture): the title block, the scale bar, the north arrow,
// the note, the attribution line and the legends (legend_layout.hpp), each on a light box in its
// corner, placed by the one corner rule (place_in_corners) and drawn with the TextPainter. Sizes
// are points times the picture's pixel ratio. Place them first, so that labels keep clear of
// them, and queue them last, so that they are drawn over everything.

#include "geo/base/types.hpp"
#include "geo/scene/furniture.hpp"
#include "geo/scene/legend.hpp"
#include "render/labels/text_painter.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace oko::render {

// How the attribution line looks (the basemap style's).
struct AttributionLook {
    double size_pt = 11;
    bool bold = false;
    geo::Colour colour{0.2f, 0.2f, 0.2f, 1};
    geo::Colour box{1, 1, 1, 0.8f};
};

// Where everything went, device px of the whole picture (y down).
struct FurnitureLayout {
    std::array<std::optional<geo::BBox>, geo::kFurnitureElements> boxes; // by geo::FurnitureElement; none: not drawn
    std::vector<geo::BBox> legends;                                      // each legend's; boxes[legend] holds them all
    geo::ScaleBar scale_bar;                                             // its length in device px
    // The texts as broken into lines to fit.
    std::vector<std::string> title, subtitle, note, attribution;

    const std::optional<geo::BBox>& box(geo::FurnitureElement e) const { return boxes[static_cast<size_t>(e)]; }
    std::vector<geo::BBox> taken() const; // every box drawn, for labels to keep clear of
};

// `scale_bar`: scale_bar_for(view) with its length in device px. `attribution`: the whole
// credit line (" · " separates credits: lines break there first).
FurnitureLayout place_furniture(TextPainter& text, const geo::Furniture& furniture,
                                const std::vector<geo::LegendSpec>& legends, const std::string& attribution,
                                const AttributionLook& look, const geo::ScaleBar& scale_bar, double picture_width,
                                double picture_height, double pixel_ratio);

// Queues what place_furniture() placed.
void add_furniture(TextPainter& text, const std::vector<geo::LegendSpec>& legends, const AttributionLook& look,
                   const FurnitureLayout& layout, double pixel_ratio);

// `s` broken into lines no wider than `max_width` px: at each "\n", then between credits (" · "),
// then between words; a word wider than that keeps a line of its own.
std::vector<std::string> break_lines(TextPainter& text, const std::string& s, double size_px, bool bold,
                                     double max_width);

} // namespace oko::render
