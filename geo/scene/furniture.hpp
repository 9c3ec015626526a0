#pragma once
// The furniture of a map picture, as plain data in the scene: a title block (title, subtitle),
// the legend, a scale bar, a north arrow, the attribution line and a note, each shown or not and
// in a corner. Sizes are points (multiplied by the scene's pixel ratio, pixels per point), so a
// print at 300 dpi looks like the screen. The renderer lays them out and draws them
// (render/labels/legend_layout.hpp); the legend's entries and the attribution's credits come
// from the project (app/project/figure_legend.hpp).

#include "geo/base/viewport.hpp"
#include "geo/scene/legend.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oko::geo {

using Corner = LegendCorner;

// "top-left", "top-right", "bottom-left", "bottom-right".
std::string_view corner_name(Corner c);
std::optional<Corner> parse_corner(std::string_view name);

enum class FurnitureElement : uint8_t { title, legend, scale_bar, north_arrow, attribution, note, Count };
inline constexpr size_t kFurnitureElements = static_cast<size_t>(FurnitureElement::Count);

// "title", "legend", "scale_bar", "north_arrow", "attribution", "note" (as in the scene file and
// in --json); parse_element also takes "scale-bar" and "north-arrow", as options are spelt.
std::string_view element_name(FurnitureElement e);
std::optional<FurnitureElement> parse_element(std::string_view name);

struct FurniturePlace {
    bool shown = true;
    Corner corner = Corner::bottom_left;
    bool operator==(const FurniturePlace&) const = default;
};

struct Furniture {
    std::string title;    // bold, large, first in its block (empty: no title block)
    std::string subtitle; // under the title
    std::string note;     // free text: method, filters, the date of the data ("\n" breaks lines)
    // Per element, indexed by FurnitureElement. Elements with nothing to say (a title block
    // without a title, a note without text, a legend without entries) are not drawn. The
    // attribution is always shown: OpenStreetMap's licence (the ODbL) requires it on every map.
    // The scale bar and north arrow are off in a scene made in code (the tests' pictures); a
    // project's default scene (geo::default_scene: the window's map, `oko render`) turns them on.
    std::array<FurniturePlace, kFurnitureElements> places{{
        {true, Corner::top_left},     // title
        {true, Corner::bottom_left},  // legend
        {false, Corner::bottom_left}, // scale bar
        {false, Corner::top_right},   // north arrow
        {true, Corner::bottom_right}, // attribution
        {true, Corner::bottom_right}, // note
    }};

    FurniturePlace& operator[](FurnitureElement e) { return places[static_cast<size_t>(e)]; }
    const FurniturePlace& operator[](FurnitureElement e) const { return places[static_cast<size_t>(e)]; }
    bool shown(FurnitureElement e) const { return (*this)[e].shown; }
    bool operator==(const Furniture&) const = default;
};

// A scale bar true in ground metres along the parallel through the view's centre, on the WGS84
// ellipsoid (Web Mercator stretches ground lengths by about 1/cos(latitude): 1.42x at 45°).
struct ScaleBar {
    double metres = 0;    // its ground length: 1, 2 or 5 × 10^n m
    double length_px = 0; // in pixels of the view (device px when the picture is the view's size)
    std::string label;    // "500 m", "2 km"
};

// The longest round length (1, 2, 5 × 10^n m) not longer than `fraction` of the view's width.
ScaleBar scale_bar_for(const Viewport& view, double fraction = 0.2);

// "500 m", "1 km", "2.5 km" (km from 1000 m, to 10 m), "0.5 m" (to 10 cm): scale bars, cell sizes, radii.
std::string length_label(double metres);

} // namespace oko::geo
