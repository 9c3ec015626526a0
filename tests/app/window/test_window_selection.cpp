// Selecting many points in the window (under a virtual display), on the real CCTV reports of
// Jyväskylä: a box dragged in the "select points" mode and the status of all it holds set at once,
// then undone as Ctrl+Z does; a lasso and their vendor; Shift adding to a selection and Ctrl
// taking from it, by a box and by a click. Which points should have changed is computed by SpatiaLite from the points'
// stored coordinates and the window's view, never by the window's code.

#include "app/project/project.hpp"
#include "geo/base/mercator.hpp"
#include "geo/export/image_png.hpp"
#include "geo/scene/scene_json.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_scenes.hpp"
#include "support/shared_data.hpp"
#include "support/spatialite_db.hpp"
#include "support/sql_query.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace oko;
using test::quoted;
using test::run_command;

namespace {

constexpr int kWidth = 1400, kHeight = 900;

// The first column of each row of `sql` on a project, as text, in order. With `crs`, the project
// is attached to an in-memory database that has SpatiaLite's CRSs (Web Mercator among them).
std::vector<std::string> sql_column(const std::filesystem::path& db, const std::string& sql, bool crs = false) {
    std::optional<test::SpatiaLiteDb> with_crs, project;
    if (crs) {
        with_crs.emplace();
        REQUIRE(sqlite3_exec(with_crs->h, ("ATTACH DATABASE '" + db.string() + "' AS project").c_str(), nullptr,
                             nullptr, nullptr) == SQLITE_OK);
    } else {
        project.emplace(db);
    }
    sqlite3* h = crs ? with_crs->h : project->h;
    sqlite3_stmt* q = nullptr;
    INFO(sql);
    REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &q, nullptr) == SQLITE_OK);
    std::vector<std::string> out;
    while (sqlite3_step(q) == SQLITE_ROW)
        out.emplace_back(sqlite3_column_text(q, 0) ? reinterpret_cast<const char*>(sqlite3_column_text(q, 0)) : "");
    sqlite3_finalize(q);
    return out;
}

std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.12f", v);
    return buf;
}

// A project of the Jyväskylä reports, its window scene the default one at the window's size.
struct Trial {
    test::TempDir dir;
    std::filesystem::path store = dir / "j.oko";
    geo::SceneSpec scene;
    std::string env;

    bool ready() {
        const auto csv = test::shared_data("cameras/jyvaskyla_cctv.csv");
        if (!csv || !test::can_open_window()) return false;
        const auto imported =
            run_command(test::oko_command("import " + quoted(*csv) + " --store " + quoted(store) + " --layer cctv"));
        INFO(imported.output);
        REQUIRE(imported.status == 0);
        const auto project = app::Project::load(store);
        scene = app::default_scene(project, project.extent(), kWidth, kHeight);
        auto db = geo::Store::open(store, true);
        geo::ensure_scenes_table(db);
        geo::save_scene(db, geo::kWindowScene, geo::scene_to_json(scene));
        // Not the user's settings; the changes recorded under a name of the test's.
        env = "XDG_CONFIG_HOME=" + quoted(dir / "config") + " OKO_USER=tester ";
        return true;
    }

    // The window for a few frames with `args`; what it said, and its last frame in `shot`.
    std::string window(const std::string& args, const std::string& shot) {
        const auto r =
            run_command(env + "xvfb-run -a -s '-screen 0 1400x900x24' " +
                        test::oko_command(quoted(store) + " --window-size 1400x900 --frames 8 --screenshot " +
                                          quoted(dir / shot) + " " + args));
        INFO(r.output);
        REQUIRE(r.status == 0);
        return r.output;
    }

    // The window's pixel as a Web Mercator position, with the view the test gave the window.
    geo::XY world(int x, int y) const { return scene.view.to_world(x, y); }

    // An SQL condition: the point `p`'s stored position falls in the map rectangle of the window
    // box from pixel (x0, y0) to (x1, y1).
    std::string in_box(int x0, int y0, int x1, int y1) const {
        const auto a = geo::from_mercator(world(x0, y0)), b = geo::from_mercator(world(x1, y1));
        return "(ST_X(p.geom) BETWEEN " + number(std::min(a.lon, b.lon)) + " AND " + number(std::max(a.lon, b.lon)) +
               " AND ST_Y(p.geom) BETWEEN " + number(std::min(a.lat, b.lat)) + " AND " +
               number(std::max(a.lat, b.lat)) + ")";
    }
};

// The ids of the cameras the window shows (live, and not rejected: the default filter) that meet
// `where`, in order, comma-separated.
std::string shown_ids(const std::filesystem::path& store, const std::string& where, bool crs = false) {
    const auto ids = sql_column(store,
                                "SELECT p.id FROM points p WHERE p.deleted_at IS NULL AND p.merged_into IS NULL "
                                "AND p.status <> 'rejected' AND " +
                                    where + " ORDER BY p.id",
                                crs);
    std::string out;
    for (const auto& id : ids)
        out += (out.empty() ? "" : ",") + id;
    return out;
}

std::string ids_where(const std::filesystem::path& store, const std::string& sql) {
    std::string out;
    for (const auto& id : sql_column(store, sql))
        out += (out.empty() ? "" : ",") + id;
    return out;
}

size_t count_of(const std::string& ids) { return ids.empty() ? 0 : std::count(ids.begin(), ids.end(), ',') + 1; }

} // namespace

TEST_CASE("The window selects the cameras in a dragged box, verifies them in one change set, and Ctrl+Z reverts them",
          "[e2e][window][selection]") {
    Trial t;
    if (!t.ready()) return;
    const int x0 = 500, y0 = 300, x1 = 900, y1 = 600;
    const std::string box = t.in_box(x0, y0, x1, y1);
    // One camera in the box rejected beforehand: the default filter hides it, so the box leaves it.
    const std::string hidden = ids_where(t.store, "SELECT min(p.id) FROM points p WHERE " + box);
    REQUIRE(!hidden.empty());
    const auto rejected = run_command(
        test::oko_command("edit --store " + quoted(t.store) + " --layer cctv --id " + hidden + " --status rejected"));
    REQUIRE(rejected.status == 0);

    const std::string expected = shown_ids(t.store, box);
    const size_t n = count_of(expected);
    REQUIRE(n > 50); // a real selection: the middle of the city
    CHECK(("," + expected + ",").find("," + hidden + ",") == std::string::npos);

    const std::string said =
        t.window("--action select --drag " + std::to_string(x0) + "," + std::to_string(y0) + "," + std::to_string(x1) +
                     "," + std::to_string(y1) + " --fill status=verified --fill 'note=checked on a walk'",
                 "box.png");
    CHECK(said.find("Selected " + std::to_string(n) + " points") != std::string::npos);
    CHECK(said.find("Set status verified of " + std::to_string(n) + " points (change set 2)") != std::string::npos);
    // Exactly those, and nothing else, in one change set.
    CHECK(ids_where(t.store, "SELECT id FROM points WHERE status = 'verified' ORDER BY id") == expected);
    CHECK(ids_where(t.store, "SELECT point_id FROM curation_changes WHERE change_set = 2 AND field = 'status' AND "
                             "new_value = 'verified' AND who = 'tester' ORDER BY point_id") == expected);
    CHECK(test::sql_integer(t.store, "SELECT count(*) FROM points WHERE status_note = 'checked on a walk'") ==
          static_cast<int64_t>(n));
    CHECK(test::sql_integer(t.store, "SELECT count(DISTINCT change_set) FROM curation_changes WHERE change_set > 1") ==
          1);
    CHECK(test::sql_integer(t.store, "SELECT status = 'rejected' FROM points WHERE id = " + hidden) == 1);

    // The selection outlived the change (the layer read again after it): its points still ringed.
    const auto shot = geo::read_png(t.dir / "box.png");
    int64_t ringed = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            const auto p = shot.at(x, y);
            ringed += p.r > 200 && p.g < 40 && p.b > 130 && p.b < 190;
        }
    CHECK(ringed > static_cast<int64_t>(10 * n));

    // Ctrl+Z undoes all of them at once.
    const std::string undone = t.window("--action undo", "undone.png");
    CHECK(undone.find("Undid change set 2: status, note of " + std::to_string(n) + " points") != std::string::npos);
    CHECK(test::sql_integer(t.store, "SELECT count(*) FROM points WHERE status = 'verified'") == 0);
    CHECK(test::sql_integer(t.store, "SELECT count(*) FROM points WHERE status_note IS NOT NULL") == 0);
    CHECK(test::sql_integer(t.store, "SELECT count(*) FROM curation_changes WHERE change_set = 2 AND undone = 0") == 0);
}

TEST_CASE("The window sets the vendor of the cameras in a lasso, and Shift adds a box to a selection and Ctrl takes "
          "one from it",
          "[e2e][window][selection]") {
    Trial t;
    if (!t.ready()) return;
    // A concave lasso (a C open to the right), drawn with Alt held, a frame a corner.
    const std::vector<std::pair<int, int>> lasso{{450, 380}, {880, 380}, {880, 450}, {600, 450},
                                                 {600, 540}, {880, 540}, {880, 620}, {450, 620}};
    std::string path, ring;
    for (const auto& [x, y] : lasso) {
        path += (path.empty() ? "" : ",") + std::to_string(x) + "," + std::to_string(y);
        const auto w = t.world(x, y);
        ring += number(w.x) + " " + number(w.y) + ", ";
    }
    const auto first = t.world(lasso.front().first, lasso.front().second);
    ring += number(first.x) + " " + number(first.y);
    // Inside by SpatiaLite (GEOS), in the Web Mercator the window draws in.
    const std::string inside = "ST_Within(ST_Transform(p.geom, 3857), GeomFromText('POLYGON((" + ring + "))', 3857))";
    const std::string expected = shown_ids(t.store, inside, true);
    const size_t n = count_of(expected);
    REQUIRE(n > 20);
    // The notch of the C holds cameras too, which the lasso leaves out.
    REQUIRE(count_of(shown_ids(t.store, t.in_box(600, 450, 880, 540))) > 5);

    const std::string dahua_outside = shown_ids(t.store, "p.vendor = 'Dahua' AND NOT " + inside, true);
    const std::string said = t.window("--action select --drag alt+" + path + " --fill vendor=dahua", "lasso.png");
    CHECK(said.find("Set vendor dahua of " + std::to_string(n) + " points (change set 1)") != std::string::npos);
    CHECK(shown_ids(t.store, "p.vendor = 'Dahua' AND " + inside, true) == expected);
    // Outside it, the reports of Dahua cameras the file had are all there is of the vendor.
    CHECK(shown_ids(t.store, "p.vendor = 'Dahua' AND NOT " + inside, true) == dahua_outside);
    CHECK(test::sql_integer(t.store, "SELECT count(DISTINCT change_set) FROM curation_changes") == 1);

    // A box, Shift and a second box beside it, Ctrl and a third box across both: rejected, what
    // is left of the first two.
    const std::string a = t.in_box(500, 300, 700, 500), b = t.in_box(720, 300, 900, 500),
                      c = t.in_box(600, 400, 800, 450);
    const std::string left = shown_ids(t.store, "(" + a + " OR " + b + ") AND NOT " + c);
    REQUIRE(count_of(left) > 20);
    REQUIRE(count_of(shown_ids(t.store, c)) > 5);
    // Then Ctrl and a click on one of what is left, a camera with no other within 20 pixels: it
    // leaves the selection too (a drag that does not move is a click). Its pixel from its stored coordinates and the
    // test's view.
    const auto xs = sql_column(t.store, "SELECT ST_X(p.geom) FROM points p WHERE p.deleted_at IS NULL AND "
                                        "p.merged_into IS NULL AND p.status <> 'rejected' ORDER BY p.id");
    const auto ys = sql_column(t.store, "SELECT ST_Y(p.geom) FROM points p WHERE p.deleted_at IS NULL AND "
                                        "p.merged_into IS NULL AND p.status <> 'rejected' ORDER BY p.id");
    const auto all = sql_column(t.store, "SELECT p.id FROM points p WHERE p.deleted_at IS NULL AND "
                                         "p.merged_into IS NULL AND p.status <> 'rejected' ORDER BY p.id");
    std::vector<geo::XY> pixels;
    for (size_t k = 0; k < all.size(); ++k)
        pixels.push_back(t.scene.view.to_pixel(geo::to_mercator({std::stod(xs[k]), std::stod(ys[k])})));
    std::string alone;
    geo::XY at;
    for (size_t k = 0; k < all.size() && alone.empty(); ++k) {
        // Clear of the panels: the layers on the left, the selection's at the top right.
        const bool on_map = pixels[k].x > 320 && pixels[k].x < 950 && pixels[k].y > 100 && pixels[k].y < 800;
        if (!on_map || ("," + left + ",").find("," + all[k] + ",") == std::string::npos) continue;
        bool apart = true;
        for (size_t j = 0; j < all.size() && apart; ++j)
            apart = j == k || std::hypot(pixels[j].x - pixels[k].x, pixels[j].y - pixels[k].y) >= 20;
        if (apart) {
            alone = all[k];
            at = pixels[k];
        }
    }
    REQUIRE(!alone.empty());
    std::string rest;
    for (size_t from = 0; from <= left.size();) {
        const size_t to = std::min(left.find(',', from), left.size());
        if (left.substr(from, to - from) != alone) rest += (rest.empty() ? "" : ",") + left.substr(from, to - from);
        from = to + 1;
    }
    const size_t m = count_of(rest);
    const std::string click = std::to_string(std::lround(at.x)) + "," + std::to_string(std::lround(at.y));
    const std::string said2 =
        t.window("--action select --drag 500,300,700,500 --drag shift+720,300,900,500 --drag ctrl+600,400,800,450 "
                 "--drag ctrl+" +
                     click + "," + click + " --fill status=rejected",
                 "add_remove.png");
    CHECK(said2.find("Removed 1 point: " + std::to_string(m) + " points selected") != std::string::npos);
    CHECK(said2.find("Set status rejected of " + std::to_string(m) + " points (change set 2)") != std::string::npos);
    CHECK(ids_where(t.store, "SELECT id FROM points WHERE status = 'rejected' ORDER BY id") == rest);
}

TEST_CASE("A status change patched into the window's layers shows what the project holds: the layer's count, the map "
          "and, undone, the count before",
          "[e2e][window][selection]") {
    Trial t;
    if (!t.ready()) return;
    const int x0 = 500, y0 = 300, x1 = 900, y1 = 600;
    const std::string expected = shown_ids(t.store, t.in_box(x0, y0, x1, y1));
    const size_t n = count_of(expected);
    REQUIRE(n > 50);
    // The layer panel's count as SQL takes it: the cameras of the layer, and those the default
    // filter shows (not rejected).
    const auto counts = [&] {
        const std::string live = "SELECT count(*) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE "
                                 "l.name = 'cctv' AND p.deleted_at IS NULL AND p.merged_into IS NULL";
        return "cctv " + std::to_string(test::sql_integer(t.store, live + " AND p.status <> 'rejected'")) + " / " +
               std::to_string(test::sql_integer(t.store, live));
    };
    const std::string before = counts();
    const std::string mouse = " --mouse " + std::to_string(x1) + "," + std::to_string(y1);
    t.window("--action select" + mouse, "before.png");

    const std::string said =
        t.window("--action select --drag " + std::to_string(x0) + "," + std::to_string(y0) + "," + std::to_string(x1) +
                     "," + std::to_string(y1) + " --fill status=rejected --print-counts",
                 "patched.png");
    CHECK(said.find("Set status rejected of " + std::to_string(n) + " points (change set 1)") != std::string::npos);
    CHECK(ids_where(t.store, "SELECT id FROM points WHERE status = 'rejected' ORDER BY id") == expected);
    const std::string after = counts();
    CHECK(after != before);
    CHECK(said.find(after + "\n") != std::string::npos);

    // A window that reads the project anew counts the same and draws the same map (where the
    // panels, the status line and the legends, which keep clear of the selection panel, are not).
    const std::string fresh = t.window("--action select --print-counts" + mouse, "fresh.png");
    CHECK(fresh.find(after + "\n") != std::string::npos);
    const auto a = geo::read_png(t.dir / "before.png"), b = geo::read_png(t.dir / "patched.png"),
               c = geo::read_png(t.dir / "fresh.png");
    int64_t patched_vs_fresh = 0, before_vs_fresh = 0, area = 0;
    for (int y = 140; y < 600; ++y)
        for (int x = 310; x < 960; ++x) {
            const auto p = a.at(x, y), q = b.at(x, y), r = c.at(x, y);
            patched_vs_fresh += q.r != r.r || q.g != r.g || q.b != r.b;
            before_vs_fresh += p.r != r.r || p.g != r.g || p.b != r.b;
            ++area;
        }
    CHECK(patched_vs_fresh <= area / 1000);
    CHECK(before_vs_fresh > static_cast<int64_t>(20 * n)); // the rejected cameras are gone from the map

    // Ctrl+Z in a window: the count it shows is the one before again.
    const std::string undone = t.window("--action undo --print-counts", "undone.png");
    CHECK(undone.find("Undid change set 1: status of " + std::to_string(n) + " points") != std::string::npos);
    CHECK(counts() == before);
    CHECK(undone.find(before + "\n") != std::string::npos);
}
