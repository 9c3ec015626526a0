// The window's import dialog under a virtual display: it opens for a point file as a drop
// would, shows the file's rows with the position columns marked, and imports into the project.

#include "app/panels/panel_import.hpp"
#include "geo/export/image_png.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <imgui.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

using namespace oko;
using oko::test::run_command;

namespace {

bool have_xvfb() { return test::can_open_window(); }

// The window on `store` for a few frames under Xvfb at 1280x800, with `args` added.
test::CommandResult run_window(const test::TempDir& dir, const std::filesystem::path& store, const std::string& args) {
    // A private settings folder, so the test neither reads nor changes the user's.
    const std::string env = "XDG_CONFIG_HOME=" + test::quoted(dir / "config") + " ";
    return run_command(env + "xvfb-run -a -s '-screen 0 1280x800x24' " +
                       test::oko_command(test::quoted(store) + " --window-size 1280x800 --frames 6 " + args));
}

std::map<std::string, int64_t> layer_features(const std::filesystem::path& store) {
    const auto r = run_command(test::oko_command("layers --store " + test::quoted(store) + " --json"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    std::map<std::string, int64_t> out;
    for (const auto& l : nlohmann::json::parse(r.output))
        out[l["name"]] = l["features"];
    return out;
}

bool same(const geo::Rgba& c, int r, int g, int b) { return c.r == r && c.g == g && c.b == b; }

} // namespace

TEST_CASE("Dropping a point file opens the import dialog over the map", "[e2e][window][import]") {
    const auto pbf = test::shared_data("osm/monaco.osm.pbf");
    const auto cameras = test::shared_data("cameras/jyvaskyla_cctv.csv");
    if (!pbf || !cameras || !have_xvfb()) return;
    test::TempDir dir;
    const auto store = dir / "monaco.oko";
    REQUIRE(run_command(test::oko_command("import " + test::quoted(*pbf) + " --store " + test::quoted(store))).status ==
            0);
    const auto before = layer_features(store);

    const auto plain = dir / "plain.png", dialog = dir / "dialog.png";
    auto r = run_window(dir, store, "--screenshot " + test::quoted(plain));
    INFO(r.output);
    REQUIRE(r.status == 0);
    r = run_window(dir, store, "--screenshot " + test::quoted(dialog) + " --import-dialog " + test::quoted(*cameras));
    INFO(r.output);
    REQUIRE(r.status == 0);
    const auto without = geo::read_png(plain);
    const auto with = geo::read_png(dialog);
    REQUIRE(with.width == 1280);
    REQUIRE(with.height == 800);
    REQUIRE(without.width == with.width);
    REQUIRE(without.height == with.height);

    // The header cells of the position columns (latitude, longitude) in their colour: two cells
    // of several hundred pixels each, a colour neither the map nor the other panels use.
    const auto position = app::position_column_colour;
    const auto count = [](const geo::RgbaImage& image, auto&& match) {
        int n = 0;
        for (int y = 0; y < image.height; ++y)
            for (int x = 0; x < image.width; ++x)
                n += match(image.at(x, y));
        return n;
    };
    const auto is_position = [&](const geo::Rgba& c) { return same(c, position.r, position.g, position.b); };
    CHECK(count(with, is_position) > 1000);
    CHECK(count(without, is_position) == 0);

    // The dialog has the focus, so its title bar is the only one in the active colour, and it
    // spans most of the window's width.
    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    const ImVec4 t = style.Colors[ImGuiCol_TitleBgActive];
    const int tr = static_cast<int>(t.x * 255 + 0.5f), tg = static_cast<int>(t.y * 255 + 0.5f),
              tb = static_cast<int>(t.z * 255 + 0.5f);
    const auto longest_title_run = [&](const geo::RgbaImage& image) {
        int best = 0;
        for (int y = 0; y < image.height; ++y) {
            int run = 0;
            for (int x = 0; x < image.width; ++x) {
                const auto c = image.at(x, y);
                run = std::abs(c.r - tr) <= 2 && std::abs(c.g - tg) <= 2 && std::abs(c.b - tb) <= 2 ? run + 1 : 0;
                best = std::max(best, run);
            }
        }
        return best;
    };
    CHECK(longest_title_run(with) > 700);
    CHECK(longest_title_run(without) < 300);

    // The middle of the window shows the dialog, not the map.
    int differing = 0, total = 0;
    for (int y = 250; y < 550; y += 3)
        for (int x = 300; x < 980; x += 3) {
            const auto a = with.at(x, y), b = without.at(x, y);
            differing += std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b) > 24;
            ++total;
        }
    CHECK(differing > total / 2);
    // Opening the dialog imports nothing.
    CHECK(layer_features(store) == before);
}

TEST_CASE("The import dialog imports a file into the project and reports it", "[e2e][window][import]") {
    const auto cameras = test::shared_data("cameras/jyvaskyla_cctv.csv");
    if (!cameras || !have_xvfb()) return;
    test::TempDir dir;
    // A copy: the import writes its rejected rows beside the input.
    const auto input = dir / "jyvaskyla_cctv.csv";
    std::filesystem::copy_file(*cameras, input);
    const auto fixture = std::filesystem::path(OKO_TEST_FIXTURES) / "points" / "novi_sad_windows1250.csv";
    const auto store = dir / "project.oko";
    REQUIRE(run_command(test::oko_command("import " + test::quoted(fixture) + " --store " + test::quoted(store) +
                                          " --layer novi_sad"))
                .status == 0);
    const auto before = layer_features(store);
    REQUIRE(before.count("novi_sad") == 1);

    const auto shot = dir / "done.png";
    const auto r = run_window(
        dir, store, "--screenshot " + test::quoted(shot) + " --import-dialog " + test::quoted(input) + " --accept");
    INFO(r.output);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.output, Catch::Contains("into layer 'jyvaskyla_cctv'"));

    const auto after = layer_features(store);
    CHECK(after.size() == before.size() + 1);
    REQUIRE(after.count("jyvaskyla_cctv") == 1);
    GDALAllRegister();
    auto* ds = static_cast<GDALDataset*>(GDALOpenEx(cameras->c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
    REQUIRE(ds);
    CHECK(after.at("jyvaskyla_cctv") == ds->GetLayer(0)->GetFeatureCount());
    GDALClose(ds);
    CHECK(after.at("novi_sad") == before.at("novi_sad"));

    // A file that cannot be imported as detected: the window says so and exits non-zero.
    const auto plain = dir / "plain.csv";
    {
        std::ofstream out(plain);
        out << "a,b\n20.1,44.2\n";
    }
    const auto failed = run_window(dir, store, "--import-dialog " + test::quoted(plain) + " --accept");
    CHECK(failed.status != 0);
    CHECK(layer_features(store).size() == after.size());
}

TEST_CASE("At 1280x800 the import dialog opens beside the layer panel, and warns of points far from the map",
          "[e2e][window][import]") {
    const auto pbf = test::shared_data("osm/monaco.osm.pbf");
    const auto cameras = test::shared_data("cameras/jyvaskyla_cctv.csv");
    if (!pbf || !cameras || !have_xvfb()) return;
    test::TempDir dir;
    const auto store = dir / "monaco.oko";
    REQUIRE(run_command(test::oko_command("import " + test::quoted(*pbf) + " --store " + test::quoted(store))).status ==
            0);
    const auto plain = dir / "plain.png", dialog = dir / "dialog.png";
    auto r = run_window(dir, store, "--screenshot " + test::quoted(plain));
    INFO(r.output);
    REQUIRE(r.status == 0);
    r = run_window(dir, store, "--screenshot " + test::quoted(dialog) + " --import-dialog " + test::quoted(*cameras));
    INFO(r.output);
    REQUIRE(r.status == 0);
    const auto without = geo::read_png(plain);
    const auto with = geo::read_png(dialog);
    REQUIRE(with.width == 1280);

    // Title bars, active or not, as runs of their colour: [first x, last x] of the longest run of
    // each row.
    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    const auto near = [](const geo::Rgba& c, const ImVec4& v) {
        return std::abs(c.r - static_cast<int>(v.x * 255 + 0.5f)) <= 2 &&
               std::abs(c.g - static_cast<int>(v.y * 255 + 0.5f)) <= 2 &&
               std::abs(c.b - static_cast<int>(v.z * 255 + 0.5f)) <= 2;
    };
    struct Run {
        int y = 0, first = 0, last = -1;
        int length() const { return last - first + 1; }
    };
    const auto longest_run = [&](const geo::RgbaImage& image, const ImVec4& colour) {
        Run best;
        for (int y = 0; y < image.height; ++y) {
            int start = -1;
            for (int x = 0; x <= image.width; ++x) {
                const bool in = x < image.width && near(image.at(x, y), colour);
                if (in && start < 0) start = x;
                if (!in && start >= 0) {
                    if (x - start > best.length()) best = {y, start, x - 1};
                    start = -1;
                }
            }
        }
        return best;
    };
    // The layer panel alone: its title bar (the window's only one) at the top left.
    const auto active = style.Colors[ImGuiCol_TitleBgActive], inactive = style.Colors[ImGuiCol_TitleBg];
    Run panel = longest_run(without, active);
    if (panel.length() < 100) panel = longest_run(without, inactive);
    REQUIRE(panel.length() > 100);
    CHECK(panel.first < 40);
    // The dialog has the focus: its title bar is the active one, wide, and starts right of the
    // panel, whose title bar is still there, uncovered.
    const Run title = longest_run(with, active);
    CHECK(title.length() > 700);
    CHECK(title.first > panel.last);
    CHECK(title.last < with.width);
    int changed = 0;
    for (int x = panel.first; x <= panel.last; ++x) {
        const auto a = with.at(x, panel.y), b = without.at(x, panel.y);
        changed += !near(a, active) && !near(a, inactive) && !(a.r == b.r && a.g == b.g && a.b == b.b);
    }
    CHECK(changed == 0);
}
