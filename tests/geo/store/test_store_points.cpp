// Point layers in the project file: provenance, idempotent re-import, duplicate links, dry runs
// and all-or-nothing imports, checked with SQL and independent tools on the written file.

#include "geo/base/error.hpp"
#include "geo/store/store.hpp"
#include "geo/points/point_file_import.hpp"
#include "geo/store/store_points.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

using namespace oko;

namespace {

int64_t sql_int(const std::filesystem::path& db, const std::string& sql) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) ==
            SQLITE_OK); // may roll back a hot journal
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &q, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(q) == SQLITE_ROW);
    const int64_t v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(h);
    return v;
}

std::string sql_text(const std::filesystem::path& db, const std::string& sql) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) ==
            SQLITE_OK); // may roll back a hot journal
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &q, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(q) == SQLITE_ROW);
    const auto* t = sqlite3_column_text(q, 0);
    std::string v = t ? reinterpret_cast<const char*>(t) : "";
    sqlite3_finalize(q);
    sqlite3_close(h);
    return v;
}

const std::filesystem::path kFixtures = OKO_TEST_FIXTURES;

} // namespace

TEST_CASE("A point file becomes a layer with full provenance, and importing it again changes nothing",
          "[store][points]") {
    test::TempDir dir;
    const auto project = dir / "belgrade.oko";
    // A copy: the import writes its rejected rows beside the input, which must not be the source tree.
    const auto input = dir / "belgrade_semicolon_bom.csv";
    std::filesystem::copy_file(kFixtures / "points/belgrade_semicolon_bom.csv", input);

    const auto first = geo::import_point_file(input, project, "cameras", {});
    REQUIRE(std::filesystem::exists(project));
    const int64_t stored = sql_int(
        project, "SELECT count(*) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = 'cameras'");
    CHECK(stored == first.report.imported);
    CHECK(stored > 0);
    // A new project starts with the shipped smart-city sites.
    CHECK(sql_int(project, "SELECT count(*) FROM point_layers WHERE name = 'smart_city_sites' AND kind = 'sites'") ==
          1);

    // Provenance: file name, SHA-256 (checked against sha256sum), row numbers, import time.
    const auto sum = test::run_command("sha256sum " + test::shell_quote(input.string()));
    REQUIRE(sum.status == 0);
    CHECK(sql_text(project, "SELECT sha256 FROM point_sources WHERE file_name = 'belgrade_semicolon_bom.csv'") ==
          sum.output.substr(0, 64));
    CHECK(sql_int(project, "SELECT count(*) FROM points WHERE source_row IS NULL OR source_id IS NULL") == 0);
    CHECK(
        sql_int(
            project,
            "SELECT min(source_row) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = 'cameras'") ==
        2);
    CHECK(sql_text(project, "SELECT imported_at FROM point_sources WHERE file_name = 'belgrade_semicolon_bom.csv'")
              .size() == 20);
    // Vendor normalised, the raw value and every other column kept.
    CHECK(sql_text(project, "SELECT vendor FROM points WHERE vendor_raw = 'Huawei Technologies Co.'") == "Huawei");
    CHECK_THAT(sql_text(project, "SELECT attributes FROM points WHERE vendor_raw = 'Huawei Technologies Co.'"),
               Catch::Contains("Knez Mihailova"));
    // Geometry is a real SpatiaLite point.
    CHECK(sql_int(project, "SELECT count(*) FROM geometry_columns WHERE f_table_name = 'points' AND srid = 4326") == 1);

    const auto again = geo::import_point_file(input, project, "cameras", {});
    CHECK(again.already_imported);
    CHECK(sql_int(project,
                  "SELECT count(*) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = 'cameras'") ==
          stored);
    CHECK(sql_int(project, "SELECT count(*) FROM point_sources WHERE file_name = 'belgrade_semicolon_bom.csv'") == 1);
}

TEST_CASE("A report near an existing point is kept and linked to it", "[store][points]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    { std::ofstream(dir / "a.csv") << "lat,lon,vendor\n44.81760,20.45730,Huawei\n44.82000,20.46000,Dahua\n"; }
    // 44.81761 is 1.1 m north of the first point: within the default 3 m.
    { std::ofstream(dir / "b.csv") << "lat,lon,vendor\n44.81761,20.45730,HUAWEI\n44.83000,20.47000,Axis\n"; }
    geo::import_point_file(dir / "a.csv", project, "cameras", {});
    const auto b = geo::import_point_file(dir / "b.csv", project, "cameras", {});
    REQUIRE(b.duplicates.size() == 1);
    CHECK(b.duplicates[0].row == 2);
    CHECK(b.duplicates[0].distance_m == Approx(1.11).margin(0.05));
    const int64_t first_id = sql_int(project, "SELECT id FROM points WHERE vendor = 'Huawei' AND duplicate_of IS NULL "
                                              "AND layer_id = (SELECT id FROM point_layers WHERE name = 'cameras')");
    CHECK(sql_int(project, "SELECT duplicate_of FROM points WHERE vendor_raw = 'HUAWEI'") == first_id);
    CHECK(
        sql_int(project,
                "SELECT count(*) FROM points WHERE layer_id = (SELECT id FROM point_layers WHERE name = 'cameras')") ==
        4);
}

TEST_CASE("A dry run reports and writes nothing", "[store][points]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    const auto input = dir / "wkt_column.csv";
    std::filesystem::copy_file(kFixtures / "points/wkt_column.csv", input);
    const auto result = geo::import_point_file(input, project, "cameras", {}, true);
    CHECK(result.dry_run);
    CHECK(result.report.rows_read > 0);
    CHECK(result.report.rejected_count > 0); // the fixture has a line string and a broken point
    CHECK_FALSE(std::filesystem::exists(project));
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
        CHECK_THAT(e.path().filename().string(), !Catch::Contains("rejected"));
}

TEST_CASE("An import killed half-way leaves the project exactly as it was", "[store][points][slow]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    { std::ofstream(dir / "small.csv") << "lat,lon,vendor\n44.8,20.4,Huawei\n"; }
    geo::import_point_file(dir / "small.csv", project, "cameras", {});
    const int64_t before = sql_int(project, "SELECT count(*) FROM points");
    {
        std::ofstream big(dir / "big.csv");
        big << "lat,lon,vendor,year,note\n";
        for (int i = 0; i < 1'500'000; ++i)
            big << 44.7 + (i % 1000) * 1e-4 << ',' << 20.3 + (i / 1000) * 1e-4 << ",Dahua," << 2010 + i % 12 << ",row "
                << i << '\n';
    }
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        execl(test::oko_binary().c_str(), "oko", "import", (dir / "big.csv").c_str(), "--store", project.c_str(),
              "--layer", "cameras", static_cast<char*>(nullptr));
        _exit(127);
    }
    // Wait until the import has written into the journal, then kill it without warning.
    const auto journal = dir / "p.oko-journal";
    for (int i = 0; i < 400 && !std::filesystem::exists(journal); ++i)
        usleep(10'000);
    usleep(300'000);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    REQUIRE(WIFSIGNALED(status)); // it really was stopped mid-way, not finished
    CHECK(sql_int(project, "SELECT count(*) FROM points") == before);
    CHECK(sql_text(project, "PRAGMA integrity_check") == "ok");
    CHECK(sql_int(project, "SELECT count(*) FROM point_sources WHERE file_name = 'big.csv'") == 0);
}

TEST_CASE("Attributes keep one value per column name, the last at the place of the first, for thousands of columns",
          "[store][points]") {
    // 6,000 columns, every third name repeated later with another value, and one column whose
    // value is not UTF-8: what a brute-force reading of the row expects, checked by a JSON parser.
    geo::PointRecord r;
    for (int i = 0; i < 4000; ++i)
        r.attributes.emplace_back("col" + std::to_string(i), "v" + std::to_string(i));
    for (int i = 0; i < 4000; i += 2)
        r.attributes.emplace_back("col" + std::to_string(i), "again" + std::to_string(i));
    r.attributes.emplace_back("napomena", "ka\xE8 bez UTF-8");
    std::vector<std::string> order;
    std::map<std::string, std::string> last;
    for (const auto& [k, v] : r.attributes) {
        if (!last.count(k)) order.push_back(k);
        last[k] = v;
    }
    std::vector<geo::PointRecord> records{r};
    const auto batch = geo::PointSourceWriter::prepare(records);
    REQUIRE(batch.attributes.size() == 1);
    const auto parsed = nlohmann::ordered_json::parse(batch.attributes[0]);
    REQUIRE(parsed.size() == order.size());
    size_t i = 0;
    for (const auto& [k, v] : parsed.items()) {
        INFO(k);
        CHECK(k == order[i++]);
        if (k != "napomena") CHECK(v.get<std::string>() == last[k]);
    }
    CHECK(parsed["napomena"].get<std::string>() == "ka\xEF\xBF\xBD bez UTF-8"); // U+FFFD for the bad byte
}

TEST_CASE("point_fields gives what curation can change of a point, as SQL reads it", "[store][points][curation]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    const auto input = dir / "novi_sad_cameras.csv";
    std::filesystem::copy_file(kFixtures / "points/novi_sad_cameras.csv", input);
    geo::import_point_file(input, project, "cameras", {});
    const int64_t id = sql_int(project, "SELECT min(p.id) FROM points p JOIN point_layers l ON l.id = p.layer_id "
                                        "WHERE l.name = 'cameras'");
    const std::string where = " FROM points WHERE id = " + std::to_string(id);
    {
        const auto fields = geo::point_fields(geo::Store::open(project), id);
        REQUIRE(fields);
        REQUIRE(fields->fields.size() == 7);
        CHECK(fields->fields[0] ==
              std::pair<std::string, std::string>{"vendor", sql_text(project, "SELECT vendor" + where)});
        CHECK(fields->fields[1] ==
              std::pair<std::string, std::string>{"year", sql_text(project, "SELECT year" + where)});
        CHECK(fields->fields[2] ==
              std::pair<std::string, std::string>{
                  "street", sql_text(project, "SELECT json_extract(attributes, '$.street')" + where)});
        // Then the known camera fields, none of which the file has: empty, for any camera may have them.
        const std::vector<std::pair<std::string, std::string>> known{
            {"type", ""}, {"direction", ""}, {"model", ""}, {"notes", ""}};
        CHECK(std::vector<std::pair<std::string, std::string>>(fields->fields.begin() + 3, fields->fields.end()) ==
              known);
        CHECK(fields->status == geo::PointStatus::unverified);
        CHECK(fields->note.empty());
    }
    // Written as SQL writes it: an unknown year, a status and its note.
    sql_int(project, "UPDATE points SET year = NULL, status = 'rejected', status_note = 'a lamp post' WHERE id = " +
                         std::to_string(id) + " RETURNING 1");
    const auto fields = geo::point_fields(geo::Store::open(project), id);
    REQUIRE(fields);
    CHECK(fields->fields[1].second.empty());
    CHECK(fields->status == geo::PointStatus::rejected);
    CHECK(fields->note == "a lamp post");
    CHECK_FALSE(geo::point_fields(geo::Store::open(project), id + 1000));
}
