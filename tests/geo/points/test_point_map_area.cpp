// Points far from the project's map: the distance from the basemap's extent against PROJ's own
// `geod` over the extent's boundary, sampled densely, and against a haversine on real data.

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "geo/osm/osm_import.hpp"
#include "geo/points/point_file_import.hpp"
#include "geo/points/point_map_area.hpp"
#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"

using namespace oko::geo;
namespace fs = std::filesystem;

namespace {

// The data extent of osm/novi_sad_center.osm.pbf (SOURCES.md).
BBox novi_sad_extent() {
    BBox b;
    b.extend(19.7432696, 45.2140937);
    b.extend(19.8839977, 45.2919746);
    return b;
}

// The boundary of `b`, `n` points an edge.
std::vector<LonLat> boundary(const BBox& b, int n) {
    std::vector<LonLat> out;
    for (int i = 0; i <= n; ++i) {
        const double t = static_cast<double>(i) / n;
        const double lon = b.min_x + t * (b.max_x - b.min_x), lat = b.min_y + t * (b.max_y - b.min_y);
        out.push_back({lon, b.min_y});
        out.push_back({lon, b.max_y});
        out.push_back({b.min_x, lat});
        out.push_back({b.max_x, lat});
    }
    return out;
}

// The smallest WGS84 distance from `p` to the boundary, by PROJ's geod (its command line, one
// line per sample), not by the code under test.
double geod_min_distance_m(const oko::test::TempDir& dir, LonLat p, const BBox& b) {
    const auto input = dir / "geod.txt";
    {
        std::ofstream out(input);
        out.precision(12);
        for (const auto& q : boundary(b, 4000))
            out << p.lat << ' ' << p.lon << ' ' << q.lat << ' ' << q.lon << '\n';
    }
    const auto run =
        oko::test::run_command("geod +ellps=WGS84 -I -f %.4f +units=m < " + oko::test::quoted(input) + " 2>&1");
    REQUIRE(run.status == 0);
    std::istringstream lines(run.output);
    std::string az1, az2;
    double s = 0, best = std::numeric_limits<double>::infinity();
    int count = 0;
    while (lines >> az1 >> az2 >> s) {
        best = std::min(best, s);
        ++count;
    }
    REQUIRE(count == 4 * 4001);
    return best;
}

double haversine_m(LonLat a, LonLat b) {
    const double r = 6'371'008.8, k = M_PI / 180;
    const double dlat = (b.lat - a.lat) * k, dlon = (b.lon - a.lon) * k;
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(a.lat * k) * std::cos(b.lat * k) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * r * std::asin(std::sqrt(h));
}

double haversine_min_distance_m(LonLat p, const std::vector<LonLat>& samples) {
    double best = std::numeric_limits<double>::infinity();
    for (const auto& q : samples)
        best = std::min(best, haversine_m(p, q));
    return best;
}

} // namespace

TEST_CASE("The distance from the map's extent is PROJ's geodesic distance to its nearest edge", "[point][far]") {
    oko::test::TempDir dir;
    const BBox b = novi_sad_extent();
    // North-east (Jyväskylä), due north, south-east (Belgrade), due west, south (Athens), east.
    const std::vector<LonLat> points = {{25.7343758, 62.2308858}, {19.80, 46.50},     {20.4633, 44.8176},
                                        {18.00, 45.25},           {23.7275, 37.9838}, {21.0, 45.23}};
    for (const auto& p : points) {
        INFO("point " << p.lon << ", " << p.lat);
        const double ours = distance_to_area_m(p.lon, p.lat, b);
        const double geod = geod_min_distance_m(dir, p, b);
        CHECK(std::abs(ours - geod) < 0.5);
    }
    // Inside, and on the edge: no distance.
    CHECK(distance_to_area_m(19.8, 45.25, b) == 0);
    CHECK(distance_to_area_m(b.max_x, 45.25, b) == 0);
    // The km as the report writes them.
    CHECK(format_km(1'934'400) == "1,934 km");
    CHECK(format_km(51'600) == "52 km");
    CHECK(format_km(12'345'678) == "12,346 km");
}

TEST_CASE("Points far from a project's basemap are imported with a warning naming the distance", "[point][far]") {
    oko::test::TempDir dir;
    const auto project = dir / "p.oko";
    {
        auto store = Store::create(project);
        Store::Transaction tx(store);
        StoredFeature city;
        city.cls = FeatureClass::PlaceCity;
        city.osm_id = 1;
        city.name = "Нови Сад";
        city.name_latin = "Novi Sad";
        city.points = {{19.8451, 45.2551}};
        StoredFeature town;
        town.cls = FeatureClass::PlaceTown;
        town.osm_id = 2;
        town.name = "Петроварадин";
        town.points = {{19.8680, 45.2460}};
        const std::vector<StoredFeature> features = {town, city};
        store.write_basemap(features);
        const BBox b = novi_sad_extent();
        std::ostringstream bbox;
        bbox.precision(10);
        bbox << b.min_x << ',' << b.min_y << ',' << b.max_x << ',' << b.max_y;
        store.set_meta("basemap_bbox", bbox.str());
        tx.commit();
    }
    {
        std::ofstream out(dir / "mixed.csv");
        out << "lat,lon,vendor,year\n"
               "45.25,19.80,Dahua,2020\n"           // in the map
               "45.30,19.90,Dahua,2020\n"           // 2 km outside: near enough
               "62.2308858,25.7343758,Dahua,2020\n" // Jyväskylä
               "37.9838,23.7275,Dahua,2020\n";      // Athens
    }
    const auto result = import_point_file(dir / "mixed.csv", project, "cameras", oko::test::point_test_options());
    CHECK(result.report.imported == 4);
    REQUIRE(result.report.far_from_map);
    const auto& far = *result.report.far_from_map;
    CHECK(far.points == 2);
    CHECK(far.first_row == 4);
    CHECK(far.area_name == "Novi Sad"); // the city, in Latin, over the town
    const BBox b = novi_sad_extent();
    const auto samples = boundary(b, 4000);
    const double jyvaskyla = haversine_min_distance_m({25.7343758, 62.2308858}, samples);
    const double athens = haversine_min_distance_m({23.7275, 37.9838}, samples);
    // The sphere and the ellipsoid differ by less than 0.5 %.
    CHECK(far.min_m == Approx(athens).epsilon(0.005));
    CHECK(far.max_m == Approx(jyvaskyla).epsilon(0.005));
    REQUIRE_FALSE(result.report.warnings.empty());
    const auto& w = result.report.warnings.front();
    CHECK(w.code == IssueCode::far_from_map);
    CHECK(w.reason.find("2 points (the first in row 4) lie ") == 0);
    CHECK(w.reason.find("from the map's area (Novi Sad)") != std::string::npos);
    CHECK(w.reason.find(format_km(far.max_m)) != std::string::npos);
    const auto json = to_json(result, dir / "mixed.csv");
    CHECK(json["far_from_map"]["points"] == 2);
    CHECK(json["far_from_map"]["map_area"] == "Novi Sad");
    CHECK(json["far_from_map"]["max_km"].get<double>() == Approx(far.max_m / 1000));
    CHECK(to_text(result, dir / "mixed.csv").find("from the map's area (Novi Sad)") != std::string::npos);

    // Nothing far: no warning, no key.
    {
        std::ofstream out(dir / "near.csv");
        out << "lat,lon,vendor,year\n45.25,19.80,Dahua,2020\n";
    }
    const auto near = import_point_file(dir / "near.csv", project, "near", oko::test::point_test_options());
    CHECK_FALSE(near.report.far_from_map);
    CHECK_FALSE(to_json(near, dir / "near.csv").contains("far_from_map"));
}

TEST_CASE("Finnish cameras in a Novi Sad project lie about 1,900 km from its map", "[point][far]") {
    const auto pbf = oko::test::shared_data("osm/novi_sad_center.osm.pbf");
    const auto csv = oko::test::shared_data("cameras/jyvaskyla_cctv.csv");
    if (!pbf || !csv) return;
    oko::test::TempDir dir;
    const auto project = dir / "novi_sad.oko";
    import_osm(*pbf, project);
    const auto result = import_point_file(*csv, project, "jyvaskyla", oko::test::point_test_options(), true);
    REQUIRE(result.report.far_from_map);
    // Every row of the file, counted independently of the reader.
    std::ifstream in(*csv);
    std::string line;
    std::getline(in, line); // header
    std::vector<LonLat> rows;
    while (std::getline(in, line)) {
        double lat = 0, lon = 0;
        char comma = 0;
        std::istringstream fields(line);
        if (fields >> lat >> comma >> lon) rows.push_back({lon, lat});
    }
    REQUIRE(rows.size() == 450);
    CHECK(result.report.far_from_map->points == 450);
    CHECK(result.report.far_from_map->area_name == "Novi Sad");
    // The extent the OSM import recorded, read back from the project.
    BBox extent;
    {
        const auto store = Store::open(project);
        const auto text = store.meta("basemap_bbox");
        REQUIRE(text);
        char c = 0;
        std::istringstream fields(*text);
        fields >> extent.min_x >> c >> extent.min_y >> c >> extent.max_x >> c >> extent.max_y;
        REQUIRE_FALSE(extent.empty());
        CHECK(extent.min_x == Approx(19.743).margin(0.01));
    }
    const auto samples = boundary(extent, 2000);
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    for (const auto& p : rows) {
        const double d = haversine_min_distance_m(p, samples);
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    }
    CHECK(result.report.far_from_map->min_m == Approx(lo).epsilon(0.005));
    CHECK(result.report.far_from_map->max_m == Approx(hi).epsilon(0.005));
    const auto& w = result.report.warnings.front();
    CHECK(w.code == IssueCode::far_from_map);
    CHECK(w.reason.find("450 points") == 0);
    CHECK(w.reason.find(" km from the map's area (Novi Sad)") != std::string::npos);
}
