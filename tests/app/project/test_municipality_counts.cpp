// The statistics panel's counts per municipality (located once, counted over the window's pass
// mask) against `oko stats --by municipality`, which filters in SQL and locates every point again.

#include "support/shared_data.hpp"

#include "app/project/municipality_counts.hpp"
#include "app/project/point_layer_view.hpp"
#include "app/project/project.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>
#include <map>
#include <thread>

using namespace oko;

TEST_CASE("Counts per municipality in the window equal oko stats", "[app][stats]") {
    const auto pbf = test::shared_data("osm/novi_sad_center.osm.pbf");
    if (!pbf) return;
    test::TempDir dir;
    const auto store = dir / "ns.oko";
    const auto csv = dir / "cams.csv";
    {
        std::ofstream f(csv);
        f << "lat,lon,vendor,year\n";
        const char* vendors[] = {"Huawei", "Dahua", "Hikvision", ""};
        for (int i = 0; i < 800; ++i)
            f << 45.23 + 0.05 * ((i * 7919) % 800) / 800.0 << "," << 19.78 + 0.1 * ((i * 104729) % 797) / 797.0 << ","
              << vendors[i % 4] << "," << (i % 5 ? std::to_string(2014 + i % 8) : std::string()) << "\n";
    }
    REQUIRE(test::run_command(test::oko_command("import " + test::quoted(*pbf) + " --store " + test::quoted(store))).status == 0);
    REQUIRE(test::run_command(test::oko_command("import " + test::quoted(csv) + " --store " + test::quoted(store) +
                                                " --layer cameras --duplicate-distance 0")).status == 0);

    const auto project = app::Project::load(store);
    const auto* layer = project.point_layer("cameras");
    REQUIRE(layer);
    std::vector<app::PointLayerView> views;
    for (const auto& l : project.point_layers) views.emplace_back(l);
    const auto filter = geo::Filter::parse({"vendor=Huawei,Dahua", "year=2016..2019"});
    auto& view = *std::find_if(views.begin(), views.end(), [](const auto& v) { return v.data().name == "cameras"; });
    view.update(filter);

    app::MunicipalityCounts counts;
    counts.request(store, std::nullopt, views);
    while (counts.pending()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(counts.error().empty());
    const auto table = counts.table(view, filter.describe());
    REQUIRE(table);

    const auto run = test::run_command(test::oko_command("stats --store " + test::quoted(store) +
                                                         " --layer cameras --filter vendor=Huawei,Dahua --filter year=2016..2019"
                                                         " --by municipality --admin-level " + std::to_string(*counts.level()) + " --json"));
    INFO(run.output);
    REQUIRE(run.status == 0);
    const auto json = nlohmann::json::parse(run.output.substr(run.output.find('{')));
    std::map<std::string, int64_t> cli, window;
    for (const auto& row : json["rows"]) cli[row.value("municipality", std::string("(outside)"))] += row["count"].get<int64_t>();
    for (const auto& row : table->rows) window[row.outside ? std::string("(outside)") : row.municipality] += row.count;
    CHECK(table->total == json["total"].get<int64_t>());
    CHECK(table->total > 50);
    CHECK(window == cli);
    size_t inside = 0;
    for (const auto& row : table->rows) inside += !row.outside && row.count > 0;
    CHECK(inside >= 3);
}

TEST_CASE("The window's CSV export and oko stats --csv write the same bytes", "[app][stats]") {
    const auto pbf = test::shared_data("osm/novi_sad_center.osm.pbf");
    if (!pbf) return;
    test::TempDir dir;
    const auto store = dir / "ns.oko";
    const auto csv = dir / "cams.csv";
    {
        std::ofstream f(csv);
        f << "lat,lon,vendor,year\n";
        for (int i = 0; i < 400; ++i)
            f << 45.23 + 0.05 * ((i * 7919) % 400) / 400.0 << "," << 19.78 + 0.1 * ((i * 104729) % 397) / 397.0 << ","
              << (i % 3 ? "Dahua" : "Hikvision") << "," << 2015 + i % 6 << "\n";
    }
    REQUIRE(test::run_command(test::oko_command("import " + test::quoted(*pbf) + " --store " + test::quoted(store)))
                .status == 0);
    REQUIRE(test::run_command(test::oko_command("import " + test::quoted(csv) + " --store " + test::quoted(store) +
                                                " --layer cameras --duplicate-distance 0"))
                .status == 0);
    const auto project = app::Project::load(store);
    std::vector<app::PointLayerView> views;
    for (const auto& l : project.point_layers)
        views.emplace_back(l);
    const auto filter = geo::Filter::parse({"vendor=Dahua"});
    auto& view = *std::find_if(views.begin(), views.end(), [](const auto& v) { return v.data().name == "cameras"; });
    view.update(filter);
    app::MunicipalityCounts counts;
    counts.request(store, std::nullopt, views);
    while (counts.pending())
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(counts.error().empty());
    const auto table = counts.table(view, filter.describe());
    REQUIRE(table);
    const auto window_file = app::export_municipality_csv(*table, store, "cameras");
    CHECK(window_file == dir / "ns_cameras_municipalities.csv");

    const auto cli_file = dir / "cli.csv";
    const auto run = test::run_command(
        test::oko_command("stats --store " + test::quoted(store) +
                          " --layer cameras --filter vendor=Dahua --by municipality --admin-level " +
                          std::to_string(*counts.level()) + " --csv --out " + test::quoted(cli_file)));
    INFO(run.output);
    REQUIRE(run.status == 0);
    auto read = [](const std::filesystem::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    const std::string window_bytes = read(window_file), cli_bytes = read(cli_file);
    CHECK(window_bytes.rfind("municipality,admin_level,area_km2,count,per_km2\r\n", 0) == 0);
    CHECK(std::count(window_bytes.begin(), window_bytes.end(), '\n') ==
          std::count(window_bytes.begin(), window_bytes.end(), '\r')); // every line ends with CRLF
    CHECK(window_bytes == cli_bytes);
}
