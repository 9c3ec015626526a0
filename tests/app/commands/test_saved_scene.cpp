// The scene kept in the project: the window saves what the user changed and shows it again when
// the project reopens; `oko render --scene` draws a saved scene or a scene file exactly as the
// equivalent command-line options do; `oko scene` exports it.

#include "app/project/project.hpp"
#include "geo/base/mercator.hpp"
#include "geo/export/image_png.hpp"
#include "geo/scene/scene_json.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_scenes.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>

using namespace oko;
using test::run_command;

namespace {

bool have_xvfb() { return test::can_open_window(); }

std::string sql(const std::filesystem::path& db, const std::string& query) {
    return run_command("sqlite3 " + test::quoted(db) + " " + test::shell_quote(query)).output;
}

// Pixels that differ by more than `tolerance` in a channel between two pictures of the same
// size, inside a rectangle.
int64_t differing(const geo::RgbaImage& a, const geo::RgbaImage& b, int x0, int y0, int x1, int y1, int tolerance = 0) {
    int64_t n = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            const auto p = a.at(x, y), q = b.at(x, y);
            n += std::abs(p.r - q.r) > tolerance || std::abs(p.g - q.g) > tolerance || std::abs(p.b - q.b) > tolerance;
        }
    return n;
}

// A project of Stari grad's OSM extract and a few cameras with vendors.
std::optional<std::filesystem::path> stari_grad(const test::TempDir& dir) {
    const auto osm = test::shared_data("osm/belgrade_stari_grad_small.osm");
    if (!osm) return std::nullopt;
    const auto store = dir / "stari_grad.oko";
    // A copy: the import writes its rejected rows beside the file.
    const auto cameras = dir / "cameras.csv";
    std::filesystem::copy_file(std::filesystem::path(OKO_TEST_FIXTURES) / "points/belgrade_semicolon_bom.csv", cameras);
    REQUIRE(run_command(test::oko_command("import " + test::quoted(*osm) + " --store " + test::quoted(store))).status ==
            0);
    REQUIRE(run_command(test::oko_command("import " + test::quoted(cameras) + " --store " + test::quoted(store) +
                                          " --layer cameras"))
                .status == 0);
    return store;
}

} // namespace

TEST_CASE("The window saves a changed style in the project and shows it again when reopened", "[e2e][window][scene]") {
    const auto opstine = test::shared_data("boundaries/belgrade_opstine.geojson");
    if (!opstine || !have_xvfb()) return;
    test::TempDir dir;
    const auto store = dir / "opstine.oko";
    REQUIRE(run_command(test::oko_command("import " + test::quoted(*opstine) + " --store " + test::quoted(store) +
                                          " --layer opstine"))
                .status == 0);
    const std::string env = "XDG_CONFIG_HOME=" + test::quoted(dir / "config") + " "; // not the user's settings
    auto window = [&](const std::string& name, const std::string& args) {
        const auto shot = dir / (name + ".png");
        const auto r =
            run_command(env + "xvfb-run -a -s '-screen 0 1280x800x24' " +
                        test::oko_command(test::quoted(store) + " --window-size 1280x800 --frames 6 --screenshot " +
                                          test::quoted(shot) + " " + args));
        INFO(r.output);
        REQUIRE(r.status == 0);
        return geo::read_png(shot);
    };
    // The map right of the layer panel, below the go-to box and the frame-time overlay.
    const int x0 = 330, y0 = 70, x1 = 1270, y1 = 780;

    // Opened and closed unchanged: nothing is written.
    const auto defaults = window("defaults", "");
    CHECK(sql(store, "SELECT count(*) FROM sqlite_master WHERE name = 'scenes'") == "0\n");

    // Colouring the municipalities by name, as the layer panel does, is saved when the window quits.
    const auto changed = window("changed", "--reference-style opstine=name");
    CHECK(differing(defaults, changed, x0, y0, x1, y1, 2) > 20000);
    REQUIRE(sql(store, "SELECT count(*) FROM scenes WHERE name = 'window'") == "1\n");
    const auto json = geo::load_scene(geo::Store::open(store), geo::kWindowScene);
    REQUIRE(json);
    const auto saved = geo::scene_from_json(*json).scene;
    const auto layer = std::find_if(saved.reference_layers.begin(), saved.reference_layers.end(),
                                    [](const geo::ReferenceLayerSpec& l) { return l.name == "opstine"; });
    REQUIRE(layer != saved.reference_layers.end());
    CHECK(layer->style.category_field == "name");
    CHECK(layer->style.categories.size() == 17); // one per municipality
    CHECK(saved.view.width == 1280);

    // Reopened without the option: the same picture, styles and view restored. The centre is
    // saved to 1e-7 degrees, a ten-thousandth of a pixel here: a few edge pixels may change
    // their antialiasing by a level or two, no more.
    const auto reopened = window("reopened", "");
    CHECK(differing(changed, reopened, x0, y0, x1, y1, 2) == 0);
    CHECK(differing(changed, reopened, x0, y0, x1, y1) < (x1 - x0) * (y1 - y0) / 200);

    // A saved scene that does not read: the project still opens, with its defaults, and the
    // broken scene is left for the user to see (not overwritten by the unchanged defaults).
    // (The error dialog dims the map, so the picture is not compared.)
    sql(store, "UPDATE scenes SET json = '{\"oko_scene\": 1, \"lables\": true}'");
    const auto r = run_command(env + "xvfb-run -a -s '-screen 0 1280x800x24' " +
                               test::oko_command(test::quoted(store) + " --window-size 1280x800 --frames 6"));
    CHECK(r.status == 0);
    CHECK_THAT(r.output,
               Catch::Contains("saved styles could not be read") && Catch::Contains("field lables: unknown key"));
    CHECK(sql(store, "SELECT json FROM scenes") == "{\"oko_scene\": 1, \"lables\": true}\n");
}

TEST_CASE("oko render --scene draws as the equivalent options do", "[e2e][scene]") {
    test::TempDir dir;
    const auto store = stari_grad(dir);
    if (!store) return;
    auto render = [&](const std::string& name, const std::string& args) {
        const auto png = dir / (name + ".png");
        const auto r = run_command(
            test::oko_command("render --store " + test::quoted(*store) + " --out " + test::quoted(png) + " " + args));
        INFO(r.output);
        REQUIRE(r.status == 0);
        return geo::read_png(png);
    };
    std::ofstream(dir / "scene.json") << R"({
      "oko_scene": 1,
      "basemap": {"buildings": false},
      "point_layers": [
        {"name": "cameras", "filter": {"vendors": ["Huawei", "Dahua"]}},
        {"name": "smart_city_sites", "filter": {"vendors": ["Huawei", "Dahua"]}}
      ]
    })";
    const auto by_scene = render("by_scene", "--size 600x400 --scene " + test::quoted(dir / "scene.json"));
    const auto by_options = render("by_options", "--size 600x400 --hide buildings --filter vendor=Huawei,Dahua");
    const auto plain = render("plain", "--size 600x400");
    REQUIRE(by_scene.width == 600);
    CHECK(by_scene.pixels == by_options.pixels);
    CHECK(differing(by_scene, plain, 0, 0, 600, 400) > 1000); // buildings and cameras are gone

    // Options on top of a scene: hiding the cameras as well.
    CHECK(
        render("scene_hide", "--size 600x400 --scene " + test::quoted(dir / "scene.json") + " --hide cameras").pixels ==
        render("options_hide", "--size 600x400 --hide buildings --hide cameras --filter vendor=Huawei,Dahua").pixels);
}

TEST_CASE("A saved scene renders with its view and size, and exports to a scene file", "[e2e][scene]") {
    test::TempDir dir;
    const auto store = stari_grad(dir);
    if (!store) return;
    // As the window would save it: a view of its own, Huawei only, no labels.
    const std::string saved = R"({"oko_scene": 1,
        "view": {"centre": {"lon": 20.4560, "lat": 44.8190}, "metres_per_pixel": 1.5, "width": 500, "height": 300},
        "labels": false,
        "reference_layers": [{"name": "no_longer_here"}],
        "point_layers": [{"name": "cameras", "style": {"radius_px": 8, "symbol": "square"},
                          "filter": {"vendors": ["Huawei"]}}]})";
    {
        auto s = geo::Store::open(*store, true);
        geo::save_scene(s, geo::kWindowScene, saved);
    }
    const auto png = dir / "window.png";
    auto r = run_command(
        test::oko_command("render --store " + test::quoted(*store) + " --scene window --out " + test::quoted(png)));
    INFO(r.output);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.output, Catch::Contains("warning") && Catch::Contains("no_longer_here"));
    const auto image = geo::read_png(png);
    CHECK(image.width == 500);
    CHECK(image.height == 300);
    // The world file says where: 1.5 m per pixel, centred on the scene's centre.
    std::ifstream pgw(dir / "window.pgw");
    double a = 0;
    pgw >> a;
    CHECK(a == Approx(1.5));

    // --size wins over the scene's size, showing the scene's area.
    r = run_command(test::oko_command("render --store " + test::quoted(*store) +
                                      " --scene window --size 250x150 --out " + test::quoted(dir / "small.png")));
    REQUIRE(r.status == 0);
    CHECK(geo::read_png(dir / "small.png").width == 250);

    // Exported, then drawn from the file: the same picture.
    const auto file = dir / "exported.json";
    r = run_command(test::oko_command("scene --store " + test::quoted(*store) + " --out " + test::quoted(file)));
    INFO(r.output);
    REQUIRE(r.status == 0);
    const auto exported = geo::read_scene_file(file).scene;
    CHECK(!exported.labels);
    REQUIRE(!exported.point_layers.empty());
    for (const auto& l : exported.reference_layers)
        CHECK(l.name != "no_longer_here");
    r = run_command(test::oko_command("render --store " + test::quoted(*store) + " --scene " + test::quoted(file) +
                                      " --out " + test::quoted(dir / "from_file.png")));
    REQUIRE(r.status == 0);
    CHECK(geo::read_png(dir / "from_file.png").pixels == image.pixels);
}

TEST_CASE("oko render without a scene draws the default scene, as its exported file does", "[e2e][scene]") {
    test::TempDir dir;
    const auto store = stari_grad(dir);
    if (!store) return;
    // A saved scene that changes nothing: exported, it is the project's default scene, the whole
    // map at 1600×1000 (`oko render`'s default size).
    {
        auto s = geo::Store::open(*store, true);
        geo::save_scene(s, geo::kWindowScene, R"({"oko_scene": 1})");
    }
    const auto file = dir / "default.json";
    auto r = run_command(test::oko_command("scene --store " + test::quoted(*store) + " --out " + test::quoted(file)));
    INFO(r.output);
    REQUIRE(r.status == 0);

    // The file holds the default scene: read over it (as `oko render --scene` reads it), every
    // field is the same, the centre to the 1e-7 degrees a file keeps.
    const auto project = app::Project::load(*store);
    const auto defaults = app::default_scene(project, project.extent(), 1600, 1000);
    auto exported = geo::read_scene_file(file, &defaults).scene;
    CHECK(std::abs(exported.view.center.x - defaults.view.center.x) < 0.02);
    CHECK(std::abs(exported.view.center.y - defaults.view.center.y) < 0.02);
    exported.view.center = defaults.view.center;
    CHECK(exported == defaults);
    REQUIRE(!exported.point_layers.empty());

    // A file keeps the centre to 1e-7 degrees, and the picture moves with it (here by under a
    // millimetre, yet some edges change their antialiasing): the exported file with the centre
    // written in full draws exactly what `oko render` draws without a scene.
    auto json = nlohmann::json::parse(geo::read_scene_text(file));
    const auto centre = geo::from_mercator(defaults.view.center);
    json["view"]["centre"] = {{"lon", centre.lon}, {"lat", centre.lat}};
    std::ofstream(dir / "exact.json") << json.dump(2);

    auto render = [&](const std::string& name, const std::string& args) {
        const auto png = dir / (name + ".png");
        r = run_command(
            test::oko_command("render --store " + test::quoted(*store) + " --out " + test::quoted(png) + " " + args));
        INFO(r.output);
        REQUIRE(r.status == 0);
        return geo::read_png(png);
    };
    const auto plain = render("plain", "");
    const auto from_file = render("from_file", "--scene " + test::quoted(dir / "exact.json"));
    REQUIRE(plain.width == 1600);
    REQUIRE(from_file.width == 1600);
    REQUIRE(from_file.height == plain.height);
    CHECK(differing(plain, from_file, 0, 0, plain.width, plain.height) == 0);
}

TEST_CASE("oko render --scene and oko scene say what is wrong", "[e2e][scene]") {
    test::TempDir dir;
    const auto store = stari_grad(dir);
    if (!store) return;
    auto fails = [&](const std::string& args) {
        const auto r = run_command(test::oko_command(args));
        INFO(r.output);
        CHECK(r.status != 0);
        return r.output;
    };
    const auto render =
        "render --store " + test::quoted(*store) + " --out " + test::quoted(dir / "x.png") + " --scene ";
    CHECK_THAT(fails(render + "print"),
               Catch::Contains("no scene 'print' in the project (it has none: the window saves one"));
    CHECK_THAT(fails(render + test::quoted(dir / "missing.json")),
               Catch::Contains("missing.json: cannot read the scene file"));
    std::ofstream(dir / "broken.json") << "{\n  \"oko_scene\": 1,\n  \"labels\": [\n}\n";
    CHECK_THAT(fails(render + test::quoted(dir / "broken.json")), Catch::Contains("broken.json:4: invalid JSON"));
    std::ofstream(dir / "typo.json")
        << R"({"oko_scene": 1, "point_layers": [{"name": "cameras", "style": {"radius": 3}}]})";
    CHECK_THAT(fails(render + test::quoted(dir / "typo.json")),
               Catch::Contains("field point_layers[0].style.radius: unknown key"));
    CHECK(!std::filesystem::exists(dir / "x.png"));
    CHECK_THAT(fails("scene --store " + test::quoted(*store) + " --name window --out " + test::quoted(dir / "s.json")),
               Catch::Contains("no scene 'window' in the project"));
    CHECK(!std::filesystem::exists(dir / "s.json"));
}

TEST_CASE("oko scene before the window saved one writes the defaults, which draw what oko render draws",
          "[e2e][scene]") {
    test::TempDir dir;
    const auto store = stari_grad(dir);
    if (!store) return;
    const auto file = dir / "defaults.json";
    const auto r =
        run_command(test::oko_command("scene --store " + test::quoted(*store) + " --out " + test::quoted(file)));
    INFO(r.output);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.output, Catch::Contains("writing the defaults"));
    REQUIRE(std::filesystem::exists(file));
    const auto plain = dir / "plain.png", from_file = dir / "from_file.png";
    // At the defaults' own size: another --size refits the scene's area, not the project's.
    REQUIRE(run_command(test::oko_command("render --store " + test::quoted(*store) + " --out " + test::quoted(plain)))
                .status == 0);
    REQUIRE(run_command(test::oko_command("render --store " + test::quoted(*store) + " --out " +
                                          test::quoted(from_file) + " --scene " + test::quoted(file)))
                .status == 0);
    const auto a = geo::read_png(plain), b = geo::read_png(from_file);
    REQUIRE(a.width == b.width);
    REQUIRE(a.height == b.height);
    CHECK(a.pixels == b.pixels);
}
