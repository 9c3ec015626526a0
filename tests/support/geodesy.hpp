#pragma once
// PROJ as the independent judge of ground figures in tests: Web Mercator to longitude and
// latitude, and geodesic distances and areas on the WGS84 ellipsoid (Karney's geodesics, PROJ's
// geod_* functions). Tests check Oko's own ground scale, kernels, cell areas and scale bars
// against these, never against Oko's code.

#include "geo/base/types.hpp"

#include <geodesic.h>
#include <proj.h>

#include <vector>

namespace oko::test {

// EPSG:3857 to EPSG:4326 through PROJ, longitude first.
class MercatorToLonLat {
public:
    MercatorToLonLat() : m_ctx(proj_context_create()) {
        PJ* raw = proj_create_crs_to_crs(m_ctx, "EPSG:3857", "EPSG:4326", nullptr);
        m_pj = raw ? proj_normalize_for_visualization(m_ctx, raw) : nullptr;
        proj_destroy(raw);
    }
    ~MercatorToLonLat() {
        proj_destroy(m_pj);
        proj_context_destroy(m_ctx);
    }
    MercatorToLonLat(const MercatorToLonLat&) = delete;
    MercatorToLonLat& operator=(const MercatorToLonLat&) = delete;

    bool ok() const { return m_pj != nullptr; }
    geo::LonLat lonlat(geo::XY p) const {
        const PJ_COORD c = proj_trans(m_pj, PJ_FWD, proj_coord(p.x, p.y, 0, 0));
        return {c.lp.lam, c.lp.phi};
    }
    geo::XY mercator(geo::LonLat p) const {
        const PJ_COORD c = proj_trans(m_pj, PJ_INV, proj_coord(p.lon, p.lat, 0, 0));
        return {c.xy.x, c.xy.y};
    }

private:
    PJ_CONTEXT* m_ctx;
    PJ* m_pj = nullptr;
};

// The WGS84 ellipsoid's geodesics.
class Wgs84 {
public:
    Wgs84() { geod_init(&m_g, 6378137.0, 1 / 298.257223563); }
    double distance_m(geo::LonLat a, geo::LonLat b) const {
        double d = 0;
        geod_inverse(&m_g, a.lat, a.lon, b.lat, b.lon, &d, nullptr, nullptr);
        return d;
    }
    // The area of a ring (open or closed, either orientation), m².
    double ring_area_m2(const std::vector<geo::LonLat>& ring) const {
        std::vector<double> lats, lons;
        for (size_t i = 0; i < ring.size(); ++i) {
            if (i + 1 == ring.size() && ring.size() > 1 && ring[i].lon == ring[0].lon && ring[i].lat == ring[0].lat)
                break; // the closing point repeats the first
            lats.push_back(ring[i].lat);
            lons.push_back(ring[i].lon);
        }
        double area = 0;
        geod_polygonarea(&m_g, lats.data(), lons.data(), static_cast<int>(lats.size()), &area, nullptr);
        return area < 0 ? -area : area;
    }

private:
    geod_geodesic m_g{};
};

} // namespace oko::test
