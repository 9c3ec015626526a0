#include "render/labels/legend_layout.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <functional>

namespace oko::render {

namespace {

// Logical px.
constexpr double kPad = 8, kMargin = 10, kGap = 4;
constexpr double kTitlePx = 13, kTextPx = 11, kNotePx = 10;
constexpr double kBarWidth = 200, kBarHeight = 12, kTickLength = 4;
constexpr double kClassBox = 14, kClassGap = 6, kClassRow = 19;

const geo::Colour kPaper{1, 1, 1, 0.9f};
const geo::Colour kInk{0.13f, 0.13f, 0.13f, 1};
const geo::Colour kGrey{0.38f, 0.38f, 0.38f, 1};
const geo::Colour kNoHalo{1, 1, 1, 0};

std::string symbol_glyph(geo::PointSymbol s) {
    switch (s) {
    case geo::PointSymbol::Square:
        return "\u25A0"; // ■
    case geo::PointSymbol::Diamond:
        return "\u25C6"; // ◆
    case geo::PointSymbol::Triangle:
        return "\u25B2"; // ▲
    case geo::PointSymbol::Disc:
        break;
    }
    return "\u25CF"; // ●
}

std::vector<double> ticks_of(const geo::LegendSpec& l) {
    std::vector<double> ticks;
    const double lo = std::min(l.min, l.max), hi = std::max(l.min, l.max);
    for (double t : l.ticks)
        if (t >= lo - 1e-9 * (hi - lo) && t <= hi + 1e-9 * (hi - lo)) ticks.push_back(t);
    if (ticks.empty()) ticks = {l.min, l.max};
    return ticks;
}

// Lays a legend out from its top-left corner: measures it (emit = false) or queues it.
geo::XY lay_out(TextPainter& text, const geo::LegendSpec& l, geo::XY at, double ratio, bool emit) {
    const double pad = kPad * ratio;
    double y = at.y + pad, width = 0;
    const double x = at.x + pad;
    auto line = [&](const std::string& s, double size_logical, bool bold, const geo::Colour& colour) {
        if (s.empty()) return;
        const double size = size_logical * ratio;
        const double ascent = text.ascent(size, bold), descent = text.descent(size, bold);
        width = std::max(width, text.measure(s, size, bold));
        if (emit) text.add(s, {x, y + ascent}, 0, TextStyle{size, bold, colour, kNoHalo});
        y += ascent + descent + kGap * ratio;
    };
    line(l.title, kTitlePx, true, kInk);
    if (l.ramp) {
        const double bar_w = kBarWidth * ratio, bar_h = kBarHeight * ratio;
        const double span = l.max - l.min;
        if (emit) {
            // One strip per device px, coloured as the map colours that value.
            const int strips = std::max(1, static_cast<int>(std::lround(bar_w)));
            for (int i = 0; i < strips; ++i) {
                const double t = (i + 0.5) / strips;
                const geo::Rgba c = geo::ramp_colour(*l.ramp, t);
                const double fade = l.fade_below > 0 ? std::min(1.0, t / l.fade_below) : 1.0;
                geo::BBox strip;
                strip.extend(x + bar_w * i / strips, y);
                strip.extend(x + bar_w * (i + 1) / strips, y + bar_h);
                text.add_box(strip, {c.r / 255.0f, c.g / 255.0f, c.b / 255.0f,
                                     static_cast<float>(std::clamp(l.opacity * fade, 0.0, 1.0))});
            }
        }
        y += bar_h;
        const std::vector<double> ticks = ticks_of(l);
        const std::vector<std::string> numbers = legend_numbers(ticks);
        const double size = kTextPx * ratio;
        const double ascent = text.ascent(size, false), descent = text.descent(size, false);
        double right = x + bar_w;
        for (size_t i = 0; i < ticks.size(); ++i) {
            const double tx = x + (span != 0 ? (ticks[i] - l.min) / span : 0.0) * bar_w;
            const double w = text.measure(numbers[i], size, false);
            // Centred under its tick, but kept inside the bar's span at the ends.
            const double left = std::clamp(tx - w / 2, x, std::max(x, x + bar_w - w));
            right = std::max(right, left + w);
            if (emit) {
                geo::BBox mark;
                mark.extend(tx - 0.5 * ratio, y);
                mark.extend(tx + 0.5 * ratio, y + kTickLength * ratio);
                text.add_box(mark, kInk);
                text.add(numbers[i], {left, y + kTickLength * ratio + ascent}, 0,
                         TextStyle{size, false, kInk, kNoHalo});
            }
        }
        width = std::max(width, right - x);
        y += kTickLength * ratio + ascent + descent + kGap * ratio;
    }
    for (const auto& c : l.classes) {
        const double size = kTextPx * ratio, row = kClassRow * ratio, box = kClassBox * ratio;
        const double ascent = text.ascent(size, false), descent = text.descent(size, false);
        const double label_x = x + box + kClassGap * ratio;
        width = std::max(width, box + kClassGap * ratio + text.measure(c.label, size, false));
        const geo::Colour colour{c.colour.r / 255.0f, c.colour.g / 255.0f, c.colour.b / 255.0f, c.colour.a / 255.0f};
        if (emit && c.symbol) {
            // The layer's symbol as a glyph of its shape, centred in the box's place, with a dark
            // halo as the map's symbols have an outline.
            const std::string glyph = symbol_glyph(*c.symbol);
            const double gs = box * 1.15;
            const double gw = text.measure(glyph, gs, false);
            const double ga = text.ascent(gs, false), gd = text.descent(gs, false);
            text.add(glyph, {x + (box - gw) / 2, y + (row + ga - gd) / 2 + gs * 0.08}, 0,
                     TextStyle{gs, false, colour, geo::Colour{0.2f, 0.2f, 0.2f, 0.6f}});
        } else if (emit) {
            geo::BBox b;
            b.extend(x, y + (row - box) / 2);
            b.extend(x + box, y + (row + box) / 2);
            text.add_box(b, colour);
        }
        if (emit)
            text.add(c.label, {label_x, y + (row + ascent - descent) / 2}, 0, TextStyle{size, false, kInk, kNoHalo});
        y += row;
    }
    if (!l.classes.empty()) y += kGap * ratio;
    line(l.units, kTextPx, false, kInk);
    line(l.note, kNotePx, false, kGrey);
    return {width + 2 * pad, y - kGap * ratio + pad - at.y};
}

} // namespace

std::vector<std::string> legend_numbers(const std::vector<double>& values) {
    double largest = 0;
    for (double v : values)
        largest = std::max(largest, std::abs(v));
    int decimals = 0;
    for (; decimals < 3; ++decimals) {
        const double scale = std::pow(10.0, decimals);
        bool exact = true;
        for (double v : values)
            exact = exact && std::abs(std::round(v * scale) / scale - v) <= 1e-9 * std::max(1.0, largest);
        if (exact) break;
    }
    std::vector<std::string> out;
    for (double v : values) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v == 0 ? 0.0 : v); // no "-0"
        out.emplace_back(buf);
    }
    return out;
}

std::vector<geo::BBox> place_in_corners(const std::vector<std::pair<geo::XY, geo::LegendCorner>>& sizes,
                                        double picture_width, double picture_height, double pixel_ratio,
                                        const std::vector<geo::BBox>& keep_clear) {
    std::vector<geo::BBox> boxes;
    std::vector<geo::BBox> taken = keep_clear;
    const double margin = kMargin * pixel_ratio;
    // Per corner, the boxes stacked there so far: a box with no room left in the stack starts a
    // new column beside the widest of them, rather than leaving the picture.
    std::array<std::vector<geo::BBox>, 4> in_corner;
    for (const auto& item : sizes) {
        const geo::XY size = item.first;
        const geo::LegendCorner corner = item.second;
        const bool left = corner == geo::LegendCorner::top_left || corner == geo::LegendCorner::bottom_left;
        const bool top = corner == geo::LegendCorner::top_left || corner == geo::LegendCorner::top_right;
        auto& column = in_corner[static_cast<size_t>(corner)];
        double x0 = left ? margin : picture_width - margin - size.x;
        geo::BBox box;
        for (int tries = 0; tries < 4; ++tries) {
            double y0 = top ? margin : picture_height - margin - size.y;
            // Inwards past whatever is already there: the attribution, the corner's earlier boxes.
            for (bool moved = true; moved;) {
                moved = false;
                box = {};
                box.extend(x0, y0);
                box.extend(x0 + size.x, y0 + size.y);
                for (const auto& t : taken)
                    if (box.intersects(t)) {
                        y0 = top ? t.max_y + margin / 2 : t.min_y - margin / 2 - size.y;
                        moved = true;
                        break;
                    }
                if (y0 < -picture_height || y0 > 2 * picture_height) break;
            }
            const bool fits = box.min_y >= 0 && box.max_y <= picture_height;
            if (fits || column.empty()) break;
            // A new column: beside every box of this corner so far.
            for (const auto& b : column)
                x0 = left ? std::max(x0, b.max_x + margin / 2) : std::min(x0, b.min_x - margin / 2 - size.x);
        }
        boxes.push_back(box);
        taken.push_back(box);
        column.push_back(box);
    }
    return boxes;
}

geo::XY legend_size(TextPainter& text, const geo::LegendSpec& legend, double pixel_ratio) {
    return lay_out(text, legend, {0, 0}, pixel_ratio, false);
}

std::vector<geo::BBox> place_legends(TextPainter& text, const std::vector<geo::LegendSpec>& legends,
                                     double picture_width, double picture_height, double pixel_ratio,
                                     const std::vector<geo::BBox>& keep_clear) {
    std::vector<std::pair<geo::XY, geo::LegendCorner>> sizes;
    for (const auto& l : legends)
        sizes.emplace_back(legend_size(text, l, pixel_ratio), l.corner);
    return place_in_corners(sizes, picture_width, picture_height, pixel_ratio, keep_clear);
}

void add_legend(TextPainter& text, const geo::LegendSpec& legend, const geo::BBox& box, double pixel_ratio) {
    text.add_box(box, kPaper);
    lay_out(text, legend, {box.min_x, box.min_y}, pixel_ratio, true);
}

} // namespace oko::render
