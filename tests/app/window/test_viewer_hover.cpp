// Hovering a density view in the window (under a virtual display): over a hexagon of bins or a
// district, a tooltip opens beside the pointer and the cell or district is outlined; over the
// paper, nothing.

#include "app/project/project.hpp"
#include "geo/base/mercator.hpp"
#include "geo/export/image_png.hpp"
#include "geo/scene/scene_json.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_scenes.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>

using namespace oko;
using oko::test::run_command;

namespace {

int64_t differing(const geo::RgbaImage& a, const geo::RgbaImage& b, int x0, int y0, int x1, int y1) {
    int64_t n = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            const auto p = a.at(x, y), q = b.at(x, y);
            n += std::abs(p.r - q.r) + std::abs(p.g - q.g) + std::abs(p.b - q.b) > 6;
        }
    return n;
}

} // namespace

TEST_CASE("Hovering a hexagon or a district opens its tooltip and outlines it", "[e2e][window][density]") {
    const auto pbf = test::shared_data("osm/novi_sad_center.osm.pbf");
    if (!pbf || !test::can_open_window()) return;
    test::TempDir dir;
    const auto store = dir / "ns.oko";
    const auto csv = dir / "cams.csv";
    const geo::LonLat centre{19.845, 45.255};
    {
        std::ofstream f(csv);
        f.precision(9);
        f << "lat,lon,vendor\n";
        for (int i = 0; i < 600; ++i)
            f << centre.lat + 0.004 * (((i * 7919) % 600) / 600.0 - 0.5) << ","
              << centre.lon + 0.006 * (((i * 104729) % 599) / 599.0 - 0.5) << ",Dahua\n";
    }
    for (const auto& cmd : {"import " + test::quoted(*pbf) + " --store " + test::quoted(store),
                            "import " + test::quoted(csv) + " --store " + test::quoted(store) +
                                " --layer cameras --duplicate-distance 0"}) {
        const auto r = run_command(test::oko_command(cmd));
        INFO(r.output);
        REQUIRE(r.status == 0);
    }
    // The window's saved scene: the cameras' middle at the window's middle, 2 m a pixel.
    const auto save = [&](geo::PointDisplay kind) {
        const auto project = app::Project::load(store);
        auto scene = app::default_scene(project, project.extent(), 1280, 800);
        scene.view.center = geo::to_mercator(centre);
        scene.view.resolution = 2.0;
        for (auto& l : scene.point_layers)
            if (l.name == "cameras") {
                l.display.kind = kind;
                l.display.bins.cells.size_m = 150;
            }
        auto db = geo::Store::open(store, true);
        geo::ensure_scenes_table(db);
        geo::save_scene(db, geo::kWindowScene, geo::scene_to_json(scene));
    };
    const std::string env = "XDG_CONFIG_HOME=" + test::quoted(dir / "config") + " "; // not the user's settings
    const auto window = [&](const std::string& name, const std::string& args) {
        const auto shot = dir / (name + ".png");
        const auto r =
            run_command(env + "xvfb-run -a -s '-screen 0 1280x800x24' " +
                        test::oko_command(test::quoted(store) + " --window-size 1280x800 --frames 8 --screenshot " +
                                          test::quoted(shot) + " " + args));
        INFO(r.output);
        REQUIRE(r.status == 0);
        return geo::read_png(shot);
    };
    for (const auto kind : {geo::PointDisplay::bins, geo::PointDisplay::choropleth}) {
        INFO(std::string(geo::display_name(kind)));
        save(kind);
        // The pointer on the map's bare corner, then on the cameras' middle.
        const auto away = window("away", "--mouse 1270,790");
        const auto over = window("over", "--mouse 640,400");
        REQUIRE(away.width == 1280);
        // The tooltip opens below and right of the pointer; the outline runs around it.
        CHECK(differing(away, over, 640, 400, 900, 470) > 1500);
        // Far from the pointer (and from the tooltip and the cell's outline) the map is the same
        // picture; a district's outline may run anywhere.
        if (kind == geo::PointDisplay::bins) CHECK(differing(away, over, 1000, 600, 1200, 700) == 0);
    }
}
