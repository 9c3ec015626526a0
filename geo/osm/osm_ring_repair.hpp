#pragma once
// Rebuilds a multipolygon whose rings do not close, as in clipped extracts where a relation
// keeps all its listed members but the list itself was cut (the Danube, r2327140, in the Novi Sad
// extract has three gaps in its outer ring). Member ways are chained by shared end nodes; the
// remaining open ends are joined to their nearest partner within a tolerance; the rings are then
// made valid and combined (outers united, inners cut out) with GEOS.

#include "geo/store/store_geometry.hpp"
#include "geo/base/types.hpp"

#include <cstdint>
#include <vector>

namespace oko::geo {

struct RepairWay {
    std::vector<int64_t> node_ids;
    std::vector<LonLat> points; // same length as node_ids
    bool inner = false;
};

struct RingRepairResult {
    GeometryParts geometry; // closed rings; `polygons` marks each outer ring
    size_t gaps_closed = 0;
    double max_gap_m = 0;
    double total_gap_m = 0;
    size_t open_chains_dropped = 0;
    double area_km2 = 0;

    bool ok() const { return !geometry.polygons.empty(); }
};

RingRepairResult repair_rings(std::vector<RepairWay> ways, double tolerance_m);

// Ground distance in metres, on a sphere; exact enough for gaps of a few kilometres.
double ground_distance_m(LonLat a, LonLat b);

// Area in km2 of rings given in lon/lat (polygons as in GeometryParts), measured in a local
// equal-area (Lambert cylindrical, centred on the data) projection.
double area_km2(const GeometryParts& g);

} // namespace oko::geo
