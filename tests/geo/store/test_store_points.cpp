// Point layers in the project file: provenance, idempotent re-import, duplicate links, dry runs
// and all-or-nothing imports, checked with SQL and independent tools on the written file.

#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/store/curation.hpp"
#include "geo/store/store.hpp"
#include "geo/points/point_file_import.hpp"
#include "geo/store/store_points.hpp"
#include "support/shared_data.hpp"
#include "support/spatialite_db.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <fstream>
#include <map>
#include <tuple>
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

namespace {

// A loaded layer's arrays, for comparing two of them.
auto arrays(const geo::PointLayerData& d) {
    return std::make_tuple(d.ids, d.positions, d.vendors, d.vendor_index, d.years, d.search_text, d.statuses);
}

} // namespace

TEST_CASE("load_layer_points reads the cameras among some ids as SQL reads them, and patch_point_layer brings a "
          "loaded layer to what loading it gives after an edit, or refuses",
          "[store][points][curation]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    const auto input = dir / "novi_sad_cameras.csv";
    std::filesystem::copy_file(kFixtures / "points/novi_sad_cameras.csv", input);
    geo::import_point_file(input, project, "cameras", {});
    geo::import_point_file(input, project, "others", {});
    const auto id_of = [&](const std::string& layer, int nth) {
        return sql_int(project, "SELECT p.id FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = '" +
                                    layer + "' ORDER BY p.id LIMIT 1 OFFSET " + std::to_string(nth));
    };
    // Cameras 0 (rejected), 3, 11 (no vendor nor year) and 5 (deleted) of the layer, one of another
    // layer and an id no point has.
    const int64_t a = id_of("cameras", 0), b = id_of("cameras", 3), c = id_of("cameras", 11),
                  gone = id_of("cameras", 5), other = id_of("others", 2);
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration curation(store, "tester");
        geo::PointEdit reject;
        reject.status = geo::PointStatus::rejected;
        curation.edit("cameras", {a}, reject);
        curation.remove("cameras", gone);
    }
    const std::vector<int64_t> asked{c, other, gone, 999999, a, b};
    const auto points = geo::load_layer_points(geo::Store::open(project), "cameras", asked);
    REQUIRE(points);
    CHECK(points->ids == std::vector<int64_t>{a, b, c}); // by id
    test::SpatiaLiteDb db(project);
    for (size_t k = 0; k < points->ids.size(); ++k) {
        const std::string where = " FROM points WHERE id = " + std::to_string(points->ids[k]);
        INFO(where);
        CHECK(points->vendors.at(points->vendor_index[k]) == sql_text(project, "SELECT coalesce(vendor, '')" + where));
        CHECK(points->years[k] == sql_int(project, "SELECT coalesce(year, 0)" + where));
        CHECK(points->search_text[k] == sql_text(project, "SELECT search_text" + where));
        CHECK(geo::status_name(static_cast<geo::PointStatus>(points->statuses[k])) ==
              sql_text(project, "SELECT status" + where));
        const auto at = geo::from_mercator(points->positions[k]);
        CHECK(at.lon == Approx(db.number("SELECT ST_X(geom)" + where)).margin(1e-9));
        CHECK(at.lat == Approx(db.number("SELECT ST_Y(geom)" + where)).margin(1e-9));
    }
    CHECK(points->statuses[0] == static_cast<uint8_t>(geo::PointStatus::rejected));
    CHECK(points->vendors.at(points->vendor_index[2]).empty());
    CHECK(points->years[2] == 0);
    CHECK_FALSE(geo::load_layer_points(geo::Store::open(project), "no such layer", asked));

    // An edit of fields patched into the layer as loaded before it: what loading it again gives.
    // Camera 3 becomes Dahua's, camera 1 is one: the vendors keep their order (Huawei 6, Dahua 3,
    // Hikvision 1, the unknown vendor last).
    const int64_t d = id_of("cameras", 1);
    auto layer = geo::load_point_layer(geo::Store::open(project), "cameras");
    REQUIRE(layer);
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration curation(store, "tester");
        geo::PointEdit edit;
        edit.fields = {{"year", "2011"}, {"street", "Нова"}, {"vendor", "Dahua"}};
        edit.status = geo::PointStatus::verified;
        edit.position = geo::LonLat{19.85, 45.25};
        curation.edit("cameras", {b, d}, edit);
    }
    const auto after = geo::load_layer_points(geo::Store::open(project), "cameras", {b, d});
    REQUIRE(after);
    const auto changed = geo::patch_point_layer(*layer, {b, d}, *after);
    REQUIRE(changed);
    CHECK(changed->points.size() == 2);
    CHECK((changed->positions && changed->vendors && changed->years && changed->texts && changed->statuses));
    const auto reloaded = geo::load_point_layer(geo::Store::open(project), "cameras");
    REQUIRE(reloaded);
    CHECK(arrays(*layer) == arrays(*reloaded));
    CHECK(sql_int(project,
                  "SELECT count(*) FROM points WHERE status = 'verified' AND year = 2011 AND vendor = 'Dahua'") == 2);

    // Refused, the layer as it was: a vendor the layer has not got; the vendors' counts in another
    // order (Dahua, then 3 of 6, would pass Huawei); a camera deleted.
    const auto refused = [&](const geo::PointEdit& edit, const std::vector<int64_t>& ids, bool remove = false) {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration curation(store, "tester");
        const int64_t set = remove ? curation.remove("cameras", ids.front()) : curation.edit("cameras", ids, edit);
        auto before = *reloaded;
        const auto read = geo::load_layer_points(store, "cameras", ids);
        REQUIRE(read);
        const bool patched = geo::patch_point_layer(before, ids, *read).has_value();
        CHECK(arrays(before) == arrays(*reloaded));
        curation.undo();
        CHECK(sql_int(project, "SELECT count(*) FROM curation_changes WHERE change_set = " + std::to_string(set) +
                                   " AND undone = 1") > 0);
        return !patched;
    };
    geo::PointEdit axis;
    axis.fields = {{"vendor", "Axis"}};
    CHECK(refused(axis, {a}));
    std::vector<int64_t> huawei;
    for (const auto& id : {0, 2, 4, 6, 8, 10})
        if (sql_text(project, "SELECT vendor FROM points WHERE id = " + std::to_string(id_of("cameras", id))) ==
            "Huawei")
            huawei.push_back(id_of("cameras", id));
    REQUIRE(huawei.size() >= 3);
    geo::PointEdit dahua;
    dahua.fields = {{"vendor", "Dahua"}};
    CHECK(refused(dahua, {huawei[0], huawei[1], huawei[2]}));
    CHECK(refused({}, {a}, true));
}
