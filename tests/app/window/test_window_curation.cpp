// Curation in the window (under a virtual display), on the real CCTV reports of Jyväskylä: a
// click on a point and its status changed in the inspector, then undone as Ctrl+Z does; a year
// that is not one refused in the panel; a camera added by a click in the "add a camera" mode and
// dragged in the "move points" mode; two reports flagged as duplicates merged; and, on a fixture of
// repeated reports, a flagged duplicate marked distinct and that change reverted from the history.
// Every change is checked in the project with SQL of its own.

#include "app/project/project.hpp"
#include "geo/base/mercator.hpp"
#include "geo/export/image_png.hpp"
#include "geo/scene/scene_json.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_scenes.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <string>

using namespace oko;
using test::quoted;
using test::run_command;

namespace {

// The first column of the first row of `sql`, as text ("" for none or NULL).
std::string sql_text(const std::filesystem::path& db, const std::string& sql) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    INFO(sql);
    REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
    std::string out;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(h);
    return out;
}

// Pixels of a region that differ between two pictures.
int64_t differing(const geo::RgbaImage& a, const geo::RgbaImage& b, int x0, int y0, int x1, int y1) {
    int64_t n = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            const auto p = a.at(x, y), q = b.at(x, y);
            n += std::abs(p.r - q.r) + std::abs(p.g - q.g) + std::abs(p.b - q.b) > 6;
        }
    return n;
}

// Pixels of a region in the red the panels write refusals in.
int64_t red_pixels(const geo::RgbaImage& a, int x0, int y0, int x1, int y1) {
    int64_t n = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            const auto p = a.at(x, y);
            n += p.r > 140 && p.g < 90 && p.b < 90;
        }
    return n;
}

} // namespace

TEST_CASE("The window verifies a clicked camera, undoes it, refuses a wrong year and adds a camera by a click",
          "[e2e][window][curation]") {
    const auto csv = test::shared_data("cameras/jyvaskyla_cctv.csv");
    if (!csv || !test::can_open_window()) return;
    test::TempDir dir;
    const auto store = dir / "j.oko";
    const auto imported =
        run_command(test::oko_command("import " + quoted(*csv) + " --store " + quoted(store) + " --layer cctv"));
    INFO(imported.output);
    REQUIRE(imported.status == 0);

    // The window's saved scene: a camera the import kept at the window's middle, 2 m a pixel.
    const std::string id = sql_text(store, "SELECT min(p.id) FROM points p JOIN point_layers l ON l.id = p.layer_id "
                                           "WHERE l.name = 'cctv' AND p.duplicate_of IS NULL");
    REQUIRE(!id.empty());
    const double lon = std::stod(sql_text(store, "SELECT xmin FROM idx_points_geom WHERE pkid = " + id));
    const double lat = std::stod(sql_text(store, "SELECT ymin FROM idx_points_geom WHERE pkid = " + id));
    const int width = 1400, height = 900;
    geo::SceneSpec scene;
    {
        const auto project = app::Project::load(store);
        scene = app::default_scene(project, project.extent(), width, height);
        scene.view.center = geo::to_mercator({lon, lat});
        scene.view.resolution = 2.0;
        auto db = geo::Store::open(store, true);
        geo::ensure_scenes_table(db);
        geo::save_scene(db, geo::kWindowScene, geo::scene_to_json(scene));
    }
    // Not the user's settings; the changes recorded under a name of the test's.
    const std::string env = "XDG_CONFIG_HOME=" + quoted(dir / "config") + " OKO_USER=tester ";
    const auto window = [&](const std::string& name, const std::string& args, std::string* output = nullptr) {
        const auto shot = dir / (name + ".png");
        const auto r =
            run_command(env + "xvfb-run -a -s '-screen 0 1400x900x24' " +
                        test::oko_command(quoted(store) + " --window-size 1400x900 --frames 8 --screenshot " +
                                          quoted(shot) + " " + args));
        INFO(r.output);
        REQUIRE(r.status == 0);
        if (output) *output = r.output;
        return geo::read_png(shot);
    };
    const std::string middle = std::to_string(width / 2) + "," + std::to_string(height / 2);
    const std::string status_of = "SELECT status FROM points WHERE id = " + id;

    // A click on the camera, its status and a note applied in the inspector.
    std::string said;
    const auto verified =
        window("verified", "--click " + middle + " --fill status=verified --fill 'note=checked on a walk'", &said);
    CHECK(said.find("Changed status, note of point " + id + " (change set 1)") != std::string::npos);
    CHECK(sql_text(store, status_of) == "verified");
    CHECK(sql_text(store, "SELECT status_note FROM points WHERE id = " + id) == "checked on a walk");
    CHECK(sql_text(store, "SELECT count(*) FROM curation_changes WHERE change_set = 1 AND point_id = " + id +
                              " AND field = 'status' AND old_value = 'unverified' AND new_value = 'verified' "
                              "AND who = 'tester' AND undone = 0") == "1");
    CHECK(sql_text(store, "SELECT count(*) FROM curation_changes") == "2");

    // Ctrl+Z undoes it, and the status line says what.
    const auto undone = window("undone", "--action undo", &said);
    CHECK(said.find("Undid change set 1: status, note of point " + id) != std::string::npos);
    CHECK(sql_text(store, status_of) == "unverified");
    CHECK(sql_text(store, "SELECT status_note FROM points WHERE id = " + id).empty());
    CHECK(sql_text(store, "SELECT count(*) FROM curation_changes WHERE change_set = 1 AND undone = 1") == "2");

    // A year that is not one: refused in the panel, nothing written.
    const std::string year_before = sql_text(store, "SELECT year FROM points WHERE id = " + id);
    const auto refused = window("refused", "--click " + middle + " --fill year=20x9", &said);
    CHECK(said.find("'20x9' is not a year") != std::string::npos);
    CHECK(sql_text(store, "SELECT year FROM points WHERE id = " + id) == year_before);
    CHECK(sql_text(store, "SELECT count(*) FROM curation_changes") == "2");
    // The inspector shows the refusal in red, where the panel that applied its change has none.
    CHECK(red_pixels(refused, width - 420, 60, width, height) > 100);
    CHECK(red_pixels(verified, width - 420, 60, width, height) == 0);

    // Deleted (Delete and its confirmation), then undone: the report kept all along.
    window("deleted", "--click " + middle + " --fill delete=yes", &said);
    CHECK(said.find("Deleted point " + id + " (change set 2)") != std::string::npos);
    CHECK(sql_text(store, "SELECT count(*) FROM points WHERE deleted_at IS NOT NULL AND id = " + id) == "1");
    window("undeleted", "--action undo", &said);
    CHECK(said.find("Undid change set 2: deleted of point " + id) != std::string::npos);
    CHECK(sql_text(store, "SELECT count(*) FROM points WHERE deleted_at IS NULL AND id = " + id) == "1");

    // Rejected: the camera is no longer drawn (the default filter leaves rejected ones out).
    const auto rejected = window("rejected", "--click " + middle + " --fill status=rejected");
    CHECK(sql_text(store, status_of) == "rejected");
    CHECK(differing(undone, rejected, width / 2 - 6, height / 2 - 6, width / 2 + 6, height / 2 + 6) > 20);

    // A camera added by a click in the "add a camera" mode, where the click was.
    const int ax = 400, ay = 300;
    window(
        "added",
        "--action add-camera --click " + std::to_string(ax) + "," + std::to_string(ay) +
            " --fill vendor=dahua --fill year=2021 --fill type=dome --fill direction=NE --fill 'note=seen on a walk' "
            "--show history",
        &said);
    const std::string new_id = sql_text(store, "SELECT id FROM points WHERE added_by = 'tester'");
    REQUIRE(!new_id.empty());
    CHECK(said.find("Added point " + new_id + " to cctv") != std::string::npos);
    CHECK(sql_text(store, "SELECT vendor || ' ' || year || ' ' || status_note FROM points WHERE id = " + new_id) ==
          "Dahua 2021 seen on a walk");
    // The form's type and direction: into the layer's camera_type, and a direction under OSM's key,
    // a column of the layer's view from now on.
    CHECK(sql_text(store, "SELECT json_extract(attributes, '$.camera_type') || ' ' || json_extract(attributes, "
                          "'$.\"camera:direction\"') FROM points WHERE id = " +
                              new_id) == "dome NE");
    CHECK(sql_text(store, "SELECT \"camera:direction\" FROM points_cctv WHERE id = " + new_id) == "NE");
    const auto at = geo::from_mercator(scene.view.to_world(ax, ay));
    CHECK(std::stod(sql_text(store, "SELECT xmin FROM idx_points_geom WHERE pkid = " + new_id)) ==
          Approx(at.lon).margin(1e-5));
    CHECK(std::stod(sql_text(store, "SELECT ymin FROM idx_points_geom WHERE pkid = " + new_id)) ==
          Approx(at.lat).margin(1e-5));
    // One change set for the camera and its note.
    CHECK(sql_text(store, "SELECT count(DISTINCT change_set) FROM curation_changes WHERE point_id = " + new_id) == "1");

    // Dragged in the "move points" mode: where the drag ended, the map not panned.
    const int bx = 470, by = 340;
    window("moved",
           "--action move --drag " + std::to_string(ax) + "," + std::to_string(ay) + "," + std::to_string(bx) + "," +
               std::to_string(by),
           &said);
    CHECK(said.find("Moved point " + new_id) != std::string::npos);
    const auto to = geo::from_mercator(scene.view.to_world(bx, by));
    CHECK(std::stod(sql_text(store, "SELECT xmin FROM idx_points_geom WHERE pkid = " + new_id)) ==
          Approx(to.lon).margin(1e-5));
    CHECK(std::stod(sql_text(store, "SELECT ymin FROM idx_points_geom WHERE pkid = " + new_id)) ==
          Approx(to.lat).margin(1e-5));
    CHECK(sql_text(store, "SELECT count(*) FROM curation_changes WHERE point_id = " + new_id +
                              " AND field = 'geom' AND who = 'tester'") == "2"); // added, then moved

    // Two reports the import flagged as duplicates, a few metres apart: the inspector of the first
    // lists the second, and its Merge makes them one camera, the lower id.
    const std::string pair = " FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = 'cctv' AND "
                             "p.duplicate_distance_m > 1 AND p.status <> 'rejected' ORDER BY p.id LIMIT 1";
    const std::string head = sql_text(store, "SELECT p.duplicate_of" + pair);
    const std::string duplicate = sql_text(store, "SELECT p.id" + pair);
    REQUIRE(!head.empty());
    {
        const double hx = std::stod(sql_text(store, "SELECT xmin FROM idx_points_geom WHERE pkid = " + head));
        const double hy = std::stod(sql_text(store, "SELECT ymin FROM idx_points_geom WHERE pkid = " + head));
        scene.view.center = geo::to_mercator({hx, hy});
        auto db = geo::Store::open(store, true);
        geo::save_scene(db, geo::kWindowScene, geo::scene_to_json(scene));
    }
    const std::string camera = std::to_string(std::min(std::stoll(head), std::stoll(duplicate)));
    window("merged", "--click " + middle + " --fill merge=" + duplicate, &said);
    CHECK(said.find("into camera " + camera) != std::string::npos);
    CHECK(sql_text(store, "SELECT count(*) FROM points WHERE id IN (" + head + ", " + duplicate +
                              ") AND merged_into = " + camera) == "1");
    CHECK(sql_text(store, "SELECT count(*) FROM curation_changes WHERE field = 'merged_into' AND new_value = " +
                              camera) == "1");
}

TEST_CASE("The window marks a flagged duplicate distinct, and reverts a change set from the history panel",
          "[e2e][window][curation]") {
    if (!test::can_open_window()) return;
    test::TempDir dir;
    const auto store = dir / "d.oko";
    const auto csv = std::filesystem::path(OKO_TEST_FIXTURES) / "points" / "novi_sad_repeated_reports.csv";
    const auto imported =
        run_command(test::oko_command("import " + quoted(csv) + " --store " + quoted(store) + " --layer cameras"));
    INFO(imported.output);
    REQUIRE(imported.status == 0);
    // The first report at the window's middle, 0.1 m a pixel: the two flagged against it 11 and 16
    // pixels away.
    const std::string in_layer = " FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = 'cameras'";
    const std::string head = sql_text(store, "SELECT min(p.id)" + in_layer);
    const std::string second = sql_text(store, "SELECT min(p.id)" + in_layer + " AND p.duplicate_of = " + head);
    REQUIRE(!second.empty());
    const int width = 1400, height = 900;
    {
        const double lon = std::stod(sql_text(store, "SELECT xmin FROM idx_points_geom WHERE pkid = " + head));
        const double lat = std::stod(sql_text(store, "SELECT ymin FROM idx_points_geom WHERE pkid = " + head));
        const auto project = app::Project::load(store);
        auto scene = app::default_scene(project, project.extent(), width, height);
        scene.view.center = geo::to_mercator({lon, lat});
        scene.view.resolution = 0.1;
        auto db = geo::Store::open(store, true);
        geo::ensure_scenes_table(db);
        geo::save_scene(db, geo::kWindowScene, geo::scene_to_json(scene));
    }
    const std::string env = "XDG_CONFIG_HOME=" + quoted(dir / "config") + " OKO_USER=tester ";
    const auto window = [&](const std::string& name, const std::string& args, std::string* output) {
        const auto shot = dir / (name + ".png");
        const auto r =
            run_command(env + "xvfb-run -a -s '-screen 0 1400x900x24' " +
                        test::oko_command(quoted(store) + " --window-size 1400x900 --frames 8 --screenshot " +
                                          quoted(shot) + " " + args));
        INFO(r.output);
        REQUIRE(r.status == 0);
        *output = r.output;
        return geo::read_png(shot);
    };
    const std::string middle = std::to_string(width / 2) + "," + std::to_string(height / 2);
    const std::string flag_of = "SELECT coalesce(duplicate_of, 'none') FROM points WHERE id = " + second;
    const std::string flagged = "SELECT count(*) FROM points WHERE duplicate_of = " + head;
    REQUIRE(sql_text(store, flagged) == "2");

    // The Distinct beside the second: its flag cleared, the other kept.
    std::string said;
    window("distinct", "--click " + middle + " --fill distinct=" + second, &said);
    CHECK(said.find("Marked points " + head + " and " + second + " distinct cameras (change set 1)") !=
          std::string::npos);
    CHECK(sql_text(store, flag_of) == "none");
    CHECK(sql_text(store, flagged) == "1");
    CHECK(sql_text(store, "SELECT count(*) FROM curation_changes WHERE change_set = 1 AND field = 'duplicate_of' AND "
                          "point_id = " +
                              second + " AND old_value = " + head + " AND new_value IS NULL AND who = 'tester'") ==
          "1");

    // The history's Revert on it: a new change set, the flag back.
    const auto reverted = window("reverted", "--show history --fill revert=1", &said);
    CHECK(said.find("Reverted change set 1: duplicate_of of point " + second + " (change set 2)") != std::string::npos);
    CHECK(sql_text(store, flag_of) == head);
    CHECK(sql_text(store, flagged) == "2");
    CHECK(sql_text(store, "SELECT count(*) FROM curation_changes WHERE change_set = 2 AND new_value = " + head) == "1");

    // Reverted again: refused in the panel, in red, nothing written.
    const auto refused = window("refused", "--show history --fill revert=1", &said);
    CHECK(said.find("cannot revert change set 1: the duplicate_of of point " + second +
                    " was changed again by change set 2") != std::string::npos);
    CHECK(sql_text(store, "SELECT count(*) FROM curation_changes") == "2");
    CHECK(sql_text(store, flag_of) == head);
    CHECK(red_pixels(refused, 0, height / 2, width, height) > 100);
    CHECK(red_pixels(reverted, 0, height / 2, width, height) == 0);

    // The inspector offers the known camera fields the file did not have: a direction and a type
    // given there go under OSM's keys; a direction that is not one is refused.
    window("direction", "--click " + middle + " --fill direction=400", &said);
    CHECK(said.find("'400' is not a direction") != std::string::npos);
    CHECK(sql_text(store, "SELECT count(*) FROM curation_changes") == "2");
    window("directed", "--click " + middle + " --fill direction=270 --fill type=dome", &said);
    CHECK(said.find("(change set 3)") != std::string::npos);
    CHECK(sql_text(store, "SELECT \"camera:direction\" || ' ' || \"camera:type\" FROM points_cameras WHERE id = " +
                              head) == "270 dome");
}
