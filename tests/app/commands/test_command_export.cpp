// `oko export` as a user runs it: the built binary on a project built by `oko import` from the
// real Jyväskylä cameras, each format read back with GDAL/OGR, its count against sqlite3 on the
// project and against `oko stats`, with and without a filter; and what it says and leaves when
// the request is wrong.

#include "support/shared_data.hpp"
#include "support/sql_query.hpp"

#include <catch2/catch.hpp>
#include <cpl_conv.h>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <fstream>

using namespace oko;
using oko::test::quoted;
using oko::test::run_command;
namespace fs = std::filesystem;

namespace {

// The features GDAL reads from an export (CSV by its lon/lat columns, OSM XML's points layer).
int64_t gdal_count(const fs::path& file) {
    GDALAllRegister();
    CPLSetConfigOption("OSM_USE_CUSTOM_INDEXING", "NO"); // new nodes have negative ids
    const std::string ext = file.extension().string();
    const char* driver = ext == ".csv"    ? "CSV"
                         : ext == ".gpkg" ? "GPKG"
                         : ext == ".kml"  ? "LIBKML"
                         : ext == ".osm"  ? "OSM"
                                          : "GeoJSON";
    const char* drivers[] = {driver, nullptr};
    const char* csv_options[] = {"X_POSSIBLE_NAMES=lon", "Y_POSSIBLE_NAMES=lat", nullptr};
    auto* ds = static_cast<GDALDataset*>(GDALOpenEx(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers,
                                                    ext == ".csv" ? csv_options : nullptr, nullptr));
    INFO(file.string());
    REQUIRE(ds);
    OGRLayer* layer = ext == ".osm" ? ds->GetLayerByName("points") : ds->GetLayer(0);
    REQUIRE(layer);
    int64_t n = 0;
    for (auto& f : *layer) {
        (void)f;
        ++n;
    }
    GDALClose(ds);
    return n;
}

struct Project {
    test::TempDir dir;
    fs::path store = dir / "j.oko";
    bool ready = false;
    Project() {
        const auto csv = test::shared_data("cameras/jyvaskyla_cctv.csv");
        if (!csv) return;
        fs::copy_file(*csv, dir / "jyvaskyla_cctv.csv");
        const auto r = run_command(test::oko_command("import " + quoted(dir / "jyvaskyla_cctv.csv") + " --store " +
                                                     quoted(store) + " --layer cctv"));
        INFO(r.output);
        REQUIRE(r.status == 0);
        ready = true;
    }
    std::string export_args(const fs::path& out, const std::string& more = "") const {
        return "export --store " + quoted(store) + " --layer cctv --out " + quoted(out) + more;
    }
};

} // namespace

TEST_CASE("oko export writes every format GDAL reads back, as many cameras as SQL and oko stats count",
          "[e2e][export]") {
    Project p;
    if (!p.ready) return;
    const std::string cctv = "FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = 'cctv'";
    const int64_t all = test::sql_integer(p.store, "SELECT count(*) " + cctv);
    const int64_t round = test::sql_integer(p.store, "SELECT count(*) " + cctv +
                                                         " AND json_extract(p.attributes, '$.camera_type') = 'round'");
    REQUIRE(all == 450);
    REQUIRE(round == 284); // SOURCES.md
    const auto stats = run_command(
        test::oko_command("stats --store " + quoted(p.store) + " --layer cctv --filter text=round --json 2>/dev/null"));
    REQUIRE(stats.status == 0);
    CHECK(nlohmann::json::parse(stats.output)["total"] == round);

    for (const std::string format : {"geojson", "csv", "gpkg", "kml", "osm"}) {
        INFO(format);
        const auto out = p.dir / ("cctv." + format);
        const auto r = run_command(test::oko_command(p.export_args(out)));
        INFO(r.output);
        REQUIRE(r.status == 0);
        CHECK(r.output == "wrote 450 of the 450 points of layer cctv to " + out.string() + " (" + format + ")\n");
        CHECK(gdal_count(out) == all);

        const auto filtered = p.dir / ("round." + format);
        const auto j = run_command(test::oko_command(p.export_args(filtered, " --filter text=round --json")));
        INFO(j.output);
        REQUIRE(j.status == 0);
        const auto report = nlohmann::json::parse(j.output);
        CHECK(report["count"] == round);
        CHECK(report["layer_points"] == all);
        CHECK(report["format"] == format);
        CHECK(report["file"] == filtered.string());
        CHECK(report["filter"] == "“round”");
        CHECK(gdal_count(filtered) == round);
    }
}

TEST_CASE("oko export refuses an unknown extension or layer and leaves the file there as it was", "[e2e][export]") {
    Project p;
    if (!p.ready) return;
    const auto shp = p.dir / "cctv.shp";
    auto r = run_command(test::oko_command(p.export_args(shp)));
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains("Oko cannot export '.shp' files"));
    CHECK_THAT(r.output, Catch::Contains("*.geojson, *.csv"));
    CHECK_FALSE(fs::exists(shp));

    const auto out = p.dir / "cctv.gpkg";
    { std::ofstream(out, std::ios::binary) << "an earlier export"; }
    r = run_command(test::oko_command("export --store " + quoted(p.store) + " --layer cctw --out " + quoted(out)));
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains("no point layer 'cctw' (point layers: smart_city_sites, cctv)"));
    CHECK(test::file_bytes(out) == "an earlier export");

    r = run_command(test::oko_command(p.export_args(out, " --filter year=20x0")));
    CHECK(r.status == 2);
    CHECK(test::file_bytes(out) == "an earlier export");

    r = run_command(test::oko_command(p.export_args(p.dir / "no such folder" / "cctv.gpkg")));
    CHECK(r.status == 1);
    CHECK_THAT(r.output, Catch::Contains("no such folder"));

    // A folder by the output's name cannot be replaced: an error, and the folder as it was.
    fs::create_directory(p.dir / "taken.csv");
    r = run_command(test::oko_command(p.export_args(p.dir / "taken.csv")));
    CHECK(r.status == 1);
    CHECK(fs::is_directory(p.dir / "taken.csv"));
    size_t hidden = 0;
    for (const auto& e : fs::directory_iterator(p.dir.path()))
        hidden += e.path().filename().string().starts_with(".");
    CHECK(hidden == 0);
}

TEST_CASE("oko export warns when an OSM file would hold cameras OpenStreetMap has already", "[e2e][export]") {
    test::TempDir dir;
    const auto store = dir / "monaco.oko";
    if (!test::import_monaco(store)) return;
    const auto out = dir / "osm.osm";
    const auto r = run_command(
        test::oko_command("export --store " + quoted(store) + " --layer osm_cameras --out " + quoted(out) + " --json"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    const auto json = r.output.substr(r.output.find('{'));
    const auto report = nlohmann::json::parse(json);
    const int64_t cameras =
        test::sql_integer(store, "SELECT count(*) FROM points p JOIN point_layers l ON l.id = p.layer_id "
                                 "WHERE l.name = 'osm_cameras'");
    REQUIRE(cameras == 10); // SOURCES.md: 10 surveillance nodes in Monaco
    CHECK(report["count"] == cameras);
    const std::string warning = "10 of the 10 cameras came from the OSM extract monaco.osm.pbf: they are in "
                                "OpenStreetMap already, and uploading them would add them again";
    CHECK(report["warnings"] == nlohmann::json{warning});
    CHECK_THAT(r.output, Catch::Contains("oko export: warning: " + warning));
    CHECK(gdal_count(out) == cameras);
}
