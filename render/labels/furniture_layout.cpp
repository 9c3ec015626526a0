#include "render/labels/furniture_layout.hpp"

#include "render/labels/legend_layout.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>

namespace oko::render {

namespace {

using geo::FurnitureElement;

// Points (times the pixel ratio).
constexpr double kPad = 6, kGap = 3;
constexpr double kTitlePt = 18, kSubtitlePt = 12, kNotePt = 10, kScalePt = 10;
constexpr double kBarHeight = 5, kBarLine = 1;
constexpr double kArrowPt = 20, kNorthPt = 12;

const geo::Colour kPaper{1, 1, 1, 0.9f};
const geo::Colour kInk{0.13f, 0.13f, 0.13f, 1};
const geo::Colour kGrey{0.33f, 0.33f, 0.33f, 1};
const geo::Colour kWhite{1, 1, 1, 1};
const geo::Colour kNoHalo{1, 1, 1, 0};
const std::string kSeparator = " \u00B7 "; // " · "

double line_height(TextPainter& text, double size, bool bold) {
    return text.ascent(size, bold) + text.descent(size, bold);
}

double widest(TextPainter& text, const std::vector<std::string>& lines, double size, bool bold) {
    double w = 0;
    for (const auto& l : lines)
        w = std::max(w, text.measure(l, size, bold));
    return w;
}

std::vector<std::string> split(const std::string& s, const std::string& by, bool keep) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        const size_t at = s.find(by, start);
        if (at == std::string::npos) {
            out.push_back(s.substr(start));
            return out;
        }
        out.push_back(s.substr(start, at - start) + (keep ? by : ""));
        start = at + by.size();
    }
}

// Right-trims the spaces a break left at a line's end (and a separator's dot with them).
std::string trimmed(std::string s) {
    if (s.size() >= kSeparator.size() && s.compare(s.size() - kSeparator.size(), kSeparator.size(), kSeparator) == 0)
        s.resize(s.size() - kSeparator.size());
    while (!s.empty() && s.back() == ' ')
        s.pop_back();
    return s;
}

// A block of lines of one size: its height, and queues them from `top` when `emit`.
double lines_block(TextPainter& text, const std::vector<std::string>& lines, double size, bool bold,
                   const geo::Colour& colour, double x, double top, bool emit) {
    const double ascent = text.ascent(size, bold), lh = line_height(text, size, bold);
    double y = top;
    for (const auto& l : lines) {
        if (emit) text.add(l, {x, y + ascent}, 0, TextStyle{size, bold, colour, kNoHalo});
        y += lh;
    }
    return y - top;
}

geo::BBox box_at(double x, double y, double w, double h) {
    geo::BBox b;
    b.extend(x, y);
    b.extend(x + w, y + h);
    return b;
}

// The scale bar's parts, from the top-left corner of its box.
struct ScaleParts {
    double width = 0, height = 0;
    double bar_x = 0, bar_y = 0, bar_w = 0, bar_h = 0; // the bar itself, inside its outline
    double zero_x = 0, label_x = 0, baseline = 0;
};

ScaleParts scale_parts(TextPainter& text, const geo::ScaleBar& bar, double ratio) {
    const double pad = kPad * ratio, size = kScalePt * ratio;
    const double w0 = text.measure("0", size, false), wl = text.measure(bar.label, size, false);
    ScaleParts p;
    p.bar_w = bar.length_px;
    p.bar_h = kBarHeight * ratio;
    p.bar_x = pad + std::max(w0 / 2, kBarLine * ratio);
    p.baseline = pad + text.ascent(size, false);
    p.bar_y = pad + line_height(text, size, false) + kGap * ratio;
    // "0" centred over the bar's start, the length over its end.
    p.zero_x = p.bar_x - w0 / 2;
    p.label_x = p.bar_x + p.bar_w - wl / 2;
    p.width = std::max(p.bar_x + p.bar_w + kBarLine * ratio, p.label_x + wl) + pad;
    p.height = p.bar_y + p.bar_h + kBarLine * ratio + pad;
    return p;
}

struct ArrowParts {
    double width = 0, height = 0, arrow_x = 0, arrow_base = 0, n_x = 0, n_base = 0;
};

const std::string kArrow = "\u25B2"; // ▲

ArrowParts arrow_parts(TextPainter& text, double ratio) {
    const double pad = kPad * ratio, as = kArrowPt * ratio, ns = kNorthPt * ratio;
    const double aw = text.measure(kArrow, as, false), nw = text.measure("N", ns, true);
    ArrowParts p;
    const double inner = std::max(aw, nw);
    p.width = inner + 2 * pad;
    p.n_x = pad + (inner - nw) / 2;
    p.n_base = pad + text.ascent(ns, true);
    p.arrow_x = pad + (inner - aw) / 2;
    // The triangle's glyph sits on the baseline and reaches about 0.8 em up.
    p.arrow_base = p.n_base + text.descent(ns, true) + kGap * ratio + as * 0.8;
    p.height = p.arrow_base + pad;
    return p;
}

} // namespace

std::vector<std::string> break_lines(TextPainter& text, const std::string& s, double size_px, bool bold,
                                     double max_width) {
    std::vector<std::string> out;
    for (const auto& paragraph : split(s, "\n", false)) {
        // Pieces to pack: the credits, and the words of any credit too wide for a line.
        std::vector<std::string> pieces;
        for (const auto& credit : split(paragraph, kSeparator, true)) {
            if (text.measure(trimmed(credit), size_px, bold) <= max_width) {
                pieces.push_back(credit);
                continue;
            }
            const auto words = split(credit, " ", true);
            pieces.insert(pieces.end(), words.begin(), words.end());
        }
        std::string line;
        for (const auto& piece : pieces) {
            if (!line.empty() && text.measure(trimmed(line + piece), size_px, bold) > max_width) {
                out.push_back(trimmed(line));
                line.clear();
            }
            line += piece;
        }
        out.push_back(trimmed(line));
    }
    return out;
}

std::vector<geo::BBox> FurnitureLayout::taken() const {
    std::vector<geo::BBox> out;
    for (size_t i = 0; i < boxes.size(); ++i)
        if (boxes[i] && i != static_cast<size_t>(FurnitureElement::legend)) out.push_back(*boxes[i]);
    out.insert(out.end(), legends.begin(), legends.end());
    return out;
}

FurnitureLayout place_furniture(TextPainter& text, const geo::Furniture& f, const std::vector<geo::LegendSpec>& legends,
                                const std::string& attribution, const AttributionLook& look,
                                const geo::ScaleBar& scale_bar, double w, double h, double ratio) {
    FurnitureLayout out;
    out.scale_bar = scale_bar;
    const double pad = kPad * ratio;
    auto place = [&](FurnitureElement e) -> geo::BBox& { return *(out.boxes[static_cast<size_t>(e)] = geo::BBox{}); };

    // The attribution first, flush in its corner as every map has it; the rest keeps clear.
    if (!attribution.empty()) {
        const double size = look.size_pt * ratio, apad = 3 * ratio;
        const std::string first = split(attribution, kSeparator, false).front();
        const double max_w = std::max(0.62 * w, text.measure(first, size, look.bold));
        out.attribution = break_lines(text, attribution, size, look.bold, max_w);
        const double bw = widest(text, out.attribution, size, look.bold) + 2 * apad;
        const double bh = out.attribution.size() * line_height(text, size, look.bold) + 2 * apad;
        const geo::Corner c = f[FurnitureElement::attribution].corner;
        const bool left = c == geo::Corner::top_left || c == geo::Corner::bottom_left;
        const bool top = c == geo::Corner::top_left || c == geo::Corner::top_right;
        place(FurnitureElement::attribution) = box_at(left ? 0 : w - bw, top ? 0 : h - bh, bw, bh);
    }

    // Then the others, in the order they sit outwards to inwards when they share a corner.
    std::vector<std::pair<geo::XY, geo::Corner>> sizes;
    std::vector<FurnitureElement> which;
    auto want = [&](FurnitureElement e, geo::XY size) {
        sizes.emplace_back(size, f[e].corner);
        which.push_back(e);
    };
    if (f.shown(FurnitureElement::scale_bar) && scale_bar.length_px > 0) {
        const ScaleParts p = scale_parts(text, scale_bar, ratio);
        want(FurnitureElement::scale_bar, {p.width, p.height});
    }
    if (f.shown(FurnitureElement::north_arrow)) {
        const ArrowParts p = arrow_parts(text, ratio);
        want(FurnitureElement::north_arrow, {p.width, p.height});
    }
    if (f.shown(FurnitureElement::title) && (!f.title.empty() || !f.subtitle.empty())) {
        const double max_w = 0.7 * w - 2 * pad;
        out.title =
            f.title.empty() ? std::vector<std::string>{} : break_lines(text, f.title, kTitlePt * ratio, true, max_w);
        out.subtitle = f.subtitle.empty() ? std::vector<std::string>{}
                                          : break_lines(text, f.subtitle, kSubtitlePt * ratio, false, max_w);
        const double bw = std::max(widest(text, out.title, kTitlePt * ratio, true),
                                   widest(text, out.subtitle, kSubtitlePt * ratio, false));
        double bh = out.title.size() * line_height(text, kTitlePt * ratio, true) +
                    out.subtitle.size() * line_height(text, kSubtitlePt * ratio, false);
        if (!out.title.empty() && !out.subtitle.empty()) bh += kGap * ratio;
        want(FurnitureElement::title, {bw + 2 * pad, bh + 2 * pad});
    }
    if (f.shown(FurnitureElement::note) && !f.note.empty()) {
        out.note = break_lines(text, f.note, kNotePt * ratio, false, std::max(0.4 * w, 120 * ratio));
        want(FurnitureElement::note, {widest(text, out.note, kNotePt * ratio, false) + 2 * pad,
                                      out.note.size() * line_height(text, kNotePt * ratio, false) + 2 * pad});
    }
    const bool with_legends = f.shown(FurnitureElement::legend);
    if (with_legends)
        for (const auto& l : legends)
            sizes.emplace_back(legend_size(text, l, ratio), l.corner);
    std::vector<geo::BBox> keep_clear;
    if (out.box(FurnitureElement::attribution)) keep_clear.push_back(*out.box(FurnitureElement::attribution));
    const std::vector<geo::BBox> boxes = place_in_corners(sizes, w, h, ratio, keep_clear);
    for (size_t i = 0; i < which.size(); ++i)
        place(which[i]) = boxes[i];
    if (with_legends && !legends.empty()) {
        out.legends.assign(boxes.begin() + static_cast<std::ptrdiff_t>(which.size()), boxes.end());
        geo::BBox& all = place(FurnitureElement::legend);
        for (const auto& b : out.legends)
            all.extend(b);
    }
    return out;
}

void add_furniture(TextPainter& text, const std::vector<geo::LegendSpec>& legends, const AttributionLook& look,
                   const FurnitureLayout& layout, double ratio) {
    const double pad = kPad * ratio;
    if (const auto& b = layout.box(FurnitureElement::title)) {
        text.add_box(*b, kPaper);
        double y = b->min_y + pad;
        y += lines_block(text, layout.title, kTitlePt * ratio, true, kInk, b->min_x + pad, y, true);
        if (!layout.title.empty() && !layout.subtitle.empty()) y += kGap * ratio;
        lines_block(text, layout.subtitle, kSubtitlePt * ratio, false, kGrey, b->min_x + pad, y, true);
    }
    if (const auto& b = layout.box(FurnitureElement::note)) {
        text.add_box(*b, kPaper);
        lines_block(text, layout.note, kNotePt * ratio, false, kInk, b->min_x + pad, b->min_y + pad, true);
    }
    if (const auto& b = layout.box(FurnitureElement::scale_bar)) {
        text.add_box(*b, kPaper);
        const ScaleParts p = scale_parts(text, layout.scale_bar, ratio);
        const double x = b->min_x, y = b->min_y, line = kBarLine * ratio;
        const TextStyle style{kScalePt * ratio, false, kInk, kNoHalo};
        text.add("0", {x + p.zero_x, y + p.baseline}, 0, style);
        text.add(layout.scale_bar.label, {x + p.label_x, y + p.baseline}, 0, style);
        // An outlined bar, its first half filled: the two halves read as two equal lengths.
        text.add_box(box_at(x + p.bar_x - line, y + p.bar_y - line, p.bar_w + 2 * line, p.bar_h + 2 * line), kInk);
        text.add_box(box_at(x + p.bar_x + p.bar_w / 2, y + p.bar_y, p.bar_w / 2, p.bar_h), kWhite);
    }
    if (const auto& b = layout.box(FurnitureElement::north_arrow)) {
        text.add_box(*b, kPaper);
        const ArrowParts p = arrow_parts(text, ratio);
        text.add("N", {b->min_x + p.n_x, b->min_y + p.n_base}, 0, TextStyle{kNorthPt * ratio, true, kInk, kNoHalo});
        text.add(kArrow, {b->min_x + p.arrow_x, b->min_y + p.arrow_base}, 0,
                 TextStyle{kArrowPt * ratio, false, kInk, kNoHalo});
    }
    if (const auto& b = layout.box(FurnitureElement::attribution)) {
        text.add_box(*b, look.box);
        const double size = look.size_pt * ratio, apad = 3 * ratio;
        lines_block(text, layout.attribution, size, look.bold, look.colour, b->min_x + apad, b->min_y + apad, true);
    }
    for (size_t i = 0; i < layout.legends.size() && i < legends.size(); ++i)
        add_legend(text, legends[i], layout.legends[i], ratio);
}

} // namespace oko::render
