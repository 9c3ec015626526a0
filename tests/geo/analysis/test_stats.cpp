// Counts per vendor, year and municipality, checked against counts computed independently: the
// stored rows read back with plain SQL and the filter applied by hand, and SpatiaLite's ST_Within
// against the municipality polygons as GDAL reads them.

#include "geo/analysis/boundaries.hpp"
#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/scene/filter.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/analysis/stats.hpp"
#include "geo/store/store.hpp"
#include "geo/points/point_file_import.hpp"
#include "geo/store/store_points.hpp"
#include "geo/scene/compiled_filter.hpp"
#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"
#include "support/spatialite_db.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

using namespace oko;

namespace {

// Deterministic points over a box, with known, unknown ("", "Unknown") vendors and missing years.
void write_points_csv(const std::filesystem::path& path, int n, double lon0, double lat0, double lon1, double lat1,
                      uint64_t seed = 0x9E3779B97F4A7C15ull) {
    std::ofstream f(path);
    f << "lon,lat,vendor,year\n";
    uint64_t state = seed;
    const auto next = [&] {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<double>(state >> 11) / static_cast<double>(1ull << 53);
    };
    const char* vendors[] = {"Huawei", "Huawei", "Dahua", "Hikvision", "Axis", "", "Unknown"};
    for (int i = 0; i < n; ++i) {
        const double lon = lon0 + next() * (lon1 - lon0);
        const double lat = lat0 + next() * (lat1 - lat0);
        const char* vendor = vendors[static_cast<int>(next() * 7)];
        const int year = 2013 + static_cast<int>(next() * 12); // 2013 stands for "no year"
        char line[128];
        std::snprintf(line, sizeof line, "%.7f,%.7f,%s,", lon, lat, vendor);
        f << line;
        if (year != 2013) f << year;
        f << "\n";
    }
}

using Db = test::SpatiaLiteDb;

struct RawPoint {
    int64_t id;
    std::string vendor; // as stored
    std::optional<int> year;
};

std::vector<RawPoint> raw_points(Db& db, const std::string& layer) {
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(
                db.h,
                "SELECT p.id, p.vendor, p.year FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = ?",
                -1, &q, nullptr) == SQLITE_OK);
    sqlite3_bind_text(q, 1, layer.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<RawPoint> out;
    while (sqlite3_step(q) == SQLITE_ROW) {
        RawPoint p{sqlite3_column_int64(q, 0), "", std::nullopt};
        if (const auto* t = sqlite3_column_text(q, 1)) p.vendor = reinterpret_cast<const char*>(t);
        if (sqlite3_column_type(q, 2) != SQLITE_NULL) p.year = sqlite3_column_int(q, 2);
        out.push_back(p);
    }
    sqlite3_finalize(q);
    return out;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool unknown_vendor(const std::string& v) { return v.empty() || lower(v) == "unknown"; }

// The filter "vendor=Huawei,Dahua year=2018..2020", written out by hand: only points that match.
bool huawei_dahua_2018_2020(const RawPoint& p) {
    const bool vendor_ok = lower(p.vendor) == "huawei" || lower(p.vendor) == "dahua";
    const bool year_ok = p.year && *p.year >= 2018 && *p.year <= 2020;
    return vendor_ok && year_ok;
}

// Ids of the layer's points inside each polygon of `file`, in file order, by SpatiaLite's ST_Within.
std::vector<std::pair<std::string, std::set<int64_t>>> within_by_spatialite(Db& db, const std::filesystem::path& file,
                                                                            const std::string& layer = "cameras") {
    GDALAllRegister();
    std::unique_ptr<GDALDataset> ds(
        static_cast<GDALDataset*>(GDALOpenEx(file.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    REQUIRE(ds);
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(db.h,
                               "SELECT p.id FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = ? "
                               "AND ST_Within(p.geom, GeomFromWKB(?, 4326))",
                               -1, &q, nullptr) == SQLITE_OK);
    std::vector<std::pair<std::string, std::set<int64_t>>> out;
    for (auto& feature : *ds->GetLayer(0)) {
        std::vector<unsigned char> wkb(feature->GetGeometryRef()->WkbSize());
        feature->GetGeometryRef()->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
        sqlite3_reset(q);
        sqlite3_bind_text(q, 1, layer.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(q, 2, wkb.data(), static_cast<int>(wkb.size()), SQLITE_TRANSIENT);
        std::set<int64_t> ids;
        while (sqlite3_step(q) == SQLITE_ROW)
            ids.insert(sqlite3_column_int64(q, 0));
        out.emplace_back(feature->GetFieldAsString("name"), std::move(ids));
    }
    sqlite3_finalize(q);
    return out;
}

// Area in km² as GDAL computes it after reprojecting to UTM 34N.
std::map<std::string, double> areas_by_gdal(const std::filesystem::path& file) {
    GDALAllRegister();
    std::unique_ptr<GDALDataset> ds(
        static_cast<GDALDataset*>(GDALOpenEx(file.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    REQUIRE(ds);
    OGRSpatialReference wgs84, utm;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    utm.importFromEPSG(32634);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs84, &utm));
    std::map<std::string, double> out;
    for (auto& feature : *ds->GetLayer(0)) {
        OGRGeometry* g = feature->GetGeometryRef();
        REQUIRE(g->transform(ct.get()) == OGRERR_NONE);
        const auto type = wkbFlatten(g->getGeometryType());
        out[feature->GetFieldAsString("name")] =
            (type == wkbPolygon ? g->toPolygon()->get_Area() : g->toMultiPolygon()->get_Area()) / 1e6;
    }
    return out;
}

struct BelgradeProject {
    test::TempDir dir;
    std::filesystem::path project = dir / "belgrade.oko";
    BelgradeProject() {
        const auto csv = dir / "belgrade_points.csv";
        // Over the city and beyond it, so that some points are outside every municipality.
        write_points_csv(csv, 2000, 20.0, 44.5, 20.9, 45.15);
        geo::PointImportOptions options;
        options.duplicate_distance_m = 0;
        geo::import_point_file(csv, project, "cameras", options);
    }
};

} // namespace

TEST_CASE("Counts per vendor and per year equal the stored rows filtered by hand", "[stats]") {
    BelgradeProject p;
    Db db(p.project);
    const auto raw = raw_points(db, "cameras");
    REQUIRE(raw.size() == 2000);
    const auto store = geo::Store::open(p.project);
    const auto filter = geo::Filter::parse({"vendor=Huawei,Dahua", "year=2018..2020"});

    std::map<std::string, int64_t> by_vendor;
    std::map<std::string, int64_t> by_year;
    std::map<std::pair<std::string, std::string>, int64_t> by_vendor_year;
    int64_t total = 0;
    for (const auto& r : raw) {
        if (!huawei_dahua_2018_2020(r)) continue;
        ++total;
        const std::string v = unknown_vendor(r.vendor) ? "unknown" : r.vendor;
        const std::string y = r.year ? std::to_string(*r.year) : "unknown";
        ++by_vendor[v];
        ++by_year[y];
        ++by_vendor_year[{v, y}];
    }
    REQUIRE(!by_vendor.count("unknown")); // a filter naming vendors and years counts only points that match
    REQUIRE(!by_year.count("unknown"));

    const auto vendors = geo::compute_stats(store, "cameras", filter, geo::GroupBy::vendor);
    CHECK(vendors.total == total);
    CHECK_FALSE(vendors.unknown_included);
    std::map<std::string, int64_t> got_vendor;
    for (const auto& r : vendors.rows)
        got_vendor[r.vendor] += r.count;
    CHECK(got_vendor == by_vendor);
    CHECK(got_vendor.size() == vendors.rows.size());

    const auto years = geo::compute_stats(store, "cameras", filter, geo::GroupBy::year);
    std::map<std::string, int64_t> got_year;
    for (const auto& r : years.rows)
        got_year[r.year ? std::to_string(*r.year) : "unknown"] += r.count;
    CHECK(got_year == by_year);
    CHECK(std::is_sorted(years.rows.begin(), years.rows.end(),
                         [](const auto& a, const auto& b) { return a.year < b.year; }));

    const auto both = geo::compute_stats(store, "cameras", filter, geo::GroupBy::vendor_year);
    std::map<std::pair<std::string, std::string>, int64_t> got_both;
    for (const auto& r : both.rows)
        got_both[{r.vendor, r.year ? std::to_string(*r.year) : "unknown"}] += r.count;
    CHECK(got_both == by_vendor_year);

    // Unknowns asked for: the unknown rows come back, as explicit rows, last.
    const auto asked = geo::compute_stats(
        store, "cameras", geo::Filter::parse({"vendor=Huawei,Dahua", "year=2018..2020", "unknown=include"}),
        geo::GroupBy::vendor);
    CHECK(asked.unknown_included);
    int64_t with_unknown = 0, unknown_rows = 0;
    for (const auto& r : raw) {
        const bool vendor_ok = unknown_vendor(r.vendor) || lower(r.vendor) == "huawei" || lower(r.vendor) == "dahua";
        const bool year_ok = !r.year || (*r.year >= 2018 && *r.year <= 2020);
        with_unknown += vendor_ok && year_ok;
        unknown_rows += vendor_ok && year_ok && unknown_vendor(r.vendor);
    }
    CHECK(asked.total == with_unknown);
    CHECK(asked.rows.back().vendor == "unknown");
    CHECK(asked.rows.back().count == unknown_rows);

    // No vendor or year criterion: the total is the total, unknowns and all, whatever the toggle.
    const std::vector<std::vector<std::string>> no_criterion = {{}, {"unknown=exclude"}};
    for (const auto& spec : no_criterion) {
        const auto all = geo::compute_stats(store, "cameras", geo::Filter::parse(spec), geo::GroupBy::vendor);
        CHECK(all.total == static_cast<int64_t>(raw.size()));
        CHECK(all.unknown_included);
    }
}

TEST_CASE("Counts per municipality equal SpatiaLite's ST_Within over the Belgrade municipalities", "[stats]") {
    const auto file = test::shared_data("boundaries/belgrade_opstine.geojson");
    if (!file) return;
    BelgradeProject p;
    const auto boundaries = geo::BoundarySet::from_file(*file);
    REQUIRE(boundaries.size() == 17);
    const auto store = geo::Store::open(p.project);
    const auto filter = geo::Filter::parse({"vendor=Huawei,Dahua", "year=2018..2020"});
    const auto table = geo::compute_stats(store, "cameras", filter, geo::GroupBy::municipality, &boundaries);

    Db db(p.project);
    std::set<int64_t> kept;
    for (const auto& r : raw_points(db, "cameras"))
        if (huawei_dahua_2018_2020(r)) kept.insert(r.id);
    // The simplified polygons overlap a little along shared borders: a point in two is counted in
    // the first one in file order, and in nothing else.
    std::map<std::string, int64_t> expected;
    std::set<int64_t> assigned;
    for (const auto& [name, ids] : within_by_spatialite(db, *file)) {
        expected[name];
        for (int64_t id : ids)
            if (kept.count(id) && assigned.insert(id).second) ++expected[name];
    }
    std::map<std::string, int64_t> got;
    for (const auto& r : table.rows)
        if (!r.outside) got[r.municipality] = r.count;
    CHECK(got == expected);
    CHECK(table.total == static_cast<int64_t>(kept.size()));
    CHECK(table.outside == static_cast<int64_t>(kept.size() - assigned.size()));
    CHECK(table.outside > 0);
    CHECK(table.rows.back().outside);
    CHECK(table.rows.back().count == table.outside);

    const auto gdal_areas = areas_by_gdal(*file);
    double sum = 0;
    for (const auto& r : table.rows) {
        if (r.outside) continue;
        INFO(r.municipality);
        CHECK(r.area_km2 == Approx(gdal_areas.at(r.municipality)).epsilon(0.001));
        CHECK(r.per_km2() == Approx(r.count / r.area_km2));
        sum += r.area_km2;
    }
    // The City of Belgrade covers about 3,234 km²; the polygons are simplified.
    CHECK(sum == Approx(3234).epsilon(0.03));
}

TEST_CASE("Counts per OSM admin boundary equal SpatiaLite's ST_Within on the project file", "[stats][osm]") {
    const auto pbf = test::shared_data("osm/novi_sad_center.osm.pbf");
    if (!pbf) return;
    test::TempDir dir;
    const auto project = dir / "novi_sad.oko";
    geo::import_osm(*pbf, project);
    const auto csv = dir / "points.csv";
    write_points_csv(csv, 3000, 19.80, 45.235, 19.87, 45.27);
    geo::import_point_file(csv, project, "cameras", {});

    const auto store = geo::Store::open(project);
    const auto levels = geo::BoundarySet::store_levels(store);
    REQUIRE(!levels.empty());
    const geo::Filter all;
    const auto positions = geo::filtered_positions(store, "cameras", all);
    const auto chosen = geo::BoundarySet::from_store(store, std::nullopt, positions);
    REQUIRE(chosen.size() > 0);
    const int level = chosen.boundaries().front().admin_level;
    const auto table = geo::compute_stats(store, "cameras", all, geo::GroupBy::municipality, &chosen);

    Db db(project);
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(
                db.h,
                "SELECT a.id, a.name, p.id FROM basemap_areas a LEFT JOIN points p ON ST_Within(p.geom, a.geom) "
                "AND p.layer_id = (SELECT id FROM point_layers WHERE name = 'cameras') "
                "WHERE a.class = 'boundary.admin' AND a.admin_level = ? ORDER BY a.id, p.id",
                -1, &q, nullptr) == SQLITE_OK);
    sqlite3_bind_int(q, 1, level);
    // A point in two polygons of the level (OSM neighbourhoods may overlap) counts in the first one.
    std::map<int64_t, std::pair<std::string, int64_t>> expected_by_id;
    std::set<int64_t> assigned;
    while (sqlite3_step(q) == SQLITE_ROW) {
        auto& e = expected_by_id[sqlite3_column_int64(q, 0)];
        e.first = reinterpret_cast<const char*>(sqlite3_column_text(q, 1));
        if (sqlite3_column_type(q, 2) != SQLITE_NULL && assigned.insert(sqlite3_column_int64(q, 2)).second) ++e.second;
    }
    sqlite3_finalize(q);
    std::multiset<std::pair<std::string, int64_t>> expected, got;
    for (const auto& [id, e] : expected_by_id)
        expected.insert(e);
    for (const auto& r : table.rows)
        if (!r.outside) got.insert({r.municipality, r.count});
    CHECK(got == expected);
    CHECK(table.outside == table.total - static_cast<int64_t>(assigned.size()));

    // The chosen level is the finest one that holds more than half of the points, or, when none
    // does, the one that holds the most.
    std::map<int, int64_t> inside_by_level;
    for (const auto& [l, count] : levels) {
        const auto set = geo::BoundarySet::from_store(store, l);
        const auto t = geo::compute_stats(store, "cameras", all, geo::GroupBy::municipality, &set);
        inside_by_level[l] = t.total - t.outside;
    }
    int expected_level = 0;
    for (const auto& [l, count] : levels)
        if (inside_by_level[l] * 2 > table.total) {
            expected_level = l;
            break;
        }
    if (!expected_level)
        expected_level =
            std::max_element(inside_by_level.begin(), inside_by_level.end(), [](const auto& a, const auto& b) {
                return a.second < b.second;
            })->first;
    INFO("levels: " << levels.size());
    CHECK(level == expected_level);
}

TEST_CASE("Statistics reject an unknown layer, naming the layers there are", "[stats]") {
    BelgradeProject p;
    const auto store = geo::Store::open(p.project);
    try {
        geo::compute_stats(store, "camera", {}, geo::GroupBy::vendor);
        FAIL("no error");
    } catch (const geo::Error& e) {
        CHECK(std::string(e.what()).find("cameras") != std::string::npos);
        CHECK(e.file() == p.project.string());
    }
    CHECK_THROWS_AS(geo::BoundarySet::from_file(p.dir / "none.geojson"), geo::Error);
}

TEST_CASE("CSV output quotes as RFC 4180 and JSON carries the same numbers", "[stats]") {
    geo::StatsTable t;
    t.layer = "cameras";
    t.by = geo::GroupBy::municipality;
    t.rows.push_back({"", std::nullopt, "Savski venac, \"centar\"", 8, 14.0, 7, false, 0, {}, {}, std::nullopt});
    t.rows.push_back({"", std::nullopt, "", 0, 0.0, 3, true, -1, {}, {}, std::nullopt});
    t.total = 10;
    t.outside = 3;
    t.filter = "vendor Huawei; unknown vendors excluded";
    t.unknown_included = false;
    const auto csv = geo::to_csv(t);
    CHECK(csv == "municipality,admin_level,area_km2,count,per_km2,filter,unknown_included\r\n"
                 "\"Savski venac, \"\"centar\"\"\",8,14.000,7,0.50,vendor Huawei; unknown vendors excluded,false\r\n"
                 "(outside),,,3,,vendor Huawei; unknown vendors excluded,false\r\n");
    const auto j = geo::to_json(t);
    CHECK(j["rows"][0]["municipality"] == "Savski venac, \"centar\"");
    CHECK(j["rows"][0]["per_km2"].get<double>() == Approx(0.5));
    CHECK(j["outside"] == 3);
    CHECK(j["unknown_included"] == false);
    CHECK(j["rows"][1]["per_km2"].is_null()); // the outside row has no area, so no density
    CHECK(j["rows"][1]["area_km2"].is_null());

    test::TempDir dir;
    const auto out = dir / "stats.csv";
    geo::write_file_atomically(out, "old");
    geo::write_file_atomically(out, csv);
    std::ifstream f(out, std::ios::binary);
    CHECK(std::string(std::istreambuf_iterator<char>(f), {}) == csv);
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 1); // no temporary left
}

TEST_CASE("A zipped Shapefile of the municipalities counts as its GeoJSON does", "[stats]") {
    const auto file = test::shared_data("boundaries/belgrade_opstine.geojson");
    if (!file) return;
    BelgradeProject p;
    // GDAL's own ogr2ogr writes the zip: the independent copy of the same polygons. Named as
    // volunteers send them, `.zip`, which GDAL does not open by itself (it does `.shp.zip`).
    const auto written = p.dir / "opstine.shp.zip";
    REQUIRE(test::run_command("ogr2ogr -f 'ESRI Shapefile' -lco ENCODING=UTF-8 " + test::quoted(written) + " " +
                              test::quoted(*file))
                .status == 0);
    const auto zipped = p.dir / "opstine.zip";
    std::filesystem::rename(written, zipped);
    const auto from_geojson = geo::BoundarySet::from_file(*file);
    const auto from_zip = geo::BoundarySet::from_file(zipped);
    REQUIRE(from_zip.size() == from_geojson.size());
    const auto store = geo::Store::open(p.project);
    const auto filter = geo::Filter::parse({"vendor=Huawei,Dahua"});
    const auto a = geo::compute_stats(store, "cameras", filter, geo::GroupBy::municipality, &from_geojson);
    const auto b = geo::compute_stats(store, "cameras", filter, geo::GroupBy::municipality, &from_zip);
    std::map<std::string, int64_t> counts_a, counts_b;
    for (const auto& r : a.rows)
        counts_a[r.municipality] = r.count;
    for (const auto& r : b.rows)
        counts_b[r.municipality] = r.count;
    CHECK(counts_b == counts_a);
    CHECK(b.total == a.total);
    CHECK(b.outside == a.outside);
}

namespace {

// The Serbian-export fixture read here by hand: vendor and year as a person reads the file.
struct HandRow {
    std::string vendor; // "Huawei", "Dahua", "Hikvision" or "" (not known)
    std::optional<int> year;
};

std::vector<HandRow> read_unknowns_fixture() {
    std::ifstream f(test::point_fixture("novi_sad_unknowns.csv"), std::ios::binary);
    std::string line;
    std::getline(f, line); // header
    std::vector<HandRow> out;
    while (std::getline(f, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::vector<std::string> cells;
        std::stringstream in(line);
        for (std::string c; std::getline(in, c, ';');)
            cells.push_back(c);
        REQUIRE(cells.size() == 6);
        const std::string v = lower(cells[3]);
        HandRow r;
        for (const char* name : {"huawei", "dahua", "hikvision"})
            if (v.find(name) != std::string::npos) {
                r.vendor = name;
                r.vendor[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(r.vendor[0])));
            }
        for (size_t i = 0; i + 4 <= cells[4].size(); ++i)
            if (std::all_of(cells[4].begin() + static_cast<long>(i), cells[4].begin() + static_cast<long>(i) + 4,
                            [](unsigned char c) { return std::isdigit(c); }))
                r.year = std::stoi(cells[4].substr(i, 4));
        out.push_back(r);
    }
    return out;
}

} // namespace

TEST_CASE("Unknown vendors and years count only when asked: SQL, compiled and by hand agree", "[stats][filter]") {
    const auto rows = read_unknowns_fixture();
    REQUIRE(rows.size() == 30);
    test::TempDir dir;
    const auto project = dir / "novi_sad.oko";
    geo::PointImportOptions options; // the shipped vendor table: it knows "nepoznat", "?" and "n/a"
    options.duplicate_distance_m = 0;
    geo::import_point_file(test::point_fixture("novi_sad_unknowns.csv"), project, "cameras", options);
    const auto store = geo::Store::open(project);
    const auto layer = geo::load_point_layer(store, "cameras");
    REQUIRE(layer);
    REQUIRE(layer->positions.size() == 30);

    struct Case {
        std::vector<std::string> spec;
        std::function<bool(const HandRow&)> keep; // the rule for this filter, by hand
    };
    const auto in = [](const HandRow& r, int lo, int hi) { return r.year && *r.year >= lo && *r.year <= hi; };
    const std::vector<Case> cases = {
        {{"vendor=Huawei", "year=2019..2020"},
         [&](const HandRow& r) { return r.vendor == "Huawei" && in(r, 2019, 2020); }},
        {{"vendor=Huawei", "year=2019..2020", "unknown=include"},
         [&](const HandRow& r) {
             return (r.vendor == "Huawei" || r.vendor.empty()) && (!r.year || in(r, 2019, 2020));
         }},
        {{"vendor=Huawei"}, [](const HandRow& r) { return r.vendor == "Huawei"; }},
        {{"vendor=Hikvision", "unknown=include"},
         [](const HandRow& r) { return r.vendor == "Hikvision" || r.vendor.empty(); }},
        {{"year=2020"}, [&](const HandRow& r) { return in(r, 2020, 2020); }},
        {{"year=..2019", "unknown=include"}, [&](const HandRow& r) { return !r.year || in(r, 0, 2019); }},
        {{}, [](const HandRow&) { return true; }},
        {{"unknown=exclude"}, [](const HandRow&) { return true; }},
    };
    for (const auto& c : cases) {
        const auto filter = geo::Filter::parse(c.spec);
        INFO(filter.describe());
        const auto expected = std::count_if(rows.begin(), rows.end(), c.keep);
        const auto sql = geo::compute_stats(store, "cameras", filter, geo::GroupBy::vendor_year);
        CHECK(sql.total == expected);
        const auto compiled = geo::compile(filter, *layer);
        int64_t passing = 0;
        for (size_t i = 0; i < layer->positions.size(); ++i)
            passing += compiled.passes(*layer, i);
        CHECK(passing == expected);
        CHECK(sql.unknown_included == filter.unknown_included());
    }
    // The figures: 11 Huawei cameras of 2019–2020; the old rule counted 16 Huawei and 5 unknown.
    const auto strict = geo::compute_stats(store, "cameras", geo::Filter::parse({"vendor=Huawei", "year=2019..2020"}),
                                           geo::GroupBy::vendor);
    REQUIRE(strict.rows.size() == 1);
    CHECK(strict.rows[0].vendor == "Huawei");
    CHECK(strict.rows[0].count == 11);
    CHECK(strict.filter == "vendor Huawei; years 2019–2020; unknown vendors/years excluded");
    const auto asked = geo::compute_stats(store, "cameras",
                                          geo::Filter::parse({"vendor=Huawei", "year=2019..2020", "unknown=include"}),
                                          geo::GroupBy::vendor);
    REQUIRE(asked.rows.size() == 2);
    CHECK(asked.rows[0].count == 16);
    CHECK(asked.rows[1].vendor == "unknown");
    CHECK(asked.rows[1].count == 5);
}

TEST_CASE("Boundaries that hold none of the points say so", "[stats]") {
    const auto file = test::shared_data("boundaries/belgrade_opstine.geojson");
    if (!file) return;
    test::TempDir dir;
    const auto project = dir / "novi_sad.oko";
    geo::import_point_file(test::point_fixture("novi_sad_unknowns.csv"), project, "cameras", {});
    const auto store = geo::Store::open(project);
    const auto belgrade = geo::BoundarySet::from_file(*file); // some 70 km from Novi Sad
    const auto table = geo::compute_stats(store, "cameras", {}, geo::GroupBy::municipality, &belgrade);
    CHECK(table.outside == 30);
    CHECK(table.total == 30);
    REQUIRE(table.warnings.size() == 1);
    CHECK(table.warnings[0] ==
          "none of the 30 points of layer cameras lies in any of the 17 polygons of " + belgrade.source());
    // A filter naming what the layer lacks, too.
    const auto wrong = geo::compute_stats(store, "cameras", geo::Filter::parse({"vendor=Huwei", "year=2030..2031"}),
                                          geo::GroupBy::vendor);
    CHECK(wrong.total == 0);
    CHECK(wrong.warnings ==
          std::vector<std::string>{"no vendor 'Huwei' in layer cameras; did you mean Huawei?",
                                   "no camera in layer cameras has a year in 2030..2031; its years are 2018..2021"});
}

namespace {

// Each point's position by SpatiaLite's ST_X, ST_Y (not Oko's geometry decoder).
std::map<int64_t, geo::LonLat> raw_positions(Db& db, const std::string& layer) {
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(db.h,
                               "SELECT p.id, ST_X(p.geom), ST_Y(p.geom) FROM points p JOIN point_layers l "
                               "ON l.id = p.layer_id WHERE l.name = ?",
                               -1, &q, nullptr) == SQLITE_OK);
    sqlite3_bind_text(q, 1, layer.c_str(), -1, SQLITE_TRANSIENT);
    std::map<int64_t, geo::LonLat> out;
    while (sqlite3_step(q) == SQLITE_ROW)
        out[sqlite3_column_int64(q, 0)] = {sqlite3_column_double(q, 1), sqlite3_column_double(q, 2)};
    sqlite3_finalize(q);
    return out;
}

// Belgrade's project with a second layer ("official") of other points over a smaller box.
struct TwoLayerProject : BelgradeProject {
    TwoLayerProject() {
        const auto csv = dir / "official.csv";
        write_points_csv(csv, 700, 20.2, 44.7, 20.6, 44.9, 12345);
        geo::PointImportOptions options;
        options.duplicate_distance_m = 0;
        geo::import_point_file(csv, project, "official", options);
    }
};

// Per municipality name, the layer's points that pass the Huawei/Dahua 2018–2020 filter, by
// SpatiaLite's ST_Within (a point in two overlapping polygons counts in the first, in file order).
std::map<std::string, int64_t> spatialite_counts(Db& db, const std::filesystem::path& file, const std::string& layer,
                                                 int64_t& kept_total, int64_t& outside) {
    std::set<int64_t> kept;
    for (const auto& r : raw_points(db, layer))
        if (huawei_dahua_2018_2020(r)) kept.insert(r.id);
    std::map<std::string, int64_t> out;
    std::set<int64_t> assigned;
    for (const auto& [name, ids] : within_by_spatialite(db, file, layer)) {
        out[name];
        for (int64_t id : ids)
            if (kept.count(id) && assigned.insert(id).second) ++out[name];
    }
    kept_total = static_cast<int64_t>(kept.size());
    outside = kept_total - static_cast<int64_t>(assigned.size());
    return out;
}

} // namespace

TEST_CASE("Two layers compared per municipality: both counts equal SpatiaLite's, with difference and ratio",
          "[stats][compare]") {
    const auto file = test::shared_data("boundaries/belgrade_opstine.geojson");
    if (!file) return;
    TwoLayerProject p;
    const auto boundaries = geo::BoundarySet::from_file(*file);
    const auto store = geo::Store::open(p.project);
    const auto filter = geo::Filter::parse({"vendor=Huawei,Dahua", "year=2018..2020"});
    const auto table =
        geo::compare_stats(store, "cameras", "official", filter, geo::GroupBy::municipality, &boundaries);

    Db db(p.project);
    int64_t total = 0, outside = 0, compare_total = 0, compare_outside = 0;
    const auto expected = spatialite_counts(db, *file, "cameras", total, outside);
    const auto expected_compare = spatialite_counts(db, *file, "official", compare_total, compare_outside);
    CHECK(table.compare_layer == "official");
    CHECK(table.total == total);
    CHECK(table.compare_total == compare_total);
    CHECK(table.outside == outside);
    CHECK(table.compare_outside == compare_outside);
    REQUIRE(table.rows.size() == boundaries.size() + 1);
    int64_t sum = 0, compare_sum = 0, zero_ratio_rows = 0;
    for (const auto& r : table.rows) {
        REQUIRE(r.compare_count);
        sum += r.count;
        compare_sum += *r.compare_count;
        if (r.outside) {
            CHECK(r.count == outside);
            CHECK(*r.compare_count == compare_outside);
            continue;
        }
        INFO(r.municipality);
        CHECK(r.count == expected.at(r.municipality));
        CHECK(*r.compare_count == expected_compare.at(r.municipality));
        CHECK(r.difference() == r.count - *r.compare_count);
        if (*r.compare_count == 0) {
            CHECK_FALSE(r.ratio());
            ++zero_ratio_rows;
        } else {
            CHECK(*r.ratio() == Approx(static_cast<double>(r.count) / static_cast<double>(*r.compare_count)));
        }
    }
    CHECK(sum == total);
    CHECK(compare_sum == compare_total);
    CHECK(zero_ratio_rows > 0); // the official box leaves municipalities without a point
    CHECK(compare_total > 0);

    // The same in the outputs: text names both layers and the one filter, JSON has nulls.
    const auto text = geo::to_text(table);
    CHECK(text.find("layer cameras compared with layer official (the same filter for both") != std::string::npos);
    CHECK(text.find("vendor Huawei, Dahua; years 2018–2020") != std::string::npos);
    const auto j = geo::to_json(table);
    CHECK(j["compare_layer"] == "official");
    CHECK(j["compare_filter"] == j["filter"]);
    CHECK(j["compare_total"] == compare_total);
    CHECK(j["total_difference"] == total - compare_total);
    bool null_ratio = false;
    for (const auto& r : j["rows"]) {
        CHECK(r["difference"] == r["count"].get<int64_t>() - r["compare_count"].get<int64_t>());
        null_ratio |= r["compare_count"] == 0 && r["ratio"].is_null();
    }
    CHECK(null_ratio);
    const auto csv = geo::to_csv(table);
    CHECK(csv.starts_with(
        "municipality,admin_level,area_km2,count,per_km2,compare_count,difference,ratio,filter,unknown_included,"
        "layer,compare_layer\r\n"));
}

TEST_CASE("Two layers compared per vendor and per year: the rows of either layer, counted by hand",
          "[stats][compare]") {
    TwoLayerProject p;
    const auto store = geo::Store::open(p.project);
    Db db(p.project);
    for (const auto by : {geo::GroupBy::vendor, geo::GroupBy::year}) {
        INFO(geo::to_string(by));
        const auto table = geo::compare_stats(store, "cameras", "official", geo::Filter{}, by);
        std::map<std::string, std::pair<int64_t, int64_t>> expected;
        const auto key = [&](const RawPoint& r) {
            if (by == geo::GroupBy::vendor) return unknown_vendor(r.vendor) ? std::string("unknown") : r.vendor;
            return r.year ? std::to_string(*r.year) : std::string("unknown");
        };
        for (const auto& r : raw_points(db, "cameras"))
            ++expected[key(r)].first;
        for (const auto& r : raw_points(db, "official"))
            ++expected[key(r)].second;
        std::map<std::string, std::pair<int64_t, int64_t>> got;
        for (const auto& r : table.rows) {
            const std::string k =
                by == geo::GroupBy::vendor ? r.vendor : (r.year ? std::to_string(*r.year) : "unknown");
            got[k] = {r.count, r.compare_count.value_or(-1)};
        }
        CHECK(got == expected);
        CHECK(table.total == 2000);
        CHECK(table.compare_total == 700);
    }
    CHECK_THROWS_WITH(geo::compare_stats(store, "cameras", "polizei", geo::Filter{}, geo::GroupBy::vendor),
                      Catch::Contains("no point layer 'polizei'") && Catch::Contains("official"));
}

TEST_CASE("Counts per hexagon and square: each point in its cell's polygon, areas as SpatiaLite's", "[stats][bins]") {
    BelgradeProject p;
    const auto store = geo::Store::open(p.project);
    Db db(p.project);
    REQUIRE(sqlite3_exec(db.h, "SELECT InitSpatialMetadata(1)", nullptr, nullptr, nullptr) == SQLITE_OK);
    const auto positions = raw_positions(db, "cameras");
    double lo = 90, hi = -90;
    for (const auto& [id, ll] : positions) {
        lo = std::min(lo, ll.lat);
        hi = std::max(hi, ll.lat);
    }
    const auto filter = geo::Filter::parse({"vendor=Huawei,Dahua", "year=2018..2020"});
    std::vector<geo::LonLat> kept;
    for (const auto& r : raw_points(db, "cameras"))
        if (huawei_dahua_2018_2020(r)) kept.push_back(positions.at(r.id));

    for (const std::string by : {"hex:2500", "square:4000"}) {
        INFO(by);
        geo::CellBinSpec spec;
        REQUIRE(geo::parse_group_by(by, &spec) == geo::GroupBy::cell);
        const auto table = geo::compute_stats(store, "cameras", filter, geo::GroupBy::cell, nullptr, spec);
        // Sized at the middle of all the layer's latitudes, not the filtered ones'.
        CHECK(table.reference_lat == Approx((lo + hi) / 2).margin(1e-9));
        CHECK(table.total == static_cast<int64_t>(kept.size()));
        CHECK(table.method.find(by[0] == 'h' ? "hexagons of 2500 m side" : "squares of 4000 m side") !=
              std::string::npos);
        const geo::CellLattice lattice(spec, table.reference_lat);
        int64_t sum = 0;
        for (const auto& r : table.rows) {
            const auto corners = lattice.corners(r.cell);
            const int n = lattice.corner_count();
            // Its points, by a ray-crossing test of the cell's polygon.
            int64_t inside = 0;
            for (const auto& ll : kept) {
                const auto m = geo::to_mercator(ll);
                bool in = false;
                for (int i = 0, j = n - 1; i < n; j = i++) {
                    const auto a = corners[static_cast<size_t>(i)], b = corners[static_cast<size_t>(j)];
                    if ((a.y > m.y) != (b.y > m.y) && m.x < (b.x - a.x) * (m.y - a.y) / (b.y - a.y) + a.x) in = !in;
                }
                inside += in;
            }
            CHECK(r.count == inside);
            sum += r.count;
            // Its area, by SpatiaLite on the corners.
            std::string wkt = "POLYGON((";
            for (int i = 0; i <= n; ++i) {
                const auto ll = geo::from_mercator(corners[static_cast<size_t>(i % n)]);
                wkt += (i ? ", " : "") + std::to_string(ll.lon) + " " + std::to_string(ll.lat);
            }
            wkt += "))";
            sqlite3_stmt* q = nullptr;
            REQUIRE(sqlite3_prepare_v2(db.h, "SELECT ST_Area(GeomFromText(?, 4326), 1)", -1, &q, nullptr) == SQLITE_OK);
            sqlite3_bind_text(q, 1, wkt.c_str(), -1, SQLITE_TRANSIENT);
            REQUIRE(sqlite3_step(q) == SQLITE_ROW);
            CHECK(r.area_km2 == Approx(sqlite3_column_double(q, 0) / 1e6).epsilon(0.001));
            sqlite3_finalize(q);
            CHECK(r.centre.lat == Approx(geo::from_mercator(lattice.centre(r.cell)).lat));
        }
        CHECK(sum == table.total);
        const auto j = geo::to_json(table);
        CHECK(j["by"] == "cell");
        CHECK(j["cell_size_m"] == spec.size_m);
        CHECK(j["rows"][0]["lon"].is_number());
        CHECK(j["rows"][0]["per_km2"] == Approx(table.rows[0].count / table.rows[0].area_km2));
        const auto text = geo::to_text(table);
        CHECK(text.find(table.method) != std::string::npos);
    }
    for (const std::string bad : {"hex:", "hex:abc", "hex:250m", "circle:250", "hex:inf"})
        CHECK_FALSE(geo::parse_group_by(bad));
}
