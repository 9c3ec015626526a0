// `oko stats` as a user runs it: the built binary on a project built by `oko import`, printing the
// same numbers as text, CSV and JSON, and clear errors for bad input.

#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

using namespace oko;
using oko::test::run_command;
using oko::test::shell_quote;

namespace {

int64_t sql_count(const std::filesystem::path& db, const std::string& sql) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    const int64_t v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(h);
    return v;
}

// A few hundred points over Belgrade, some beyond the city.
void write_points(const std::filesystem::path& path) {
    std::ofstream f(path);
    f << "lon,lat,vendor,year\n";
    const char* vendors[] = {"Huawei", "Dahua", "Hikvision", ""};
    for (int i = 0; i < 600; ++i) {
        const double lon = 20.05 + 0.8 * ((i * 7919) % 600) / 600.0;
        const double lat = 44.55 + 0.55 * ((i * 104729) % 599) / 599.0;
        f << std::to_string(lon) << "," << std::to_string(lat) << "," << vendors[i % 4] << ",";
        if (i % 5) f << 2015 + i % 9;
        f << "\n";
    }
}

} // namespace

TEST_CASE("oko stats prints the same counts as text, CSV and JSON, equal to SQL counts", "[e2e][stats]") {
    const auto boundaries = test::shared_data("boundaries/belgrade_opstine.geojson");
    if (!boundaries) return;
    test::TempDir dir;
    const auto csv = dir / "points.csv";
    const auto store = dir / "belgrade.oko";
    write_points(csv);
    const auto imported = run_command(test::oko_command(
        "import " + test::quoted(csv) + " --store " + test::quoted(store) + " --layer cameras --duplicate-distance 0"));
    INFO(imported.output);
    REQUIRE(imported.status == 0);

    const std::string filters = " --filter vendor=Huawei,Dahua --filter year=2018..2020";
    const auto json_run = run_command(test::oko_command("stats --store " + test::quoted(store) + " --layer cameras" +
                                                        filters + " --by vendor --json"));
    INFO(json_run.output);
    REQUIRE(json_run.status == 0);
    const auto j = nlohmann::json::parse(json_run.output);
    std::map<std::string, int64_t> counts;
    for (const auto& r : j["rows"])
        counts[r["vendor"]] = r["count"];
    // Only the points that match: a known vendor named and a known year in the range.
    const std::string in_years = " AND year BETWEEN 2018 AND 2020";
    const std::string layer = "layer_id = (SELECT id FROM point_layers WHERE name = 'cameras')";
    CHECK(counts["Huawei"] ==
          sql_count(store, "SELECT count(*) FROM points WHERE " + layer + " AND vendor = 'Huawei'" + in_years));
    CHECK(counts["Dahua"] ==
          sql_count(store, "SELECT count(*) FROM points WHERE " + layer + " AND vendor = 'Dahua'" + in_years));
    CHECK(counts.count("Hikvision") == 0);
    CHECK(counts.size() == 2); // no row of unknown vendor
    CHECK(j["total"] == counts["Huawei"] + counts["Dahua"]);
    CHECK(j["unknown_included"] == false);
    CHECK(j["filter"] == "vendor Huawei, Dahua; years 2018–2020; unknown vendors/years excluded");

    const auto csv_run = run_command(test::oko_command("stats --store " + test::quoted(store) + " --layer cameras" +
                                                       filters + " --by vendor --csv"));
    REQUIRE(csv_run.status == 0);
    std::istringstream lines(csv_run.output);
    std::string line;
    std::getline(lines, line);
    CHECK(line == "vendor,count,filter,unknown_included\r");
    std::map<std::string, int64_t> csv_counts;
    while (std::getline(lines, line)) {
        const auto comma = line.find(',');
        csv_counts[line.substr(0, comma)] = std::stoll(line.substr(comma + 1));
    }
    CHECK(csv_counts == counts);

    const auto text_run = run_command(
        test::oko_command("stats --store " + test::quoted(store) + " --layer cameras" + filters + " --by vendor"));
    REQUIRE(text_run.status == 0);
    CHECK(text_run.output.find("Huawei") != std::string::npos);
    CHECK(text_run.output.find(std::to_string(static_cast<int64_t>(j["total"]))) != std::string::npos);

    // Per municipality, written to a file.
    const auto out = dir / "by_municipality.json";
    const auto muni = run_command(test::oko_command("stats --store " + test::quoted(store) +
                                                    " --layer cameras --by municipality --boundaries " +
                                                    test::quoted(*boundaries) + " --json --out " + test::quoted(out)));
    INFO(muni.output);
    REQUIRE(muni.status == 0);
    std::ifstream f(out);
    const auto m = nlohmann::json::parse(f);
    CHECK(m["total"] == 600);
    int64_t sum = 0;
    for (const auto& r : m["rows"])
        sum += r["count"].get<int64_t>();
    CHECK(sum == 600);
    CHECK(m["outside"].get<int64_t>() > 0);
    CHECK(m["rows"].size() == 18);
}

TEST_CASE("oko stats says clearly what is wrong", "[e2e][stats]") {
    test::TempDir dir;
    const auto csv = dir / "points.csv";
    const auto store = dir / "p.oko";
    write_points(csv);
    REQUIRE(run_command(test::oko_command("import " + test::quoted(csv) + " --store " + test::quoted(store) +
                                          " --layer cameras"))
                .status == 0);

    const auto layer =
        run_command(test::oko_command("stats --store " + test::quoted(store) + " --layer nothing --by vendor"));
    CHECK(layer.status != 0);
    CHECK(layer.output.find("oko stats: " + store.string()) != std::string::npos);
    CHECK(layer.output.find("cameras") != std::string::npos);

    const auto filter = run_command(
        test::oko_command("stats --store " + test::quoted(store) + " --layer cameras --filter year=2020..2018"));
    CHECK(filter.status != 0);
    CHECK(filter.output.find("year=2020..2018") != std::string::npos);

    const auto missing =
        run_command(test::oko_command("stats --store " + test::quoted(dir / "none.oko") + " --layer cameras"));
    CHECK(missing.status != 0);
    CHECK(missing.output.find("none.oko") != std::string::npos);

    const auto no_boundaries = run_command(test::oko_command("stats --store " + test::quoted(store) +
                                                             " --layer cameras --by municipality --boundaries " +
                                                             test::quoted(dir / "none.geojson")));
    CHECK(no_boundaries.status != 0);
    CHECK(no_boundaries.output.find("none.geojson") != std::string::npos);

    // A project without an OSM basemap has no admin boundaries to count by.
    const auto no_osm =
        run_command(test::oko_command("stats --store " + test::quoted(store) + " --layer cameras --by municipality"));
    CHECK(no_osm.status != 0);
    CHECK(no_osm.output.find("admin boundaries") != std::string::npos);
}

TEST_CASE("oko stats --coverage prints the same figures as text, CSV and JSON, and clear errors", "[e2e][coverage]") {
    const auto pbf = test::shared_data("osm/monaco.osm.pbf");
    if (!pbf) return;
    test::TempDir dir;
    const auto store = dir / "monaco.oko";
    const std::string at = " --store " + test::quoted(store);
    REQUIRE(run_command(test::oko_command("import " + test::quoted(*pbf) + at)).status == 0);
    {
        std::ofstream f(dir / "cams.csv");
        f << "lon,lat,camera:direction,heading\n";
        for (int i = 0; i < 40; ++i)
            f << 7.415 + 0.0006 * i << "," << 43.728 + 0.0003 * (i % 7) << "," << (i % 2 ? "NE" : "") << ","
              << (i * 37) % 360 << "\n";
    }
    REQUIRE(run_command(test::oko_command("import " + test::quoted(dir / "cams.csv") + at + " --layer cams")).status ==
            0);
    const std::string base = "stats" + at + " --layer cams --coverage 40";

    const auto json_run = run_command(test::oko_command(base + " --sector 120 --json"));
    REQUIRE(json_run.status == 0);
    const auto j = nlohmann::json::parse(json_run.output);
    CHECK(j["crs"] == "EPSG:32632");
    CHECK(j["radius_m"] == 40.0);
    CHECK(j["sector_deg"] == 120.0);
    CHECK(j["cameras"] == 40);
    CHECK(j["cameras_with_direction"] == 20);
    CHECK(j["streets"].size() == 14);
    const double share = j["share"];
    CHECK(share > 0);
    CHECK(share < 1);
    CHECK(share == Approx(j["covered_km"].get<double>() / j["street_km"].get<double>()));
    CHECK(j["cameras_per_street_km"].get<double>() == Approx(40 / j["street_km"].get<double>()));

    const auto text = run_command(test::oko_command(base + " --sector 120"));
    REQUIRE(text.status == 0);
    CHECK(text.output.find("EPSG:32632") != std::string::npos);
    CHECK(text.output.find("highway=motorway,motorway_link") != std::string::npos);
    CHECK(text.output.find("120° sectors") != std::string::npos);
    char covered[32];
    std::snprintf(covered, sizeof covered, "%.3f", j["covered_km"].get<double>());
    CHECK(text.output.find(covered) != std::string::npos);
    const auto csv = run_command(test::oko_command(base + " --sector 120 --csv"));
    REQUIRE(csv.status == 0);
    CHECK(csv.output.find(std::string("total,") + [&] {
        char s[32];
        std::snprintf(s, sizeof s, "%.3f", j["street_km"].get<double>());
        return std::string(s);
    }() + "," + covered) != std::string::npos);

    // Another direction column; a wider set of classes covers more street.
    const auto heading = nlohmann::json::parse(
        run_command(test::oko_command(base + " --sector --direction-field heading --json")).output);
    CHECK(heading["cameras_with_direction"] == 40);
    CHECK(heading["sector_deg"] == 90.0);
    const auto more = nlohmann::json::parse(
        run_command(test::oko_command(base + " --streets residential,service,footway --json")).output);
    CHECK(more["streets"] == nlohmann::json{"residential", "service", "footway"});

    const auto radius = run_command(test::oko_command(base.substr(0, base.size() - 2) + "5"));
    CHECK(radius.status == 2);
    CHECK(radius.output.find("from 10 to 500 metres") != std::string::npos);
    const auto classes = run_command(test::oko_command(base + " --streets residential,busway"));
    CHECK(classes.status == 2);
    CHECK(classes.output.find("'busway'") != std::string::npos);
    CHECK(classes.output.find("residential ") != std::string::npos);
    CHECK(classes.output.find(" km") != std::string::npos);
    const auto field = run_command(test::oko_command(base + " --sector --direction-field azimuth"));
    CHECK(field.status != 0);
    CHECK(field.output.find("'azimuth'") != std::string::npos);
    CHECK(field.output.find("heading") != std::string::npos);
    const auto sector = run_command(test::oko_command("stats" + at + " --layer cams --sector 90"));
    CHECK(sector.status == 2);
    CHECK(sector.output.find("--coverage") != std::string::npos);
    const auto bad_sector = run_command(test::oko_command(base + " --sector 400"));
    CHECK(bad_sector.status == 2);
    const auto by = run_command(test::oko_command(base + " --by vendor"));
    CHECK(by.status == 2);
}

namespace {

nlohmann::json stats_json(const std::string& args) {
    const auto run = run_command(test::oko_command("stats " + args + " --json"));
    INFO(args << "\n" << run.output);
    REQUIRE(run.status == 0);
    return nlohmann::json::parse(run.output.substr(run.output.find('{')));
}

} // namespace

TEST_CASE("oko stats --compare on Novi Sad: two imported lists side by side, rows adding up", "[e2e][stats]") {
    const auto pbf = test::shared_data("osm/novi_sad_center.osm.pbf");
    if (!pbf) return;
    test::TempDir dir;
    const auto store = dir / "novi_sad.oko";
    REQUIRE(run_command(test::oko_command("import " + test::quoted(*pbf) + " --store " + test::quoted(store))).status ==
            0);
    const auto csv = dir / "novi_sad_cameras.csv";
    std::filesystem::copy_file(test::point_fixture("novi_sad_cameras.csv"), csv);
    REQUIRE(run_command(test::oko_command("import " + test::quoted(csv) + " --store " + test::quoted(store) +
                                          " --layer cameras"))
                .status == 0);
    const auto official_csv = dir / "novi_sad_unknowns.csv";
    std::filesystem::copy_file(test::point_fixture("novi_sad_unknowns.csv"), official_csv);
    REQUIRE(run_command(test::oko_command("import " + test::quoted(official_csv) + " --store " + test::quoted(store) +
                                          " --layer official"))
                .status == 0);
    const std::string layer_sql =
        "SELECT count(*) FROM points WHERE layer_id = (SELECT id FROM point_layers WHERE name = ";
    const int64_t cameras = sql_count(store, layer_sql + "'cameras')");
    const int64_t osm = sql_count(store, layer_sql + "'official')");
    REQUIRE(cameras == 12);
    REQUIRE(osm == 30);
    const std::string at = "--store " + test::quoted(store) + " --layer cameras --compare official";

    for (const std::string by : {"municipality", "vendor", "year", "hex:500", "square:1000"}) {
        INFO(by);
        const auto j = stats_json(at + " --by " + by);
        CHECK(j["compare_layer"] == "official");
        CHECK(j["total"] == cameras);
        CHECK(j["compare_total"] == osm);
        CHECK(j["total_difference"] == cameras - osm);
        CHECK(j["total_ratio"].get<double>() == Approx(static_cast<double>(cameras) / static_cast<double>(osm)));
        int64_t sum = 0, compare_sum = 0;
        for (const auto& r : j["rows"]) {
            sum += r["count"].get<int64_t>();
            compare_sum += r["compare_count"].get<int64_t>();
            CHECK(r["difference"] == r["count"].get<int64_t>() - r["compare_count"].get<int64_t>());
            if (r["compare_count"] == 0)
                CHECK(r["ratio"].is_null());
            else
                CHECK(r["ratio"].get<double>() == Approx(r["count"].get<double>() / r["compare_count"].get<double>()));
        }
        CHECK(sum == cameras);
        CHECK(compare_sum == osm);
    }

    // Text and CSV say which layer is which.
    const auto text = run_command(test::oko_command("stats " + at + " --by municipality"));
    REQUIRE(text.status == 0);
    CHECK(text.output.starts_with("layer cameras compared with layer official (the same filter for both"));
    const auto csv_run = run_command(test::oko_command("stats " + at + " --by vendor --csv"));
    REQUIRE(csv_run.status == 0);
    CHECK(csv_run.output.starts_with(
        "vendor,count,compare_count,difference,ratio,filter,unknown_included,layer,compare_layer\r\n"));

    // Against the extract's own cameras, none in central Novi Sad: every ratio null, not 0 or inf.
    const auto empty = stats_json("--store " + test::quoted(store) + " --layer cameras --compare osm_cameras");
    CHECK(empty["compare_total"] == 0);
    CHECK(empty["total_ratio"].is_null());
    for (const auto& r : empty["rows"])
        CHECK(r["ratio"].is_null());

    // Cells alone: every non-empty cell, centre, area and density, adding up to the layer.
    const auto cells = stats_json("--store " + test::quoted(store) + " --layer official --by hex:250");
    CHECK(cells["by"] == "cell");
    CHECK(cells["cell_shape"] == "hexagon");
    CHECK(cells["total"] == osm);
    int64_t sum = 0;
    for (const auto& r : cells["rows"]) {
        sum += r["count"].get<int64_t>();
        CHECK(r["area_km2"].get<double>() == Approx(3 * std::sqrt(3.0) / 2 * 0.25 * 0.25).epsilon(0.01));
        CHECK(r["lat"].get<double>() == Approx(45.25).margin(0.1));
    }
    CHECK(sum == osm);
    const auto cells_text =
        run_command(test::oko_command("stats --store " + test::quoted(store) + " --layer official --by square:500"));
    REQUIRE(cells_text.status == 0);
    CHECK(cells_text.output.find("squares of 500 m side") != std::string::npos);
    CHECK(cells_text.output.find("each cell's area geodesic on the WGS84 ellipsoid (PROJ geod_polygonarea of its "
                                 "corners)\n") != std::string::npos);
    CHECK(cells_text.output.find("lat  area_km2  count  per_km2\n") != std::string::npos);
}

TEST_CASE("oko stats says what is wrong with --by cells and --compare", "[e2e][stats]") {
    test::TempDir dir;
    const auto csv = dir / "points.csv";
    const auto store = dir / "p.oko";
    write_points(csv);
    REQUIRE(run_command(test::oko_command("import " + test::quoted(csv) + " --store " + test::quoted(store) +
                                          " --layer cameras"))
                .status == 0);
    const std::string at = "stats --store " + test::quoted(store) + " --layer cameras";
    const auto zero = run_command(test::oko_command(at + " --by hex:0"));
    CHECK(zero.status == 2);
    CHECK(zero.output.find("between 1 m and 1000000 m, not 0 m (--by hex:0)") != std::string::npos);
    const auto words = run_command(test::oko_command(at + " --by hexagon:big"));
    CHECK(words.status == 2);
    CHECK(words.output.find("hex:SIZE or square:SIZE") != std::string::npos);
    CHECK(words.output.find("'hexagon:big'") != std::string::npos);
    const auto same = run_command(test::oko_command(at + " --compare cameras"));
    CHECK(same.status == 2);
    CHECK(same.output.find("--compare names the layer --layer counts (cameras)") != std::string::npos);
    const auto missing = run_command(test::oko_command(at + " --compare police"));
    CHECK(missing.status != 0);
    CHECK(missing.output.find("no point layer 'police'") != std::string::npos);
}
