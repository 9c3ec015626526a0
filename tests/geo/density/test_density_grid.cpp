#include "geo/density/density_grid.hpp"

#include <geodesic.h>
#include <proj.h>

#include <catch2/catch.hpp>

#include <memory>

using namespace oko::geo;

namespace {

// Web Mercator to WGS84 longitude and latitude through PROJ.
struct MercatorToLonLat {
    PJ_CONTEXT* ctx = proj_context_create();
    PJ* pj = nullptr;
    MercatorToLonLat() {
        PJ* raw = proj_create_crs_to_crs(ctx, "EPSG:3857", "EPSG:4326", nullptr);
        pj = proj_normalize_for_visualization(ctx, raw);
        proj_destroy(raw);
    }
    ~MercatorToLonLat() {
        proj_destroy(pj);
        proj_context_destroy(ctx);
    }
    PJ_COORD operator()(double x, double y) const { return proj_trans(pj, PJ_FWD, proj_coord(x, y, 0, 0)); }
    PJ_COORD inverse(double lon, double lat) const { return proj_trans(pj, PJ_INV, proj_coord(lon, lat, 0, 0)); }
};

} // namespace

TEST_CASE("Web Mercator's ground scale equals PROJ's geodesic length of a small step", "[density]") {
    MercatorToLonLat to_lonlat;
    REQUIRE(to_lonlat.pj);
    geod_geodesic wgs84{};
    geod_init(&wgs84, 6378137.0, 1 / 298.257223563);
    for (double lat : {0.0, 45.0, 60.0}) {
        const PJ_COORD m = to_lonlat.inverse(19.8, lat);
        const double x = m.xy.x, y = m.xy.y, step = 2.0; // Mercator metres
        const PJ_COORD w = to_lonlat(x - step / 2, y), e = to_lonlat(x + step / 2, y);
        const PJ_COORD s = to_lonlat(x, y - step / 2), n = to_lonlat(x, y + step / 2);
        double east = 0, north = 0;
        geod_inverse(&wgs84, w.lp.phi, w.lp.lam, e.lp.phi, e.lp.lam, &east, nullptr, nullptr);
        geod_inverse(&wgs84, s.lp.phi, s.lp.lam, n.lp.phi, n.lp.lam, &north, nullptr, nullptr);
        const GroundScale k = mercator_ground_scale(y);
        INFO("latitude " << lat << ": PROJ " << east / step << " east, " << north / step << " north; Oko " << k.kx
                         << ", " << k.ky);
        CHECK(k.kx == Approx(east / step).epsilon(1e-7));
        CHECK(k.ky == Approx(north / step).epsilon(1e-7));
    }
    // At 45° north and east differ by 0.3 %, and both are about cos 45°.
    const GroundScale k45 = mercator_ground_scale(to_lonlat.inverse(0, 45).xy.y);
    CHECK(k45.kx / k45.ky == Approx(1.0034).epsilon(2e-4));
    CHECK(k45.kx == Approx(0.7071).epsilon(3e-3));
}
