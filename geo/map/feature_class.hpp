#pragma once
// The basemap's classes: what an OSM feature is on the map. One table (feature_class.cpp) gives
// each class its stable code (stored in the project file), its layer and its geometry kind;
// styles (geo/scene/basemap_style.hpp) and the OSM classifier (geo/osm/osm_classify.hpp) key on it.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace oko::geo {

enum class GeomKind : uint8_t { Point, Line, Area };

// Layers are what the user toggles; listed in draw order, bottom first.
enum class BasemapLayer : uint8_t { Landuse, Green, Water, Buildings, Boundaries, Rail, Roads, Places, Count };

enum class FeatureClass : uint8_t {
    // landuse
    LanduseResidential,
    LanduseCommercial,
    LanduseIndustrial,
    LanduseRetail,
    LanduseOther,
    // green
    Park,
    Forest,
    Grass,
    Cemetery,
    Farmland,
    // water
    WaterArea,
    River,
    Canal,
    Stream,
    // buildings
    Building,
    // boundaries (admin_level kept per feature)
    AdminBoundary,
    // rail
    Rail,
    Tram,
    Subway,
    // roads, most important first
    RoadMotorway,
    RoadTrunk,
    RoadPrimary,
    RoadSecondary,
    RoadTertiary,
    RoadResidential,
    RoadService,
    RoadPedestrian,
    RoadFootway,
    RoadCycleway,
    // place labels
    PlaceCity,
    PlaceTown,
    PlaceSuburb,
    PlaceNeighbourhood,
    Count
};

struct FeatureClassInfo {
    FeatureClass cls;
    std::string_view code; // stable, stored in the project file, e.g. "road.primary"
    BasemapLayer layer;
    GeomKind kind;
};

std::span<const FeatureClassInfo> feature_classes();
const FeatureClassInfo& info(FeatureClass cls);
std::optional<FeatureClass> feature_class_from_code(std::string_view code);

std::string_view layer_name(BasemapLayer layer); // "roads", "water", ...

} // namespace oko::geo
