// oko render at print sizes: --paper, --landscape, --dpi and the size presets, the DPI in the PNG,
// GeoTIFF output placed where GDAL and PROJ put it, and the side files named after the picture.

#include "geo/export/image_png.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <gdal.h>
#include <nlohmann/json.hpp>
#include <proj.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <vector>

using namespace oko;
using oko::test::run_command;

namespace {

std::string render(const std::filesystem::path& store, const std::filesystem::path& out, const std::string& args) {
    return test::render_command(store, out, args);
}

using test::import_monaco;

struct Raster {
    int width = 0, height = 0;
    double gt[6] = {};
    std::vector<uint8_t> rgb;
    explicit Raster(const std::filesystem::path& path) {
        GDALAllRegister();
        GDALDatasetH ds = GDALOpen(path.c_str(), GA_ReadOnly);
        REQUIRE(ds);
        width = GDALGetRasterXSize(ds);
        height = GDALGetRasterYSize(ds);
        REQUIRE(GDALGetRasterCount(ds) >= 3);
        REQUIRE(GDALGetGeoTransform(ds, gt) == CE_None);
        rgb.resize(static_cast<size_t>(width) * height * 3);
        int bands[3] = {1, 2, 3};
        REQUIRE(GDALDatasetRasterIO(ds, GF_Read, 0, 0, width, height, rgb.data(), width, height, GDT_Byte, 3, bands, 3,
                                    width * 3, 1) == CE_None);
        GDALClose(ds);
    }
};

} // namespace

TEST_CASE("oko render refuses print sizes that cannot be right, naming the option", "[e2e][render][print]") {
    test::TempDir dir;
    const auto store = dir / "monaco.oko";
    if (!import_monaco(store)) return;
    const auto png = dir / "map.png";
    struct Case {
        const char* args;
        const char* says;
    };
    for (const Case& c : {Case{"--dpi 0", "--dpi"}, Case{"--dpi 0", "from 24 to 1536"}, Case{"--dpi -300", "not -300"},
                          Case{"--paper B5", "'B5' is not a paper"}, Case{"--paper B5", "A0, A1, A2, A3 or A4"},
                          Case{"--paper A4 --size 100x100", "not both"}, Case{"--landscape", "--paper"},
                          Case{"--dpi 300 --scale 2", "not both"}, Case{"--paper A4 --scale 2", "--dpi"},
                          Case{"--paper A0 --dpi 600", "at most --dpi 350"}, Case{"--size huge", "hd (1920x1080)"}}) {
        const auto r = run_command(render(store, png, c.args));
        INFO(c.args << ": " << r.output);
        CHECK(r.status == 2);
        CHECK_THAT(r.output, Catch::Contains(c.says));
        CHECK_FALSE(std::filesystem::exists(png));
    }
    // A wrong request leaves no PDF or SVG either.
    for (const char* name : {"map.pdf", "map.svg"}) {
        const auto r = run_command(render(store, dir / name, "--paper B5"));
        CHECK(r.status == 2);
        CHECK_FALSE(std::filesystem::exists(dir / name));
    }
}

TEST_CASE("oko render --paper draws the paper's pixels at its DPI and says so", "[e2e][render][print]") {
    test::TempDir dir;
    const auto store = dir / "monaco.oko";
    if (!import_monaco(store)) return;
    const auto png = dir / "a4.png";
    // A4 at 30 dpi: round(210 / 25.4 × 30) × round(297 / 25.4 × 30) = 248 × 351 (350.79).
    auto r = run_command(render(store, png, "--paper a4 --dpi 30 --json"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    auto j = nlohmann::json::parse(r.output);
    CHECK(j["width"] == 248);
    CHECK(j["height"] == 351);
    CHECK(j["dpi"].get<double>() == 30);
    CHECK(j["pixel_ratio"].get<double>() == Approx(30.0 / 96));
    CHECK(j["paper"] == "A4 portrait");
    CHECK(j["format"] == "png");
    CHECK(j["files"] == nlohmann::json::array({png.string(), (dir / "a4.pgw").string(), png.string() + ".prj",
                                               png.string() + ".aux.xml"}));
    for (const auto& f : j["files"])
        CHECK(std::filesystem::exists(f.get<std::string>()));
    // 30 dpi in the PNG: 30 / 0.0254 = 1181.1 pixels per metre, 1181 × 0.0254 = 29.997 dpi.
    CHECK(geo::read_png_dpi(png) == Approx(29.9974).margin(1e-4));
    // GDAL opens it placed (by its .pgw), the size as printed.
    const Raster placed(png);
    CHECK(placed.width == 248);
    CHECK(placed.height == 351);
    CHECK(placed.gt[1] > 0);
    CHECK(placed.gt[5] == Approx(-placed.gt[1]));

    // Landscape swaps the sides; --paper alone is 300 dpi (A4: 3508 × 2480). A size preset.
    r = run_command(render(store, dir / "a4l.png", "--paper A4 --landscape --dpi 30 --json"));
    REQUIRE(r.status == 0);
    j = nlohmann::json::parse(r.output);
    CHECK(j["width"] == 351);
    CHECK(j["height"] == 248);
    CHECK(j["paper"] == "A4 landscape");
    r = run_command(render(store, dir / "sq.png", "--size square --dpi 48 --no-labels --json"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    j = nlohmann::json::parse(r.output);
    CHECK(j["width"] == 1080);
    CHECK(j["height"] == 1080);
    CHECK(j["dpi"].get<double>() == 48);
    CHECK(j["paper"].is_null());
    // Without --dpi, a screen's 96 dpi (pixel ratio 1), recorded too.
    r = run_command(render(store, dir / "plain.png", "--size 120x80 --json"));
    REQUIRE(r.status == 0);
    j = nlohmann::json::parse(r.output);
    CHECK(j["dpi"].get<double>() == 96);
    CHECK(geo::read_png_dpi(dir / "plain.png") == Approx(96).margin(0.02));
}

TEST_CASE("oko render --out map.tif puts a known point on the pixel where it drew it", "[e2e][render][print][gdal]") {
    test::TempDir dir;
    const auto store = dir / "monaco.oko";
    if (!import_monaco(store)) return;
    // One camera at the Casino de Monte-Carlo.
    const double lon = 7.42775, lat = 43.73935;
    {
        std::ofstream csv(dir / "one.csv");
        csv.precision(10);
        csv << "lon,lat,vendor\n" << lon << "," << lat << ",Hikvision\n";
    }
    auto r = run_command(test::oko_command("import " + test::quoted(dir / "one.csv") + " --store " +
                                           test::quoted(store) + " --layer one"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    // No legend, scale bar or north arrow: the camera's sprite is the only difference between the two.
    const std::string view =
        "--bbox 7.420,43.735,7.436,43.744 --size 301x201 --no-labels --no-legend --no-scale-bar --no-north-arrow ";
    const auto with = dir / "with.tif", without = dir / "without.tif", png = dir / "with.png";
    r = run_command(render(store, with, view + "--layer one --json"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(r.output);
    CHECK(j["format"] == "geotiff");
    CHECK(j["files"] == nlohmann::json::array({with.string()}));
    // The same with the camera filtered out (--layer one alone hides the others): the layer is still
    // shown, so the attribution credits its file in both pictures.
    REQUIRE(run_command(render(store, without, view + "--layer one --filter vendor=Axis")).status == 0);
    REQUIRE(run_command(render(store, png, view + "--layer one")).status == 0);

    const Raster a(with), b(without), p(png);
    REQUIRE(a.width == 301);
    REQUIRE(a.height == 201);
    // The GeoTIFF and the PNG are the same picture in the same place.
    for (int i = 0; i < 6; ++i)
        CHECK(a.gt[i] == Approx(p.gt[i]).margin(1e-6));
    CHECK(a.rgb == p.rgb);
    // Where the camera's sprite changed the picture: its centre of mass, in pixels.
    double sx = 0, sy = 0, n = 0;
    for (int y = 0; y < a.height; ++y)
        for (int x = 0; x < a.width; ++x) {
            const size_t i = (static_cast<size_t>(y) * a.width + x) * 3;
            int d = 0;
            for (int c = 0; c < 3; ++c)
                d = std::max(d, std::abs(a.rgb[i + c] - b.rgb[i + c]));
            if (d > 40) {
                sx += x + 0.5;
                sy += y + 0.5;
                ++n;
            }
        }
    REQUIRE(n > 4);
    // The camera through PROJ to EPSG:3857, and through GDAL's geotransform to pixels.
    PJ_CONTEXT* ctx = proj_context_create();
    PJ* raw = proj_create_crs_to_crs(ctx, "EPSG:4326", "EPSG:3857", nullptr);
    PJ* pj = proj_normalize_for_visualization(ctx, raw);
    const PJ_COORD m = proj_trans(pj, PJ_FWD, proj_coord(lon, lat, 0, 0));
    proj_destroy(pj);
    proj_destroy(raw);
    proj_context_destroy(ctx);
    const double col = (m.xy.x - a.gt[0]) / a.gt[1], row = (m.xy.y - a.gt[3]) / a.gt[5];
    INFO("sprite centre " << sx / n << ", " << sy / n << "; PROJ and GDAL " << col << ", " << row);
    CHECK(sx / n == Approx(col).margin(1.0));
    CHECK(sy / n == Approx(row).margin(1.0));
}
