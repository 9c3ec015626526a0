#pragma once
// GEOS through its reentrant C API, owned: a context (one per thread; GEOS contexts are not
// shared) whose messages are silenced, since callers test every result, geometries that destroy
// themselves, and the two conversions every user of GEOS here needs: a closed ring of lon/lat
// into a polygon, and a polygonal result back into rings.

#include "geo/base/types.hpp"

#include <geos_c.h>

#include <cstdint>
#include <memory>
#include <span>

namespace oko::geo {

class GeosContext {
public:
    GeosContext() : h(GEOS_init_r()) {
        GEOSContext_setErrorMessageHandler_r(
            h, [](const char*, void*) {}, nullptr);
        GEOSContext_setNoticeMessageHandler_r(
            h, [](const char*, void*) {}, nullptr);
    }
    ~GeosContext() { GEOS_finish_r(h); }
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;

    GEOSContextHandle_t h;
};

struct GeosDestroy {
    GEOSContextHandle_t h;
    void operator()(GEOSGeometry* g) const {
        if (g) GEOSGeom_destroy_r(h, g);
    }
};
using GeosGeom = std::unique_ptr<GEOSGeometry, GeosDestroy>;

inline GeosGeom own(GEOSContextHandle_t h, GEOSGeometry* g) { return GeosGeom(g, GeosDestroy{h}); }

// A polygon of one closed ring (last point == first), as GEOS builds it (not made valid); null
// when GEOS refuses the ring.
inline GeosGeom ring_polygon(GEOSContextHandle_t h, std::span<const LonLat> ring) {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(ring.size()), 2);
    for (size_t i = 0; i < ring.size(); ++i)
        GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(i), ring[i].lon, ring[i].lat);
    GEOSGeometry* shell = GEOSGeom_createLinearRing_r(h, seq);
    if (!shell) return own(h, nullptr);
    return own(h, GEOSGeom_createPolygon_r(h, shell, nullptr, 0));
}

// Appends every polygon of a GEOS result (a polygon, multipolygon or collection) to `out`, any
// type with the rings' `points`, each ring's first point in `parts` and each polygon's outer ring
// in `polygons` (GeometryParts, StoredFeature).
template <class Rings> void append_polygons(GEOSContextHandle_t h, const GEOSGeometry* g, Rings& out) {
    const auto append_ring = [&](const GEOSGeometry* ring) {
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
        unsigned n = 0;
        GEOSCoordSeq_getSize_r(h, seq, &n);
        out.parts.push_back(static_cast<uint32_t>(out.points.size()));
        for (unsigned i = 0; i < n; ++i) {
            double x = 0, y = 0;
            GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
            out.points.push_back({x, y});
        }
    };
    const int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(h, g) == 1) return;
        out.polygons.push_back(static_cast<uint32_t>(out.parts.size()));
        append_ring(GEOSGetExteriorRing_r(h, g));
        const int holes = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; i < holes; ++i)
            append_ring(GEOSGetInteriorRingN_r(h, g, i));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; ++i)
            append_polygons(h, GEOSGetGeometryN_r(h, g, i), out);
    }
}

} // namespace oko::geo
