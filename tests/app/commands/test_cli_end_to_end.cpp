// End-to-end: the built `oko` binary on real extracts, as a user runs it.

#include "geo/export/image_png.hpp"
#include "geo/base/mercator.hpp"
#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>

using namespace oko;
using oko::test::run_command;
using oko::test::shell_quote;

TEST_CASE("oko import, layers and render on the Monaco extract", "[e2e]") {
    const auto pbf = test::shared_data("osm/monaco.osm.pbf");
    if (!pbf) return;
    test::TempDir dir;
    const auto store = dir / "monaco.oko";

    const auto imported =
        run_command(test::oko_command("import " + test::quoted(*pbf) + " --store " + test::quoted(store) + " --json"));
    INFO(imported.output);
    REQUIRE(imported.status == 0);
    REQUIRE(std::filesystem::exists(store));
    const auto report = nlohmann::json::parse(imported.output);

    const auto layers = run_command(test::oko_command("layers --store " + test::quoted(store) + " --json"));
    INFO(layers.output);
    REQUIRE(layers.status == 0);
    std::map<std::string, int64_t> by_layer;
    for (const auto& l : nlohmann::json::parse(layers.output))
        by_layer[l["name"]] = l["features"];
    CHECK(by_layer["buildings"] > 1000);
    CHECK(by_layer["roads"] > 1000);
    CHECK(by_layer["buildings"] == static_cast<int64_t>(report["osm"]["classes"]["building"]["total"]));

    const auto png = dir / "monaco.png";
    const auto rendered =
        run_command(test::oko_command("render --store " + test::quoted(store) + " --out " + test::quoted(png) +
                                      " --size 800x600 --bbox 7.41,43.725,7.44,43.745"));
    INFO(rendered.output);
    REQUIRE(rendered.status == 0);
    const auto image = geo::read_png(png);
    CHECK(image.width == 800);
    CHECK(image.height == 600);
    std::set<uint32_t> colours;
    for (int y = 0; y < image.height; y += 7)
        for (int x = 0; x < image.width; x += 7) {
            const auto c = image.at(x, y);
            colours.insert(c.r << 16 | c.g << 8 | c.b);
        }
    CHECK(colours.size() > 20); // a map, not a blank picture

    // The world file places the picture where the box asked for it.
    GDALAllRegister();
    auto* ds = static_cast<GDALDataset*>(GDALOpen(png.c_str(), GA_ReadOnly));
    REQUIRE(ds);
    double gt[6];
    REQUIRE(ds->GetGeoTransform(gt) == CE_None);
    const auto sw = geo::to_mercator({7.41, 43.725});
    const auto ne = geo::to_mercator({7.44, 43.745});
    const double left = gt[0], top = gt[3], right = gt[0] + gt[1] * 800, bottom = gt[3] + gt[5] * 600;
    CHECK(left <= sw.x + 1e-6);
    CHECK(right >= ne.x - 1e-6);
    CHECK(bottom <= sw.y + 1e-6);
    CHECK(top >= ne.y - 1e-6);
    CHECK(std::string(ds->GetProjectionRef()).find("3857") != std::string::npos);
    GDALClose(ds);
}

TEST_CASE("oko reports bad input clearly and leaves nothing behind", "[e2e]") {
    test::TempDir dir;
    const auto store = dir / "out.oko";

    auto r = run_command(
        test::oko_command("import " + test::quoted(dir / "missing.osm.pbf") + " --store " + test::quoted(store)));
    CHECK(r.status != 0);
    CHECK_THAT(r.output, Catch::Contains("missing.osm.pbf"));
    CHECK_FALSE(std::filesystem::exists(store));

    { std::ofstream(dir / "corrupt.osm.pbf") << std::string(5000, '\x17') << "not a pbf"; }
    r = run_command(
        test::oko_command("import " + test::quoted(dir / "corrupt.osm.pbf") + " --store " + test::quoted(store)));
    CHECK(r.status != 0);
    CHECK_THAT(r.output, Catch::Contains("corrupt.osm.pbf"));
    CHECK_FALSE(std::filesystem::exists(store));

    { std::ofstream(dir / "notes.osm") << "Shopping list\nmilk\n"; }
    r = run_command(test::oko_command("import " + test::quoted(dir / "notes.osm") + " --store " + test::quoted(store)));
    CHECK(r.status != 0);
    CHECK_THAT(r.output, Catch::Contains("notes.osm"));
    CHECK_FALSE(std::filesystem::exists(store));

    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
        CHECK_THAT(entry.path().filename().string(), !Catch::Contains(".tmp"));

    r = run_command(test::oko_command("render --store " + test::quoted(dir / "none.oko") + " --out " +
                                      test::quoted(dir / "x.png")));
    CHECK(r.status != 0);
    CHECK_THAT(r.output, Catch::Contains("none.oko"));
    CHECK_FALSE(std::filesystem::exists(dir / "x.png"));

    r = run_command(test::oko_command("render --store x.oko --out x.png --size 1600"));
    CHECK(r.status != 0);
    CHECK_THAT(r.output, Catch::Contains("WIDTHxHEIGHT"));
}

TEST_CASE("The window opens a project under a virtual display and draws map and panels", "[e2e][window]") {
    const auto pbf = test::shared_data("osm/monaco.osm.pbf");
    if (!pbf) return;
    if (!test::can_open_window()) return;
    test::TempDir dir;
    const auto store = dir / "monaco.oko";
    REQUIRE(run_command(test::oko_command("import " + test::quoted(*pbf) + " --store " + test::quoted(store))).status ==
            0);
    const auto shot = dir / "window.png";
    // A private settings folder, so the test neither reads nor changes the user's.
    const std::string env = "XDG_CONFIG_HOME=" + test::quoted(dir / "config") + " ";
    const auto r =
        run_command(env + "xvfb-run -a -s '-screen 0 1280x800x24' " +
                    test::oko_command(test::quoted(store) + " --window-size 1280x800 --frames 8 --screenshot " +
                                      test::quoted(shot) + " --print-frame-times"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    const auto image = geo::read_png(shot);
    REQUIRE(image.width == 1280);
    REQUIRE(image.height == 800);
    // The map fills the window: many colours across its right half, where no panel sits.
    std::set<uint32_t> colours;
    for (int y = 100; y < 700; y += 5)
        for (int x = 400; x < 1200; x += 5) {
            const auto c = image.at(x, y);
            colours.insert(c.r << 16 | c.g << 8 | c.b);
        }
    CHECK(colours.size() > 20);
    // The layer panel sits at the top left: its check marks are ImGui's light-theme blue (66,150,250),
    // a colour the map style never uses.
    int check_mark_pixels = 0;
    for (int y = 40; y < 780; ++y)
        for (int x = 12; x < 80; ++x) {
            const auto c = image.at(x, y);
            check_mark_pixels += std::abs(c.r - 66) < 30 && std::abs(c.g - 150) < 30 && std::abs(c.b - 250) < 30;
        }
    CHECK(check_mark_pixels > 250); // a dozen check boxes at least
    // The project became the last project.
    std::ifstream settings(dir / "config/oko/settings.json");
    REQUIRE(settings);
    CHECK(nlohmann::json::parse(settings)["last_project"].get<std::string>() ==
          std::filesystem::absolute(store).string());
}

TEST_CASE("On a 2x HiDPI screen the window and its panels are drawn at twice the size", "[e2e][window][hidpi]") {
    const auto pbf = test::shared_data("osm/monaco.osm.pbf");
    if (!pbf) return;
    if (!test::can_open_window(true)) return;
    test::TempDir dir;
    const auto store = dir / "monaco.oko";
    REQUIRE(run_command(test::oko_command("import " + test::quoted(*pbf) + " --store " + test::quoted(store))).status ==
            0);
    // GLFW takes the UI scale from the X resource Xft.dpi, as desktops set it; -noreset keeps the
    // resource after xrdb disconnects.
    auto shoot = [&](int dpi, const std::string& name) {
        const auto script = dir / (name + ".sh");
        std::ofstream(script) << "printf 'Xft.dpi: " << dpi << "\\n' | xrdb -nocpp -load -\nexec "
                              << test::oko_command(test::quoted(store) +
                                                   " --window-size 1280x800 --frames 8 --screenshot " +
                                                   test::quoted(dir / (name + ".png")))
                              << "\n";
        const auto r = run_command("XDG_CONFIG_HOME=" + test::quoted(dir / "config") +
                                   " xvfb-run -a -s '-screen 0 2700x1700x24 -noreset' sh " + test::quoted(script));
        INFO(r.output);
        REQUIRE(r.status == 0);
        return geo::read_png(dir / (name + ".png"));
    };
    const auto normal = shoot(96, "normal");
    const auto hidpi = shoot(192, "hidpi");
    REQUIRE(normal.width == 1280);
    CHECK(hidpi.width == 2560); // the window is sized for the screen's scale
    CHECK(hidpi.height == 1600);
    // The layer panel's check marks (ImGui's blue, which the map never uses) cover four times the
    // pixels: the panel scaled with the screen instead of shrinking to a quarter of its size.
    auto check_marks = [](const geo::RgbaImage& image) {
        int n = 0;
        for (int y = 0; y < image.height; ++y)
            for (int x = 0; x < image.width / 4; ++x) {
                const auto c = image.at(x, y);
                n += std::abs(c.r - 66) < 30 && std::abs(c.g - 150) < 30 && std::abs(c.b - 250) < 30;
            }
        return n;
    };
    // The map too: halved, the 2x picture matches the 1x one (same area, lines and labels twice as
    // wide), where unscaled lines and text would come out thin and small. Left of the legend in
    // the bottom-right corner, whose small text is hinted differently at each size.
    double diff = 0;
    int n = 0;
    for (int y = 60; y < 740; ++y)
        for (int x = 640; x < 1140; ++x) {
            const auto a = normal.at(x, y);
            int sum[3] = {0, 0, 0};
            for (int dy = 0; dy < 2; ++dy)
                for (int dx = 0; dx < 2; ++dx) {
                    const auto b = hidpi.at(2 * x + dx, 2 * y + dy);
                    sum[0] += b.r, sum[1] += b.g, sum[2] += b.b;
                }
            diff += std::abs(a.r - sum[0] / 4.0) + std::abs(a.g - sum[1] / 4.0) + std::abs(a.b - sum[2] / 4.0);
            ++n;
        }
    INFO("mean difference of the map, 1x against the halved 2x: " << diff / n);
    CHECK(diff / n < 2.5); // 1.2 measured; 3.7 with the map drawn unscaled
    const double ratio = static_cast<double>(check_marks(hidpi)) / std::max(1, check_marks(normal));
    INFO("check-mark pixels, 2x / 1x: " << ratio);
    CHECK(ratio > 3.0);
    CHECK(ratio < 5.5);
}

TEST_CASE("A point layer without known vendors is drawn dark, one with vendors by vendor", "[e2e][point]") {
    test::TempDir dir;
    {
        std::ofstream unknown(dir / "unknown.csv");
        unknown << "lat,lon,note\n44.8100,20.4600,pole\n44.8150,20.4700,corner\n";
        std::ofstream known(dir / "known.csv");
        known << "lat,lon,vendor\n44.8100,20.4800,Huawei\n44.8150,20.4900,Huawei\n";
    }
    const auto store = dir / "p.oko";
    for (const auto* name : {"unknown", "known"}) {
        const auto imported =
            run_command(test::oko_command("import " + test::quoted(dir / (std::string(name) + ".csv")) + " --store " +
                                          test::quoted(store) + " --layer " + name));
        INFO(imported.output);
        REQUIRE(imported.status == 0);
    }
    const auto png = dir / "p.png";
    const auto rendered = run_command(test::oko_command(
        "render --store " + test::quoted(store) + " --out " + test::quoted(png) +
        " --size 500x250 --bbox 20.45,44.80,20.50,44.825 --no-legend --no-scale-bar --no-north-arrow"));
    INFO(rendered.output);
    REQUIRE(rendered.status == 0);
    const auto image = geo::read_png(png);
    // A point's pixel through the world file written beside the picture (Web Mercator metres;
    // its origin is the centre of the top-left pixel).
    double world[6] = {};
    {
        std::ifstream pgw(dir / "p.pgw");
        for (double& v : world)
            REQUIRE(pgw >> v);
    }
    auto pixel = [&](double lon, double lat) {
        const auto p = geo::to_mercator({lon, lat});
        const double px = (p.x - world[4]) / world[0] + 0.5, py = (p.y - world[5]) / world[3] + 0.5;
        return image.at(static_cast<int>(px), static_cast<int>(py));
    };
    for (const auto& [lon, lat] : {std::pair{20.46, 44.81}, std::pair{20.47, 44.815}}) {
        const auto c = pixel(lon, lat);
        INFO("unknown-vendor point at " << lon << "," << lat << ": " << int(c.r) << "," << int(c.g) << "," << int(c.b));
        CHECK(c.r < 70);
        CHECK(c.g < 70);
        CHECK(c.b < 70);
    }
    for (const auto& [lon, lat] : {std::pair{20.48, 44.81}, std::pair{20.49, 44.815}}) {
        const auto c = pixel(lon, lat);
        INFO("Huawei point at " << lon << "," << lat << ": " << int(c.r) << "," << int(c.g) << "," << int(c.b));
        CHECK(c.r > 180); // the first vendor colour: vermillion
        CHECK(c.g < 130);
        CHECK(c.b < 60);
    }
}

TEST_CASE("oko import --json names the kind of each rejected and warning row by its code", "[e2e][point]") {
    test::TempDir dir;
    {
        std::ofstream csv(dir / "cameras.csv");
        csv << "lat,lon,vendor,year\n"
               "44.8100,20.4600,Huawei,2020\n"
               "4963000,458000,Dahua,2020\n" // projected metres
               "44.8150,20.4700,Dahua,soon\n"
               "north,east,Dahua,2020\n";
    }
    const auto imported = run_command(test::oko_command("import " + test::quoted(dir / "cameras.csv") + " --store " +
                                                        test::quoted(dir / "p.oko") + " --layer cameras --json"));
    INFO(imported.output);
    REQUIRE(imported.status == 0);
    const auto report = nlohmann::json::parse(imported.output);
    std::map<int64_t, std::string> rejected, warnings;
    for (const auto& r : report["points"]["rejected_rows"])
        rejected[r["row"]] = r["code"];
    for (const auto& w : report["points"]["warning_rows"])
        warnings[w["row"]] = w["code"];
    CHECK(rejected == std::map<int64_t, std::string>{{3, "position_not_degrees"}, {5, "coordinate_not_number"}});
    CHECK(warnings == std::map<int64_t, std::string>{{4, "year_not_understood"}});
    // The wording stays beside the code, for people.
    CHECK(report["points"]["rejected_rows"][0]["reason"].get<std::string>().find("are not degrees") !=
          std::string::npos);
}

TEST_CASE("oko import --json says which columns hold the position and why", "[e2e][point]") {
    test::TempDir dir;
    const auto store = dir / "p.oko";
    const auto zagreb = dir / "zagreb.csv"; // copied, so that nothing is written beside the fixture
    std::filesystem::copy_file(test::point_fixture("zagreb_empty_headers.csv"), zagreb);
    auto imported = run_command(test::oko_command("import " + test::quoted(zagreb) + " --store " + test::quoted(store) +
                                                  " --layer zagreb --json"));
    INFO(imported.output);
    REQUIRE(imported.status == 0);
    auto report = nlohmann::json::parse(imported.output)["points"];
    CHECK(report["imported"] == 8);
    REQUIRE(report["position_columns"].size() == 2);
    CHECK(report["position_columns"][0]["role"] == "latitude");
    CHECK(report["position_columns"][0]["number"] == 4);
    CHECK(report["position_columns"][0]["unnamed"] == true);
    CHECK(report["position_columns"][0]["found_by"] == "values");
    CHECK(report["position_columns"][1]["role"] == "longitude");
    CHECK(report["position_columns"][1]["number"] == 5);

    // Degrees, minutes and seconds under a Cyrillic header, both in one column; the text report.
    const auto dms = test::point_fixture("novi_sad_dms_cyrillic.csv");
    std::filesystem::copy_file(dms, dir / "dms.csv");
    imported = run_command(test::oko_command("import " + test::quoted(dir / "dms.csv") + " --store " +
                                             test::quoted(store) + " --layer dms"));
    INFO(imported.output);
    REQUIRE(imported.status == 0);
    CHECK(imported.output.find(
              "position from column 2 '\xD0\x9B\xD0\xBE\xD0\xBA\xD0\xB0\xD1\x86\xD0\xB8\xD1\x98\xD0\xB0' "
              "holding 'lat, lon'") != std::string::npos);
    CHECK(imported.output.find("imported 4, rejected 1") != std::string::npos);
    CHECK(imported.output.find("minutes 75, which must be below 60") != std::string::npos);
}
