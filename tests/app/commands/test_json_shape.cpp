// One shape per --json output: every command run on every kind of input it takes (an OSM
// extract, a CSV, GeoJSON points, a polygon file, a mixed file; stats by each grouping) prints the
// keys declared in app/commands/json_shape.cpp with their types or null, and nothing else.

#include "app/commands/json_shape.hpp"
#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

using namespace oko;
using oko::test::quoted;
using oko::test::run_command;

namespace {

// Runs `oko ARGS`, stderr to a file of its own, and parses what it printed.
nlohmann::json run_json(const test::TempDir& dir, const std::string& args, std::string* stderr_text = nullptr) {
    const auto err = dir / "stderr.txt";
    const auto r = run_command("(" + test::oko_command(args) + " 2>" + quoted(err) + ")");
    std::ifstream f(err);
    const std::string errors(std::istreambuf_iterator<char>(f), {});
    INFO("oko " << args << "\n" << r.output << errors);
    REQUIRE(r.status == 0);
    if (stderr_text) *stderr_text = errors;
    return nlohmann::json::parse(r.output);
}

void check_shape(const nlohmann::json& j, const app::JsonShape& shape, const std::string& what) {
    INFO(what << ": " << j.dump(1).substr(0, 3000));
    const auto errors = app::shape_errors(j, shape);
    for (const auto& e : errors)
        UNSCOPED_INFO(e);
    CHECK(errors.empty());
}

} // namespace

TEST_CASE("The shape check finds a key out of place and a word among numbers", "[json]") {
    nlohmann::json stats = app::conform({{"layer", "cameras"}, {"total", 3}}, app::stats_shape());
    CHECK(app::shape_errors(stats, app::stats_shape()).empty()); // every other key added as null
    CHECK(stats.contains("unknown_included"));
    CHECK(stats["unknown_included"].is_null());
    stats["rows"] = {{{"year", "unknown"}, {"count", 2}}};
    stats["colour"] = "red";
    auto errors = app::shape_errors(app::conform(stats, app::stats_shape()), app::stats_shape());
    std::sort(errors.begin(), errors.end());
    CHECK(errors == std::vector<std::string>{"colour: not in the shape (app/commands/json_shape.cpp)",
                                             "rows[0].year: expected integer or null, got string"});
}

TEST_CASE("Every --json output keeps one shape whatever the input", "[e2e][json]") {
    test::TempDir dir;
    const auto store = dir / "p.oko";
    const std::string at = " --store " + quoted(store);
    std::vector<std::pair<std::string, nlohmann::json>> imports;
    if (const auto pbf = test::shared_data("osm/monaco.osm.pbf"))
        imports.emplace_back("OSM extract", run_json(dir, "import " + quoted(*pbf) + at + " --json"));
    // Copies, so that the rejected rows an import writes beside its input stay out of the source tree.
    const auto copy = [&](const std::string& name) {
        std::filesystem::copy_file(test::point_fixture(name), dir / name);
        return dir / name;
    };
    const auto cameras = copy("novi_sad_unknowns.csv");
    imports.emplace_back("CSV, dry run",
                         run_json(dir, "import " + quoted(cameras) + at + " --layer cameras --dry-run --json"));
    imports.emplace_back("CSV", run_json(dir, "import " + quoted(cameras) + at + " --layer cameras --json"));
    imports.emplace_back("CSV again", run_json(dir, "import " + quoted(cameras) + at + " --layer cameras --json"));
    imports.emplace_back("GeoJSON points", run_json(dir, "import " + quoted(copy("cameras_points.geojson")) + at +
                                                             " --layer geo --json"));
    imports.emplace_back(
        "GeoJSON points and polygons",
        run_json(dir, "import " + quoted(copy("cameras_mixed.geojson")) + at + " --layer mixed --json"));
    const auto opstine = test::shared_data("boundaries/belgrade_opstine.geojson");
    if (opstine)
        imports.emplace_back("polygon file",
                             run_json(dir, "import " + quoted(*opstine) + at + " --layer opstine --json"));
    for (const auto& [what, j] : imports) {
        check_shape(j, app::import_shape(), what);
        CHECK(j["layers"].size() >= 1);
    }
    // Which report is there follows the input; the others are null.
    CHECK(imports.back().second["input"] == "vector");
    for (const auto& [what, j] : imports) {
        INFO(what);
        const std::string input = j["input"];
        CHECK(j["osm"].is_null() == (input != "osm"));
        CHECK(j["vector"].is_null() == (input != "vector"));
        if (input == "points") CHECK(j["points"].is_object());
    }

    const auto layers = run_json(dir, "layers" + at + " --json");
    REQUIRE(layers.is_array());
    for (const auto& l : layers)
        check_shape(l, app::layer_shape(), "layer " + l["name"].get<std::string>());

    // Stats by every grouping, with unknowns asked for, so that unknown vendors and years are rows.
    for (const std::string by : {"vendor", "year", "vendor-year"}) {
        const auto j =
            run_json(dir, "stats" + at + " --layer cameras --by " + by +
                              " --filter vendor=Huawei --filter year=2019..2020 --filter unknown=include --json");
        check_shape(j, app::stats_shape(), "stats by " + by);
        CHECK(j["unknown_included"] == true);
        bool unknown_row = false;
        for (const auto& r : j["rows"])
            unknown_row |= (by != "year" && r["vendor"].is_null()) || (by != "vendor" && r["year"].is_null());
        CHECK(unknown_row); // an unknown vendor or year is null, not "unknown"
    }
    if (opstine) {
        std::string errors;
        const auto j = run_json(
            dir, "stats" + at + " --layer cameras --by municipality --boundaries " + quoted(*opstine) + " --json",
            &errors);
        check_shape(j, app::stats_shape(), "stats by municipality");
        CHECK(j["outside"] == 30);
        REQUIRE(j["warnings"].size() == 1);
        CHECK(j["warnings"][0].get<std::string>().starts_with("none of the 30 points of layer cameras lies in any of "
                                                              "the 17 polygons of"));
        CHECK(errors.find("oko stats: warning: none of the 30 points") != std::string::npos);
        CHECK(j["rows"].back()["per_km2"].is_null()); // the outside row has no area
    }
    // Cells, and two layers compared: the same shape, with their keys filled.
    for (const std::string by : {"hex:250", "square:1000", "vendor"}) {
        const auto j = run_json(dir, "stats" + at + " --layer cameras --compare geo --by " + by + " --json");
        check_shape(j, app::stats_shape(), "stats --compare by " + by);
        CHECK(j["compare_layer"] == "geo");
        CHECK(j["rows"][0]["compare_count"].is_number_integer());
        CHECK(j["cell_shape"].is_null() == (by == "vendor"));
        CHECK(j["rows"][0]["lon"].is_null() == (by == "vendor"));
    }
    std::string errors;
    const auto missing = run_json(dir, "stats" + at + " --layer cameras --filter vendor=Huwei --json", &errors);
    check_shape(missing, app::stats_shape(), "stats of a vendor the layer lacks");
    CHECK(missing["total"] == 0);
    CHECK(missing["warnings"] == nlohmann::json{"no vendor 'Huwei' in layer cameras; did you mean Huawei?"});
    CHECK(errors == "oko stats: warning: no vendor 'Huwei' in layer cameras; did you mean Huawei?\n");

    // oko export: one shape for every format, a filter's warning in it as on stderr.
    for (const std::string format : {"geojson", "csv", "gpkg", "kml", "osm"}) {
        const auto j =
            run_json(dir, "export" + at + " --layer cameras --out " + quoted(dir / ("e." + format)) + " --json");
        check_shape(j, app::export_shape(), "export to " + format);
        CHECK(j["format"] == format);
        CHECK(j["count"] == j["layer_points"]);
        CHECK(j["warnings"].empty());
    }
    const auto none = run_json(
        dir, "export" + at + " --layer cameras --filter vendor=Huwei --out " + quoted(dir / "e.csv") + " --json",
        &errors);
    check_shape(none, app::export_shape(), "export of a vendor the layer lacks");
    CHECK(none["count"] == 0);
    CHECK(none["warnings"] == nlohmann::json{"no vendor 'Huwei' in layer cameras; did you mean Huawei?"});
    CHECK(errors == "oko export: warning: no vendor 'Huwei' in layer cameras; did you mean Huawei?\n");

    if (imports.front().first == "OSM extract") {
        // Street coverage: the whole project and per district (Monaco's streets, the layer's cameras).
        const auto whole = run_json(dir, "stats" + at + " --layer cameras --coverage 50 --sector --json");
        check_shape(whole, app::coverage_shape(), "stats --coverage");
        CHECK(whole["sector_deg"] == 90.0);
        CHECK(whole["street_km"].get<double>() > 0);
        CHECK(whole["rows"].empty());
        const auto per = run_json(dir, "stats" + at + " --layer cameras --coverage 50 --by municipality --json");
        check_shape(per, app::coverage_shape(), "stats --coverage --by municipality");
        CHECK(per["sector_deg"].is_null());
        CHECK(!per["rows"].empty());
        CHECK(per["rows"].back()["outside"] == true);
    }
    if (imports.front().first == "OSM extract") {
        const auto j = run_json(dir,
                                "render" + at + " --out " + quoted(dir / "m.png") +
                                    " --size 200x150 --layer cameras --filter year=2030..2031 --json",
                                &errors);
        check_shape(j, app::render_shape(), "render");
        const std::string expected = "no camera in layer cameras has a year in 2030..2031; its years are 2018..2021";
        CHECK(std::find(j["warnings"].begin(), j["warnings"].end(), expected) != j["warnings"].end());
        CHECK(errors.find("oko render: warning: no camera in layer cameras") != std::string::npos);
        bool reference = false;
        for (const auto& l : j["layers"]) {
            if (l["kind"] == "reference") {
                reference = true;
                CHECK(l["filter"].is_null());
            } else {
                CHECK(l["unknown_included"] == false);
            }
        }
        CHECK(reference == opstine.has_value());
    }
}
