#include "geo/density/density_grid.hpp"
#include "support/geodesy.hpp"

#include <catch2/catch.hpp>

#include <memory>

using namespace oko::geo;

TEST_CASE("Web Mercator's ground scale equals PROJ's geodesic length of a small step", "[density]") {
    const oko::test::MercatorToLonLat proj;
    REQUIRE(proj.ok());
    const oko::test::Wgs84 wgs84;
    for (double lat : {0.0, 45.0, 60.0}) {
        const XY m = proj.mercator({19.8, lat});
        const double x = m.x, y = m.y, step = 2.0; // Mercator metres
        const double east = wgs84.distance_m(proj.lonlat({x - step / 2, y}), proj.lonlat({x + step / 2, y}));
        const double north = wgs84.distance_m(proj.lonlat({x, y - step / 2}), proj.lonlat({x, y + step / 2}));
        const GroundScale k = mercator_ground_scale(y);
        INFO("latitude " << lat << ": PROJ " << east / step << " east, " << north / step << " north; Oko " << k.kx
                         << ", " << k.ky);
        CHECK(k.kx == Approx(east / step).epsilon(1e-7));
        CHECK(k.ky == Approx(north / step).epsilon(1e-7));
    }
    // At 45° north and east differ by 0.3 %, and both are about cos 45°.
    const GroundScale k45 = mercator_ground_scale(proj.mercator({0, 45}).y);
    CHECK(k45.kx / k45.ky == Approx(1.0034).epsilon(2e-4));
    CHECK(k45.kx == Approx(0.7071).epsilon(3e-3));
}
