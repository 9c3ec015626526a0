#include "geo/scene/point_display.hpp"

namespace oko::geo {

std::string_view display_name(PointDisplay d) {
    switch (d) {
    case PointDisplay::points:
        return "points";
    case PointDisplay::heatmap:
        return "heatmap";
    case PointDisplay::bins:
        return "bins";
    case PointDisplay::choropleth:
        return "choropleth";
    case PointDisplay::coverage:
        return "coverage";
    }
    return "points";
}

std::optional<PointDisplay> parse_display(std::string_view name) {
    for (auto d : {PointDisplay::points, PointDisplay::heatmap, PointDisplay::bins, PointDisplay::choropleth,
                   PointDisplay::coverage})
        if (display_name(d) == name) return d;
    return std::nullopt;
}

} // namespace oko::geo
