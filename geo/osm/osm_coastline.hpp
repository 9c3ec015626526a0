#pragma once
// The sea, built from OSM's coastline. OSM has no sea polygons: it draws the coast as
// natural=coastline ways with the land on their left and the water on their right. At import the
// ways are joined into chains by their shared end nodes (keeping their direction), each chain is
// clipped to the extract's bounds, and the land is closed along the bounds' edge, walking it
// counter-clockwise from where a chain leaves to where the next one enters (the land stays on the
// left); closed chains are islands (counter-clockwise: land inside) or, clockwise, water inside.
// The sea is the bounds less the land (GEOS for validity and the difference). A chain that stops
// inside the bounds, where the extract left out the coast beyond, is carried on straight to the
// edge (or, with that option off, dropped), with a warning; a sea that would cover much of the
// land's buildings is not kept at all (a warning says why): a broken coast never floods the city.

#include "geo/base/types.hpp"
#include "geo/store/store.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace oko::geo {

struct CoastlineWay {
    int64_t id = 0;
    std::vector<int64_t> nodes; // node ids, in the way's direction
    std::vector<LonLat> points; // their locations (nodes without a location left out of both)
};

struct SeaOptions {
    // Open chain ends closer than this to the start of another chain are joined across the gap
    // (clipped extracts lose a short way here and there).
    double gap_tolerance_m = 1000;
    // The sea is refused when more than this share of the buildings (or, without buildings, of
    // the roads) would be at sea.
    double max_land_at_sea = 0.2;
    // A chain that stops inside the bounds (the extract left out the coast beyond) is carried on
    // straight, the way its last 200 m point, to the bounds' edge; without this it is dropped.
    bool extend_loose_ends = true;
};

struct SeaResult {
    std::vector<StoredFeature> features; // one of class Sea, a multipolygon, triangulated by the caller
    std::vector<std::string> warnings;   // for the import report, in the user's words
    size_t coastline_ways = 0;
    size_t chains = 0;         // open chains after joining
    size_t rings = 0;          // closed chains (islands, or water enclosed by land)
    size_t extended_ends = 0;  // chain ends inside the bounds, carried on to their edge
    size_t dropped_chains = 0; // pieces that still end inside the bounds, left out
    double land_at_sea = 0;    // share of the probe points inside the sea that was built
    double area_km2 = 0;       // of the sea kept
    bool refused = false;      // built, but implausible: not kept
};

// `bounds` in degrees (the extract's header box, or its data's extent); `land` the features to
// check the result against (buildings, roads). Without coastline ways: no sea, no warning.
SeaResult build_sea(std::vector<CoastlineWay> ways, const BBox& bounds, std::span<const StoredFeature> land,
                    const SeaOptions& options = {});

} // namespace oko::geo
