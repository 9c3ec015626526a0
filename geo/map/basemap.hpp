#pragma once
// The city basemap in memory, as the renderer consumes it: features by class with geometry in
// Web Mercator metres. Areas carry their fill triangulation, computed once at import and stored
// in the project file, so that opening a project neither re-parses OSM nor re-triangulates.

#include "geo/base/types.hpp"
#include "geo/map/attribution.hpp"
#include "geo/map/feature_class.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace oko::geo {

struct Geometry {
    GeomKind kind = GeomKind::Point;
    std::vector<XY> points;          // every vertex, Web Mercator metres
    std::vector<uint32_t> parts;     // start index in `points` of each line or ring; a part ends where the next starts
    std::vector<uint32_t> triangles; // areas only: indices into `points`, three per triangle (holes respected)

    size_t part_count() const { return parts.size(); }
    size_t part_begin(size_t i) const { return parts[i]; }
    size_t part_end(size_t i) const { return i + 1 < parts.size() ? parts[i + 1] : points.size(); }
    BBox bounds() const;
};

struct Feature {
    FeatureClass cls{};
    char osm_type = 'n'; // 'n' node, 'w' way, 'r' relation
    int64_t osm_id = 0;
    std::string name;       // name=* as tagged (Cyrillic or Latin)
    std::string name_latin; // name:sr-Latn where present
    int admin_level = 0;    // boundaries only
    LineLevel level;        // lines only: tunnel, bridge, layer (from the tags, line_level())
    Geometry geometry;
};

// A house number (addr:street or addr:place with addr:housenumber), where the node or the middle of
// the building is.
struct Address {
    std::string street;      // as tagged
    std::string housenumber; // as tagged
    XY at;                   // Web Mercator
};

struct Basemap {
    std::vector<Feature> features;
    std::vector<Address> addresses;
    bool addresses_imported = false; // false: the project was imported before Oko kept addresses
    BBox extent;                     // Web Mercator, of the extract's data
    std::string attribution = osm_attribution;

    void recompute_extent();
};

} // namespace oko::geo
