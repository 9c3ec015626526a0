#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/osm/osm_ring_repair.hpp"
#include "geo/store/store.hpp"
#include "geo/store/bulk_insert.hpp"
#include "geo/store/store_geometry.hpp"
#include "geo/store/store_schema.hpp"
#include "support/shared_data.hpp"

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <limits>
#include <tuple>

using namespace oko::geo;
using oko::test::run_command;
using oko::test::shell_quote;

namespace {

const std::filesystem::path kFixtures = std::filesystem::path(OKO_TEST_FIXTURES) / "osm";

void sort_features(std::vector<StoredFeature>& v) {
    std::sort(v.begin(), v.end(), [](const StoredFeature& a, const StoredFeature& b) {
        return std::tie(a.osm_type, a.osm_id, a.cls) < std::tie(b.osm_type, b.osm_id, b.cls);
    });
}

bool same_points(const std::vector<LonLat>& a, const std::vector<LonLat>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].lon != b[i].lon || a[i].lat != b[i].lat) return false;
    return true;
}

std::string sql_one(const std::filesystem::path& db, const std::string& sql) {
    const auto r = run_command("sqlite3 " + shell_quote(db.string()) + " " +
                               shell_quote("SELECT load_extension('mod_spatialite'); " + sql) + " 2>&1 | tail -1");
    return r.output.substr(0, r.output.find_last_not_of("\n") + 1);
}

int64_t count_rows(const Store& store, const std::string& table) {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(store.handle(), ("SELECT count(*) FROM " + table).c_str(), -1, &s, nullptr);
    sqlite3_step(s);
    const int64_t n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

} // namespace

TEST_CASE("SpatiaLite BLOBs round-trip exactly", "[store]") {
    const std::vector<LonLat> pts{{19.8, 45.25},    {19.81, 45.25},   {19.81, 45.26},   {19.8, 45.25},
                                  {19.803, 45.253}, {19.806, 45.253}, {19.806, 45.256}, {19.803, 45.253}};
    const std::vector<uint32_t> parts{0, 4};
    const std::vector<uint32_t> polygons{0};
    const auto blob = encode_multipolygon(pts, parts, polygons);
    GeometryParts g;
    REQUIRE(decode_geometry(blob.data(), blob.size(), g));
    CHECK(same_points(g.points, pts));
    CHECK(g.parts == parts);
    CHECK(g.polygons == polygons);
    // A cut BLOB is refused, not read past its end.
    GeometryParts cut;
    CHECK_FALSE(decode_geometry(blob.data(), blob.size() - 9, cut));
}

TEST_CASE("A project is a SpatiaLite database that GDAL reads", "[store]") {
    oko::test::TempDir dir;
    const auto path = dir / "park.oko";
    const auto report = import_osm(kFixtures / "n15-w4-r1-park-with-hole.osm", path);
    CHECK(report.feature_count() == 3);
    // GDAL (what QGIS uses) sees the layers with their geometry type and CRS.
    const auto info = run_command("ogrinfo -ro -so " + shell_quote(path.string()) + " basemap_areas");
    INFO(info.output);
    CHECK(info.status == 0);
    CHECK(info.output.find("Feature Count: 2") != std::string::npos);
    CHECK(info.output.find("Multi Polygon") != std::string::npos);
    CHECK(info.output.find("4326") != std::string::npos);
    // SpatiaLite agrees the geometry is valid and the index consistent; its own area of the park
    // (outer square minus hole, on the ellipsoid) matches ours.
    CHECK(sql_one(path, "SELECT CheckSpatialIndex('basemap_areas', 'geom')") == "1");
    CHECK(sql_one(path, "SELECT ST_IsValid(geom) FROM basemap_areas WHERE class = 'green.park'") == "1");
    const double area_m2 =
        std::stod(sql_one(path, "SELECT ST_Area(geom, 1) FROM basemap_areas WHERE class = 'green.park'"));
    const auto store = Store::open(path);
    for (const auto& f : store.load_stored())
        if (f.cls == FeatureClass::Park)
            CHECK(area_km2(GeometryParts{f.points, f.parts, f.polygons}) == Approx(area_m2 / 1e6).epsilon(0.005));
    CHECK(store.meta("format_version") == std::to_string(Store::kFormatVersion));
    CHECK(store.meta("basemap_source") == "n15-w4-r1-park-with-hole.osm");
    CHECK(store.meta("basemap_source_sha256") == report.sha256);
    CHECK(report.sha256.size() == 64);
    // The import history keeps the report as JSON.
    CHECK(sql_one(path, "SELECT json_extract(report, '$.features') FROM import_runs") == "3");
}

TEST_CASE("Reopening gives the imported features unchanged", "[store]") {
    const auto pbf = oko::test::shared_data("osm/monaco.osm.pbf");
    if (!pbf) return;
    oko::test::TempDir dir;
    const auto path = dir / "monaco.oko";
    const auto report = import_osm(*pbf, path);
    auto expected = read_osm(*pbf).features;
    const auto store = Store::open(path);
    auto stored = store.load_stored();
    REQUIRE(stored.size() == expected.size());
    sort_features(expected);
    sort_features(stored);
    size_t differ = 0;
    for (size_t i = 0; i < stored.size(); ++i) {
        const auto& a = expected[i];
        const auto& b = stored[i];
        if (a.cls != b.cls || a.osm_id != b.osm_id || a.name != b.name || a.name_latin != b.name_latin ||
            a.admin_level != b.admin_level || a.tags_json != b.tags_json || !same_points(a.points, b.points) ||
            a.parts != b.parts || a.polygons != b.polygons || a.triangles != b.triangles)
            ++differ;
    }
    CHECK(differ == 0);

    // The drawing form: Web Mercator points, the same triangles.
    const Basemap map = store.load_basemap();
    REQUIRE(map.features.size() == stored.size());
    size_t mismatched = 0;
    for (const auto& f : map.features) {
        const auto it = std::lower_bound(stored.begin(), stored.end(), f, [](const StoredFeature& s, const Feature& x) {
            return std::tie(s.osm_type, s.osm_id, s.cls) < std::tie(x.osm_type, x.osm_id, x.cls);
        });
        if (it == stored.end() || it->osm_id != f.osm_id || it->triangles != f.geometry.triangles ||
            it->points.size() != f.geometry.points.size() || it->parts != f.geometry.parts) {
            ++mismatched;
            continue;
        }
        for (size_t i = 0; i < it->points.size(); ++i) {
            const XY m = to_mercator(it->points[i]);
            if (m.x != f.geometry.points[i].x || m.y != f.geometry.points[i].y) {
                ++mismatched;
                break;
            }
        }
    }
    CHECK(mismatched == 0);
    CHECK_FALSE(map.extent.empty());
}

TEST_CASE("Importing into an existing project replaces the basemap in one transaction", "[store]") {
    const auto pbf = oko::test::shared_data("osm/monaco.osm.pbf");
    if (!pbf) return;
    oko::test::TempDir dir;
    const auto path = dir / "p.oko";
    const auto first = import_osm(kFixtures / "n15-w4-r1-park-with-hole.osm", path);
    const auto second = import_osm(*pbf, path);
    {
        const auto store = Store::open(path);
        CHECK(count_rows(store, "basemap_areas") + count_rows(store, "basemap_lines") +
                  count_rows(store, "basemap_points") ==
              static_cast<int64_t>(second.feature_count()));
        CHECK(count_rows(store, "import_runs") == 2);
        CHECK(store.meta("basemap_source_sha256") == second.sha256);
        CHECK(second.sha256 == "a3fa87c13df03c66107cb314f518672400bb87e539388e390e8aab2c7e88c9be"); // SOURCES.md
    }
    CHECK(sql_one(path, "SELECT CheckSpatialIndex('basemap_lines', 'geom')") == "1");
    // SQLite's own structural check of the bulk-loaded trees.
    for (const char* t : {"areas", "lines", "points"})
        CHECK(sql_one(path, std::string("SELECT rtreecheck('idx_basemap_") + t + "_geom')") == "ok");
    // The index answers a box query like a full scan does.
    const std::string box = "BuildMbr(7.418, 43.728, 7.424, 43.733)";
    // (The R*Tree keeps boxes in floats rounded outwards, so it may offer a candidate that the
    // exact test then drops, but it must never miss one.)
    const auto indexed = sql_one(path, "SELECT count(*) FROM basemap_lines WHERE MbrIntersects(geom, " + box +
                                           ") AND ROWID IN (SELECT ROWID FROM SpatialIndex "
                                           "WHERE f_table_name = 'basemap_lines' AND search_frame = " +
                                           box + ")");
    const auto scanned = sql_one(path, "SELECT count(*) FROM basemap_lines WHERE MbrIntersects(geom, " + box + ")");
    CHECK(std::stoi(indexed) > 50);
    CHECK(indexed == scanned);

    // SpatiaLite's triggers are back in place: a row added with SQL (as QGIS would add it)
    // enters the index and passes the geometry type check.
    CHECK(sql_one(path, "INSERT INTO basemap_points(class, layer, geom) VALUES ('place.city', 'places', "
                        "MakePoint(7.42, 43.73, 4326)); SELECT count(*) FROM idx_basemap_points_geom "
                        "WHERE xmin <= 7.42 AND xmax >= 7.42 AND ymin <= 43.73 AND ymax >= 43.73") != "0");
    CHECK(sql_one(path, "SELECT CheckSpatialIndex('basemap_points', 'geom')") == "1");
    CHECK(sql_one(path, "INSERT INTO basemap_points(class, layer, geom) VALUES ('x', 'y', "
                        "MakeLine(MakePoint(7.42, 43.73, 4326), MakePoint(7.43, 43.73, 4326))); SELECT 'inserted'") !=
          "inserted");
    sql_one(path, "DELETE FROM basemap_points WHERE osm_id IS NULL");

    // A failed import leaves the project as it was.
    oko::test::TempDir in;
    { std::ofstream(in / "junk.osm") << "junk"; }
    CHECK_THROWS_AS(import_osm(in / "junk.osm", path), Error);
    const auto store = Store::open(path);
    CHECK(count_rows(store, "import_runs") == 2);
    CHECK(store.load_basemap().features.size() == second.feature_count());
}

TEST_CASE("Opening checks that the file is a project", "[store]") {
    oko::test::TempDir dir;
    CHECK_THROWS_AS(Store::open(dir / "missing.oko"), Error);
    { std::ofstream(dir / "text.oko") << "hello"; }
    CHECK_THROWS_AS(Store::open(dir / "text.oko"), Error);
    Store::create(dir / "empty.oko");
    CHECK(Store::open(dir / "empty.oko").load_basemap().features.empty());
    CHECK_THROWS_AS(Store::create(dir / "empty.oko"), Error);
}

// How fast it reopens is measured in bench/ (bench/peers.sh: "Oko reopen"), not here: a loaded CI
// machine would make a timed test fail for nothing.
TEST_CASE("Novi Sad reopens from its stored features and triangles", "[store]") {
    const auto pbf = oko::test::shared_data("osm/novi_sad_center.osm.pbf");
    if (!pbf) return;
    oko::test::TempDir dir;
    const auto path = dir / "ns.oko";
    const auto report = import_osm(*pbf, path);
    const auto map = Store::open(path).load_basemap();
    size_t triangles = 0;
    for (const auto& f : map.features)
        triangles += f.geometry.triangles.size();
    CHECK(map.features.size() == report.feature_count());
    CHECK(triangles == report.triangles);
}

TEST_CASE("Names go into SQL quoted, with their quotes doubled", "[store][safety]") {
    CHECK(quote_name("points") == "\"points\"");
    CHECK(quote_name("a\"; SELECT 1; --") == "\"a\"\"; SELECT 1; --\"");
    CHECK(quote_name("") == "\"\"");
}

TEST_CASE("Stored triangles are checked against their geometry", "[store][safety]") {
    std::vector<uint32_t> out;
    const std::vector<uint32_t> good{0, 1, 2, 2, 3, 0};
    CHECK(read_triangles(good.data(), good.size() * 4, 4, out).empty());
    CHECK(out == good);
    CHECK_THAT(read_triangles(good.data(), good.size() * 4, 3, out), Catch::Contains("names point 3"));
    CHECK(out.empty());
    CHECK_THAT(read_triangles(good.data(), 8, 4, out), Catch::Contains("not whole triangles"));
    CHECK_THAT(read_triangles(good.data(), 13, 4, out), Catch::Contains("not whole triangles"));
    CHECK(read_triangles(nullptr, 0, 0, out).empty());

    GeometryParts g;
    g.points = {{19.8, 45.2}, {19.9, 45.2}, {19.9, 45.3}, {19.8, 45.2}};
    g.parts = {0};
    g.polygons = {0};
    CHECK(geometry_problem(g).empty());
    g.points[1].lat = std::numeric_limits<double>::quiet_NaN();
    CHECK_THAT(geometry_problem(g), Catch::Contains("outside WGS84"));
    g.points[1].lat = 45.2;
    g.polygons = {0, 1};
    CHECK_THAT(geometry_problem(g), Catch::Contains("polygon without rings"));
}

TEST_CASE("A new project's schema is exactly the one Oko expects", "[store][safety]") {
    oko::test::TempDir dir;
    const auto path = dir / "park.oko";
    import_osm(kFixtures / "n15-w4-r1-park-with-hole.osm", path);
    {
        auto store = Store::open(path, true);
        CHECK(check_schema(store.handle(), path.string()).empty());
        // The template knows SpatiaLite's triggers of every table Oko creates.
        for (const char* table : {"basemap_areas", "points", "reference_lines", "reference_areas"})
            CHECK(expected_triggers(table).size() == 8);
    }
    // A changed or foreign trigger is found, and the open refused, writable or not.
    REQUIRE(sql_one(path, "CREATE TRIGGER spy AFTER INSERT ON points BEGIN SELECT 1; END; SELECT 'x';") == "x");
    for (const bool writable : {false, true}) {
        try {
            Store::open(path, writable);
            FAIL("opened");
        } catch (const Error& e) {
            CHECK_THAT(e.reason(), Catch::Contains("trigger \"spy\" on points (not created by Oko)"));
        }
    }
    // A bulk insert does not drop it either, opened past the check.
    auto store = Store::open_unchecked(path, true);
    CHECK_THROWS_WITH(TriggersSetAside(store, "points"), Catch::Contains("\"spy\""));
    const auto report = repair_schema(store);
    CHECK(report.unrepaired.empty());
    REQUIRE(report.done.size() == 1);
    CHECK(check_schema(store.handle(), path.string()).empty());
}

TEST_CASE("No SQL can load a library or rewrite the schema through a project's connection", "[store][safety]") {
    oko::test::TempDir dir;
    const auto path = dir / "park.oko";
    import_osm(kFixtures / "n15-w4-r1-park-with-hole.osm", path);
    for (const bool writable : {false, true}) {
        const auto store = Store::open(path, writable);
        // SpatiaLite is in (a writable store's triggers need it), but load_extension() is not.
        CHECK_THROWS_WITH(store.exec("SELECT load_extension('mod_spatialite')"), Catch::Contains("not authorized"));
        // Defensive mode: even with writable_schema on, the schema is not SQL's to write.
        if (writable) {
            store.exec("PRAGMA writable_schema = ON");
            CHECK_THROWS_WITH(store.exec("UPDATE sqlite_master SET sql = sql || ' ' WHERE name = 'points'"),
                              Catch::Contains("may not be modified"));
        }
    }
    // Writes through SpatiaLite's triggers still work, the R*Tree bulk load too.
    auto store = Store::open(path, true);
    Store::Transaction tx(store);
    store.exec("INSERT INTO points(layer_id, geom) VALUES (1, MakePoint(19.8, 45.25, 4326))");
    CHECK(count_rows(store, "idx_points_geom") == count_rows(store, "points"));
    store.write_basemap(store.load_stored());
    tx.commit();
    CHECK(count_rows(store, "idx_basemap_areas_geom") == 2);
}
