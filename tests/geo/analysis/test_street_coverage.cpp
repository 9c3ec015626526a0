// Street coverage against computations that share none of its code: closed-form lengths on
// straight streets (a chord of a circle, a wedge's edges on a line), and on real Novi Sad a GEOS
// brute force (each camera's disc or wedge as a polygon of many vertices, their union intersected
// with the streets as SpatiaLite reads and projects them, its length).

#include "geo/analysis/boundaries.hpp"
#include "geo/analysis/street_coverage.hpp"
#include "geo/analysis/streets.hpp"
#include "geo/base/error.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/points/point_file_import.hpp"
#include "geo/scene/filter.hpp"
#include "geo/store/store.hpp"
#include "support/shared_data.hpp"
#include "support/spatialite_db.hpp"

#include <catch2/catch.hpp>
#include <geos_c.h>
#include <proj.h>
#include <sqlite3.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>

using namespace oko;

namespace {

constexpr double kPi = 3.14159265358979323846;

// UTM zone 34N (EPSG:32634) metres back to WGS84 through PROJ, for fixtures laid out in metres.
struct Utm34 {
    PJ_CONTEXT* ctx = proj_context_create();
    PJ* pj = nullptr;
    Utm34() {
        PJ* raw = proj_create_crs_to_crs(ctx, "EPSG:4326", "EPSG:32634", nullptr);
        pj = proj_normalize_for_visualization(ctx, raw);
        proj_destroy(raw);
    }
    ~Utm34() {
        proj_destroy(pj);
        proj_context_destroy(ctx);
    }
    geo::LonLat lonlat(double x, double y) const {
        const PJ_COORD c = proj_trans(pj, PJ_INV, proj_coord(x, y, 0, 0));
        return {c.lpzt.lam, c.lpzt.phi};
    }
};

// Around (500 km E, 5 000 km N) in zone 34: lon 21°, lat 45.1°.
constexpr double X0 = 500000, Y0 = 5000000;

geo::StreetNetwork one_street(const Utm34& utm, double length, const std::string& cls = "residential") {
    std::vector<geo::LonLat> line;
    for (int i = 0; i <= 10; ++i) // vertices every tenth, so that intervals span segments
        line.push_back(utm.lonlat(X0 - length / 2 + length * i / 10, Y0));
    return geo::StreetNetwork::from_lines({line}, {cls});
}

geo::CoverageResult cover(const geo::StreetNetwork& net, const std::vector<geo::CoverageCamera>& cams, double r,
                          std::optional<double> sector = std::nullopt) {
    geo::CoverageOptions o;
    o.radius_m = r;
    o.sector_deg = sector;
    o.uncovered_pieces = true;
    return geo::compute_coverage(net, cams, o);
}

geo::CoverageOptions within(double r) {
    geo::CoverageOptions o;
    o.radius_m = r;
    return o;
}

double geometry_length_m(const geo::Geometry& g) {
    // Web Mercator length scaled back to the ground at the fixture's latitude (pieces are short).
    double m = 0;
    for (size_t p = 0; p < g.part_count(); ++p)
        for (size_t i = g.part_begin(p) + 1; i < g.part_end(p); ++i)
            m += std::hypot(g.points[i].x - g.points[i - 1].x, g.points[i].y - g.points[i - 1].y);
    return m;
}

} // namespace

TEST_CASE("Coverage of a straight street equals the circle's chord", "[coverage]") {
    const Utm34 utm;
    const auto net = one_street(utm, 1000);
    CHECK(net.epsg() == 32634);
    CHECK(net.length_m() == Approx(1000).epsilon(1e-9));
    // A camera 30 m from the street's middle, R = 50: the chord is 2·√(50² − 30²) = 80 m.
    const auto r = cover(net, {{utm.lonlat(X0, Y0 + 30), std::nullopt}}, 50);
    CHECK(r.whole.street_m == Approx(1000).epsilon(1e-9));
    CHECK(r.whole.covered_m == Approx(80).margin(1e-6));
    CHECK(r.whole.share() == Approx(0.08).margin(1e-9));
    CHECK(r.whole.cameras == 1);
    CHECK(r.whole.cameras_per_street_km() == Approx(1.0));
    // The covered piece is one polyline across the vertex at the middle; the rest is two.
    CHECK(r.covered.part_count() == 1);
    CHECK(r.uncovered.part_count() == 2);
    const double scale = 1.0 / std::cos(45.1 * kPi / 180); // Web Mercator's scale near there
    CHECK(geometry_length_m(r.covered) / scale == Approx(80).epsilon(0.01));
    CHECK((geometry_length_m(r.covered) + geometry_length_m(r.uncovered)) / scale == Approx(1000).epsilon(0.01));

    // Two cameras whose chords overlap ([-40, 40] and [10, 90]) cover their union, 130 m.
    const auto two =
        cover(net, {{utm.lonlat(X0, Y0 + 30), std::nullopt}, {utm.lonlat(X0 + 50, Y0 - 30), std::nullopt}}, 50);
    CHECK(two.whole.covered_m == Approx(130).margin(1e-6));
    CHECK(two.covered.part_count() == 1);
    // Beyond R nothing; at the street's end only the part on the street (chord half: 40 m).
    CHECK(cover(net, {{utm.lonlat(X0, Y0 + 50.5), std::nullopt}}, 50).whole.covered_m == 0);
    CHECK(cover(net, {{utm.lonlat(X0 + 500, Y0 + 30), std::nullopt}}, 50).whole.covered_m == Approx(40).margin(1e-6));
    // A camera on the street, R = 10: 20 m.
    CHECK(cover(net, {{utm.lonlat(X0 + 3, Y0), std::nullopt}}, 10).whole.covered_m == Approx(20).margin(1e-6));
}

TEST_CASE("A camera's sector covers the wedge's part of the chord", "[coverage]") {
    const Utm34 utm;
    const auto net = one_street(utm, 1000);
    const auto at = utm.lonlat(X0, Y0 - 30); // 30 m south of the street, R = 50: disc chord x in [-40, 40]
    const auto covered = [&](std::optional<double> bearing, double sector) {
        return cover(net, {{at, bearing}}, 50, sector).whole.covered_m;
    };
    // Facing north, 90°: the wedge's edges meet the street at x = ±30·tan 45° = ±30.
    CHECK(covered(0.0, 90) == Approx(60).margin(1e-6));
    CHECK(covered(180.0, 90) == Approx(0).margin(1e-9));
    // Facing east: bearings 45..135°, on the street x from 30 to the disc's 40.
    CHECK(covered(90.0, 90) == Approx(10).margin(1e-6));
    // 60° facing north: x = ±30·tan 30°.
    CHECK(covered(0.0, 60) == Approx(60 * std::tan(kPi / 6)).margin(1e-6));
    // 270° facing south: everything but north's ±45°, i.e. [-40, -30] and [30, 40].
    CHECK(covered(180.0, 270) == Approx(20).margin(1e-6));
    // 180° facing north-east (bearing 45): the half-plane x + y ≥ 0 around the camera; the street
    // is at y = 30 from it, so x ≥ −30: [−30, 40].
    CHECK(covered(45.0, 180) == Approx(70).margin(1e-6));
    // 180° facing west (bearing 270): x ≤ 0, [−40, 0].
    CHECK(covered(270.0, 180) == Approx(40).margin(1e-6));
    // Without a direction or at 360°, the full disc; and the output counts directions.
    CHECK(covered(std::nullopt, 90) == Approx(80).margin(1e-6));
    CHECK(covered(0.0, 360) == Approx(80).margin(1e-6));
    const auto r = cover(net, {{at, 0.0}, {utm.lonlat(X0 + 300, Y0), std::nullopt}}, 50, 90);
    CHECK(r.whole.cameras == 2);
    CHECK(r.whole.cameras_with_direction == 1);
    CHECK(r.whole.covered_m == Approx(60 + 100).margin(1e-6));
}

TEST_CASE("Coverage rejects a radius or sector out of range and unknown street classes", "[coverage]") {
    const Utm34 utm;
    const auto net = one_street(utm, 100);
    CHECK_THROWS_WITH(cover(net, {}, 5), Catch::Contains("from 10 to 500 metres, not 5.0"));
    CHECK_THROWS_WITH(cover(net, {}, 501), Catch::Contains("from 10 to 500 metres"));
    CHECK_THROWS_WITH(cover(net, {}, 50, 0.0), Catch::Contains("sector"));
    const std::vector<std::string> asked{"busway"};
    std::vector<geo::LonLat> a{utm.lonlat(X0, Y0), utm.lonlat(X0 + 1000, Y0)};
    std::vector<geo::LonLat> b{utm.lonlat(X0, Y0 + 10), utm.lonlat(X0 + 300, Y0 + 10)};
    CHECK_THROWS_WITH(geo::StreetNetwork::from_lines({a, b}, {"residential", "service"}, asked),
                      Catch::Contains("'busway'") && Catch::Contains("residential 1.0 km") &&
                          Catch::Contains("service 0.3 km"));
    // Service roads are out by default and in when asked for.
    CHECK(geo::StreetNetwork::from_lines({a, b}, {"residential", "service"}).length_m() == Approx(1000).epsilon(1e-9));
    const std::vector<std::string> service{"service"};
    const auto only = geo::StreetNetwork::from_lines({a, b}, {"residential", "service"}, service);
    CHECK(only.length_m() == Approx(300).epsilon(1e-9));
    CHECK(only.classes() == service);
}

namespace {

using Db = test::SpatiaLiteDb;

struct Geos {
    GEOSContextHandle_t h = GEOS_init_r();
    ~Geos() { GEOS_finish_r(h); }
};

// Geometries SpatiaLite reads from the project and projects to EPSG:32634, as GEOS geometries.
std::vector<GEOSGeometry*> spatialite_geoms(Db& db, Geos& g, const std::string& sql) {
    sqlite3_stmt* q = nullptr;
    INFO(sql << ": " << sqlite3_errmsg(db.h));
    REQUIRE(sqlite3_prepare_v2(db.h, sql.c_str(), -1, &q, nullptr) == SQLITE_OK);
    GEOSWKBReader* reader = GEOSWKBReader_create_r(g.h);
    std::vector<GEOSGeometry*> out;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(q, 0));
        REQUIRE(blob);
        out.push_back(GEOSWKBReader_read_r(g.h, reader, blob, static_cast<size_t>(sqlite3_column_bytes(q, 0))));
        REQUIRE(out.back());
    }
    sqlite3_finalize(q);
    GEOSWKBReader_destroy_r(g.h, reader);
    return out;
}

double sql_double(Db& db, const std::string& sql) {
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(db.h, sql.c_str(), -1, &q, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(q) == SQLITE_ROW);
    const double v = sqlite3_column_double(q, 0);
    sqlite3_finalize(q);
    return v;
}

std::string in_list(const std::vector<std::string>& classes) {
    std::string s;
    for (const auto& c : classes)
        s += (s.empty() ? "'" : ",'") + c + "'";
    return s;
}

// A camera's wedge as a polygon: apex and the arc from β − h to β + h in 0.25° steps.
GEOSGeometry* wedge(Geos& g, double x, double y, double r, double bearing, double sector) {
    std::vector<double> xs{x}, ys{y};
    const int steps = std::max(8, static_cast<int>(sector * 4));
    for (int i = 0; i <= steps; ++i) {
        const double b = (bearing - sector / 2 + sector * i / steps) * kPi / 180;
        xs.push_back(x + r * std::sin(b));
        ys.push_back(y + r * std::cos(b));
    }
    xs.push_back(x);
    ys.push_back(y);
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(g.h, static_cast<unsigned>(xs.size()), 2);
    for (size_t i = 0; i < xs.size(); ++i)
        GEOSCoordSeq_setXY_r(g.h, seq, static_cast<unsigned>(i), xs[i], ys[i]);
    return GEOSGeom_createPolygon_r(g.h, GEOSGeom_createLinearRing_r(g.h, seq), nullptr, 0);
}

// Length of the streets inside the union of the shapes (GEOS, consumes the shapes).
double covered_length(Geos& g, const std::vector<GEOSGeometry*>& streets, std::vector<GEOSGeometry*> shapes) {
    GEOSGeometry* all =
        GEOSGeom_createCollection_r(g.h, GEOS_GEOMETRYCOLLECTION, shapes.data(), static_cast<unsigned>(shapes.size()));
    GEOSGeometry* area = GEOSUnaryUnion_r(g.h, all);
    GEOSGeom_destroy_r(g.h, all);
    const GEOSPreparedGeometry* prepared = GEOSPrepare_r(g.h, area);
    double m = 0;
    for (auto* s : streets) {
        if (GEOSPreparedIntersects_r(g.h, prepared, s) != 1) continue;
        GEOSGeometry* in = GEOSIntersection_r(g.h, s, area);
        double len = 0;
        GEOSLength_r(g.h, in, &len);
        m += len;
        GEOSGeom_destroy_r(g.h, in);
    }
    GEOSPreparedGeom_destroy_r(g.h, prepared);
    GEOSGeom_destroy_r(g.h, area);
    return m;
}

struct NoviSad {
    test::TempDir dir;
    std::filesystem::path project;
    bool ok = false;
    NoviSad() {
        const auto pbf = test::shared_data("osm/novi_sad_center.osm.pbf");
        if (!pbf) return;
        project = dir / "novi_sad.oko";
        geo::import_osm(*pbf, project);
        // 300 seeded cameras over the centre, every third with a direction (degrees or letters).
        std::ofstream f(dir / "cameras.csv");
        f << "lon,lat,camera:direction\n";
        uint64_t state = 12345;
        const auto next = [&] {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            return static_cast<double>(state >> 11) / static_cast<double>(1ull << 53);
        };
        const char* letters[] = {"N", "NE", "E", "SE", "S", "SW", "W", "NW"};
        for (int i = 0; i < 300; ++i) {
            char line[96];
            std::snprintf(line, sizeof line, "%.7f,%.7f,", 19.80 + next() * 0.06, 45.24 + next() * 0.03);
            f << line;
            const double d = next();
            if (i % 3 == 0) f << static_cast<int>(d * 360);
            if (i % 9 == 1) f << letters[static_cast<int>(d * 8)];
            f << "\n";
        }
        f.close();
        geo::import_point_file(dir / "cameras.csv", project, "cameras", {}, false, "cameras");
        ok = true;
    }
};

} // namespace

TEST_CASE("Novi Sad: coverage equals GEOS buffers intersected with SpatiaLite's streets", "[coverage][osm][slow]") {
    NoviSad ns;
    if (!ns.ok) return;
    const auto store = geo::Store::open(ns.project);
    const auto net = geo::StreetNetwork::load(store);
    REQUIRE(net.epsg() == 32634);
    const auto cameras = geo::coverage_cameras(store, "cameras", geo::Filter{});
    REQUIRE(cameras.size() == 300);

    Db db(ns.project);
    Geos g;
    const auto classes = in_list(geo::default_street_classes());
    const std::string where =
        " FROM basemap_lines WHERE osm_type = 'w' AND json_extract(tags, '$.highway') IN (" + classes + ")";
    // Street length: SpatiaLite's own, the independent figure.
    const double sql_m =
        sql_double(db, "SELECT sum(ST_Length(ST_Transform(geom, 32634, NULL, 'EPSG:4326', 'EPSG:32634')))" + where);
    CHECK(net.length_m() == Approx(sql_m).epsilon(1e-7));
    const double service_m = sql_double(db, "SELECT sum(ST_Length(ST_Transform(geom, 32634, NULL, 'EPSG:4326', "
                                            "'EPSG:32634'))) FROM basemap_lines WHERE osm_type = 'w' AND "
                                            "json_extract(tags, '$.highway') = 'service'");
    REQUIRE(service_m > 0); // there are service roads, and they are not counted
    const std::vector<std::string> with_service{"residential", "service"};
    CHECK(
        geo::StreetNetwork::load(store, with_service).length_m() ==
        Approx(
            service_m +
            sql_double(
                db,
                "SELECT sum(ST_Length(ST_Transform(geom, 32634, NULL, 'EPSG:4326', 'EPSG:32634'))) FROM basemap_lines "
                "WHERE osm_type = 'w' AND json_extract(tags, '$.highway') = 'residential'"))
            .epsilon(1e-7));

    const auto streets =
        spatialite_geoms(db, g, "SELECT AsBinary(ST_Transform(geom, 32634, NULL, 'EPSG:4326', 'EPSG:32634'))" + where);
    const auto points = spatialite_geoms(db, g,
                                         "SELECT AsBinary(ST_Transform(geom, 32634, NULL, 'EPSG:4326', 'EPSG:32634')) "
                                         "FROM points WHERE layer_id = (SELECT id FROM point_layers "
                                         "WHERE name = 'cameras') ORDER BY id");
    REQUIRE(points.size() == 300);
    std::vector<double> px, py;
    for (auto* p : points) {
        double x = 0, y = 0;
        GEOSGeomGetX_r(g.h, p, &x);
        GEOSGeomGetY_r(g.h, p, &y);
        px.push_back(x);
        py.push_back(y);
    }

    for (double r : {30.0, 100.0}) {
        geo::CoverageOptions o;
        o.radius_m = r;
        const auto got = geo::compute_coverage(net, cameras, o);
        std::vector<GEOSGeometry*> discs;
        for (auto* p : points)
            discs.push_back(GEOSBuffer_r(g.h, p, r, 64)); // 256 vertices a circle: 0.008 % short of the disc
        const double expected = covered_length(g, streets, discs);
        INFO("R " << r << ": Oko " << got.whole.covered_m << " m, GEOS " << expected << " m");
        REQUIRE(expected > 0);
        CHECK(got.whole.covered_m == Approx(expected).epsilon(0.005));
        CHECK(got.whole.covered_m == Approx(expected).epsilon(0.001)); // in fact much closer
        // The covered pieces as geometry hold the covered length (Mercator, scaled back).
        CHECK(got.covered.part_count() > 0);
    }

    // Sectors of 90° where a camera has a direction: wedges as polygons in GEOS.
    geo::CoverageOptions o;
    o.radius_m = 80;
    o.sector_deg = 90;
    const auto got = geo::compute_coverage(net, cameras, o);
    int64_t directed = 0;
    std::vector<GEOSGeometry*> shapes;
    for (size_t i = 0; i < cameras.size(); ++i) {
        if (cameras[i].bearing_deg) {
            ++directed;
            shapes.push_back(wedge(g, px[i], py[i], 80, *cameras[i].bearing_deg, 90));
        } else {
            shapes.push_back(GEOSBuffer_r(g.h, points[i], 80, 64));
        }
    }
    CHECK(directed == 100 + 34); // i % 3 == 0 and i % 9 == 1
    CHECK(got.whole.cameras_with_direction == directed);
    const double expected = covered_length(g, streets, shapes);
    INFO("sectors: Oko " << got.whole.covered_m << " m, GEOS " << expected << " m");
    CHECK(got.whole.covered_m == Approx(expected).epsilon(0.005));
    const auto full = geo::compute_coverage(net, cameras, within(80));
    CHECK(got.whole.covered_m < full.whole.covered_m);

    for (auto* s : streets)
        GEOSGeom_destroy_r(g.h, s);
    for (auto* p : points)
        GEOSGeom_destroy_r(g.h, p);
}

TEST_CASE("Novi Sad: per-district coverage adds up to the whole", "[coverage][osm][slow]") {
    NoviSad ns;
    if (!ns.ok) return;
    const auto store = geo::Store::open(ns.project);
    const auto cameras = geo::coverage_cameras(store, "cameras", geo::Filter{});
    auto whole_net = geo::StreetNetwork::load(store);
    const auto whole = geo::compute_coverage(whole_net, cameras, within(60));
    for (const auto& [level, count] : geo::BoundarySet::store_levels(store)) {
        const auto districts = geo::BoundarySet::from_store(store, level);
        auto net = geo::StreetNetwork::load(store);
        net.split_by(districts);
        const auto r = geo::compute_coverage(net, cameras, within(60), &districts);
        double street = r.outside.street_m, covered = r.outside.covered_m;
        int64_t cams = r.outside.cameras;
        for (const auto& d : r.districts) {
            street += d.street_m;
            covered += d.covered_m;
            cams += d.cameras;
        }
        INFO("admin_level " << level << ", " << count << " districts");
        CHECK(street == Approx(whole.whole.street_m).epsilon(1e-6));
        CHECK(covered == Approx(whole.whole.covered_m).epsilon(1e-6));
        CHECK(r.whole.covered_m == Approx(whole.whole.covered_m).epsilon(1e-6));
        CHECK(cams == 300);
        // Each district's street length against GEOS's intersection with its polygon, in SpatiaLite.
        Db db(ns.project);
        const std::string streets_sql = "SELECT ST_Union(ST_Transform(geom, 32634, NULL, 'EPSG:4326', 'EPSG:32634')) "
                                        "FROM basemap_lines WHERE osm_type = 'w' AND "
                                        "json_extract(tags, '$.highway') IN (" +
                                        in_list(geo::default_street_classes()) + ")";
        // Only checked where the level's polygons do not overlap: then "first wins" changes nothing.
        const double overlap = sql_double(
            db, "SELECT coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom))), 0) FROM basemap_areas a, "
                "basemap_areas b WHERE a.class = 'boundary.admin' AND b.class = 'boundary.admin' AND a.admin_level = " +
                    std::to_string(level) + " AND b.admin_level = a.admin_level AND a.id < b.id");
        if (overlap > 1e-9) continue;
        double inside = sql_double(db, "SELECT ST_Length(ST_Intersection((" + streets_sql +
                                           "), (SELECT ST_Transform(ST_Union(geom), 32634, NULL, 'EPSG:4326', "
                                           "'EPSG:32634') FROM basemap_areas WHERE "
                                           "class = 'boundary.admin' AND admin_level = " +
                                           std::to_string(level) + ")))");
        CHECK(street - r.outside.street_m == Approx(inside).epsilon(1e-4));
    }
}
