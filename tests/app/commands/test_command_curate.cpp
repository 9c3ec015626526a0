// The curation commands as a user runs them: the built `oko` on the real CCTV reports of
// Jyväskylä (shared data), each change checked through SQL of its own, the counts of `oko layers`
// and `oko stats` against sqlite3 counts, undo back to the imported content, and the errors.

#include "app/commands/json_shape.hpp"
#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"
#include "support/sql_query.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <fstream>
#include <string>
#include <vector>

using namespace oko;
using test::quoted;
using test::run_command;

namespace {

// Every row of the points and of their spatial index, as text, in id order.
std::string points_dump(const std::filesystem::path& db) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    std::string out;
    for (const char* sql : {"SELECT * FROM points ORDER BY id", "SELECT * FROM idx_points_geom ORDER BY pkid"}) {
        sqlite3_stmt* q = nullptr;
        REQUIRE(sqlite3_prepare_v2(h, sql, -1, &q, nullptr) == SQLITE_OK);
        while (sqlite3_step(q) == SQLITE_ROW) {
            for (int i = 0; i < sqlite3_column_count(q); ++i) {
                out += std::to_string(sqlite3_column_type(q, i)) + ":";
                const auto* b = static_cast<const char*>(sqlite3_column_blob(q, i));
                out.append(b ? b : "", static_cast<size_t>(sqlite3_column_bytes(q, i)));
                out += '|';
            }
            out += '\n';
        }
        sqlite3_finalize(q);
    }
    sqlite3_close(h);
    return out;
}

nlohmann::json run_json(const std::string& args) {
    const auto r = run_command(test::oko_command(args));
    INFO(args);
    INFO(r.output);
    REQUIRE(r.status == 0);
    return nlohmann::json::parse(r.output);
}

void check_shape(const nlohmann::json& j, const app::JsonShape& shape) {
    const auto errors = app::shape_errors(j, shape);
    INFO(j.dump(2));
    for (const auto& e : errors)
        FAIL_CHECK(e);
}

const char* kLive = "SELECT count(*) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = 'cctv' AND "
                    "p.deleted_at IS NULL AND p.merged_into IS NULL";

} // namespace

TEST_CASE("oko edit, add, merge, delete, history, undo and redo on the Jyväskylä CCTV reports", "[e2e][curation]") {
    const auto csv = test::shared_data("cameras/jyvaskyla_cctv.csv");
    if (!csv) return;
    test::TempDir dir;
    const auto store = dir / "p.oko";
    const std::string at = " --store " + quoted(store);
    const auto imported = run_command(test::oko_command("import " + quoted(*csv) + at + " --layer cctv"));
    INFO(imported.output);
    REQUIRE(imported.status == 0);
    const int64_t first = test::sql_integer(
        store, "SELECT min(p.id) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = 'cctv'");
    const std::string id = std::to_string(first);
    const auto nth = [&](int n) { return std::to_string(first + n); };
    const std::string imported_dump = points_dump(store);
    REQUIRE(test::sql_integer(store, kLive) == 450);

    // Three reports verified in one change set.
    auto j = run_json("edit" + at + " --layer cctv --ids " + id + "," + nth(1) + "," + nth(2) +
                      " --status verified --note 'checked on site' --who ana --json");
    check_shape(j, app::curation_shape());
    CHECK(j["change_set"] == 1);
    REQUIRE(j["changes"].size() == 6); // status and note of each
    for (const auto& c : j["changes"])
        CHECK(c["who"] == "ana");
    CHECK(test::sql_integer(store, std::string(kLive) +
                                       " AND p.status = 'verified' AND p.status_note = 'checked on site'") == 3);

    // An attribute changed and the camera moved.
    j = run_json("edit" + at + " --layer cctv --id " + nth(3) +
                 " --set camera_type=dome --move 25.7400,62.2400 --json");
    CHECK(j["change_set"] == 2);
    CHECK(test::sql_integer(store, "SELECT count(*) FROM points WHERE id = " + nth(3) +
                                       " AND json_extract(attributes, '$.camera_type') = 'dome'") == 1);
    CHECK(test::sql_integer(
              store, "SELECT count(*) FROM idx_points_geom WHERE pkid = " + nth(3) +
                         " AND xmin <= 25.7400 AND xmax >= 25.7400 AND ymin <= 62.2400 AND ymax >= 62.2400") == 1);

    // A camera added by hand: its id on stdout.
    const auto added =
        run_command("OKO_USER=marko " + test::oko_command("add" + at +
                                                          " --layer cctv --at 25.7500,62.2450 "
                                                          "--set vendor=axis --set camera_type=directed"));
    INFO(added.output);
    REQUIRE(added.status == 0);
    const int64_t new_id = std::stoll(added.output);
    CHECK(test::sql_integer(store, "SELECT count(*) FROM points WHERE id = " + std::to_string(new_id) +
                                       " AND vendor = 'Axis' AND added_by = 'marko' AND source_id IS NULL") == 1);

    // Two reports of one camera merged: both reports listed with their rows in the file.
    j = run_json("merge" + at + " --layer cctv --ids " + nth(5) + "," + nth(4) + " --json");
    check_shape(j, app::curation_shape());
    REQUIRE(j["reports"].size() == 2);
    CHECK(j["reports"][0]["point"] == first + 4);
    CHECK(j["reports"][1]["point"] == first + 5);
    CHECK(j["reports"][1]["merged"] == true);
    for (const auto& r : j["reports"]) {
        CHECK(r["source_file"] == "jyvaskyla_cctv.csv");
        CHECK(r["source_row"] == test::sql_integer(store, "SELECT source_row FROM points WHERE id = " +
                                                              std::to_string(r["point"].get<int64_t>())));
    }

    // The camera's reports and changes, listed later from either of its ids.
    const auto camera = run_json("history" + at + " --layer cctv --id " + nth(5) + " --json");
    check_shape(camera, app::history_shape());
    REQUIRE(camera["reports"].size() == 2);
    CHECK(camera["reports"][0]["point"] == first + 4);
    REQUIRE(camera["changes"].size() == 1);
    CHECK(camera["changes"][0]["field"] == "merged_into");
    CHECK(camera["changes"][0]["new"] == nth(4));
    const auto listed = run_command(test::oko_command("history" + at + " --layer cctv --id " + nth(4)));
    CHECK(listed.output.starts_with("camera " + nth(4) + ": 2 reports\n  #" + nth(4) + "  jyvaskyla_cctv.csv row "));

    const auto deleted = run_command(test::oko_command("delete" + at + " --layer cctv --id " + nth(6)));
    REQUIRE(deleted.status == 0);
    CHECK(deleted.output.find("deleted") != std::string::npos);

    // Counts: cameras, as SQL counts them (450 + 1 added - 1 merged - 1 deleted).
    REQUIRE(test::sql_integer(store, kLive) == 449);
    const auto layers = run_json("layers" + at + " --json");
    bool seen = false;
    for (const auto& l : layers)
        if (l["name"] == "cctv") {
            seen = true;
            CHECK(l["features"] == 449);
        }
    CHECK(seen);
    CHECK(run_json("stats" + at + " --layer cctv --filter status=verified --json")["total"] ==
          test::sql_integer(store, std::string(kLive) + " AND p.status = 'verified'"));
    CHECK(run_json("stats" + at + " --layer cctv --filter status=all --json")["total"] == 449);
    const auto by_default = run_json("stats" + at + " --layer cctv --json");
    CHECK(by_default["total"] == test::sql_integer(store, std::string(kLive) + " AND p.status <> 'rejected'"));
    // The table says what the default left out.
    CHECK(by_default["rejected_left_out"] ==
          test::sql_integer(store, std::string(kLive) + " AND p.status = 'rejected'"));
    CHECK(run_json("stats" + at + " --layer cctv --filter status=all --json")["rejected_left_out"] == 0);

    // The history: five change sets, oldest first.
    const auto history = run_json("history" + at + " --layer cctv --json");
    check_shape(history, app::history_shape());
    CHECK(history["changes"].front()["change_set"] == 1);
    CHECK(history["changes"].back()["change_set"] == 5);
    CHECK(history["changes"].back()["field"] == "deleted");
    const auto table = run_command(test::oko_command("history" + at));
    REQUIRE(table.status == 0);
    CHECK(table.output.find("camera_type: directed → dome") != std::string::npos); // row 5 of the file
    CHECK(table.output.find("marko") != std::string::npos);

    // Undone to the import, byte for byte; then nothing to undo; redo applies the first again.
    for (int set = 5; set >= 1; --set) {
        const auto undone = run_command(test::oko_command("undo" + at));
        REQUIRE(undone.status == 0);
        CHECK(undone.output.starts_with("undid change set " + std::to_string(set)));
    }
    CHECK(run_command(test::oko_command("undo" + at)).output == "nothing to undo\n");
    CHECK(points_dump(store) == imported_dump);
    CHECK(run_command(test::oko_command("redo" + at)).output.starts_with("redid change set 1"));
    CHECK(test::sql_integer(store, std::string(kLive) + " AND p.status = 'verified'") == 3);
    // A new change ends what could be redone.
    REQUIRE(run_command(test::oko_command("delete" + at + " --layer cctv --id " + nth(9))).status == 0);
    CHECK(run_command(test::oko_command("redo" + at)).output == "nothing to redo\n");
}

TEST_CASE("The curation commands refuse bad requests with exit 2, naming the option", "[e2e][curation]") {
    test::TempDir dir;
    const auto store = dir / "p.oko";
    const auto csv = dir / "cameras.csv";
    std::filesystem::copy_file(std::filesystem::path(OKO_TEST_FIXTURES) / "points" / "novi_sad_cameras.csv", csv);
    const std::string at = " --store " + quoted(store);
    REQUIRE(run_command(test::oko_command("import " + quoted(csv) + at + " --layer cameras")).status == 0);
    const int64_t first = test::sql_integer(
        store, "SELECT min(p.id) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = 'cameras'");
    const std::string id = std::to_string(first);
    const std::string before = points_dump(store);
    const std::vector<std::pair<std::string, std::string>> cases{
        {"edit" + at + " --layer kamere --id " + id + " --status verified", "no point layer 'kamere'"},
        {"edit" + at + " --layer cameras --id 999999 --status verified", "layer 'cameras' has no point 999999"},
        {"edit" + at + " --layer cameras --id x --status verified", "--id"},
        {"edit" + at + " --layer cameras --id " + id + " --status maybe", "--status"},
        {"edit" + at + " --layer cameras --id " + id + " --set year=soon", "'soon' is not a year"},
        {"edit" + at + " --layer cameras --id " + id + " --set colour=red", "no field 'colour'"},
        {"edit" + at + " --layer cameras --id " + id + " --set vendor", "expected FIELD=VALUE"},
        {"edit" + at + " --layer cameras --id " + id + " --move 19.8", "expected LON,LAT"},
        {"edit" + at + " --layer cameras --id " + id + " --move 19.8,91", "latitude -90 to 90"},
        {"edit" + at + " --layer cameras --id " + id, "nothing to change"},
        {"add" + at + " --layer cameras --at 200,45", "longitude -180 to 180"},
        {"merge" + at + " --layer cameras --ids " + id, "two or more different ids"},
        {"merge" + at + " --layer cameras --ids " + id + ",1", "not in layer 'cameras'"},
        {"stats" + at + " --layer cameras --filter status=maybe", "'maybe' is not a status"},
    };
    for (const auto& [args, message] : cases) {
        const auto r = run_command(test::oko_command(args));
        INFO(args);
        INFO(r.output);
        CHECK(r.status == 2);
        CHECK(r.output.find(message) != std::string::npos);
    }
    CHECK(points_dump(store) == before);
    CHECK(test::sql_integer(store, "SELECT count(*) FROM curation_changes") == 0);
}

TEST_CASE("oko stats says how many rejected cameras the default left out", "[e2e][curation]") {
    test::TempDir dir;
    const auto store = dir / "p.oko";
    const auto imported =
        run_command(test::oko_command("import " + quoted(test::point_fixture("novi_sad_cameras.csv")) + " --store " +
                                      quoted(store) + " --layer cameras"));
    INFO(imported.output);
    REQUIRE(imported.status == 0);
    const std::string in_layer = "FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = 'cameras'";
    const int64_t first = test::sql_integer(store, "SELECT min(p.id) " + in_layer);
    const std::string at = " --store " + quoted(store);
    REQUIRE(run_command(test::oko_command("edit" + at + " --layer cameras --status rejected --ids " +
                                          std::to_string(first) + "," + std::to_string(first + 2)))
                .status == 0);
    const int64_t rejected = test::sql_integer(store, "SELECT count(*) " + in_layer + " AND p.status = 'rejected'");
    REQUIRE(rejected == 2);
    const auto j = run_json("stats" + at + " --layer cameras --json");
    check_shape(j, app::stats_shape());
    CHECK(j["rejected_left_out"] == rejected);
    CHECK(j["total"] == test::sql_integer(store, "SELECT count(*) " + in_layer + " AND p.status <> 'rejected'"));
    const auto text = run_command(test::oko_command("stats" + at + " --layer cameras"));
    CHECK(text.output.find("; 2 rejected left out\n") != std::string::npos);
    CHECK(run_json("stats" + at + " --layer cameras --filter status=all --json")["rejected_left_out"] == 0);
    CHECK(run_json("stats" + at + " --layer cameras --filter status=rejected --json")["total"] == rejected);
}

TEST_CASE("oko distinct clears the flags between duplicates, and oko undo puts them back", "[e2e][curation]") {
    test::TempDir dir;
    const auto store = dir / "p.oko";
    const std::string at = " --store " + quoted(store);
    const auto imported = run_command(test::oko_command(
        "import " + quoted(test::point_fixture("novi_sad_repeated_reports.csv")) + at + " --layer cameras"));
    INFO(imported.output);
    REQUIRE(imported.status == 0);
    const int64_t first = test::sql_integer(
        store, "SELECT min(p.id) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = 'cameras'");
    const auto id = [&](int n) { return std::to_string(first + n); };
    const char* flagged = "SELECT count(*) FROM points WHERE duplicate_of IS NOT NULL";
    REQUIRE(test::sql_integer(store, flagged) == 3);
    const std::string before = points_dump(store);

    auto j =
        run_json("distinct" + at + " --layer cameras --ids " + id(0) + "," + id(1) + "," + id(2) + " --who ana --json");
    check_shape(j, app::curation_shape());
    CHECK(j["command"] == "distinct");
    CHECK(j["change_set"] == 1);
    REQUIRE(j["changes"].size() == 2);
    for (const auto& c : j["changes"]) {
        CHECK(c["field"] == "duplicate_of");
        CHECK(c["old"] == id(0));
        CHECK(c["new"].is_null());
    }
    CHECK(test::sql_integer(store, flagged) == 1);
    CHECK(test::sql_integer(store, "SELECT count(*) FROM points WHERE duplicate_of = " + id(0)) == 0);
    // Still six cameras for oko layers and oko stats, as SQL counts them.
    const int64_t cameras =
        test::sql_integer(store, "SELECT count(*) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE "
                                 "l.name = 'cameras' AND p.deleted_at IS NULL AND p.merged_into IS NULL");
    CHECK(cameras == 6);
    CHECK(run_json("stats" + at + " --layer cameras --filter status=all --json")["total"] == cameras);

    const auto text = run_command(test::oko_command("distinct" + at + " --layer cameras --ids " + id(3) + "," + id(4)));
    INFO(text.output);
    REQUIRE(text.status == 0);
    CHECK(text.output.starts_with("recorded change set 2\n"));
    CHECK(text.output.find("duplicate_of: " + id(3) + " → (none)") != std::string::npos);
    CHECK(test::sql_integer(store, flagged) == 0);

    // Refused: no flag between them.
    const auto refused =
        run_command(test::oko_command("distinct" + at + " --layer cameras --ids " + id(0) + "," + id(5)));
    CHECK(refused.status == 2);
    CHECK(refused.output.find("--ids") != std::string::npos);
    CHECK(refused.output.find("was not flagged as a duplicate of point " + id(5)) != std::string::npos);

    REQUIRE(run_command(test::oko_command("undo" + at)).status == 0);
    REQUIRE(run_command(test::oko_command("undo" + at)).status == 0);
    CHECK(points_dump(store) == before);
}

TEST_CASE("oko revert puts back one change set as a new one, and refuses what a later one changed", "[e2e][curation]") {
    test::TempDir dir;
    const auto store = dir / "p.oko";
    const std::string at = " --store " + quoted(store);
    REQUIRE(run_command(test::oko_command("import " + quoted(test::point_fixture("novi_sad_cameras.csv")) + at +
                                          " --layer cameras"))
                .status == 0);
    const int64_t first = test::sql_integer(
        store, "SELECT min(p.id) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = 'cameras'");
    const auto id = [&](int n) { return std::to_string(first + n); };
    const std::string imported = points_dump(store);
    const char* live = "SELECT count(*) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = "
                       "'cameras' AND p.deleted_at IS NULL AND p.merged_into IS NULL";
    REQUIRE(test::sql_integer(store, live) == 12);
    for (const std::string& args : {"edit" + at + " --layer cameras --id " + id(0) + " --set vendor=Axis",
                                    "merge" + at + " --layer cameras --ids " + id(1) + "," + id(2) + "," + id(3),
                                    "delete" + at + " --layer cameras --id " + id(4),
                                    "edit" + at + " --layer cameras --id " + id(0) + " --set vendor=Bosch"})
        REQUIRE(run_command(test::oko_command(args)).status == 0);
    REQUIRE(test::sql_integer(store, live) == 12 - 2 - 1);

    // The merge reverted (not the last change set): its three cameras counted again.
    auto j = run_json("revert" + at + " --change 2 --who ana --json");
    check_shape(j, app::curation_shape());
    CHECK(j["command"] == "revert");
    CHECK(j["change_set"] == 5);
    CHECK(j["ids"] == nlohmann::json::array({first + 2, first + 3}));
    REQUIRE(j["changes"].size() == 2);
    CHECK(j["changes"][0]["field"] == "merged_into");
    CHECK(j["changes"][0]["old"] == id(1));
    CHECK(j["changes"][0]["new"].is_null());
    CHECK(test::sql_integer(store, live) == 12 - 1);
    const auto text = run_command(test::oko_command("revert" + at + " --change 3"));
    INFO(text.output);
    REQUIRE(text.status == 0);
    CHECK(text.output.starts_with("reverted change set 3: recorded change set 6\n"));
    CHECK(test::sql_integer(store, live) == 12);

    // The first edit's vendor was changed again by change set 4: refused, nothing written.
    const std::string before = points_dump(store);
    const auto rows_before = test::sql_integer(store, "SELECT count(*) FROM curation_changes");
    for (const auto& [args, message] : std::vector<std::pair<std::string, std::string>>{
             {"revert" + at + " --change 1",
              "the vendor of point " + id(0) + " was changed again by change set 4 (revert or undo that one first)"},
             {"revert" + at + " --change 40", "there is no change set 40 (the history has change sets 1 to 6"},
             {"revert" + at + " --change x", "--change"},
             {"revert" + at, "--change is required"}}) {
        const auto r = run_command(test::oko_command(args));
        INFO(args);
        INFO(r.output);
        CHECK(r.status == 2);
        CHECK(r.output.find(message) != std::string::npos);
    }
    CHECK(points_dump(store) == before);
    CHECK(test::sql_integer(store, "SELECT count(*) FROM curation_changes") == rows_before);

    // Undo the last edit, then revert the first: the imported vendor back; undone to the import.
    REQUIRE(run_command(test::oko_command("undo" + at)).status == 0); // the delete's revert
    REQUIRE(run_command(test::oko_command("undo" + at)).status == 0); // the merge's revert
    REQUIRE(run_command(test::oko_command("undo" + at)).output.starts_with("undid change set 4"));
    const auto undone = run_command(test::oko_command("revert" + at + " --change 4"));
    CHECK(undone.status == 2);
    CHECK(undone.output.find("change set 4 is undone; redo it or leave it") != std::string::npos);
    REQUIRE(run_command(test::oko_command("revert" + at + " --change 1")).status == 0);
    CHECK(test::sql_integer(store, "SELECT count(*) FROM points WHERE id = " + id(0) + " AND vendor = 'Huawei'") == 1);
    for (int i = 0; i < 4; ++i)
        REQUIRE(run_command(test::oko_command("undo" + at)).status == 0);
    CHECK(points_dump(store) == imported);
}

TEST_CASE("oko add and edit take the known camera fields on any layer, and oko export maps them to OSM tags",
          "[e2e][curation]") {
    test::TempDir dir;
    const auto store = dir / "p.oko";
    const std::string at = " --store " + quoted(store);
    REQUIRE(run_command(test::oko_command("import " + quoted(test::point_fixture("novi_sad_cameras.csv")) + at +
                                          " --layer cameras"))
                .status == 0);
    const auto added = run_command(test::oko_command("add" + at +
                                                     " --layer cameras --at 19.8450,45.2550 --set vendor=Dahua "
                                                     "--set type=dome --set direction=NE --set model=IPC-HDW "
                                                     "--set 'notes=above the door'"));
    INFO(added.output);
    REQUIRE(added.status == 0);
    const std::string id = std::to_string(std::stoll(added.output));
    CHECK(test::sql_integer(store, "SELECT count(*) FROM points_cameras WHERE id = " + id +
                                       " AND \"camera:type\" = 'dome' AND \"camera:direction\" = 'NE' AND model = "
                                       "'IPC-HDW' AND notes = 'above the door'") == 1);
    // Another camera's direction, in degrees, into the attribute the layer now has.
    const int64_t first = test::sql_integer(
        store, "SELECT min(p.id) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = 'cameras'");
    REQUIRE(run_command(test::oko_command("edit" + at + " --layer cameras --id " + std::to_string(first) +
                                          " --set direction=270 --set type=fixed"))
                .status == 0);
    CHECK(test::sql_integer(store, "SELECT count(*) FROM points_cameras WHERE \"camera:direction\" IS NOT NULL") == 2);

    // The OSM export reads them back as the surveillance tags.
    const auto osm = dir / "cameras.osm";
    REQUIRE(run_command(test::oko_command("export" + at + " --layer cameras --out " + quoted(osm))).status == 0);
    std::ifstream in(osm);
    const std::string xml((std::istreambuf_iterator<char>(in)), {});
    CHECK(xml.find("<tag k=\"camera:type\" v=\"dome\"/>\n    <tag k=\"camera:direction\" v=\"45\"/>") !=
          std::string::npos);
    CHECK(xml.find("<tag k=\"camera:type\" v=\"fixed\"/>\n    <tag k=\"camera:direction\" v=\"270\"/>") !=
          std::string::npos);

    // Refused: a direction out of range, and a name no camera has, listing what is accepted.
    const std::string before = points_dump(store);
    for (const auto& [args, message] : std::vector<std::pair<std::string, std::string>>{
             {"edit" + at + " --layer cameras --id " + id + " --set direction=400",
              "'400' is not a direction: write degrees clockwise from north, 0 to 360"},
             {"add" + at + " --layer cameras --at 19.84,45.25 --set typ=dome",
              "has no field 'typ'; its fields are vendor, year, street, camera:type, camera:direction, model, notes, "
              "and any camera may have type, direction, model, notes"}}) {
        const auto r = run_command(test::oko_command(args));
        INFO(args);
        INFO(r.output);
        CHECK(r.status == 2);
        CHECK(r.output.find(message) != std::string::npos);
    }
    CHECK(points_dump(store) == before);
}

TEST_CASE("oko duplicates lists the flagged groups of the Jyväskylä reports until they are merged or distinct",
          "[e2e][curation]") {
    const auto csv = test::shared_data("cameras/jyvaskyla_cctv.csv");
    if (!csv) return;
    test::TempDir dir;
    const auto store = dir / "j.oko";
    const std::string at = " --store " + quoted(store) + " --layer cctv";
    REQUIRE(run_command(test::oko_command("import " + quoted(*csv) + at)).status == 0);
    // The groups as SQL of its own finds them: the live reports flagged against one point, with
    // that point when it is still a camera; a group of one is none.
    const auto sql_groups = [&](const char* what) {
        return test::sql_integer(
            store, std::string("WITH m AS (SELECT duplicate_of AS h, count(*) AS n FROM points WHERE duplicate_of IS "
                               "NOT NULL AND deleted_at IS NULL AND merged_into IS NULL GROUP BY duplicate_of), "
                               "g AS (SELECT n + (SELECT count(*) FROM points WHERE id = h AND deleted_at IS NULL "
                               "AND merged_into IS NULL) AS size FROM m) SELECT ") +
                       what + " FROM g WHERE size >= 2");
    };
    auto j = run_json("duplicates" + at + " --json");
    check_shape(j, app::duplicates_shape());
    const int64_t groups = sql_groups("count(*)");
    REQUIRE(groups >= 2);
    CHECK(j["groups"].size() == static_cast<size_t>(groups));
    CHECK(j["reports"] == sql_groups("sum(size)"));
    for (const auto& g : j["groups"]) {
        const auto head = std::to_string(g["ids"][0].get<int64_t>());
        REQUIRE(g["points"].size() == g["ids"].size());
        for (size_t i = 1; i < g["points"].size(); ++i) {
            const auto& p = g["points"][i];
            const auto id = std::to_string(p["id"].get<int64_t>());
            CHECK(p["id"] == g["ids"][i]);
            CHECK(test::sql_text(store, "SELECT duplicate_of FROM points WHERE id = " + id) == head);
            CHECK(p["metres"].get<double>() ==
                  Approx(std::stod(test::sql_text(store, "SELECT duplicate_distance_m FROM points WHERE id = " + id))));
            const auto vendor = test::sql_text(store, "SELECT coalesce(vendor, '') FROM points WHERE id = " + id);
            CHECK(p["vendor"] == (vendor.empty() ? nlohmann::json() : nlohmann::json(vendor)));
        }
    }
    const auto ids_of = [](const nlohmann::json& g) {
        std::string s;
        for (const auto& id : g["ids"])
            s += (s.empty() ? "" : ",") + std::to_string(id.get<int64_t>());
        return s;
    };
    const auto text = run_command(test::oko_command("duplicates" + at));
    INFO(text.output);
    REQUIRE(text.status == 0);
    CHECK(text.output.starts_with(std::to_string(groups) + " places in layer 'cctv' reported more than once (" +
                                  std::to_string(sql_groups("sum(size)")) + " reports)\n  " + ids_of(j["groups"][0]) +
                                  "  ("));

    // Merged and marked distinct: those two groups are no longer listed.
    REQUIRE(run_command(test::oko_command("merge" + at + " --ids " + ids_of(j["groups"][0]))).status == 0);
    REQUIRE(run_command(test::oko_command("distinct" + at + " --ids " + ids_of(j["groups"][1]))).status == 0);
    const auto after = run_json("duplicates" + at + " --json");
    CHECK(after["groups"].size() == static_cast<size_t>(groups - 2));
    CHECK(static_cast<int64_t>(after["groups"].size()) == sql_groups("count(*)"));
    for (const auto& g : after["groups"]) {
        CHECK(ids_of(g) != ids_of(j["groups"][0]));
        CHECK(ids_of(g) != ids_of(j["groups"][1]));
    }
    // A layer the project does not have: exit 2, named.
    const auto missing = run_command(test::oko_command("duplicates --store " + quoted(store) + " --layer nope"));
    CHECK(missing.status == 2);
    CHECK(missing.output.find("nope") != std::string::npos);
}

TEST_CASE("Changes are recorded under the name in the settings, after --who and $OKO_USER", "[e2e][curation]") {
    test::TempDir dir;
    const auto store = dir / "p.oko";
    const std::string at = " --store " + quoted(store) + " --layer cameras";
    REQUIRE(
        run_command(test::oko_command("import " + quoted(test::point_fixture("novi_sad_repeated_reports.csv")) + at))
            .status == 0);
    const auto id = std::to_string(test::sql_integer(
        store, "SELECT min(p.id) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = 'cameras'"));
    std::filesystem::create_directories(dir / "config/oko");
    std::ofstream(dir / "config/oko/settings.json") << R"({"curator": "ana"})";
    const std::string env = "env -u OKO_USER XDG_CONFIG_HOME=" + quoted(dir / "config") + " ";
    REQUIRE(run_command(env + test::oko_command("edit" + at + " --id " + id + " --status verified")).status == 0);
    REQUIRE(run_command(env + "OKO_USER=marko " + test::oko_command("edit" + at + " --id " + id + " --status rejected"))
                .status == 0);
    REQUIRE(
        run_command(env + test::oko_command("edit" + at + " --id " + id + " --status unverified --who eva")).status ==
        0);
    CHECK(test::sql_text(store, "SELECT group_concat(who, ',') FROM (SELECT who FROM curation_changes WHERE field = "
                                "'status' ORDER BY change_set)") == "ana,marko,eva");
}
