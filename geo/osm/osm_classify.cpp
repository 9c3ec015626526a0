#include "geo/osm/osm_classify.hpp"

#include <string_view>

namespace oko::geo {

namespace {

using FC = FeatureClass;

struct ValueClass {
    std::string_view value;
    FeatureClass cls;
};

template <size_t N>
std::optional<FeatureClass> lookup(const osmium::TagList& tags, const char* key, const ValueClass (&table)[N]) {
    const char* v = tags.get_value_by_key(key);
    if (!v) return std::nullopt;
    const std::string_view value{v};
    for (const auto& e : table)
        if (e.value == value) return e.cls;
    return std::nullopt;
}

constexpr ValueClass kHighways[] = {
    {"motorway", FC::RoadMotorway},
    {"motorway_link", FC::RoadMotorway},
    {"trunk", FC::RoadTrunk},
    {"trunk_link", FC::RoadTrunk},
    {"primary", FC::RoadPrimary},
    {"primary_link", FC::RoadPrimary},
    {"secondary", FC::RoadSecondary},
    {"secondary_link", FC::RoadSecondary},
    {"tertiary", FC::RoadTertiary},
    {"tertiary_link", FC::RoadTertiary},
    {"residential", FC::RoadResidential},
    {"unclassified", FC::RoadResidential},
    {"road", FC::RoadResidential},
    {"service", FC::RoadService},
    {"track", FC::RoadService},
    {"living_street", FC::RoadPedestrian},
    {"pedestrian", FC::RoadPedestrian},
    {"footway", FC::RoadFootway},
    {"path", FC::RoadFootway},
    {"steps", FC::RoadFootway},
    {"bridleway", FC::RoadFootway},
    {"cycleway", FC::RoadCycleway},
};

// abandoned/disused/razed lines are not drawn: they are not on the ground any more.
constexpr ValueClass kRailways[] = {
    {"rail", FC::Rail}, {"light_rail", FC::Rail}, {"narrow_gauge", FC::Rail},
    {"tram", FC::Tram}, {"subway", FC::Subway},
};

constexpr ValueClass kWaterways[] = {
    {"river", FC::River},
    {"canal", FC::Canal},
    {"stream", FC::Stream},
};

constexpr ValueClass kPlaces[] = {
    {"city", FC::PlaceCity},
    {"town", FC::PlaceTown},
    {"suburb", FC::PlaceSuburb},
    {"quarter", FC::PlaceNeighbourhood},
    {"neighbourhood", FC::PlaceNeighbourhood},
};

constexpr ValueClass kLanduse[] = {
    {"reservoir", FC::WaterArea},
    {"basin", FC::WaterArea},
    {"forest", FC::Forest},
    {"grass", FC::Grass},
    {"meadow", FC::Grass},
    {"village_green", FC::Grass},
    {"recreation_ground", FC::Park},
    {"cemetery", FC::Cemetery},
    {"farmland", FC::Farmland},
    {"orchard", FC::Farmland},
    {"vineyard", FC::Farmland},
    {"allotments", FC::Farmland},
    {"residential", FC::LanduseResidential},
    {"commercial", FC::LanduseCommercial},
    {"industrial", FC::LanduseIndustrial},
    {"retail", FC::LanduseRetail},
};

constexpr ValueClass kNatural[] = {
    {"water", FC::WaterArea},
    {"wood", FC::Forest},
    {"scrub", FC::Grass},
    {"grassland", FC::Grass},
};

constexpr ValueClass kLeisure[] = {
    {"park", FC::Park},
    {"garden", FC::Park},
};

} // namespace

std::optional<FeatureClass> classify_node(const osmium::TagList& tags) { return lookup(tags, "place", kPlaces); }

std::optional<FeatureClass> classify_line(const osmium::TagList& tags) {
    if (auto c = lookup(tags, "highway", kHighways)) {
        // A pedestrian square mapped as an area is a surface, not a street to stroke.
        if (!tags.has_tag("area", "yes")) return c;
        return std::nullopt;
    }
    if (auto c = lookup(tags, "railway", kRailways)) return c;
    if (auto c = lookup(tags, "waterway", kWaterways)) return c;
    return std::nullopt;
}

std::optional<FeatureClass> classify_area(const osmium::TagList& tags, bool relation) {
    if (tags.has_tag("area", "no")) return std::nullopt;
    if (const char* b = tags.get_value_by_key("building"); b && std::string_view{b} != "no") return FC::Building;
    if (relation && tags.has_tag("boundary", "administrative")) return FC::AdminBoundary;
    // A dock is a harbour's basin, mapped as an area.
    if (tags.has_tag("waterway", "riverbank") || tags.has_tag("waterway", "dock")) return FC::WaterArea;
    if (auto c = lookup(tags, "natural", kNatural)) return c;
    if (auto c = lookup(tags, "leisure", kLeisure)) return c;
    if (auto c = lookup(tags, "landuse", kLanduse)) return c;
    if (tags.has_key("landuse")) return FC::LanduseOther;
    return std::nullopt;
}

} // namespace oko::geo
