// The window's export dialog and "Save image" (under a virtual display), on the real Monaco
// extract with its OSM cameras: the dialog exports the framed part of the view at its size with
// the scene beside it, which `oko render --scene` draws again byte for byte; the frame on the map
// is the picture's shape fitted to the view; a name Oko cannot write is refused in plain words;
// Save image writes the view at the window's size beside the project.

#include "geo/export/image_png.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace oko;
using oko::test::run_command;

namespace {

bool reddish(const geo::Rgba& p) { return p.r > 150 && p.g < 90 && p.b < 90; }

} // namespace

TEST_CASE("The export dialog writes the framed view with its scene, and Save image the whole view",
          "[e2e][window][export][slow]") {
    const auto cameras = test::shared_data("cameras/monaco_osm_surveillance.geojson");
    if (!cameras || !test::can_open_window()) return;
    test::TempDir dir;
    const auto store = dir / "m.oko";
    if (!test::import_monaco(store)) return;
    {
        const auto r = run_command(test::oko_command("import " + test::quoted(*cameras) + " --store " +
                                                     test::quoted(store) + " --layer cctv"));
        INFO(r.output);
        REQUIRE(r.status == 0);
    }
    const std::string env = "XDG_CONFIG_HOME=" + test::quoted(dir / "config") + " "; // not the user's settings
    const auto window = [&](const std::string& args) {
        return run_command(env + "xvfb-run -a -s '-screen 0 1400x900x24' " +
                           test::oko_command(test::quoted(store) + " --window-size 1400x900 --frames 8 " + args));
    };

    SECTION("Export: 1920x1080, its frame on the map, its scene drawn again by oko render") {
        const auto shot = dir / "dialog.png";
        const auto r = window("--export fig.png --screenshot " + test::quoted(shot));
        INFO(r.output);
        REQUIRE(r.status == 0);
        CHECK(r.output.find("Wrote " + (dir / "fig.png").string()) != std::string::npos);
        const auto fig = geo::read_png(dir / "fig.png");
        CHECK(fig.width == 1920);
        CHECK(fig.height == 1080);
        REQUIRE(std::filesystem::exists(dir / "fig.json"));
        CHECK(std::filesystem::exists(dir / "fig.pgw"));
        const auto again = dir / "again.png";
        const auto rendered =
            run_command(test::render_command(store, again, "--scene " + test::quoted(dir / "fig.json")));
        INFO(rendered.output);
        REQUIRE(rendered.status == 0);
        CHECK(test::file_bytes(again) == test::file_bytes(dir / "fig.png"));

        // The frame: 1920x1080 is wider than 1400x900, so it spans the width and 1400 / 1920 ×
        // 1080 = 787.5 px of the height, centred: its edges at rows 56 and 844 (looked at right of
        // the go-to box and left of the dialog, which stays open).
        const auto image = geo::read_png(shot);
        REQUIRE(image.width == 1400);
        const auto red_near = [&](int x, int y) {
            for (int dy = -3; dy <= 3; ++dy)
                if (reddish(image.at(x, y + dy))) return true;
            return false;
        };
        CHECK(red_near(950, 56));
        CHECK(red_near(950, 844));
        CHECK_FALSE(red_near(950, 30));
        CHECK_FALSE(red_near(950, 450));
    }

    SECTION("A name Oko cannot write or a folder that is not there is refused in plain words") {
        auto r = window("--export fig.xyz");
        INFO(r.output);
        CHECK(r.status != 0);
        CHECK(r.output.find("Oko cannot write '.xyz' files") != std::string::npos);
        r = window("--export " + test::quoted(dir / "missing" / "fig.png"));
        INFO(r.output);
        CHECK(r.status != 0);
        CHECK(r.output.find("no such folder") != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(dir / "fig.xyz"));
    }

    SECTION("Save image: the view at the window's size, beside the project, with its scene") {
        const auto r = window("--save-image");
        INFO(r.output);
        REQUIRE(r.status == 0);
        std::filesystem::path saved;
        for (const auto& e : std::filesystem::directory_iterator(dir.path()))
            if (e.path().extension() == ".png" && e.path().filename().string().rfind("m-", 0) == 0) saved = e.path();
        REQUIRE_FALSE(saved.empty());
        CHECK(r.output.find(saved.string()) != std::string::npos);
        const auto image = geo::read_png(saved);
        CHECK(image.width == 1400);
        CHECK(image.height == 900);
        auto scene = saved;
        scene.replace_extension(".json");
        REQUIRE(std::filesystem::exists(scene));
        const auto again = dir / "again.png";
        const auto rendered = run_command(test::render_command(store, again, "--scene " + test::quoted(scene)));
        INFO(rendered.output);
        REQUIRE(rendered.status == 0);
        CHECK(test::file_bytes(again) == test::file_bytes(saved));
    }
}
