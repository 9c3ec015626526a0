#pragma once
// How a point layer is drawn: symbol, size, opacity, and colour by vendor from a
// colour-blind-safe palette (Okabe & Ito). Plain data, shared by the window, `oko render` and the
// legend, so the legend always follows the style.

#include "geo/scene/filter.hpp"
#include "geo/scene/point_display.hpp"
#include "geo/base/image.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

namespace oko::geo {

enum class PointSymbol : int { Disc = 0, Square = 1, Diamond = 2, Triangle = 3 };

std::string_view symbol_name(PointSymbol s);

struct PointLayerStyle {
    bool visible = true;
    float opacity = 1.0f;
    float radius_px = 4.5f;
    PointSymbol symbol = PointSymbol::Disc;
    bool colour_by_vendor = true;
    Rgba colour{213, 94, 0, 255}; // when not by vendor
    bool operator==(const PointLayerStyle&) const = default;
};

// The default style of a layer by its kind ("cameras", "sites", "points"), and whether any of
// its points has a known vendor.
PointLayerStyle default_point_style(std::string_view kind, bool vendors_known = true);

// Colour of the vendor at `rank` (0 = the layer's most frequent vendor); unknown vendors are grey.
// Eight distinct colours, then grey for the rest ("other").
Rgba vendor_colour(size_t rank, bool unknown);
inline constexpr size_t kDistinctVendorColours = 7;

// One colour per vendor for a whole project, so a vendor looks the same in every layer and in
// every legend: vendors ranked by their total count over all layers (most frequent first).
class VendorPalette {
public:
    VendorPalette() = default;
    explicit VendorPalette(const std::vector<std::pair<std::string, int64_t>>& vendor_counts);
    Rgba colour(const std::string& vendor) const;
    std::vector<Rgba> colours(const std::vector<std::string>& vendors) const;

private:
    std::vector<std::string> m_ranked; // known vendors, most frequent first
};

struct PointLayerSpec {
    std::string name; // the layer's name in the project
    std::string kind;
    PointLayerStyle style;
    Filter filter;
    PointDisplaySpec display; // its points, or a density view in their place
    bool operator==(const PointLayerSpec&) const = default;
};

} // namespace oko::geo
