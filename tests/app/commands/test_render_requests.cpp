// oko render refuses requests that cannot be right, with the fix and the conventional exit code
// (1: the job failed, 2: the request is wrong), and says what it drew with --json.

#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogr_spatialref.h>

#include <memory>

using namespace oko;
using oko::test::run_command;

namespace {

std::string render(const std::filesystem::path& store, const std::filesystem::path& out, const std::string& args) {
    return test::render_command(store, out, args);
}

using test::import_monaco;

} // namespace

TEST_CASE("oko render refuses a box outside the project and names swapped coordinates", "[e2e][render]") {
    test::TempDir dir;
    const auto store = dir / "monaco.oko";
    if (!import_monaco(store)) return;
    const auto png = dir / "map.png";

    // Latitude first: the box lies in the Gulf of Guinea's latitudes, not in Monaco.
    auto r = run_command(render(store, png, "--bbox 43.725,7.41,43.745,7.44"));
    INFO(r.output);
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains("outside the project"));
    CHECK_THAT(r.output, Catch::Contains("swapped"));
    CHECK_THAT(r.output, Catch::Contains("--bbox 7.41,43.725,7.44,43.745"));
    CHECK_FALSE(std::filesystem::exists(png));

    // Somewhere else entirely (Belgrade): outside, and no swap would help.
    r = run_command(render(store, png, "--bbox 20.40,44.78,20.50,44.84"));
    INFO(r.output);
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains("outside the project"));
    CHECK_THAT(r.output, !Catch::Contains("swapped"));
    CHECK_FALSE(std::filesystem::exists(png));

    // The corrected box draws.
    r = run_command(render(store, png, "--bbox 7.41,43.725,7.44,43.745 --size 200x150"));
    INFO(r.output);
    CHECK(r.status == 0);
    CHECK(std::filesystem::exists(png));
}

TEST_CASE("oko render writes only formats it knows and exits 2 on a wrong request, 1 on a failed job",
          "[e2e][render]") {
    test::TempDir dir;
    const auto store = dir / "monaco.oko";
    if (!import_monaco(store)) return;

    for (const char* name : {"map.jpg", "map.eps", "map"}) {
        const auto out = dir / name;
        const auto r = run_command(render(store, out, "--size 100x100"));
        INFO(name << ": " << r.output);
        CHECK(r.status == 2);
        CHECK_THAT(r.output, Catch::Contains("*.png"));
        CHECK_THAT(r.output, Catch::Contains("*.pdf or *.svg"));
        CHECK_THAT(r.output, Catch::Contains("--out"));
        CHECK_FALSE(std::filesystem::exists(out));
    }
    // Upper case is the same format.
    CHECK(run_command(render(store, dir / "MAP.PNG", "--size 100x100")).status == 0);

    CHECK(run_command(render(store, dir / "x.png", "--size 1600")).status == 2);          // option syntax
    CHECK(run_command(render(store, dir / "x.png", "--filter vendor")).status == 2);      // filter syntax
    CHECK(run_command(render(store, dir / "x.png", "--hide no_such_layer")).status == 2); // a name the project lacks
    CHECK(run_command(render(dir / "missing.oko", dir / "x.png", "")).status == 1);       // the job fails
    CHECK(run_command(test::oko_command("render --help")).status == 0);
}

TEST_CASE("oko render --json says what it drew, placed where GDAL and PROJ place the picture", "[e2e][render]") {
    test::TempDir dir;
    const auto store = dir / "monaco.oko";
    if (!import_monaco(store)) return;
    const auto png = dir / "map.png";
    const auto r = run_command(render(store, png, "--size 400x300 --bbox 7.41,43.725,7.44,43.745 --json"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(r.output);
    CHECK(j["out"] == png.string());
    CHECK(j["width"] == 400);
    CHECK(j["height"] == 300);
    CHECK(j["scene"].is_null());
    bool cameras = false;
    for (const auto& layer : j["layers"])
        cameras |= layer["name"] == "osm_cameras" && layer["kind"] == "points" && layer["visible"] == true;
    CHECK(cameras);

    // The corners GDAL reads from the world file, taken to WGS84 by PROJ, are the box reported.
    GDALAllRegister();
    std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpen(png.c_str(), GA_ReadOnly)));
    REQUIRE(ds);
    double gt[6];
    REQUIRE(ds->GetGeoTransform(gt) == CE_None);
    OGRSpatialReference web, wgs;
    web.importFromEPSG(3857);
    wgs.importFromEPSG(4326);
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> to_wgs(OGRCreateCoordinateTransformation(&web, &wgs));
    REQUIRE(to_wgs);
    double xs[2] = {gt[0], gt[0] + gt[1] * 400}, ys[2] = {gt[3] + gt[5] * 300, gt[3]};
    REQUIRE(to_wgs->Transform(2, xs, ys));
    const auto& bbox = j["bbox"];
    CHECK(bbox[0].get<double>() == Approx(xs[0]).margin(1e-7));
    CHECK(bbox[1].get<double>() == Approx(ys[0]).margin(1e-7));
    CHECK(bbox[2].get<double>() == Approx(xs[1]).margin(1e-7));
    CHECK(bbox[3].get<double>() == Approx(ys[1]).margin(1e-7));
    // The box asked for is inside what was drawn (the picture's shape widens one side).
    CHECK(bbox[0].get<double>() <= 7.41 + 1e-9);
    CHECK(bbox[2].get<double>() >= 7.44 - 1e-9);
    CHECK(bbox[1].get<double>() <= 43.725 + 1e-9);
    CHECK(bbox[3].get<double>() >= 43.745 - 1e-9);
}
