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
    Sea, // built at import from the natural=coastline ways (geo/osm/osm_coastline.hpp)
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

// Where a road, railway or waterway runs: under the ground, on it, or over it on a bridge.
enum class Structure : uint8_t { Surface, Tunnel, Bridge };

// A line's structure and its OSM layer=* (clamped to -5..5), which together decide what is drawn
// over what: tunnels under everything on the ground, bridges over it, each in layer order.
struct LineLevel {
    Structure structure = Structure::Surface;
    int8_t layer = 0;

    // The drawing level: 0 on the ground; tunnels below it (layer -1 at most), bridges above (1 at
    // least), so a tunnel tagged without a layer still goes under the ground.
    int z() const;
    bool operator==(const LineLevel&) const = default;
};

// The one rule, from the values of tunnel=*, bridge=*, layer=* and covered=* (nullptr when the tag
// is absent): tunnel=yes|building_passage|culvert|... (anything but "no") is a tunnel, as is a line
// below the ground (layer < 0) that is covered=yes; bridge=yes|viaduct|aqueduct|... (anything but
// "no" and "low_water_crossing", a ford) is a bridge. A tunnel tag wins over a bridge tag.
LineLevel line_level(const char* tunnel, const char* bridge, const char* layer, const char* covered);

} // namespace oko::geo
