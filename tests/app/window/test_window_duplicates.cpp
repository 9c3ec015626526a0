// The duplicates panel (under a virtual display), on the real CCTV reports of Jyväskylä, whose
// import flags a dozen places reported more than once: Show goes to a group (the view the window
// saves is centred on the group's box, as SQL computes it), Merge makes a whole group one camera and
// Distinct clears another group's flags. Checked in the project with SQL of its own.

#include "support/shared_data.hpp"
#include "support/sql_query.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using namespace oko;
using test::quoted;
using test::run_command;
using test::sql_integer;
using test::sql_text;

TEST_CASE("The duplicates panel shows a flagged group, merges it whole and marks another distinct",
          "[e2e][window][curation]") {
    const auto csv = test::shared_data("cameras/jyvaskyla_cctv.csv");
    if (!csv || !test::can_open_window()) return;
    test::TempDir dir;
    const auto store = dir / "j.oko";
    const auto imported =
        run_command(test::oko_command("import " + quoted(*csv) + " --store " + quoted(store) + " --layer cctv"));
    INFO(imported.output);
    REQUIRE(imported.status == 0);
    const std::string env = "XDG_CONFIG_HOME=" + quoted(dir / "config") + " OKO_USER=tester ";
    const auto window = [&](const std::string& args) {
        const auto r =
            run_command(env + "xvfb-run -a -s '-screen 0 1400x900x24' " +
                        test::oko_command(quoted(store) + " --window-size 1400x900 --frames 8 --screenshot " +
                                          quoted(dir / "shot.png") + " --show duplicates " + args));
        INFO(r.output);
        REQUIRE(r.status == 0);
        return r.output;
    };
    // The group with the most reports some metres apart, and its members, as SQL finds them: the
    // camera they were flagged against and every live one flagged against it.
    const std::string head =
        sql_text(store, "SELECT duplicate_of FROM points WHERE duplicate_distance_m > 1 GROUP BY duplicate_of "
                        "ORDER BY count(*) DESC, duplicate_of LIMIT 1");
    REQUIRE(!head.empty());
    const std::string members = " FROM points p JOIN idx_points_geom r ON r.pkid = p.id WHERE (p.id = " + head +
                                " OR p.duplicate_of = " + head + ")";
    const int64_t size = sql_integer(store, "SELECT count(*)" + members);
    REQUIRE(size >= 2);

    // Show: the view goes to the group (its box's middle; the box is a few metres across).
    window("--fill show=" + head);
    const auto scene =
        nlohmann::json::parse(sql_text(store, "SELECT json FROM scenes WHERE name = 'window'"))["view"]["centre"];
    CHECK(scene["lon"].get<double>() ==
          Approx(std::stod(sql_text(store, "SELECT (min(r.xmin) + max(r.xmax)) / 2" + members))).margin(1e-6));
    CHECK(scene["lat"].get<double>() ==
          Approx(std::stod(sql_text(store, "SELECT (min(r.ymin) + max(r.ymax)) / 2" + members))).margin(1e-6));
    CHECK(sql_integer(store, "SELECT count(*) FROM curation_changes") == 0); // showing changes nothing

    // Merge: one change set, every other report of the group merged into its lowest id.
    const std::string camera = sql_text(store, "SELECT min(p.id)" + members);
    const auto said = window("--fill group=" + head);
    CHECK(said.find("Merged " + std::to_string(size) + " reports into camera " + camera + " (change set 1)") !=
          std::string::npos);
    CHECK(sql_integer(store, "SELECT count(*)" + members + " AND p.merged_into = " + camera) == size - 1);
    CHECK(sql_integer(store, "SELECT count(DISTINCT change_set) FROM curation_changes WHERE who = 'tester'") == 1);
    // A group pressed again is no group any more: nothing more is merged.
    window("--fill group=" + head);
    CHECK(sql_integer(store, "SELECT count(DISTINCT change_set) FROM curation_changes") == 1);

    // Distinct: another group, as SQL finds it among the live cameras; its flags are cleared in one
    // change set and it leaves the list, and every camera of it stays a camera.
    const std::string other = sql_text(store, "SELECT duplicate_of FROM points WHERE duplicate_of IS NOT NULL AND "
                                              "deleted_at IS NULL AND merged_into IS NULL GROUP BY duplicate_of "
                                              "ORDER BY count(*) DESC, duplicate_of LIMIT 1");
    REQUIRE(!other.empty());
    const std::string group = " FROM points WHERE (id = " + other + " OR duplicate_of = " + other +
                              ") AND deleted_at IS NULL AND merged_into IS NULL";
    const int64_t reports = sql_integer(store, "SELECT count(*)" + group);
    REQUIRE(reports >= 2);
    const int64_t cameras = sql_integer(store, "SELECT count(*) FROM points WHERE deleted_at IS NULL AND "
                                               "merged_into IS NULL");
    const auto marked = window("--fill distinct-group=" + other);
    CHECK(marked.find("Marked " + std::to_string(reports) + " reports as distinct cameras (change set 2)") !=
          std::string::npos);
    CHECK(sql_integer(store, "SELECT count(*) FROM points WHERE duplicate_of = " + other) == 0);
    CHECK(sql_integer(store, "SELECT count(DISTINCT change_set) FROM curation_changes") == 2);
    CHECK(sql_integer(store, "SELECT count(*) FROM points WHERE deleted_at IS NULL AND merged_into IS NULL") ==
          cameras);
}
