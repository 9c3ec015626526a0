#pragma once
// How the basemap looks, as plain data (no OpenGL): per feature class its draw order, fill,
// outline, line and casing. Line widths are ground metres that grow with the zoom, never
// thinner than a minimum in pixels, so a street is as wide as it is once zoomed in and still
// readable when zoomed out.

#include "geo/map/feature_class.hpp"
#include "geo/base/image.hpp"

#include <array>
#include <string_view>

namespace oko::geo {

struct Colour {
    float r = 0, g = 0, b = 0, a = 1;

    // "#rrggbb" or "#rrggbbaa"; throws geo::Error on anything else.
    static Colour hex(std::string_view text);
    Rgba rgba() const;
    bool operator==(const Colour&) const = default;
};

struct LineStyle {
    bool enabled = false;
    Colour colour;
    double metres = 0;     // ground width; 0 for a fixed width in pixels
    double min_px = 1;     // never thinner than this
    double max_px = 64;    // nor wider
    double dash_on_px = 0; // 0 for a solid line
    double dash_off_px = 0;

    // px = clamp(metres / ground metres per pixel, min_px, max_px)
    double width_px(double ground_resolution) const;
    bool operator==(const LineStyle&) const = default;
};

struct LabelStyle {
    bool enabled = false;
    double size_px = 12;
    bool bold = false;
    Colour colour;
    Colour halo;
    int priority = 0; // higher first when labels compete for room
};

struct ClassStyle {
    int order = 0; // draw order, bottom first
    bool fill = false;
    Colour fill_colour;
    LineStyle outline;                 // areas: the ring, drawn over the fill
    double outline_max_resolution = 0; // ground m/px above which the outline is not drawn (0: always)
    LineStyle line;                    // lines: the stroke
    LineStyle casing;                  // roads: drawn under every fill of the layer; see casing_edge_px()
    LineStyle centre;                  // drawn on top of the line, same width rule (the white dashes of a railway)
    double max_resolution = 0;         // ground m/px above which the class is not drawn (0: always)
    double min_feature_px = 0;         // skip features whose bounding box is smaller than this on screen
    LabelStyle label;
};

// How roads and railways look in a tunnel or on a bridge (line_level() in geo/map): a tunnel is
// its class's line, paler, with a dashed casing, drawn under everything on the ground; a bridge
// has a dark casing of its own, drawn over what runs below it, bridges in layer order.
struct StructureStyle {
    float tunnel_fade = 0.5f;     // the tunnel's fill moves this far towards white
    double tunnel_dash_on_px = 4; // its casing, or the line itself when the class has no casing
    double tunnel_dash_off_px = 3;
    Colour bridge_casing;        // over the class's own casing
    double bridge_edge_px = 1.0; // shown on each side, beyond the class's own casing
    bool operator==(const StructureStyle&) const = default;
};

struct BasemapStyle {
    Colour background;
    std::array<ClassStyle, static_cast<size_t>(FeatureClass::Count)> classes{};
    StructureStyle structures;
    LabelStyle attribution;
    Colour attribution_box;

    // How far a casing shows on each side of its line: a tenth of the line's width, within the
    // casing's min_px and max_px.
    static double casing_edge_px(const LineStyle& casing, double line_px);

    const ClassStyle& of(FeatureClass c) const { return classes[static_cast<size_t>(c)]; }
    ClassStyle& of(FeatureClass c) { return classes[static_cast<size_t>(c)]; }

    // A calm, print-friendly palette in the manner of OSM Carto light.
    static BasemapStyle standard();
};

} // namespace oko::geo
