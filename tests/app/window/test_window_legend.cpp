// The window's map has the legend a figure of its view has (app/project/figure_legend.hpp): the
// point layers' vendors with their counts, bottom right. Screenshots under a virtual display with
// the legend on and off differ only there, in a box that grows with the entries a filter leaves.

#include "app/project/project.hpp"
#include "geo/export/image_png.hpp"
#include "geo/scene/scene_json.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_scenes.hpp"
#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace oko;
using oko::test::run_command;

namespace {

// The box of the pixels that differ between two screenshots (x0, y0, x1, y1), or none, below the
// top 100 rows: the frame's time, top right, differs from one run to the next.
std::optional<std::array<int, 4>> differing_box(const geo::RgbaImage& a, const geo::RgbaImage& b) {
    std::optional<std::array<int, 4>> box;
    for (int y = 100; y < a.height; ++y)
        for (int x = 0; x < a.width; ++x) {
            const auto p = a.at(x, y), q = b.at(x, y);
            if (std::abs(p.r - q.r) + std::abs(p.g - q.g) + std::abs(p.b - q.b) <= 6) continue;
            if (!box) box = std::array<int, 4>{x, y, x + 1, y + 1};
            auto& r = *box;
            r = {std::min(r[0], x), std::min(r[1], y), std::max(r[2], x + 1), std::max(r[3], y + 1)};
        }
    return box;
}

} // namespace

TEST_CASE("The window's map shows the vendor legend of its view, bottom right", "[e2e][window][furniture]") {
    test::TempDir dir;
    const auto store = dir / "p.oko";
    if (!test::import_monaco(store) || !test::can_open_window()) return;
    const auto r =
        run_command(test::oko_command("import " + test::quoted(test::point_fixture("monaco_cameras_by_year.csv")) +
                                      " --store " + test::quoted(store) + " --layer cameras"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    const std::string env = "XDG_CONFIG_HOME=" + test::quoted(dir / "config") + " "; // not the user's settings
    // The window's scene: only the cameras, their legend on or off, all vendors or Huawei alone.
    const auto shot = [&](const std::string& name, bool legend, const std::vector<std::string>& vendors) {
        {
            const auto project = app::Project::load(store);
            auto scene = app::default_scene(project, project.extent(), 1280, 800);
            for (auto& l : scene.point_layers) {
                l.style.visible = l.name == "cameras";
                l.filter.vendors = vendors;
            }
            scene.furniture[geo::FurnitureElement::legend].shown = legend;
            auto db = geo::Store::open(store, true);
            geo::ensure_scenes_table(db);
            geo::save_scene(db, geo::kWindowScene, geo::scene_to_json(scene));
        }
        const auto png = dir / (name + ".png");
        const auto w =
            run_command(env + "xvfb-run -a -s '-screen 0 1280x800x24' " +
                        test::oko_command(test::quoted(store) + " --window-size 1280x800 --frames 8 --screenshot " +
                                          test::quoted(png) + " --mouse 640,5"));
        INFO(w.output);
        REQUIRE(w.status == 0);
        return geo::read_png(png);
    };
    const auto all_on = shot("all_on", true, {}), all_off = shot("all_off", false, {});
    const auto one_on = shot("one_on", true, {"Huawei"}), one_off = shot("one_off", false, {"Huawei"});
    REQUIRE(all_on.width == 1280);
    const auto all = differing_box(all_on, all_off), one = differing_box(one_on, one_off);
    REQUIRE(all);
    REQUIRE(one);
    // Bottom right, clear of the layer panel on the left.
    for (const auto& b : {*all, *one}) {
        CHECK(b[0] > 1280 / 2);
        CHECK(b[1] > 800 / 2);
        CHECK(b[2] <= 1280);
        CHECK(b[3] <= 800);
    }
    // Four vendors take three rows more than one: at least three lines of text more.
    CHECK((*all)[3] - (*all)[1] >= (*one)[3] - (*one)[1] + 3 * 12);
}
