#pragma once
// What a map legend says, as plain data: app/ builds one for each density view (a heatmap's
// ramp with its numbers and units, the classes of bins or districts with their counts) and the
// renderer draws it (render/labels/legend_layout.hpp).

#include "geo/base/image.hpp"
#include "geo/scene/colour_ramp.hpp"
#include "geo/scene/point_style.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace oko::geo {

enum class LegendCorner : uint8_t { top_left, top_right, bottom_left, bottom_right };

struct LegendSpec {
    std::string title; // "Camera density", bold, first
    std::string units; // "cameras per km²", under the ramp or the classes
    std::string note;  // the source and parameters: "quartic kernel, 200 m; OSM, 2026-11-30"
    // A continuous ramp from `min` to `max`, with a tick and its number at each of `ticks`
    // (those outside [min, max] are left out; none: min and max). Drawn as the map draws it:
    // with `opacity` over the legend's paper, and faded below `fade_below` of the scale.
    std::optional<ColourRamp> ramp;
    double min = 0, max = 1;
    std::vector<double> ticks;
    float opacity = 1.0f;
    double fade_below = 0.0;
    // Or classes, low first: a colour box and its label each ("12.5 – 25.0 (48 cells)"), or a
    // point layer's symbol in its colour ("Huawei (219)").
    struct Class {
        Rgba colour;
        std::string label;
        std::optional<PointSymbol> symbol; // none: a box
        bool operator==(const Class&) const = default;
    };
    std::vector<Class> classes;
    LegendCorner corner = LegendCorner::bottom_left;
    bool operator==(const LegendSpec&) const = default;
};

// A count as people read it in a legend: 1 000 000, thin spaces between thousands.
inline std::string legend_count(int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u2009";
        out += digits[i];
    }
    return (n < 0 ? "-" : "") + out;
}

} // namespace oko::geo
