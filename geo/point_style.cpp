#include "geo/point_style.hpp"

#include <array>

namespace oko::geo {

std::string_view symbol_name(PointSymbol s) {
    switch (s) {
    case PointSymbol::Disc: return "disc";
    case PointSymbol::Square: return "square";
    case PointSymbol::Diamond: return "diamond";
    case PointSymbol::Triangle: return "triangle";
    }
    return "disc";
}

PointLayerStyle default_point_style(std::string_view kind) {
    PointLayerStyle s;
    if (kind == "sites") {
        // Programmes and facilities: fewer, larger, and not a camera.
        s.symbol = PointSymbol::Diamond;
        s.radius_px = 7.0f;
    }
    return s;
}

Rgba vendor_colour(size_t rank, bool unknown) {
    // Okabe & Ito (2008), ordered so the most frequent vendors get the most distinct colours;
    // vermillion first: in Serbian data that is usually Huawei.
    static constexpr std::array<Rgba, kDistinctVendorColours> palette{{
        {213, 94, 0, 255},    // vermillion
        {0, 114, 178, 255},   // blue
        {230, 159, 0, 255},   // orange
        {0, 158, 115, 255},   // bluish green
        {204, 121, 167, 255}, // reddish purple
        {86, 180, 233, 255},  // sky blue
        {240, 228, 66, 255},  // yellow
    }};
    if (unknown) return {150, 150, 150, 255};
    if (rank < palette.size()) return palette[rank];
    return {90, 90, 90, 255};  // other vendors
}

} // namespace oko::geo
