#pragma once
// Map legends (geo::LegendSpec) drawn with the TextPainter: a light box in a corner of the
// picture with the title, a colour bar with ticks and numbers (or one colour box and label per
// class), the units and a note of the source. Sizes are logical px times the picture's pixel
// ratio. Legends in the same corner stack inwards, and keep clear of the given boxes (the
// attribution): place them first, so that labels keep clear of them too, then queue them last,
// so that they are drawn over everything.

#include "geo/base/types.hpp"
#include "geo/scene/legend.hpp"
#include "render/labels/text_painter.hpp"

#include <string>
#include <utility>
#include <vector>

namespace oko::render {

// Boxes of the given sizes (device px) in their corners of the picture, `margin` logical px from
// its edges: the first in a corner sits in it, the next stack inwards (upwards from a bottom
// corner, downwards from a top one), all clear of `keep_clear` and of each other. The one rule by
// which every legend and every piece of furniture finds its place.
std::vector<geo::BBox> place_in_corners(const std::vector<std::pair<geo::XY, geo::LegendCorner>>& sizes,
                                        double picture_width, double picture_height, double pixel_ratio,
                                        const std::vector<geo::BBox>& keep_clear);

// The size of a legend's box, device px.
geo::XY legend_size(TextPainter& text, const geo::LegendSpec& legend, double pixel_ratio);

// Each legend's box, device px of the whole picture (y down), in the order given.
std::vector<geo::BBox> place_legends(TextPainter& text, const std::vector<geo::LegendSpec>& legends,
                                     double picture_width, double picture_height, double pixel_ratio,
                                     const std::vector<geo::BBox>& keep_clear);

// Queues one legend into the box place_legends() gave it.
void add_legend(TextPainter& text, const geo::LegendSpec& legend, const geo::BBox& box, double pixel_ratio);

// The tick numbers as a legend writes them: the fewest decimals (up to 3) that write every one
// of `values` exactly, the same for all ("0", "12.5", "25.0").
std::vector<std::string> legend_numbers(const std::vector<double>& values);

} // namespace oko::render
