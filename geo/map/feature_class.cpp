#include "geo/map/feature_class.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <initializer_list>

namespace oko::geo {

namespace {
using FC = FeatureClass;
using L = BasemapLayer;
using K = GeomKind;

constexpr std::array<FeatureClassInfo, static_cast<size_t>(FC::Count)> kClasses{{
    {FC::LanduseResidential, "landuse.residential", L::Landuse, K::Area},
    {FC::LanduseCommercial, "landuse.commercial", L::Landuse, K::Area},
    {FC::LanduseIndustrial, "landuse.industrial", L::Landuse, K::Area},
    {FC::LanduseRetail, "landuse.retail", L::Landuse, K::Area},
    {FC::LanduseOther, "landuse.other", L::Landuse, K::Area},
    {FC::Park, "green.park", L::Green, K::Area},
    {FC::Forest, "green.forest", L::Green, K::Area},
    {FC::Grass, "green.grass", L::Green, K::Area},
    {FC::Cemetery, "green.cemetery", L::Green, K::Area},
    {FC::Farmland, "green.farmland", L::Green, K::Area},
    {FC::Sea, "water.sea", L::Water, K::Area},
    {FC::WaterArea, "water.area", L::Water, K::Area},
    {FC::River, "water.river", L::Water, K::Line},
    {FC::Canal, "water.canal", L::Water, K::Line},
    {FC::Stream, "water.stream", L::Water, K::Line},
    {FC::Building, "building", L::Buildings, K::Area},
    {FC::AdminBoundary, "boundary.admin", L::Boundaries, K::Area},
    {FC::Rail, "rail.rail", L::Rail, K::Line},
    {FC::Tram, "rail.tram", L::Rail, K::Line},
    {FC::Subway, "rail.subway", L::Rail, K::Line},
    {FC::RoadMotorway, "road.motorway", L::Roads, K::Line},
    {FC::RoadTrunk, "road.trunk", L::Roads, K::Line},
    {FC::RoadPrimary, "road.primary", L::Roads, K::Line},
    {FC::RoadSecondary, "road.secondary", L::Roads, K::Line},
    {FC::RoadTertiary, "road.tertiary", L::Roads, K::Line},
    {FC::RoadResidential, "road.residential", L::Roads, K::Line},
    {FC::RoadService, "road.service", L::Roads, K::Line},
    {FC::RoadPedestrian, "road.pedestrian", L::Roads, K::Line},
    {FC::RoadFootway, "road.footway", L::Roads, K::Line},
    {FC::RoadCycleway, "road.cycleway", L::Roads, K::Line},
    {FC::PlaceCity, "place.city", L::Places, K::Point},
    {FC::PlaceTown, "place.town", L::Places, K::Point},
    {FC::PlaceSuburb, "place.suburb", L::Places, K::Point},
    {FC::PlaceNeighbourhood, "place.neighbourhood", L::Places, K::Point},
}};

constexpr bool table_in_enum_order() {
    for (size_t i = 0; i < kClasses.size(); ++i)
        if (static_cast<size_t>(kClasses[i].cls) != i) return false;
    return true;
}
static_assert(table_in_enum_order(), "kClasses must list the classes in enum order");

constexpr std::array<std::string_view, static_cast<size_t>(L::Count)> kLayerNames{
    "landuse", "green", "water", "buildings", "boundaries", "rail", "roads", "places"};
} // namespace

std::span<const FeatureClassInfo> feature_classes() { return kClasses; }

const FeatureClassInfo& info(FeatureClass cls) { return kClasses.at(static_cast<size_t>(cls)); }

std::optional<FeatureClass> feature_class_from_code(std::string_view code) {
    for (const auto& c : kClasses)
        if (c.code == code) return c.cls;
    return std::nullopt;
}

std::string_view layer_name(BasemapLayer layer) { return kLayerNames.at(static_cast<size_t>(layer)); }

int LineLevel::z() const {
    switch (structure) {
    case Structure::Tunnel:
        return std::min<int>(layer, -1);
    case Structure::Bridge:
        return std::max<int>(layer, 1);
    case Structure::Surface:
        break;
    }
    return 0;
}

LineLevel line_level(const char* tunnel, const char* bridge, const char* layer, const char* covered) {
    LineLevel out;
    if (layer) {
        // layer=* is an integer; "-1;0" or "1.5" take their leading number, as renderers do.
        const std::string_view v{layer};
        int value = 0;
        const char* begin = v.data();
        if (!v.empty() && v.front() == '+') ++begin;
        const auto [end, ec] = std::from_chars(begin, v.data() + v.size(), value);
        if (ec == std::errc{} && end != begin)
            out.layer = static_cast<int8_t>(std::clamp(value, -5, 5));
        else if (ec == std::errc::result_out_of_range)
            out.layer = static_cast<int8_t>(v.front() == '-' ? -5 : 5);
    }
    const auto yes = [](const char* v, std::initializer_list<std::string_view> no) {
        if (!v || !*v) return false;
        const std::string_view s{v};
        return std::find(no.begin(), no.end(), s) == no.end();
    };
    if (yes(tunnel, {"no"}) || (out.layer < 0 && covered && std::string_view{covered} == "yes"))
        out.structure = Structure::Tunnel;
    else if (yes(bridge, {"no", "low_water_crossing"}))
        out.structure = Structure::Bridge;
    return out;
}

} // namespace oko::geo
