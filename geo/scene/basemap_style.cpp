#include "geo/scene/basemap_style.hpp"

#include "geo/base/error.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace oko::geo {

namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

using FC = FeatureClass;

LineStyle line(const char* colour, double metres, double min_px, double max_px = 64) {
    LineStyle s;
    s.enabled = true;
    s.colour = Colour::hex(colour);
    s.metres = metres;
    s.min_px = min_px;
    s.max_px = max_px;
    return s;
}

LineStyle dashed(LineStyle s, double on, double off) {
    s.dash_on_px = on;
    s.dash_off_px = off;
    return s;
}

// A casing shows `edge_px` on each side of the fill when zoomed out, up to 1.5 px on wide roads.
LineStyle casing(const char* colour, double edge_px) {
    LineStyle s;
    s.enabled = true;
    s.colour = Colour::hex(colour);
    s.min_px = edge_px;
    s.max_px = 1.5;
    return s;
}

LabelStyle label(double size, bool bold, const char* colour, int priority) {
    LabelStyle s;
    s.enabled = true;
    s.size_px = size;
    s.bold = bold;
    s.colour = Colour::hex(colour);
    s.halo = Colour::hex("#ffffffdd");
    s.priority = priority;
    return s;
}

} // namespace

Colour Colour::hex(std::string_view text) {
    if ((text.size() != 7 && text.size() != 9) || text[0] != '#')
        throw Error("a colour is written #rrggbb or #rrggbbaa, not '" + std::string(text) + "'");
    float v[4] = {0, 0, 0, 1};
    for (size_t i = 0; i + 1 < text.size(); i += 2) {
        const int hi = hex_digit(text[i + 1]);
        const int lo = hex_digit(text[i + 2]);
        if (hi < 0 || lo < 0) throw Error("a colour is written #rrggbb or #rrggbbaa, not '" + std::string(text) + "'");
        v[i / 2] = static_cast<float>(hi * 16 + lo) / 255.0f;
    }
    return {v[0], v[1], v[2], v[3]};
}

Rgba Colour::rgba() const {
    auto q = [](float f) { return static_cast<uint8_t>(std::lround(std::clamp(f, 0.0f, 1.0f) * 255.0f)); };
    return {q(r), q(g), q(b), q(a)};
}

double LineStyle::width_px(double ground_resolution) const {
    const double px = metres > 0 && ground_resolution > 0 ? metres / ground_resolution : 0;
    return std::clamp(px, min_px, std::max(min_px, max_px));
}

double BasemapStyle::casing_edge_px(const LineStyle& casing, double line_px) {
    return std::clamp(line_px * 0.1, casing.min_px, std::max(casing.min_px, casing.max_px));
}

BasemapStyle BasemapStyle::standard() {
    BasemapStyle s;
    s.background = Colour::hex("#f2efe9");
    int order = 0;
    auto area = [&](FC c, const char* fill) -> ClassStyle& {
        auto& cs = s.of(c);
        cs.order = order++;
        cs.fill = true;
        cs.fill_colour = Colour::hex(fill);
        return cs;
    };
    area(FC::LanduseOther, "#ebe7df");
    area(FC::LanduseResidential, "#e3e0dc");
    area(FC::LanduseRetail, "#f5dcd6");
    area(FC::LanduseCommercial, "#f2dfdc");
    area(FC::LanduseIndustrial, "#ebdfe8");
    area(FC::Farmland, "#eef0d5");
    area(FC::Grass, "#d6ecc0");
    area(FC::Park, "#c8e6b0");
    area(FC::Cemetery, "#b6d1b4");
    area(FC::Forest, "#add19e");
    area(FC::Sea, "#aad3df");
    area(FC::WaterArea, "#aad3df");

    auto stroke = [&](FC c, LineStyle l) -> ClassStyle& {
        auto& cs = s.of(c);
        cs.order = order++;
        cs.line = l;
        return cs;
    };
    stroke(FC::Stream, line("#aad3df", 3, 0.7, 4));
    stroke(FC::Canal, line("#aad3df", 12, 1.2));
    stroke(FC::River, line("#aad3df", 40, 2.0));

    auto& building = area(FC::Building, "#d9d0c9");
    building.outline = line("#c2b5aa", 0, 0.6, 0.6);
    building.outline_max_resolution = 1.6; // about zoom 16 and closer
    // A building under a third of a pixel only adds grey noise at city scale.
    building.min_feature_px = 0.35;

    auto& admin = s.of(FC::AdminBoundary);
    admin.order = order++;
    admin.outline = dashed(line("#9e8aa8", 0, 1.2, 1.2), 6, 3);

    // Rail: a grey line with a white dash inside, the classic railway symbol.
    auto& rail = stroke(FC::Rail, line("#8c8c8c", 0, 2.2, 2.2));
    rail.centre = dashed(line("#ffffff", 0, 1.0, 1.0), 5, 5);
    stroke(FC::Subway, dashed(line("#9a9a9a", 0, 1.4, 1.4), 5, 3));
    stroke(FC::Tram, line("#8c8c8c", 0, 1.0, 1.0));

    // Roads, least important first so that motorways end on top.
    stroke(FC::RoadFootway, dashed(line("#e79a87", 0, 1.0, 1.0), 2.5, 1.5)).max_resolution = 4;
    stroke(FC::RoadCycleway, dashed(line("#6d8cd4", 0, 1.0, 1.0), 2.5, 1.5)).max_resolution = 4;
    auto road = [&](FC c, const char* fill, double metres, double min_px, const char* edge,
                    double edge_px) -> ClassStyle& {
        auto& cs = stroke(c, line(fill, metres, min_px, 80));
        cs.casing = casing(edge, edge_px);
        return cs;
    };
    road(FC::RoadPedestrian, "#e4e2ea", 6, 1.0, "#b5b2bd", 0.6).max_resolution = 8;
    road(FC::RoadService, "#ffffff", 4, 0.7, "#c4c0ba", 0.5).max_resolution = 8;
    road(FC::RoadResidential, "#ffffff", 8, 1.4, "#bdb8b1", 0.6);
    road(FC::RoadTertiary, "#ffffff", 10, 1.9, "#a29c94", 0.7);
    road(FC::RoadSecondary, "#f7f4b0", 12, 2.4, "#9b9550", 0.7);
    road(FC::RoadPrimary, "#fcd6a4", 14, 2.8, "#b98a4c", 0.7);
    road(FC::RoadTrunk, "#f9be8c", 16, 3.0, "#c27a3e", 0.7);
    road(FC::RoadMotorway, "#f3a66e", 18, 3.2, "#c4652a", 0.8);

    // Street names: the classes whose names are worth reading.
    for (FC c : {FC::RoadResidential, FC::RoadTertiary, FC::RoadSecondary, FC::RoadPrimary, FC::RoadTrunk,
                 FC::RoadMotorway, FC::RoadPedestrian})
        s.of(c).label = label(11, false, "#4a4540", 10 + static_cast<int>(FC::RoadPedestrian) - static_cast<int>(c));
    s.of(FC::River).label = label(12, false, "#4a7f9c", 30);
    s.of(FC::River).label.halo = Colour::hex("#e8f3f7cc");

    auto place = [&](FC c, double size, bool bold, int priority) {
        auto& cs = s.of(c);
        cs.order = order++;
        cs.label = label(size, bold, "#2f2b28", priority);
    };
    place(FC::PlaceCity, 20, true, 100);
    place(FC::PlaceTown, 16, true, 90);
    place(FC::PlaceSuburb, 13, false, 80);
    place(FC::PlaceNeighbourhood, 11, false, 70);
    // Quarters (Detelinara, Liman) are neighbourhoods in the importer: shown city-wide, where
    // collisions and their low priority keep them from crowding the bigger names.
    s.of(FC::PlaceNeighbourhood).max_resolution = 25;

    s.structures.bridge_casing = Colour::hex("#6e6861");

    s.attribution = label(11, false, "#333333", 1000);
    s.attribution_box = Colour::hex("#ffffffcc");
    return s;
}

} // namespace oko::geo
