// The row reader: every point of a layer with its attributes and provenance, in id order, checked
// against SQL on the project through sqlite3 itself; the status where the points table has one.

#include "geo/base/error.hpp"
#include "geo/points/point_file_import.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_point_rows.hpp"
#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <string>

using namespace oko;
namespace fs = std::filesystem;

namespace {

// The first column of `sql`'s first row on the project.
std::string sql_text(const fs::path& project, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(project.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    INFO(sql);
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr) == SQLITE_OK);
    std::string out;
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
        out = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(db);
    return out;
}

fs::path imported_fixture(const test::TempDir& dir) {
    const auto input = dir / "novi_sad_cameras.csv";
    fs::copy_file(test::point_fixture("novi_sad_cameras.csv"), input);
    const auto project = dir / "p.oko";
    geo::import_point_file(input, project, "cameras", test::point_test_options());
    return project;
}

} // namespace

TEST_CASE("The row reader yields every point of a layer with its attributes, in id order", "[store][rows]") {
    test::TempDir dir;
    const auto project = imported_fixture(dir);
    const auto store = geo::Store::open(project);
    geo::PointRowReader reader(store, "cameras");
    CHECK(reader.attribute_names() == std::vector<std::string>{"street"});
    CHECK(reader.has_status()); // a project made now has curation's columns
    geo::PointRow row;
    int64_t last = 0, n = 0;
    while (reader.next(row)) {
        CHECK(row.id > last);
        last = row.id;
        ++n;
        CHECK(row.attributes.size() == 1);
        CHECK(row.attributes[0] == sql_text(project, "SELECT json_extract(attributes, '$.street') FROM points WHERE "
                                                     "id = " +
                                                         std::to_string(row.id)));
        CHECK(row.source_row ==
              std::stoll(sql_text(project, "SELECT source_row FROM points WHERE id = " + std::to_string(row.id))));
    }
    CHECK(n == 12);
}

TEST_CASE("The row reader reads only the cameras a condition passes, with their status", "[store][rows]") {
    test::TempDir dir;
    const auto project = imported_fixture(dir);
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(project.c_str(), &db) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db,
                             "UPDATE points SET status = 'rejected' WHERE year = 2019; UPDATE points SET deleted_at = "
                             "'2026-12-04T00:00:00Z' WHERE id = (SELECT min(p.id) FROM points p JOIN point_layers l ON "
                             "l.id = p.layer_id "
                             "WHERE l.name = 'cameras' AND p.vendor = 'Huawei' AND p.year = 2020)",
                             nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    const auto store = geo::Store::open(project);
    geo::PointRowReader reader(store, "cameras", "p.vendor = ? AND p.year >= ?", {"Huawei", "2019"});
    CHECK(reader.has_status());
    CHECK(reader.layer_points() == 11); // cameras: the deleted report is none
    const std::string sha =
        sql_text(project, "SELECT sha256 FROM point_sources WHERE file_name = 'novi_sad_cameras.csv'");
    const std::string in_cameras = " AND layer_id = (SELECT id FROM point_layers WHERE name = 'cameras')";
    geo::PointRow row;
    int64_t n = 0, rejected = 0;
    while (reader.next(row)) {
        ++n;
        CHECK(row.vendor == "Huawei");
        REQUIRE(row.year);
        CHECK(*row.year >= 2019);
        CHECK(row.status == (*row.year == 2019 ? "rejected" : "unverified"));
        rejected += row.status == "rejected";
        CHECK(row.source_file == "novi_sad_cameras.csv");
        CHECK(row.source_sha256 == sha);
    }
    // The deleted report is no camera.
    CHECK(n == std::stoll(sql_text(project, "SELECT count(*) FROM points WHERE vendor = 'Huawei' AND year >= 2019 "
                                            "AND deleted_at IS NULL" +
                                                in_cameras)));
    CHECK(rejected ==
          std::stoll(sql_text(project, "SELECT count(*) FROM points WHERE vendor = 'Huawei' AND status = 'rejected'" +
                                           in_cameras)));
    CHECK(n == 5 - 1); // the fixture's Huawei cameras of 2019 to 2021 but the deleted one
    try {
        geo::PointRowReader missing(store, "camera");
        FAIL("no error");
    } catch (const geo::Error& e) {
        CHECK(e.field() == "layer");
        CHECK_THAT(e.reason(), Catch::Contains("no point layer 'camera' (point layers: "));
    }
}
