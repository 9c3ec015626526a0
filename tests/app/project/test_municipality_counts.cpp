// The statistics panel's counts per municipality (located once, counted over the window's pass
// mask) against `oko stats --by municipality`, which filters in SQL and locates every point again.

#include "support/shared_data.hpp"

#include "app/project/municipality_counts.hpp"
#include "app/project/point_layer_view.hpp"
#include "app/project/project.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
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
    REQUIRE(test::run_command(test::oko_command("import " + test::quoted(*pbf) + " --store " + test::quoted(store)))
                .status == 0);
    REQUIRE(test::run_command(test::oko_command("import " + test::quoted(csv) + " --store " + test::quoted(store) +
                                                " --layer cameras --duplicate-distance 0"))
                .status == 0);

    const auto project = app::Project::load(store);
    const auto* layer = project.point_layer("cameras");
    REQUIRE(layer);
    std::vector<app::PointLayerView> views;
    for (const auto& l : project.point_layers)
        views.emplace_back(l);
    const auto filter = geo::Filter::parse({"vendor=Huawei,Dahua", "year=2016..2019"});
    auto& view = *std::find_if(views.begin(), views.end(), [](const auto& v) { return v.data().name == "cameras"; });
    view.update(filter);

    app::MunicipalityCounts counts;
    counts.request(store, std::nullopt, views);
    while (counts.pending())
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(counts.error().empty());
    const auto table = counts.table(view, filter.describe());
    REQUIRE(table);

    const auto run =
        test::run_command(test::oko_command("stats --store " + test::quoted(store) +
                                            " --layer cameras --filter vendor=Huawei,Dahua --filter year=2016..2019"
                                            " --by municipality --admin-level " +
                                            std::to_string(*counts.level()) + " --json"));
    INFO(run.output);
    REQUIRE(run.status == 0);
    const auto json = nlohmann::json::parse(run.output.substr(run.output.find('{')));
    std::map<std::string, int64_t> cli, window;
    for (const auto& row : json["rows"])
        cli[row["outside"].get<bool>() ? std::string("(outside)") : row["municipality"].get<std::string>()] +=
            row["count"].get<int64_t>();
    for (const auto& row : table->rows)
        window[row.outside ? std::string("(outside)") : row.municipality] += row.count;
    CHECK(table->total == json["total"].get<int64_t>());
    CHECK(table->total > 50);
    CHECK(window == cli);
    size_t inside = 0;
    for (const auto& row : table->rows)
        inside += !row.outside && row.count > 0;
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
    // A byte-order mark first, so that spreadsheet programs read the Cyrillic names as UTF-8.
    CHECK(window_bytes.rfind("\xEF\xBB\xBFmunicipality,admin_level,area_km2,count,per_km2,filter,unknown_included\r\n",
                             0) == 0);
    CHECK(std::count(window_bytes.begin(), window_bytes.end(), '\n') ==
          std::count(window_bytes.begin(), window_bytes.end(), '\r')); // every line ends with CRLF
    CHECK(window_bytes == cli_bytes);

    // GDAL's CSV reader (what QGIS uses) sees the mark as a mark, not as part of the first name,
    // and the Cyrillic municipality names as UTF-8.
    GDALAllRegister();
    std::unique_ptr<GDALDataset> gdal_csv(
        static_cast<GDALDataset*>(GDALOpenEx(window_file.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    REQUIRE(gdal_csv);
    auto* layer = gdal_csv->GetLayer(0);
    REQUIRE(layer->GetLayerDefn()->GetFieldCount() == 7); // and the filter and whether unknowns are in it
    CHECK(std::string(layer->GetLayerDefn()->GetFieldDefn(0)->GetNameRef()) == "municipality");
    CHECK(layer->GetFeatureCount() == static_cast<GIntBig>(table->rows.size()));
    std::set<std::string> names_from_gdal, names_from_table;
    for (auto& feature : *layer)
        names_from_gdal.insert(feature->GetFieldAsString(0));
    for (const auto& row : table->rows)
        if (!row.outside) names_from_table.insert(row.municipality);
    CHECK(names_from_gdal.size() == table->rows.size());
    for (const auto& name : names_from_table)
        CHECK(names_from_gdal.count(name) == 1);
}

TEST_CASE("Counts per municipality choose vendors past index 255 exactly", "[app][stats]") {
    // 300 vendor names, so the vendors chosen lie past index 255 of the layer: the window's counts
    // must equal `oko stats` (SQL and its own point location), a plain SQL count of the project
    // and a count over the loaded points.
    const auto pbf = test::shared_data("osm/novi_sad_center.osm.pbf");
    if (!pbf) return;
    test::TempDir dir;
    const auto store = dir / "ns.oko";
    const auto csv = dir / "cams.csv";
    {
        std::ofstream f(csv);
        f << "lat,lon,vendor,year\n";
        for (int i = 0; i < 6000; ++i)
            f << 45.23 + 0.05 * ((i * 7919) % 6000) / 6000.0 << "," << 19.78 + 0.1 * ((i * 104729) % 5987) / 5987.0
              << ",Zavod " << i % 300 << "," << (i % 7 ? std::to_string(2012 + i / 300 % 10) : std::string()) << "\n";
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
    auto& view = *std::find_if(views.begin(), views.end(), [](const auto& v) { return v.data().name == "cameras"; });
    const auto& data = view.data();
    REQUIRE(data.vendors.size() == 300);
    const std::vector<std::string> chosen = {data.vendors[256], data.vendors[271], data.vendors[299]};
    const auto filter =
        geo::Filter::parse({"vendor=" + chosen[0] + "," + chosen[1] + "," + chosen[2], "year=2015..2020"});
    view.update(filter);

    app::MunicipalityCounts counts;
    counts.request(store, std::nullopt, views);
    while (counts.pending())
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(counts.error().empty());
    const auto table = counts.table(view, filter.describe());
    REQUIRE(table);

    // Over the loaded points, by vendor name.
    int64_t loaded = 0;
    for (size_t i = 0; i < data.positions.size(); ++i) {
        const auto& vendor = data.vendors[data.vendor_index[i]];
        const int year = data.years[i];
        loaded += std::find(chosen.begin(), chosen.end(), vendor) != chosen.end() && year >= 2015 &&
                  year <= 2020; // only points that match: a known year in the range
    }
    // In the project file, by hand-written SQL.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(store.string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(
                db,
                "SELECT count(*) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = 'cameras'"
                " AND p.vendor IN (?, ?, ?) AND p.year BETWEEN 2015 AND 2020",
                -1, &q, nullptr) == SQLITE_OK);
    for (int k = 0; k < 3; ++k)
        sqlite3_bind_text(q, k + 1, chosen[static_cast<size_t>(k)].c_str(), -1, SQLITE_TRANSIENT);
    REQUIRE(sqlite3_step(q) == SQLITE_ROW);
    const int64_t in_sql = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);

    const auto run = test::run_command(test::oko_command(
        "stats --store " + test::quoted(store) + " --layer cameras --filter " +
        test::quoted("vendor=" + chosen[0] + "," + chosen[1] + "," + chosen[2]) +
        " --filter year=2015..2020 --by municipality --admin-level " + std::to_string(*counts.level()) + " --json"));
    INFO(run.output);
    REQUIRE(run.status == 0);
    const auto json = nlohmann::json::parse(run.output.substr(run.output.find('{')));
    std::map<std::string, int64_t> cli, window;
    for (const auto& row : json["rows"])
        cli[row["outside"].get<bool>() ? std::string("(outside)") : row["municipality"].get<std::string>()] +=
            row["count"].get<int64_t>();
    for (const auto& row : table->rows)
        window[row.outside ? std::string("(outside)") : row.municipality] += row.count;
    CHECK(in_sql > 0);
    CHECK(table->total == in_sql);
    CHECK(loaded == in_sql);
    CHECK(json["total"].get<int64_t>() == in_sql);
    CHECK(window == cli);
    size_t inside = 0;
    for (const auto& row : table->rows)
        inside += !row.outside && row.count > 0;
    CHECK(inside >= 2);
}
