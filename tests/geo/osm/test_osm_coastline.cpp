#include "geo/osm/osm_coastline.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/base/mercator.hpp"
#include "support/geodesy.hpp"
#include "support/shared_data.hpp"

#include <geos_c.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

using namespace oko::geo;

namespace {

// GEOS, as the independent judge of the polygons build_sea makes: shapes are compared as WKT
// written by hand, areas and containment computed by GEOS alone.
struct Geos {
    GEOSContextHandle_t h = GEOS_init_r();
    ~Geos() { GEOS_finish_r(h); }
    Geos() = default;
    Geos(const Geos&) = delete;
    Geos& operator=(const Geos&) = delete;

    struct Destroy {
        GEOSContextHandle_t h;
        void operator()(GEOSGeometry* g) const {
            if (g) GEOSGeom_destroy_r(h, g);
        }
    };
    using Geom = std::unique_ptr<GEOSGeometry, Destroy>;
    Geom own(GEOSGeometry* g) const { return Geom(g, Destroy{h}); }

    Geom wkt(const std::string& text) const {
        GEOSWKTReader* r = GEOSWKTReader_create_r(h);
        Geom g = own(GEOSWKTReader_read_r(h, r, text.c_str()));
        GEOSWKTReader_destroy_r(h, r);
        return g;
    }
    double area(const GEOSGeometry* g) const {
        double a = 0;
        GEOSArea_r(h, g, &a);
        return a;
    }
};

std::string ring_wkt(const StoredFeature& f, size_t part) {
    const size_t begin = f.parts[part], end = part + 1 < f.parts.size() ? f.parts[part + 1] : f.points.size();
    std::string out = "(";
    char buf[64];
    for (size_t i = begin; i < end; ++i) {
        std::snprintf(buf, sizeof buf, "%s%.12f %.12f", i == begin ? "" : ",", f.points[i].lon, f.points[i].lat);
        out += buf;
    }
    return out + ")";
}

// The features' polygons as one MULTIPOLYGON in WKT.
std::string multipolygon_wkt(const std::vector<StoredFeature>& features) {
    std::string out = "MULTIPOLYGON(";
    bool first_polygon = true;
    for (const auto& f : features)
        for (size_t p = 0; p < f.polygons.size(); ++p) {
            const size_t begin = f.polygons[p], end = p + 1 < f.polygons.size() ? f.polygons[p + 1] : f.parts.size();
            out += first_polygon ? "(" : ",(";
            first_polygon = false;
            for (size_t r = begin; r < end; ++r)
                out += (r == begin ? "" : ",") + ring_wkt(f, r);
            out += ")";
        }
    return first_polygon ? "MULTIPOLYGON EMPTY" : out + ")";
}

CoastlineWay way(int64_t id, std::vector<int64_t> nodes, std::vector<LonLat> points) {
    return {id, std::move(nodes), std::move(points)};
}

const BBox kUnit = [] {
    BBox b;
    b.extend(0, 0);
    b.extend(1, 1);
    return b;
}();

// The area of what the sea and `expected` do not share, in square degrees.
double difference_to(const Geos& g, const SeaResult& sea, const std::string& expected) {
    const auto got = g.wkt(multipolygon_wkt(sea.features));
    const auto want = g.wkt(expected);
    REQUIRE(got);
    REQUIRE(want);
    CHECK(GEOSisValid_r(g.h, got.get()) == 1);
    const auto diff = g.own(GEOSSymDifference_r(g.h, got.get(), want.get()));
    return g.area(diff.get());
}

StoredFeature building_at(double lon, double lat) {
    StoredFeature f;
    f.cls = FeatureClass::Building;
    const double d = 0.001;
    f.points = {{lon, lat}, {lon + d, lat}, {lon + d, lat + d}, {lon, lat + d}, {lon, lat}};
    f.parts = {0};
    f.polygons = {0};
    return f;
}

} // namespace

TEST_CASE("A coast across the extract leaves the sea on its right", "[coastline]") {
    Geos g;
    // Eastwards along latitude 0.5, in two ways that share a node: land north, sea south.
    std::vector<CoastlineWay> ways{way(2, {11, 12}, {{0.4, 0.5}, {1.2, 0.5}}),
                                   way(1, {10, 11}, {{-0.2, 0.5}, {0.4, 0.5}})};
    const SeaResult sea = build_sea(ways, kUnit, {});
    CHECK(sea.chains == 1);
    CHECK(sea.warnings.empty());
    REQUIRE(sea.features.size() == 1);
    CHECK(sea.features[0].cls == FeatureClass::Sea);
    CHECK(difference_to(g, sea, "POLYGON((0 0,1 0,1 0.5,0 0.5,0 0))") < 1e-12);

    // The same coast the other way round: the sea is north.
    std::vector<CoastlineWay> reversed{way(1, {12, 10}, {{1.2, 0.5}, {-0.2, 0.5}})};
    const SeaResult north = build_sea(reversed, kUnit, {});
    CHECK(difference_to(g, north, "POLYGON((0 0.5,1 0.5,1 1,0 1,0 0.5))") < 1e-12);
}

TEST_CASE("An island is land inside the sea; a bay entering from one edge is sea", "[coastline]") {
    Geos g;
    // A counter-clockwise ring: land inside, in the southern sea.
    std::vector<CoastlineWay> ways{
        way(1, {10, 11}, {{-0.2, 0.5}, {1.2, 0.5}}),
        way(2, {20, 21, 22, 23, 20}, {{0.2, 0.1}, {0.3, 0.1}, {0.3, 0.2}, {0.2, 0.2}, {0.2, 0.1}})};
    const SeaResult sea = build_sea(ways, kUnit, {});
    CHECK(sea.rings == 1);
    CHECK(difference_to(g, sea, "POLYGON((0 0,1 0,1 0.5,0 0.5,0 0),(0.2 0.1,0.2 0.2,0.3 0.2,0.3 0.1,0.2 0.1))") <
          1e-12);

    // Up from the south edge and back down to it: the land is on the left of both legs, outside
    // the V, so the bay inside it is the sea, and the walk along the edge passes all four corners.
    std::vector<CoastlineWay> bay{way(1, {10, 11, 12}, {{0.3, -0.1}, {0.5, 0.6}, {0.7, -0.1}})};
    const SeaResult v = build_sea(bay, kUnit, {});
    const double x0 = 0.3 + 0.2 * (0.1 / 0.7), x1 = 0.7 - 0.2 * (0.1 / 0.7);
    char expected[160];
    std::snprintf(expected, sizeof expected, "POLYGON((%.15f 0,0.5 0.6,%.15f 0,%.15f 0))", x0, x1, x0);
    CHECK(difference_to(g, v, expected) < 1e-12);

    // A clockwise ring is water with land around it.
    std::vector<CoastlineWay> lagoon{
        way(1, {20, 23, 22, 21, 20}, {{0.2, 0.1}, {0.2, 0.2}, {0.3, 0.2}, {0.3, 0.1}, {0.2, 0.1}})};
    CHECK(difference_to(g, build_sea(lagoon, kUnit, {}), "POLYGON((0.2 0.1,0.3 0.1,0.3 0.2,0.2 0.2,0.2 0.1))") < 1e-12);
}

TEST_CASE("A broken coast never floods the land", "[coastline]") {
    Geos g;
    SECTION("no coastline, no sea") {
        const SeaResult sea = build_sea({}, kUnit, {});
        CHECK(sea.features.empty());
        CHECK(sea.warnings.empty());
    }
    SECTION("a coast that stops inside the extract is carried on to its edge, and said so") {
        // It bends east-north-east over its last stretch, and goes on that way to the east edge.
        std::vector<CoastlineWay> ways{way(7, {10, 11, 12}, {{-0.2, 0.5}, {0.5, 0.5}, {0.6, 0.55}})};
        const SeaResult sea = build_sea(ways, kUnit, {});
        CHECK(sea.extended_ends == 1);
        CHECK(sea.dropped_chains == 0);
        CHECK(difference_to(g, sea, "POLYGON((0 0,1 0,1 0.75,0.6 0.55,0.5 0.5,0 0.5,0 0))") < 1e-12);
        REQUIRE(sea.warnings.size() == 1);
        CHECK(sea.warnings[0].find("w7 ends inside the extract (at 0.60000, 0.55000)") != std::string::npos);
        // Without that, it is left out: no land, so no sea.
        SeaOptions strict;
        strict.extend_loose_ends = false;
        const SeaResult dropped = build_sea(ways, kUnit, {}, strict);
        CHECK(dropped.features.empty());
        CHECK(dropped.dropped_chains == 1);
        REQUIRE(!dropped.warnings.empty());
        CHECK(dropped.warnings[0].find("w7 ends inside the extract (at 0.60000, 0.55000)") != std::string::npos);
    }
    SECTION("a short gap between two ways is closed") {
        std::vector<CoastlineWay> ways{way(1, {10, 11}, {{-0.2, 0.5}, {0.5, 0.5}}),
                                       way(2, {12, 13}, {{0.5001, 0.5}, {1.2, 0.5}})};
        const SeaResult sea = build_sea(ways, kUnit, {});
        CHECK(sea.dropped_chains == 0);
        CHECK(difference_to(g, sea, "POLYGON((0 0,1 0,1 0.5,0 0.5,0 0))") < 1e-9);
        REQUIRE(sea.warnings.size() == 1);
        CHECK(sea.warnings[0].find("gap of 11 m") != std::string::npos);
    }
    SECTION("a sea over most buildings is refused") {
        // Mapped the wrong way round: the sea would be north, where the town is.
        std::vector<CoastlineWay> ways{way(1, {11, 10}, {{1.2, 0.5}, {-0.2, 0.5}})};
        std::vector<StoredFeature> town;
        for (int i = 0; i < 10; ++i)
            town.push_back(building_at(0.1 + 0.08 * i, i < 8 ? 0.8 : 0.2));
        const SeaResult sea = build_sea(ways, kUnit, town);
        CHECK(sea.refused);
        CHECK(sea.features.empty());
        CHECK(sea.land_at_sea == Approx(0.8));
        REQUIRE(!sea.warnings.empty());
        CHECK(sea.warnings.back().find("80% of the buildings") != std::string::npos);
        // The right way round, the same town keeps its sea.
        std::vector<CoastlineWay> right{way(1, {10, 11}, {{-0.2, 0.5}, {1.2, 0.5}})};
        const SeaResult kept = build_sea(right, kUnit, town);
        CHECK_FALSE(kept.refused);
        CHECK(kept.land_at_sea == Approx(0.2));
        CHECK(kept.features.size() == 1);
    }
}

TEST_CASE("Monaco has its sea, and its land stays dry", "[coastline][real]") {
    const auto pbf = oko::test::shared_data("osm/monaco.osm.pbf");
    if (!pbf) return;
    const OsmExtract extract = read_osm(*pbf);
    std::vector<StoredFeature> sea;
    std::vector<const StoredFeature*> buildings;
    for (const auto& f : extract.features) {
        if (f.cls == FeatureClass::Sea) sea.push_back(f);
        if (f.cls == FeatureClass::Building) buildings.push_back(&f);
    }
    REQUIRE(!sea.empty());
    CHECK(extract.report.count("water.sea") == sea.size());
    Geos g;
    const auto sea_geom = g.wkt(multipolygon_wkt(sea));
    REQUIRE(sea_geom);
    CHECK(GEOSisValid_r(g.h, sea_geom.get()) == 1);
    // Within the extract's header box (osmium fileinfo: 7.409205,43.72335,7.448637,43.75169).
    const auto box = g.wkt("POLYGON((7.409205 43.72335,7.448637 43.72335,7.448637 43.75169,7.409205 43.75169,7.409205 "
                           "43.72335))");
    CHECK(GEOSCovers_r(g.h, box.get(), sea_geom.get()) == 1);
    // At sea off Fontvieille; on land at the Place du Casino.
    const auto at_sea = g.wkt("POINT(7.4300 43.7300)");
    const auto casino = g.wkt("POINT(7.4281 43.7396)");
    CHECK(GEOSCovers_r(g.h, sea_geom.get(), at_sea.get()) == 1);
    CHECK(GEOSCovers_r(g.h, sea_geom.get(), casino.get()) == 0);
    // The harbours' basins are sea: the coastline runs along their quays.
    const auto hercule = g.wkt("POINT(7.4268 43.7345)");
    const auto fontvieille = g.wkt("POINT(7.4205 43.7293)");
    CHECK(GEOSCovers_r(g.h, sea_geom.get(), hercule.get()) == 1);
    CHECK(GEOSCovers_r(g.h, sea_geom.get(), fontvieille.get()) == 1);

    // The buildings' area at sea, as GEOS finds it: a tiny share (piers, harbour offices).
    std::vector<StoredFeature> building_copies;
    for (const auto* b : buildings)
        building_copies.push_back(*b);
    REQUIRE(building_copies.size() > 1000);
    const auto built = g.own(GEOSUnaryUnion_r(g.h, g.wkt(multipolygon_wkt(building_copies)).get()));
    REQUIRE(built);
    const auto wet = g.own(GEOSIntersection_r(g.h, built.get(), sea_geom.get()));
    const double share = g.area(wet.get()) / g.area(built.get());
    INFO("share of the buildings' area at sea: " << share);
    CHECK(share < 0.01);

    // The fill triangles cover what GEOS says the polygons cover (Web Mercator square metres).
    double triangles_m2 = 0, polygons_m2 = 0;
    for (const auto& f : sea) {
        REQUIRE(!f.triangles.empty());
        for (size_t t = 0; t + 2 < f.triangles.size(); t += 3) {
            const XY a = to_mercator(f.points[f.triangles[t]]), b = to_mercator(f.points[f.triangles[t + 1]]),
                     c = to_mercator(f.points[f.triangles[t + 2]]);
            triangles_m2 += std::abs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2;
        }
        StoredFeature m = f;
        for (auto& p : m.points) {
            const XY xy = to_mercator(p);
            p = {xy.x, xy.y};
        }
        polygons_m2 += g.area(g.wkt(multipolygon_wkt({m})).get());
    }
    INFO("sea: triangles " << triangles_m2 << " m2, polygons " << polygons_m2 << " m2");
    CHECK(triangles_m2 == Approx(polygons_m2).epsilon(0.001));
    CHECK(polygons_m2 > 1e6); // Monaco's sea in its box is a few square kilometres

    // The area the import report prints, against PROJ's geodesic area of the same rings on the
    // WGS84 ellipsoid (outer rings less their holes).
    const oko::test::Wgs84 wgs84;
    double geodesic_m2 = 0;
    for (const auto& f : sea)
        for (size_t r = 0, poly = 0; r < f.parts.size(); ++r) {
            const bool outer = poly < f.polygons.size() && f.polygons[poly] == r;
            if (outer) ++poly;
            const size_t begin = f.parts[r], end = r + 1 < f.parts.size() ? f.parts[r + 1] : f.points.size();
            const std::vector<LonLat> ring(f.points.begin() + begin, f.points.begin() + end);
            geodesic_m2 += (outer ? 1 : -1) * wgs84.ring_area_m2(ring);
        }
    INFO("report " << extract.report.sea_km2 << " km2, PROJ geodesic " << geodesic_m2 / 1e6 << " km2");
    CHECK(extract.report.sea_km2 == Approx(geodesic_m2 / 1e6).epsilon(0.005));
}
