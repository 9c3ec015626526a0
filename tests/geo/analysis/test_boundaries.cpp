// Districts from a reference layer of areas (BoundarySet::from_reference): each polygon's count
// against SpatiaLite's ST_Within and its area against SpatiaLite's geodesic ST_Area(geom, 1) on the
// stored geometry (RTTOPO on the WGS84 ellipsoid, not PROJ and not the code under test), on the
// Serbian municipalities of the shared data with points over Novi Sad; the name rule and the
// errors on small fixtures written here.

#include "geo/analysis/boundaries.hpp"
#include "geo/analysis/stats.hpp"
#include "geo/base/error.hpp"
#include "geo/points/point_file_import.hpp"
#include "geo/reference/reference_import.hpp"
#include "geo/scene/filter.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_reference.hpp"
#include "support/shared_data.hpp"
#include "support/spatialite_db.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <set>

using namespace oko;

namespace {

using Db = test::SpatiaLiteDb;

// Deterministic points over a box (a linear congruential generator), as lon,lat CSV.
void write_points_csv(const std::filesystem::path& path, int n, double lon0, double lat0, double lon1, double lat1) {
    std::ofstream f(path);
    f << "lon,lat\n";
    uint64_t state = 0x2545F4914F6CDD1Dull;
    const auto next = [&] {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<double>(state >> 11) / static_cast<double>(1ull << 53);
    };
    for (int i = 0; i < n; ++i) {
        char line[64];
        std::snprintf(line, sizeof line, "%.7f,%.7f\n", lon0 + next() * (lon1 - lon0), lat0 + next() * (lat1 - lat0));
        f << line;
    }
}

void import_points(const std::filesystem::path& csv, const std::filesystem::path& project) {
    geo::PointImportOptions options;
    options.duplicate_distance_m = 0;
    geo::import_point_file(csv, project, "cameras", options);
}

void import_reference(const std::filesystem::path& file, const std::filesystem::path& project,
                      const std::string& layer) {
    const auto r = geo::import_vector_file(file, project, layer, {});
    REQUIRE(r.destinations.size() == 1);
    REQUIRE(r.destinations[0].written > 0);
}

// One polygon per feature, as a GeoJSON FeatureCollection; `properties` is each feature's JSON object.
void write_squares(const std::filesystem::path& path, const std::vector<std::pair<std::string, double>>& squares) {
    std::ofstream f(path);
    f << R"({"type": "FeatureCollection", "features": [)";
    for (size_t i = 0; i < squares.size(); ++i) {
        const double lon = squares[i].second, lat = 45.25, s = 0.02;
        char ring[256];
        std::snprintf(ring, sizeof ring, "[[%.3f, %.3f], [%.3f, %.3f], [%.3f, %.3f], [%.3f, %.3f], [%.3f, %.3f]]", lon,
                      lat, lon + s, lat, lon + s, lat + s, lon, lat + s, lon, lat);
        f << (i ? ", " : "") << R"({"type": "Feature", "properties": )" << squares[i].first
          << R"(, "geometry": {"type": "Polygon", "coordinates": [)" << ring << "]}}";
    }
    f << "]}";
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const geo::Error& e) {
        return e.what();
    }
    return "(no error)";
}

} // namespace

TEST_CASE("A district's name field is the first of the names sources use", "[boundaries]") {
    const std::vector<std::string> osm{"id", "NAZIV", "name"};
    CHECK(geo::name_field_of(osm) == 2u); // name before NAZIV, whatever the order of the fields
    const std::vector<std::string> geoboundaries{"shapeISO", "shapeName", "NAME_2"};
    CHECK(geo::name_field_of(geoboundaries) == 1u);
    const std::vector<std::string> none{"id", "sifra", "povrsina"};
    CHECK(!geo::name_field_of(none));
    CHECK(!geo::name_field_of(std::vector<std::string>{}));
}

TEST_CASE("Districts from a reference layer: counts equal SpatiaLite's ST_Within, areas its geodesic ST_Area",
          "[boundaries][reference]") {
    const auto opstine = test::shared_data("boundaries/serbia_opstine.geojson");
    if (!opstine) return;
    test::TempDir dir;
    const auto project = dir / "novi_sad.oko";
    // Over Novi Sad and the municipalities around it (Petrovaradin, Sremski Karlovci, Beočin, Temerin, ...).
    write_points_csv(dir / "cameras.csv", 3000, 19.55, 45.10, 20.15, 45.45);
    import_points(dir / "cameras.csv", project);
    import_reference(*opstine, project, "opstine");

    const auto store = geo::Store::open(project);
    const auto set = geo::BoundarySet::from_reference(store, "opstine");
    CHECK(set.source() == "reference layer opstine");
    CHECK(set.name_field() == "name");

    // Independently: every stored polygon of the layer, its name and its geodesic area, in id order.
    Db db(project);
    struct Expected {
        std::string name;
        double km2 = 0;
        int64_t count = 0;
    };
    std::vector<Expected> expected;
    std::map<int64_t, size_t> row_of_id;
    {
        sqlite3_stmt* q = nullptr;
        REQUIRE(sqlite3_prepare_v2(db.h,
                                   "SELECT a.id, json_extract(a.attributes, '$.name'), ST_Area(a.geom, 1) / 1e6 "
                                   "FROM reference_areas a JOIN reference_layers l ON l.id = a.layer_id "
                                   "WHERE l.name = 'opstine' ORDER BY a.id",
                                   -1, &q, nullptr) == SQLITE_OK);
        while (sqlite3_step(q) == SQLITE_ROW) {
            row_of_id[sqlite3_column_int64(q, 0)] = expected.size();
            expected.push_back({reinterpret_cast<const char*>(sqlite3_column_text(q, 1)), sqlite3_column_double(q, 2)});
        }
        sqlite3_finalize(q);
    }
    REQUIRE(expected.size() == 162); // ogrinfo: 162 polygons in the file
    // Every one a district, Lazarevac's and Barajevo's self-crossing rings too (made valid).
    REQUIRE(set.size() == expected.size());
    REQUIRE(set.features().size() == expected.size());
    for (size_t i = 0; i < set.size(); ++i) {
        const auto& b = set.boundaries()[i];
        const auto& e = expected[set.features()[i]];
        INFO(e.name);
        CHECK(set.features()[i] == i);
        CHECK(b.name == e.name);
        // UTM's scale factor (0.9996 on the central meridian) makes areas up to 0.08 % smaller.
        CHECK(b.area_km2 == Approx(e.km2).epsilon(0.001));
    }

    // A point in two polygons (simplified borders overlap) counts in the first one, as in the file.
    std::set<int64_t> assigned;
    {
        sqlite3_stmt* q = nullptr;
        REQUIRE(sqlite3_prepare_v2(db.h,
                                   "SELECT a.id, p.id FROM reference_areas a JOIN reference_layers l ON l.id = "
                                   "a.layer_id JOIN points p ON ST_Within(p.geom, a.geom) AND p.layer_id = (SELECT id "
                                   "FROM point_layers WHERE name = 'cameras') WHERE l.name = 'opstine' "
                                   "ORDER BY a.id, p.id",
                                   -1, &q, nullptr) == SQLITE_OK);
        while (sqlite3_step(q) == SQLITE_ROW)
            if (assigned.insert(sqlite3_column_int64(q, 1)).second)
                ++expected[row_of_id.at(sqlite3_column_int64(q, 0))].count;
        sqlite3_finalize(q);
    }
    const geo::Filter all;
    const auto table = geo::compute_stats(store, "cameras", all, geo::GroupBy::municipality, &set);
    CHECK(table.boundaries == "reference layer opstine");
    CHECK(table.total == 3000);
    CHECK(table.outside == 3000 - static_cast<int64_t>(assigned.size()));
    int with_points = 0;
    for (const auto& r : table.rows) {
        if (r.outside) continue;
        REQUIRE(r.boundary >= 0);
        const auto& e = expected[set.features()[r.boundary]];
        INFO(e.name);
        CHECK(r.municipality == e.name);
        CHECK(r.count == e.count);
        with_points += e.count > 0;
    }
    CHECK(with_points >= 5); // the box holds several municipalities, not one
    int64_t novi_sad = -1;
    for (const auto& e : expected)
        if (e.name == "Novi Sad") novi_sad = e.count;
    CHECK(novi_sad > 100);
}

TEST_CASE("Districts from a reference layer: its name field, and errors that say what the layer has",
          "[boundaries][reference]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    write_points_csv(dir / "cameras.csv", 400, 19.80, 45.24, 19.90, 45.28);
    import_points(dir / "cameras.csv", project);
    // Three squares of 0.02° side, with a code and a name under a field no rule knows.
    write_squares(dir / "mesne.geojson", {{R"({"sifra": "MZ1", "ime_mz": "Liman"})", 19.80},
                                          {R"({"sifra": "MZ2", "ime_mz": "Grbavica"})", 19.83},
                                          {R"({"sifra": "MZ3", "ime_mz": ""})", 19.86}});
    import_reference(dir / "mesne.geojson", project, "mesne");
    {
        std::ofstream f(dir / "lines.geojson");
        f << R"({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Bulevar"},
            "geometry": {"type": "LineString", "coordinates": [[19.80, 45.25], [19.85, 45.26]]}}]})";
    }
    import_reference(dir / "lines.geojson", project, "bulevari");
    const auto store = geo::Store::open(project);

    const std::string no_name = error_of([&] { geo::BoundarySet::from_reference(store, "mesne"); });
    CHECK(no_name.find("has no field that names its districts") != std::string::npos);
    CHECK(no_name.find("its fields: sifra, ime_mz") != std::string::npos);
    const std::string wrong = error_of([&] { geo::BoundarySet::from_reference(store, "mesne", "naziv"); });
    CHECK(wrong.find("reference layer 'mesne' has no field 'naziv' (its fields: sifra, ime_mz)") != std::string::npos);
    const std::string lines = error_of([&] { geo::BoundarySet::from_reference(store, "bulevari"); });
    CHECK(lines.find("reference layer 'bulevari' holds lines, not polygons") != std::string::npos);
    const std::string missing = error_of([&] { geo::BoundarySet::from_reference(store, "opstine"); });
    CHECK(missing.find("no reference layer 'opstine' in the project (its layers of areas: mesne)") !=
          std::string::npos);

    const auto set = geo::BoundarySet::from_reference(store, "mesne", "ime_mz");
    REQUIRE(set.size() == 3);
    CHECK(set.name_field() == "ime_mz");
    CHECK(set.boundaries()[0].name == "Liman");
    CHECK(set.boundaries()[1].name == "Grbavica");
    CHECK(set.boundaries()[2].name == "feature 3"); // an empty name is the feature's number, as from_file says
    Db db(project);
    for (size_t i = 0; i < 3; ++i) {
        sqlite3_stmt* q = nullptr;
        REQUIRE(sqlite3_prepare_v2(db.h,
                                   "SELECT ST_Area(a.geom, 1) / 1e6, (SELECT count(*) FROM points p WHERE p.layer_id = "
                                   "(SELECT id FROM point_layers WHERE name = 'cameras') AND ST_Within(p.geom, "
                                   "a.geom)) FROM reference_areas a WHERE a.layer_id = (SELECT id "
                                   "FROM reference_layers WHERE name = 'mesne') ORDER BY a.id LIMIT 1 OFFSET ?",
                                   -1, &q, nullptr) == SQLITE_OK);
        sqlite3_bind_int(q, 1, static_cast<int>(i));
        REQUIRE(sqlite3_step(q) == SQLITE_ROW);
        const double km2 = sqlite3_column_double(q, 0);
        const int64_t inside = sqlite3_column_int64(q, 1);
        sqlite3_finalize(q);
        INFO(i);
        // 0.02° × 0.02° at 45.25° N: about 2.22 km × 1.57 km.
        CHECK(km2 == Approx(3.49).epsilon(0.01));
        CHECK(set.boundaries()[i].area_km2 == Approx(km2).epsilon(0.001));
        const auto table = geo::compute_stats(store, "cameras", geo::Filter{}, geo::GroupBy::municipality, &set);
        for (const auto& r : table.rows)
            if (r.boundary == static_cast<int>(i)) CHECK(r.count == inside);
        CHECK(inside > 0);
    }
}
