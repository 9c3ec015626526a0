// Scenes kept in the project file: saved and loaded by name, a plain table other tools read, and
// older projects without the table have no scene.

#include "geo/base/error.hpp"
#include "geo/scene/scene_json.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_scenes.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

using namespace oko::geo;
using oko::test::run_command;
using oko::test::shell_quote;

TEST_CASE("A scene is saved in the project and loaded by name", "[store][scene]") {
    oko::test::TempDir dir;
    const auto path = dir / "p.oko";
    Store::create(path).close();

    {
        const auto store = Store::open(path);
        CHECK(!load_scene(store, kWindowScene)); // a project made before scenes: none, and no error
        CHECK(scene_names(store).empty());
    }
    SceneSpec scene;
    scene.labels = false;
    scene.point_layers.push_back({"cameras", "cameras", default_point_style("cameras"), {}, {}});
    scene.point_layers[0].filter.vendors = {"Hikvision"};
    {
        auto store = Store::open(path, true);
        save_scene(store, kWindowScene, scene_to_json(scene));
        save_scene(store, "print", "{\"oko_scene\": 1}");
        scene.labels = true; // saved again: replaced, not added
        save_scene(store, kWindowScene, scene_to_json(scene));
    }
    const auto store = Store::open(path);
    const auto json = load_scene(store, kWindowScene);
    REQUIRE(json);
    CHECK(*json == scene_to_json(scene));
    const auto read = scene_from_json(*json).scene;
    CHECK(read.labels);
    CHECK(read.point_layers.at(0).filter.vendors == std::vector<std::string>{"Hikvision"});
    CHECK(!load_scene(store, "other"));
    CHECK(scene_names(store) == std::vector<std::string>{"print", "window"});

    // Independently of Oko: sqlite3 sees one row per name, with a time of update.
    const auto rows = run_command("sqlite3 " + shell_quote(path.string()) + " " +
                                  shell_quote("SELECT name || '|' || length(updated) FROM scenes ORDER BY name"));
    CHECK(rows.output == "print|20\nwindow|20\n");
    // And GDAL lists the table with the project's geometry tables.
    const auto ogr = run_command("ogrinfo -ro -q " + shell_quote(path.string()) + " scenes 2>&1 | head -5");
    INFO(ogr.output);
    CHECK(ogr.status == 0);
    CHECK(ogr.output.find("ERROR") == std::string::npos);
}

TEST_CASE("Saving a scene into a read-only connection fails with an Error", "[store][scene]") {
    oko::test::TempDir dir;
    const auto path = dir / "p.oko";
    Store::create(path).close();
    auto store = Store::open(path);
    CHECK_THROWS_AS(save_scene(store, kWindowScene, "{}"), Error);
    CHECK(!load_scene(store, kWindowScene));
}
