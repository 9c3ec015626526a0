// Curation (geo/store/curation.cpp) against the project file as SQLite reads it, with nothing of
// Oko's store: each change and its undo compared through a logical dump of the tables, counts
// against SQL of their own, the provenance of merged reports, re-imports after curation, and a
// project of the schema before curation upgraded when opened for writing.

#include "geo/analysis/stats.hpp"
#include "geo/base/error.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/points/point_file_import.hpp"
#include "geo/scene/compiled_filter.hpp"
#include "geo/store/curation.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_points.hpp"
#include "geo/store/store_schema.hpp"
#include "support/shared_data.hpp"
#include "support/spatialite_db.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

using namespace oko;

namespace {

const std::filesystem::path kFixtures = OKO_TEST_FIXTURES;

// Rows of a query as text, one line each (NULL as "NULL", BLOBs in hex).
std::vector<std::string> rows(const std::filesystem::path& db, const std::string& sql) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    INFO(sql);
    REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &q, nullptr) == SQLITE_OK);
    std::vector<std::string> out;
    while (sqlite3_step(q) == SQLITE_ROW) {
        std::string line;
        for (int i = 0; i < sqlite3_column_count(q); ++i) {
            if (i) line += '|';
            switch (sqlite3_column_type(q, i)) {
            case SQLITE_NULL:
                line += "NULL";
                break;
            case SQLITE_BLOB: {
                const auto* b = static_cast<const unsigned char*>(sqlite3_column_blob(q, i));
                static constexpr char hex[] = "0123456789ABCDEF";
                line += "x'";
                for (int k = 0; k < sqlite3_column_bytes(q, i); ++k) {
                    line += hex[b[k] >> 4];
                    line += hex[b[k] & 15];
                }
                line += "'";
                break;
            }
            case SQLITE_INTEGER:
                line += "i" + std::to_string(sqlite3_column_int64(q, i));
                break;
            case SQLITE_FLOAT: {
                char text[40];
                std::snprintf(text, sizeof text, "f%.17g", sqlite3_column_double(q, i));
                line += text;
                break;
            }
            default:
                line += "t" + std::string(reinterpret_cast<const char*>(sqlite3_column_text(q, i)));
            }
        }
        out.push_back(line);
    }
    sqlite3_finalize(q);
    sqlite3_close(h);
    return out;
}

int64_t count(const std::filesystem::path& db, const std::string& sql) {
    const auto r = rows(db, sql);
    REQUIRE(r.size() == 1);
    return std::stoll(r.front().substr(1));
}

// The project's logical content: every row of the point tables and the spatial index, in key
// order, with each value's type. The history itself is left out.
std::string dump(const std::filesystem::path& db) {
    std::string out;
    for (const char* table : {"point_layers", "point_sources", "point_layer_columns", "points", "idx_points_geom"}) {
        out += std::string("== ") + table + "\n";
        for (const auto& r : rows(db, std::string("SELECT * FROM ") + table + " ORDER BY 1, 2"))
            out += r + "\n";
    }
    return out;
}

std::filesystem::path copy_fixture(const test::TempDir& dir, const std::string& name) {
    const auto to = dir / name;
    std::filesystem::copy_file(kFixtures / "points" / name, to);
    return to;
}

// The ids of a layer's points, by id.
std::vector<int64_t> ids_of(const std::filesystem::path& db, const std::string& layer) {
    std::vector<int64_t> out;
    for (const auto& r :
         rows(db, "SELECT p.id FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = '" + layer +
                      "' ORDER BY p.id"))
        out.push_back(std::stoll(r.substr(1)));
    return out;
}

const char* kCameras = "SELECT count(*) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = "
                       "'cameras' AND p.deleted_at IS NULL AND p.merged_into IS NULL";

template <class F> std::string error_field(F&& f) {
    try {
        f();
    } catch (const geo::Error& e) {
        return e.field();
    }
    return "(no error)";
}

} // namespace

TEST_CASE("An edit undone leaves the project as it was, and redone as it made it", "[store][curation]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    geo::import_point_file(copy_fixture(dir, "novi_sad_cameras.csv"), project, "cameras", {});
    const auto ids = ids_of(project, "cameras");
    REQUIRE(ids.size() == 12);
    const int64_t id = ids[1]; // Dahua, 2020, Шафарикова
    const std::string before = dump(project);

    int64_t set = 0;
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration curation(store, "ana");
        geo::PointEdit edit;
        edit.fields = {{"vendor", "HIKVISION"}, {"year", "15.06.2017."}, {"street", "Футошка 12"}};
        edit.status = geo::PointStatus::verified;
        edit.note = "seen on a walk";
        edit.position = geo::LonLat{19.8355, 45.2605};
        set = curation.edit("cameras", {id}, edit);
        CHECK(set == 1);
    }
    const std::string after = dump(project);
    CHECK(after != before);
    const auto row = rows(project, "SELECT vendor, vendor_raw, year, year_raw, status, status_note, json_extract("
                                   "attributes, '$.street'), search_text FROM points WHERE id = " +
                                       std::to_string(id));
    REQUIRE(row.size() == 1);
    CHECK(row[0] == "tHikvision|tHIKVISION|i2017|t15.06.2017.|tverified|tseen on a walk|tФутошка 12|thikvision "
                    "15.06.2017. futoska 12");
    // The position and its box in the spatial index, read by SpatiaLite.
    test::SpatiaLiteDb sl(project);
    CHECK(sl.number("SELECT ST_X(geom) FROM points WHERE id = " + std::to_string(id)) == 19.8355);
    CHECK(sl.number("SELECT ST_Y(geom) FROM points WHERE id = " + std::to_string(id)) == 45.2605);
    CHECK(sl.number("SELECT count(*) FROM idx_points_geom WHERE xmin <= 19.8356 AND xmax >= 19.8354 AND ymin <= "
                    "45.2606 AND ymax >= 45.2604 AND pkid = " +
                    std::to_string(id)) == 1);
    // One change set, who and when with every change.
    CHECK(count(project, "SELECT count(DISTINCT change_set) FROM curation_changes") == 1);
    CHECK(count(project, "SELECT count(*) FROM curation_changes WHERE who <> 'ana' OR at IS NULL") == 0);

    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration curation(store, "ana");
        CHECK(curation.undo() == set);
        CHECK_FALSE(curation.undo()); // nothing left to undo
    }
    CHECK(dump(project) == before);
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration curation(store, "ana");
        CHECK(curation.redo() == set);
        CHECK_FALSE(curation.redo());
    }
    CHECK(dump(project) == after);

    // The history lists each change once, old and new as a person reads them.
    const auto history = geo::curation_history(geo::Store::open(project));
    std::map<std::string, std::pair<std::string, std::string>> seen;
    for (const auto& c : history) {
        CHECK(c.change_set == set);
        CHECK(c.point == id);
        CHECK(c.layer == "cameras");
        seen[c.field] = {c.old_value.value_or("-"), c.new_value.value_or("-")};
    }
    CHECK(seen["vendor"] == std::pair<std::string, std::string>{"Dahua", "Hikvision"});
    CHECK(seen["year"] == std::pair<std::string, std::string>{"2020", "2017"});
    CHECK(seen["street"] == std::pair<std::string, std::string>{"Шафарикова", "Футошка 12"});
    CHECK(seen["status"] == std::pair<std::string, std::string>{"unverified", "verified"});
    CHECK(seen["note"] == std::pair<std::string, std::string>{"-", "seen on a walk"});
    CHECK(seen["position"] == std::pair<std::string, std::string>{"19.8300000,45.2600000", "19.8355000,45.2605000"});
    CHECK(seen.size() == 6);
}

TEST_CASE("Add, delete and merge: counts of cameras as SQL counts them, every report's provenance kept",
          "[store][curation]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    geo::import_point_file(copy_fixture(dir, "novi_sad_cameras.csv"), project, "cameras", {});
    const auto ids = ids_of(project, "cameras");
    REQUIRE(ids.size() == 12);
    const std::string before = dump(project);
    int64_t added = 0;
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration curation(store, "ana");
        curation.add("cameras", {19.84, 45.25}, {{"vendor", "dahua"}, {"street", "Јеврејска"}}, added);
        CHECK(added > ids.back());
        curation.remove("cameras", ids[3]);
        curation.merge("cameras", {ids[2], ids[0], added});
    }
    // 12 imported + 1 added - 1 deleted - 2 merged into the first.
    CHECK(count(project, kCameras) == 10);
    auto store = geo::Store::open(project);
    for (const auto& l : geo::list_point_layers(store))
        if (l.name == "cameras") CHECK(l.points == 10);
    const auto layer = geo::load_point_layer(store, "cameras");
    REQUIRE(layer);
    std::vector<int64_t> live = ids;
    live.erase(live.begin() + 2, live.begin() + 4); // ids[2] merged, ids[3] deleted
    CHECK(layer->ids == live);
    CHECK(layer->statuses == std::vector<uint8_t>(10, 0));
    // The added camera, as SQL reads it.
    CHECK(rows(project, "SELECT vendor, vendor_raw, source_id, added_by, json_extract(attributes, '$.street'), "
                        "merged_into FROM points WHERE id = " +
                            std::to_string(added)) ==
          std::vector<std::string>{"tDahua|tdahua|NULL|tana|tЈеврејска|i" + std::to_string(ids[0])});
    // Nothing erased: the deleted report keeps its row.
    CHECK(count(project, "SELECT count(*) FROM points WHERE id = " + std::to_string(ids[3]) +
                             " AND deleted_at IS NOT NULL") == 1);
    // The camera's reports: itself, then those merged into it, each with its provenance.
    const geo::StoreCuration reading(store, "ana");
    const auto reports = reading.reports("cameras", ids[0]);
    REQUIRE(reports.size() == 3);
    CHECK(reports[0].point == ids[0]);
    CHECK_FALSE(reports[0].merged);
    CHECK(reports[1].point == ids[2]);
    CHECK(reports[2].point == added);
    const auto sources = rows(project, "SELECT p.id, s.file_name, p.source_row FROM points p JOIN point_sources s ON "
                                       "s.id = p.source_id WHERE p.id IN (" +
                                           std::to_string(ids[0]) + ", " + std::to_string(ids[2]) + ") ORDER BY p.id");
    REQUIRE(sources.size() == 2);
    CHECK(sources[0] ==
          "i" + std::to_string(ids[0]) + "|t" + reports[0].source_file + "|i" + std::to_string(reports[0].source_row));
    CHECK(sources[1] ==
          "i" + std::to_string(ids[2]) + "|t" + reports[1].source_file + "|i" + std::to_string(reports[1].source_row));
    CHECK(reports[2].source_file.empty());
    CHECK(reports[2].added_by == "ana");

    // Undone one by one, the project is as imported (the added camera's row goes too).
    {
        auto writable = geo::Store::open(project, true);
        geo::StoreCuration curation(writable, "ana");
        for (int i = 0; i < 3; ++i)
            CHECK(curation.undo());
    }
    CHECK(dump(project) == before);
    // An import meanwhile numbers its points past the camera undone, which a redo puts back.
    geo::import_point_file(copy_fixture(dir, "belgrade_semicolon_bom.csv"), project, "beograd", {});
    CHECK(ids_of(project, "beograd").front() > added);
    {
        auto writable = geo::Store::open(project, true);
        geo::StoreCuration curation(writable, "ana");
        CHECK(curation.redo());
    }
    CHECK(count(project, "SELECT count(*) FROM points WHERE id = " + std::to_string(added) + " AND added_by = 'ana'") ==
          1);
}

TEST_CASE("A merge's group grows: reports merged before follow their camera", "[store][curation]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    geo::import_point_file(copy_fixture(dir, "novi_sad_cameras.csv"), project, "cameras", {});
    const auto ids = ids_of(project, "cameras");
    auto store = geo::Store::open(project, true);
    geo::StoreCuration curation(store, "ana");
    curation.merge("cameras", {ids[2], ids[3]});
    curation.merge("cameras", {ids[1], ids[2]});
    CHECK(count(project, "SELECT count(*) FROM points WHERE merged_into = " + std::to_string(ids[1])) == 2);
    CHECK(curation.reports("cameras", ids[1]).size() == 3);
    CHECK(count(project, kCameras) == 10);
}

TEST_CASE("Curation refuses what it cannot do, in the user's words, and changes nothing", "[store][curation]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    geo::import_point_file(copy_fixture(dir, "novi_sad_cameras.csv"), project, "cameras", {});
    const auto ids = ids_of(project, "cameras");
    const auto sites = ids_of(project, "smart_city_sites");
    REQUIRE_FALSE(sites.empty());
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration(store, "ana").remove("cameras", ids[3]);
    }
    const std::string before = dump(project);
    auto store = geo::Store::open(project, true);
    geo::StoreCuration c(store, "ana");
    geo::PointEdit vendor;
    vendor.fields = {{"vendor", "Dahua"}};
    CHECK(error_field([&] { c.edit("kamere", {ids[0]}, vendor); }) == "--layer");
    CHECK(error_field([&] { c.edit("cameras", {999999}, vendor); }) == "--id");
    CHECK(error_field([&] { c.edit("cameras", {ids[3]}, vendor); }) == "--id");   // deleted
    CHECK(error_field([&] { c.edit("cameras", {sites[0]}, vendor); }) == "--id"); // another layer
    geo::PointEdit field;
    field.fields = {{"colour", "red"}};
    CHECK(error_field([&] { c.edit("cameras", {ids[0]}, field); }) == "--set colour");
    geo::PointEdit year;
    year.fields = {{"year", "мај"}};
    CHECK(error_field([&] { c.edit("cameras", {ids[0]}, year); }) == "--set year");
    geo::PointEdit move;
    move.position = geo::LonLat{19.8, 95};
    CHECK(error_field([&] { c.edit("cameras", {ids[0]}, move); }) == "--move");
    int64_t id = 0;
    CHECK(error_field([&] { c.add("cameras", {200, 45}, {}, id); }) == "--at");
    CHECK(error_field([&] { c.merge("cameras", {ids[0]}); }) == "--ids");
    CHECK(error_field([&] { c.merge("cameras", {ids[0], ids[0]}); }) == "--ids");
    CHECK(error_field([&] { c.merge("cameras", {ids[0], sites[0]}); }) == "--ids");
    CHECK(error_field([&] { c.merge("cameras", {ids[0], ids[3]}); }) == "--ids");
    CHECK(error_field([&] { c.remove("cameras", ids[3]); }) == "--id");
    // The messages name what is wrong.
    try {
        c.edit("cameras", {ids[0]}, field);
    } catch (const geo::Error& e) {
        CHECK(std::string(e.what()).find("no field 'colour'; its fields are vendor, year, street") !=
              std::string::npos);
    }
    try {
        c.edit("cameras", {sites[0]}, vendor);
    } catch (const geo::Error& e) {
        CHECK(std::string(e.what()).find("not in layer 'cameras' but in layer 'smart_city_sites'") !=
              std::string::npos);
    }
    store.close();
    CHECK(dump(project) == before);
    CHECK(count(project, "SELECT count(DISTINCT change_set) FROM curation_changes") == 1);
}

TEST_CASE("Many points get a status in one change set, and the status filter counts as SQL does",
          "[store][curation][filter]") {
    const auto csv = test::shared_data("cameras/jyvaskyla_cctv.csv");
    if (!csv) return;
    test::TempDir dir;
    const auto project = dir / "p.oko";
    geo::import_point_file(*csv, project, "cameras", {});
    const auto ids = ids_of(project, "cameras");
    REQUIRE(ids.size() == 450);
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration c(store, "ana");
        geo::PointEdit verified;
        verified.status = geo::PointStatus::verified;
        std::vector<int64_t> every_third;
        for (size_t i = 0; i < ids.size(); i += 3)
            every_third.push_back(ids[i]);
        CHECK(c.edit("cameras", every_third, verified) == 1);
        geo::PointEdit rejected;
        rejected.status = geo::PointStatus::rejected;
        rejected.note = "not a camera";
        CHECK(c.edit("cameras", {ids[1], ids[4], ids[7]}, rejected) == 2);
    }
    const auto store = geo::Store::open(project);
    const auto layer = geo::load_point_layer(store, "cameras");
    REQUIRE(layer);
    const auto sql_count = [&](const std::string& where) {
        return count(project, std::string(kCameras) + " AND " + where);
    };
    CHECK(sql_count("status = 'verified'") == 150);
    CHECK(sql_count("status = 'rejected'") == 3);
    for (const auto& [spec, where] : std::vector<std::pair<std::string, std::string>>{
             {"status=verified", "status = 'verified'"},
             {"status=verified,unverified", "status IN ('verified', 'unverified')"},
             {"status=all", "1"},
             {"status=rejected", "status = 'rejected'"}}) {
        INFO(spec);
        const auto filter = geo::Filter::parse({spec});
        const auto compiled = geo::compile(filter, *layer);
        int64_t passes = 0;
        for (size_t i = 0; i < layer->ids.size(); ++i)
            passes += compiled.passes(*layer, i);
        CHECK(passes == sql_count(where));
    }
    // The default: everything but rejected.
    const auto compiled = geo::compile(geo::Filter{}, *layer);
    int64_t passes = 0;
    for (size_t i = 0; i < layer->ids.size(); ++i)
        passes += compiled.passes(*layer, i);
    CHECK(passes == sql_count("status <> 'rejected'"));
    CHECK(passes == 447);
}

TEST_CASE("Re-importing a file after curation keeps every correction and adds only its new rows",
          "[store][curation][import]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    const auto v1 = copy_fixture(dir, "novi_sad_cameras.csv");
    geo::import_point_file(v1, project, "cameras", {});
    const auto ids = ids_of(project, "cameras");
    REQUIRE(ids.size() == 12);
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration c(store, "ana");
        geo::PointEdit edit;
        edit.fields = {{"vendor", "Hikvision"}, {"street", "Бул. ослобођења"}};
        edit.position = geo::LonLat{19.8452, 45.2552};
        c.edit("cameras", {ids[0]}, edit);
        c.remove("cameras", ids[1]);
        c.merge("cameras", {ids[2], ids[3]});
    }
    const auto curated = rows(project, "SELECT * FROM points ORDER BY id");
    const int64_t cameras_before = count(project, kCameras);
    CHECK(cameras_before == 10);

    // The same file: nothing changes.
    auto same = geo::import_point_file(v1, project, "cameras", {});
    CHECK(same.already_imported);
    CHECK(rows(project, "SELECT * FROM points ORDER BY id") == curated);

    // A new version of it: its old rows again, one of them twice, and a new one.
    std::string text;
    {
        std::ifstream in(v1);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    const auto v2dir = dir / "v2";
    std::filesystem::create_directory(v2dir);
    {
        std::ofstream out(v2dir / "novi_sad_cameras.csv");
        out << text << "45.2462,19.8421,Hikvision,2017,Футошка\n45.2700,19.8200,Uniview,2021,Темерински пут\n";
    }
    const auto result = geo::import_point_file(v2dir / "novi_sad_cameras.csv", project, "cameras", {});
    CHECK(result.kept == 12);
    CHECK(result.kept_curated == 3); // edited, deleted, and merged into another
    CHECK(result.report.imported == 2);
    // The curated rows are as they were, byte for byte; the two new rows follow them.
    const auto now = rows(project, "SELECT * FROM points ORDER BY id");
    REQUIRE(now.size() == curated.size() + 2);
    CHECK(std::vector<std::string>(now.begin(), now.begin() + static_cast<long>(curated.size())) == curated);
    CHECK(count(project, kCameras) == cameras_before + 2);
    CHECK(count(project, "SELECT count(*) FROM points WHERE vendor = 'Uniview' AND deleted_at IS NULL") == 1);
    // The repeated row is a new report, linked to the one it repeats (merged into ids[2]).
    CHECK(count(project, "SELECT count(*) FROM points WHERE duplicate_of = " + std::to_string(ids[3])) == 1);
}

TEST_CASE("A project from before curation is read as it is, and upgraded when opened for writing",
          "[store][curation][schema]") {
    test::TempDir dir;
    const auto project = dir / "old.oko";
    geo::Store::create(project).close();
    // The point tables as Oko wrote them before curation, with three points, by hand.
    {
        sqlite3* h = nullptr;
        REQUIRE(sqlite3_open(project.c_str(), &h) == SQLITE_OK);
        sqlite3_enable_load_extension(h, 1);
        REQUIRE(sqlite3_load_extension(h, "mod_spatialite", nullptr, nullptr) == SQLITE_OK);
        const char* old_schema =
            "BEGIN;"
            "CREATE TABLE point_layers(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, "
            "created_at TEXT);"
            "CREATE TABLE point_sources(id INTEGER PRIMARY KEY, layer_id INTEGER NOT NULL REFERENCES point_layers(id),"
            " file_name TEXT NOT NULL, sha256 TEXT NOT NULL, imported_at TEXT NOT NULL, report TEXT, UNIQUE(layer_id, "
            "sha256));"
            "CREATE TABLE points(id INTEGER PRIMARY KEY, layer_id INTEGER NOT NULL REFERENCES point_layers(id),"
            " source_id INTEGER REFERENCES point_sources(id), source_row INTEGER, source_layer TEXT,"
            " vendor TEXT, vendor_raw TEXT, year INTEGER, year_raw TEXT, attributes TEXT, search_text TEXT,"
            " duplicate_of INTEGER, duplicate_distance_m REAL);"
            "SELECT AddGeometryColumn('points', 'geom', 4326, 'POINT', 'XY');"
            "SELECT CreateSpatialIndex('points', 'geom');"
            "CREATE INDEX points_layer ON points(layer_id);"
            "CREATE TABLE point_layer_columns(layer_id INTEGER NOT NULL REFERENCES point_layers(id),"
            " position INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY(layer_id, position));"
            "INSERT INTO point_layers VALUES (1, 'cameras', 'cameras', '2026-01-01T00:00:00Z');"
            "INSERT INTO point_sources VALUES (1, 1, 'old.csv', 'ab', '2026-01-01T00:00:00Z', '{}');"
            "INSERT INTO point_layer_columns VALUES (1, 0, 'street');"
            "INSERT INTO points(id, layer_id, source_id, source_row, vendor, vendor_raw, year, year_raw, attributes,"
            " search_text, geom) VALUES"
            " (1, 1, 1, 2, 'Huawei', 'Huawei', 2019, '2019', '{\"street\":\"Futoška\"}', 'huawei 2019 futoska',"
            " MakePoint(19.84, 45.25, 4326)),"
            " (2, 1, 1, 3, 'Dahua', 'Dahua', NULL, '', '{\"street\":\"Dunavska\"}', 'dahua  dunavska',"
            " MakePoint(19.85, 45.26, 4326)),"
            " (3, 1, 1, 4, NULL, '', NULL, '', '{}', ' ', MakePoint(19.86, 45.27, 4326));"
            "COMMIT;";
        char* err = nullptr;
        const int rc = sqlite3_exec(h, old_schema, nullptr, nullptr, &err);
        INFO((err ? err : ""));
        REQUIRE(rc == SQLITE_OK);
        sqlite3_close(h);
    }
    const auto old_rows = rows(project, "SELECT * FROM points ORDER BY id");

    // Read as it is: three unverified cameras, and no history.
    {
        const auto store = geo::Store::open(project);
        const auto layers = geo::list_point_layers(store);
        REQUIRE(layers.size() == 1);
        CHECK(layers[0].points == 3);
        const auto layer = geo::load_point_layer(store, "cameras");
        REQUIRE(layer);
        CHECK(layer->ids.size() == 3);
        CHECK(layer->statuses == std::vector<uint8_t>{0, 0, 0});
        CHECK(geo::curation_history(store).empty());
        // Counted as unverified cameras: all three by default, none verified.
        CHECK(geo::compute_stats(store, "cameras", geo::Filter{}, geo::GroupBy::vendor).total == 3);
        CHECK(
            geo::compute_stats(store, "cameras", geo::Filter::parse({"status=verified"}), geo::GroupBy::vendor).total ==
            0);
        CHECK(geo::camera_reports(store, "cameras", 2).size() == 1);
    }
    CHECK(rows(project, "SELECT name FROM pragma_table_info('points') WHERE name = 'status'").empty());

    // Opened for writing: upgraded, every row kept.
    geo::Store::open(project, true).close();
    const auto columns = rows(project, "SELECT name FROM pragma_table_info('points') ORDER BY cid");
    for (const char* c : {"tstatus", "tstatus_note", "tdeleted_at", "tmerged_into", "tadded_by", "tadded_at"})
        CHECK(std::find(columns.begin(), columns.end(), c) != columns.end());
    CHECK(count(project, "SELECT count(*) FROM sqlite_master WHERE name = 'curation_changes'") == 1);
    const auto upgraded = rows(project, "SELECT * FROM points ORDER BY id");
    REQUIRE(upgraded.size() == old_rows.size());
    for (size_t i = 0; i < upgraded.size(); ++i) // the old columns as they were, then the new ones
        CHECK(upgraded[i] == old_rows[i] + "|tunverified|NULL|NULL|NULL|NULL|NULL");
    // Its table's SQL is the one a new project gets, and its view shows the status.
    const auto fresh = dir / "fresh.oko";
    geo::import_point_file(copy_fixture(dir, "novi_sad_cameras.csv"), fresh, "cameras", {});
    CHECK(rows(project, "SELECT sql FROM sqlite_master WHERE name = 'points'") ==
          rows(fresh, "SELECT sql FROM sqlite_master WHERE name = 'points'"));
    CHECK(rows(project, "SELECT street, status FROM points_cameras ORDER BY id").at(0) == "tFutoška|tunverified");
    CHECK(geo::check_schema(geo::Store::open(project).handle(), project.string()).empty());
    // And curated like any other.
    auto store = geo::Store::open(project, true);
    geo::StoreCuration c(store, "ana");
    c.remove("cameras", 2);
    store.close();
    CHECK(count(project, "SELECT count(*) FROM points_cameras") == 2);
}

TEST_CASE("A basemap imported again keeps the OSM cameras as curated", "[store][curation][import]") {
    const auto pbf = test::shared_data("osm/monaco.osm.pbf");
    if (!pbf) return;
    test::TempDir dir;
    const auto project = dir / "monaco.oko";
    geo::import_osm(*pbf, project);
    const auto ids = ids_of(project, "osm_cameras");
    REQUIRE(ids.size() == 10); // SOURCES.md: the extract's 10 surveillance nodes
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration c(store, "ana");
        geo::PointEdit verified;
        verified.status = geo::PointStatus::verified;
        verified.note = "seen 2026";
        c.edit("osm_cameras", {ids[0]}, verified);
        c.remove("osm_cameras", ids[1]);
        c.merge("osm_cameras", {ids[2], ids[3]});
    }
    const auto curated = rows(project, "SELECT * FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = "
                                       "'osm_cameras' ORDER BY p.id");
    geo::import_osm(*pbf, project);
    // The same rows, ids and all, and no camera doubled.
    CHECK(rows(project, "SELECT * FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = "
                        "'osm_cameras' ORDER BY p.id") == curated);
    CHECK(count(project, "SELECT count(*) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = "
                         "'osm_cameras' AND p.deleted_at IS NULL AND p.merged_into IS NULL") == 8);
    {
        // The history still applies: the merge undone.
        auto store = geo::Store::open(project, true);
        CHECK(geo::StoreCuration(store, "ana").undo());
    }
    CHECK(count(project,
                "SELECT count(*) FROM points WHERE id = " + std::to_string(ids[3]) + " AND merged_into IS NULL") == 1);
}

TEST_CASE("A camera added with a note is one change set, undone whole", "[store][curation]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    geo::import_point_file(copy_fixture(dir, "novi_sad_cameras.csv"), project, "cameras", {});
    const std::string before = dump(project);
    int64_t added = 0, set = 0;
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration curation(store, "ana");
        set = curation.add("cameras", {19.84, 45.25}, {{"vendor", "axis"}}, added, "seen on a walk");
    }
    CHECK(rows(project, "SELECT vendor, status_note FROM points WHERE id = " + std::to_string(added)) ==
          std::vector<std::string>{"tAxis|tseen on a walk"});
    CHECK(count(project, "SELECT count(DISTINCT change_set) FROM curation_changes WHERE point_id = " +
                             std::to_string(added)) == 1);
    CHECK(count(project, "SELECT count(*) FROM curation_changes WHERE change_set = " + std::to_string(set) +
                             " AND field = 'status_note' AND new_value = 'seen on a walk'") == 1);
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration curation(store, "ana");
        CHECK(curation.undo() == set);
    }
    CHECK(dump(project) == before);
}

TEST_CASE("The duplicates flagged at import, as SQL lists them, and none once merged", "[store][curation]") {
    const auto csv = test::shared_data("cameras/jyvaskyla_cctv.csv");
    if (!csv) return;
    test::TempDir dir;
    const auto project = dir / "p.oko";
    const auto input = dir / "jyvaskyla_cctv.csv";
    std::filesystem::copy_file(*csv, input);
    geo::import_point_file(input, project, "cctv", {});
    // The camera most reports were flagged against (several at 0 m, as the import says).
    const auto head_row = rows(project, "SELECT duplicate_of FROM points WHERE duplicate_of IS NOT NULL "
                                        "GROUP BY duplicate_of ORDER BY count(*) DESC, duplicate_of LIMIT 1");
    REQUIRE(head_row.size() == 1);
    const std::string head = head_row.front().substr(1);
    const auto expected = [&](const std::string& sql) {
        std::vector<std::string> out;
        for (const auto& r : rows(project, sql))
            out.push_back(r);
        return out;
    };
    const auto listed = [&](int64_t id) {
        std::vector<std::string> out;
        for (const auto& [other, metres] : geo::flagged_duplicates(geo::Store::open(project), id)) {
            char m[40];
            std::snprintf(m, sizeof m, "%.3f", metres);
            out.push_back("i" + std::to_string(other) + "|" + m);
        }
        return out;
    };
    const auto of_head = expected("SELECT 'i' || id || '|' || printf('%.3f', duplicate_distance_m) FROM points WHERE "
                                  "duplicate_of = " +
                                  head + " ORDER BY id");
    REQUIRE(of_head.size() >= 2);
    std::vector<std::string> head_list;
    for (const auto& r : of_head)
        head_list.push_back(r.substr(1)); // rows() marks the text it read with 't'
    CHECK(listed(std::stoll(head)) == head_list);
    // From one of them: the camera it was flagged against, and the others flagged against that one.
    const int64_t first = std::stoll(head_list.front().substr(1, head_list.front().find('|') - 1));
    const auto from_first = listed(first);
    REQUIRE(from_first.size() == head_list.size());
    CHECK(from_first.front().substr(0, head.size() + 1) == "i" + head);
    // Merged, the pair is one camera: neither lists the other.
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration curation(store, "ana");
        curation.merge("cctv", {std::stoll(head), first});
    }
    for (const auto& r : listed(std::stoll(head)))
        CHECK(r.substr(0, r.find('|')) != "i" + std::to_string(first));
    CHECK(listed(std::stoll(head)).size() == head_list.size() - 1);
}

TEST_CASE("Duplicates marked distinct are one change set, no longer listed, undone and redone byte for byte",
          "[store][curation]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    geo::import_point_file(copy_fixture(dir, "novi_sad_repeated_reports.csv"), project, "cameras", {});
    const auto ids = ids_of(project, "cameras");
    REQUIRE(ids.size() == 6);
    // As the import flagged them (within its 3 m): rows 2 and 3 repeat row 1, row 5 repeats row 4.
    const auto flags = [&] {
        return rows(project, "SELECT id, duplicate_of FROM points WHERE duplicate_of IS NOT NULL "
                             "ORDER BY id");
    };
    const auto pair = [](int64_t a, int64_t b) { return "i" + std::to_string(a) + "|i" + std::to_string(b); };
    REQUIRE(flags() == std::vector<std::string>{pair(ids[1], ids[0]), pair(ids[2], ids[0]), pair(ids[4], ids[3])});
    const auto listed = [&](int64_t id) {
        std::vector<int64_t> out;
        for (const auto& [other, metres] : geo::flagged_duplicates(geo::Store::open(project), id))
            out.push_back(other);
        return out;
    };
    REQUIRE(listed(ids[0]) == std::vector<int64_t>{ids[1], ids[2]});
    const std::string before = dump(project);

    int64_t set = 0;
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration curation(store, "ana");
        set = curation.mark_distinct("cameras", {ids[1], ids[0]});
        CHECK(set == 1);
    }
    // Only that flag cleared, nothing else of the point.
    CHECK(flags() == std::vector<std::string>{pair(ids[2], ids[0]), pair(ids[4], ids[3])});
    CHECK(listed(ids[0]) == std::vector<int64_t>{ids[2]});
    CHECK(listed(ids[1]).empty());
    CHECK(count(project, "SELECT count(*) FROM curation_changes") == 1);
    const auto history = geo::curation_history(geo::Store::open(project));
    REQUIRE(history.size() == 1);
    CHECK(history[0].change_set == set);
    CHECK(history[0].point == ids[1]);
    CHECK(history[0].field == "duplicate_of");
    CHECK(history[0].old_value == std::to_string(ids[0]));
    CHECK_FALSE(history[0].new_value);
    CHECK(count(project, kCameras) == 6); // still six cameras: nothing merged or deleted
    const std::string after = dump(project);
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration curation(store, "ana");
        CHECK(curation.undo() == set);
    }
    CHECK(dump(project) == before);
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration curation(store, "ana");
        CHECK(curation.redo() == set);
        // The three of a group at once: both flags against the first, one change set.
        CHECK(curation.mark_distinct("cameras", {ids[3], ids[4]}) == 2);
    }
    CHECK(dump(project) != after);
    CHECK(flags() == std::vector<std::string>{pair(ids[2], ids[0])});

    // Refused, and nothing changed.
    const std::string curated = dump(project);
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration c(store, "ana");
        c.remove("cameras", ids[5]);
        c.undo();
    }
    CHECK(dump(project) == curated);
    auto store = geo::Store::open(project, true);
    geo::StoreCuration c(store, "ana");
    CHECK(error_field([&] { c.mark_distinct("kamere", {ids[0], ids[2]}); }) == "--layer");
    CHECK(error_field([&] { c.mark_distinct("cameras", {ids[0]}); }) == "--ids");
    CHECK(error_field([&] { c.mark_distinct("cameras", {ids[0], ids[0]}); }) == "--ids");
    CHECK(error_field([&] { c.mark_distinct("cameras", {ids[0], 999999}); }) == "--ids");
    CHECK(error_field([&] { c.mark_distinct("cameras", {ids[0], ids[5]}); }) == "--ids"); // never flagged
    CHECK(error_field([&] { c.mark_distinct("cameras", {ids[0], ids[1]}); }) == "--ids"); // no longer flagged
    try {
        c.mark_distinct("cameras", {ids[0], ids[5]});
    } catch (const geo::Error& e) {
        CHECK(std::string(e.what()).find("point " + std::to_string(ids[0]) +
                                         " was not flagged as a duplicate of point " + std::to_string(ids[5]) +
                                         ", nor that one of it") != std::string::npos);
    }
    c.merge("cameras", {ids[0], ids[2]});
    CHECK(error_field([&] { c.mark_distinct("cameras", {ids[0], ids[2]}); }) == "--ids"); // merged into ids[0]
    c.remove("cameras", ids[0]);
    const std::string removed = dump(project);
    CHECK(error_field([&] { c.mark_distinct("cameras", {ids[0], ids[1]}); }) == "--ids"); // deleted
    store.close();
    CHECK(dump(project) == removed);
}

TEST_CASE("Two reports flagged against a third are marked distinct with it, not on their own", "[store][curation]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    geo::import_point_file(copy_fixture(dir, "novi_sad_repeated_reports.csv"), project, "cameras", {});
    const auto ids = ids_of(project, "cameras");
    REQUIRE(ids.size() == 6);
    auto store = geo::Store::open(project, true);
    geo::StoreCuration c(store, "ana");
    try {
        c.mark_distinct("cameras", {ids[1], ids[2]});
        FAIL("two reports flagged against a third were marked distinct on their own");
    } catch (const geo::Error& e) {
        CHECK(e.field() == "--ids");
        CHECK(std::string(e.what()).find("both were flagged as duplicates of point " + std::to_string(ids[0])) !=
              std::string::npos);
    }
    CHECK(c.mark_distinct("cameras", {ids[1], ids[2], ids[0]}) == 1);
    store.close();
    CHECK(count(project, "SELECT count(*) FROM points WHERE duplicate_of = " + std::to_string(ids[0])) == 0);
    CHECK(count(project, "SELECT count(*) FROM curation_changes WHERE change_set = 1 AND field = 'duplicate_of'") == 2);
}

namespace {

std::string error_text(const std::function<void()>& f) {
    try {
        f();
    } catch (const geo::Error& e) {
        return e.field() + ": " + e.reason();
    }
    return "(no error)";
}

} // namespace

TEST_CASE("A change set reverted is as if never made where later ones changed other fields, and undone",
          "[store][curation]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    geo::import_point_file(copy_fixture(dir, "novi_sad_cameras.csv"), project, "cameras", {});
    const auto ids = ids_of(project, "cameras");
    REQUIRE(ids.size() == 12);
    // The same project, to which only the second change set happens.
    const auto only_b = dir / "b.oko";
    std::filesystem::copy_file(project, only_b);
    const int64_t x = ids[1], y = ids[4];
    geo::PointEdit a_x; // the first change set: x's vendor, status, note and position, y's street
    a_x.fields = {{"vendor", "HIKVISION"}};
    a_x.status = geo::PointStatus::verified;
    a_x.note = "seen on a walk";
    a_x.position = geo::LonLat{19.8355, 45.2605};
    geo::PointEdit a_y;
    a_y.fields = {{"street", "Футошка 12"}};
    geo::PointEdit b_x; // the second: x's year and street, y's status
    b_x.fields = {{"year", "2016"}, {"street", "Шафарикова 3"}};
    geo::PointEdit b_y;
    b_y.status = geo::PointStatus::rejected;
    const auto apply_b = [&](geo::Curation& c) {
        c.edit("cameras", {x}, b_x);
        c.edit("cameras", {y}, b_y);
    };
    int64_t a1 = 0, a2 = 0, revert = 0;
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration c(store, "ana");
        a1 = c.edit("cameras", {x}, a_x);
        a2 = c.edit("cameras", {y}, a_y);
        apply_b(c);
    }
    {
        auto store = geo::Store::open(only_b, true);
        geo::StoreCuration c(store, "ana");
        apply_b(c);
    }
    const std::string before_revert = dump(project);
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration c(store, "marko");
        revert = c.revert(a1);
        CHECK(revert == 5);
        CHECK(c.revert(a2) == 6);
    }
    CHECK(dump(project) == dump(only_b));
    // x's search text made again from what it now holds: its vendor as imported, b's year and street.
    CHECK(rows(project, "SELECT vendor, year, status, json_extract(attributes, '$.street'), search_text FROM points "
                        "WHERE id = " +
                            std::to_string(x)) ==
          std::vector<std::string>{"tDahua|i2016|tunverified|tШафарикова 3|tdahua 2016 safarikova 3"});
    // The revert is in the history, who and what, old and new.
    std::map<std::string, std::pair<std::string, std::string>> seen;
    for (const auto& ch : geo::curation_history(geo::Store::open(project)))
        if (ch.change_set == revert) {
            CHECK(ch.who == "marko");
            CHECK(ch.point == x);
            seen[ch.field] = {ch.old_value.value_or("-"), ch.new_value.value_or("-")};
        }
    CHECK(seen["vendor"] == std::pair<std::string, std::string>{"Hikvision", "Dahua"});
    CHECK(seen["status"] == std::pair<std::string, std::string>{"verified", "unverified"});
    CHECK(seen["note"] == std::pair<std::string, std::string>{"seen on a walk", "-"});
    CHECK(seen["position"] == std::pair<std::string, std::string>{"19.8355000,45.2605000", "19.8300000,45.2600000"});
    CHECK(seen.size() == 4);
    // Undone, both reverts: the project as before them, byte for byte.
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration c(store, "ana");
        CHECK(c.undo() == 6);
        CHECK(c.undo() == 5);
    }
    CHECK(dump(project) == before_revert);
}

TEST_CASE("A revert is refused where a later change set changed the same field, and for sets undone or unknown",
          "[store][curation]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    geo::import_point_file(copy_fixture(dir, "novi_sad_cameras.csv"), project, "cameras", {});
    const auto ids = ids_of(project, "cameras");
    const std::string x = std::to_string(ids[0]);
    auto store = geo::Store::open(project, true);
    geo::StoreCuration c(store, "ana");
    geo::PointEdit vendor;
    vendor.fields = {{"vendor", "Axis"}};
    geo::PointEdit vendor_again;
    vendor_again.fields = {{"vendor", "Bosch"}};
    geo::PointEdit street;
    street.fields = {{"street", "Дунавска"}};
    geo::PointEdit street_again;
    street_again.fields = {{"street", "Дунавска 1"}};
    CHECK(c.edit("cameras", {ids[0]}, vendor) == 1);
    CHECK(c.edit("cameras", {ids[0]}, street) == 2);
    CHECK(c.edit("cameras", {ids[0]}, vendor_again) == 3);
    CHECK(c.edit("cameras", {ids[0]}, street_again) == 4);
    store.close();
    const std::string before = dump(project);
    const auto history_rows = count(project, "SELECT count(*) FROM curation_changes");
    store = geo::Store::open(project, true);
    geo::StoreCuration d(store, "ana");
    CHECK(error_text([&] { d.revert(1); }) == "--change: cannot revert change set 1: the vendor of point " + x +
                                                  " was changed again by change set 3 (revert or undo that one first)");
    CHECK(error_text([&] { d.revert(2); }).find("the street of point " + x + " was changed again by change set 4") !=
          std::string::npos);
    CHECK(error_text([&] { d.revert(9); }) ==
          "--change: there is no change set 9 (the history has change sets 1 to 4; oko history lists them)");
    store.close();
    CHECK(dump(project) == before);
    CHECK(count(project, "SELECT count(*) FROM curation_changes") == history_rows);

    // The later one undone, the first reverts; a set undone does not.
    store = geo::Store::open(project, true);
    geo::StoreCuration e(store, "ana");
    CHECK(e.undo() == 4);
    CHECK(error_text([&] { e.revert(4); }) == "--change: change set 4 is undone; redo it or leave it");
    CHECK(e.revert(2) == 5);
    store.close();
    CHECK(rows(project, "SELECT vendor, attributes FROM points WHERE id = " + x) ==
          std::vector<std::string>{"tBosch|t{\"street\":\"Булевар ослобођења\"}"});
    // Reverted twice, no: its change is no longer there to put back.
    store = geo::Store::open(project, true);
    geo::StoreCuration f(store, "ana");
    CHECK(error_text([&] { f.revert(2); }).find("was changed again by change set 5") != std::string::npos);
}

TEST_CASE("Reverting a merge or a deletion restores the cameras, reverting an addition deletes it",
          "[store][curation]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    geo::import_point_file(copy_fixture(dir, "novi_sad_cameras.csv"), project, "cameras", {});
    const auto ids = ids_of(project, "cameras");
    const auto imported = rows(project, "SELECT * FROM points ORDER BY id");
    int64_t removed = 0, merged = 0, added_set = 0, added = 0;
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration c(store, "ana");
        removed = c.remove("cameras", ids[3]);
        merged = c.merge("cameras", {ids[0], ids[2], ids[5]});
        added_set = c.add("cameras", {19.84, 45.25}, {{"vendor", "Axis"}}, added);
    }
    CHECK(count(project, kCameras) == 12 - 1 - 2 + 1);
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration c(store, "ana");
        c.revert(merged);
    }
    CHECK(count(project, kCameras) == 12 - 1 + 1);
    CHECK(count(project, "SELECT count(*) FROM points WHERE merged_into IS NOT NULL") == 0);
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration c(store, "ana");
        c.revert(removed);
    }
    CHECK(count(project, kCameras) == 12 + 1);
    int64_t deleted_added = 0;
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration c(store, "ana");
        deleted_added = c.revert(added_set);
    }
    // The camera added is deleted as a deletion deletes one: its row kept, not counted.
    CHECK(count(project, kCameras) == 12);
    CHECK(count(project, "SELECT count(*) FROM points WHERE id = " + std::to_string(added) +
                             " AND deleted_at IS NOT NULL AND added_by = 'ana'") == 1);
    const auto history = geo::curation_history(geo::Store::open(project), {}, deleted_added);
    REQUIRE(history.size() == 1);
    CHECK(history[0].field == "deleted");
    CHECK(history[0].point == added);
    // The imported points as they were, byte for byte; the added camera's row beside them.
    CHECK(rows(project, "SELECT * FROM points WHERE id <> " + std::to_string(added) + " ORDER BY id") == imported);
    // The revert of the addition reverted: the camera back.
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration c(store, "ana");
        c.revert(deleted_added);
        CHECK(error_text([&] { c.revert(deleted_added); }).find("was changed again by change set") !=
              std::string::npos);
    }
    CHECK(count(project, kCameras) == 13);
}

TEST_CASE("The known camera fields on a layer that lacks them: a new attribute, in its view, undone whole",
          "[store][curation][camera_fields]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    geo::import_point_file(copy_fixture(dir, "novi_sad_cameras.csv"), project, "cameras", {});
    const auto ids = ids_of(project, "cameras");
    const auto view_columns = [&] {
        std::vector<std::string> out;
        for (const auto& r : rows(project, "SELECT name FROM pragma_table_info('points_cameras') ORDER BY cid"))
            out.push_back(r.substr(1));
        return out;
    };
    const auto has = [](const std::vector<std::string>& v, const std::string& s) {
        return std::find(v.begin(), v.end(), s) != v.end();
    };
    REQUIRE_FALSE(has(view_columns(), "camera:type"));
    const std::string before = dump(project);
    int64_t added = 0;
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration c(store, "ana");
        c.add("cameras", {19.84, 45.25},
              {{"vendor", "Hikvision"},
               {"type", "dome"},
               {"direction", "NE"},
               {"model", "DS-2CD2143"},
               {"notes", "on the corner"}},
              added);
    }
    // Under the names the OSM export and the importer read them by.
    CHECK(rows(project, "SELECT json_extract(attributes, '$.\"camera:type\"'), json_extract(attributes, "
                        "'$.\"camera:direction\"'), json_extract(attributes, '$.model'), json_extract(attributes, "
                        "'$.notes') FROM points WHERE id = " +
                            std::to_string(added)) == std::vector<std::string>{"tdome|tNE|tDS-2CD2143|ton the corner"});
    CHECK(rows(project,
               "SELECT l.name FROM point_layer_columns l JOIN point_layers p ON p.id = l.layer_id WHERE p.name "
               "= 'cameras' ORDER BY position") ==
          std::vector<std::string>{"tstreet", "tcamera:type", "tcamera:direction", "tmodel", "tnotes"});
    // The layer's view, as a GIS client reads it, has them as columns.
    CHECK(rows(project, "SELECT \"camera:type\", model FROM points_cameras WHERE id = " + std::to_string(added)) ==
          std::vector<std::string>{"tdome|tDS-2CD2143"});
    // The history lists the values, not the columns the layer gained.
    std::vector<std::string> fields;
    for (const auto& ch : geo::curation_history(geo::Store::open(project)))
        fields.push_back(ch.field);
    CHECK(fields ==
          std::vector<std::string>{"added", "vendor", "camera:type", "camera:direction", "model", "notes", "position"});
    // An edit of another camera uses the attribute the layer now has: no new column.
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration c(store, "ana");
        geo::PointEdit edit;
        edit.fields = {{"direction", "270"}};
        c.edit("cameras", {ids[0]}, edit);
        c.undo();
        c.undo();
    }
    CHECK(dump(project) == before);
    CHECK_FALSE(has(view_columns(), "camera:type"));
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration c(store, "ana");
        CHECK(c.redo());
    }
    CHECK(has(view_columns(), "camera:type"));
    CHECK(count(project, "SELECT count(*) FROM points_cameras WHERE notes = 'on the corner'") == 1);
}

TEST_CASE("A known camera field edits the attribute a layer already has for it; a direction is checked",
          "[store][curation][camera_fields]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    const auto csv = dir / "cameras.csv";
    {
        std::ofstream out(csv);
        out << "lat,lon,vendor,Camera_Type,Direction\n45.2551,19.8451,Dahua,fixed,90\n45.2600,19.8300,Axis,,\n";
    }
    geo::import_point_file(csv, project, "cameras", {});
    const auto ids = ids_of(project, "cameras");
    REQUIRE(ids.size() == 2);
    const std::string columns_before = rows(project, "SELECT group_concat(name) FROM point_layer_columns").front();
    auto store = geo::Store::open(project, true);
    geo::StoreCuration c(store, "ana");
    geo::PointEdit edit;
    edit.fields = {{"type", "dome"}, {"direction", "SSW"}};
    c.edit("cameras", {ids[1]}, edit);
    for (const char* bad : {"400", "-5", "north", "0-90"}) {
        geo::PointEdit wrong;
        wrong.fields = {{"direction", bad}};
        INFO(bad);
        CHECK(error_text([&] {
                  c.edit("cameras", {ids[0]}, wrong);
              }).starts_with("--set direction: '" + std::string(bad) + "' is not a direction"));
    }
    // The layer's own attribute for the direction, named as it is, checked as a direction too.
    geo::PointEdit own;
    own.fields = {{"Direction", "400"}};
    CHECK(
        error_text([&] { c.edit("cameras", {ids[0]}, own); }).starts_with("--set Direction: '400' is not a direction"));
    geo::PointEdit typo;
    typo.fields = {{"directon", "90"}};
    CHECK(error_text([&] { c.edit("cameras", {ids[0]}, typo); }) ==
          "--set directon: layer 'cameras' has no field 'directon'; its fields are vendor, year, Camera_Type, "
          "Direction, and any camera may have type, direction, model, notes");
    int64_t id = 0;
    CHECK(error_field([&] { c.add("cameras", {19.84, 45.25}, {{"direction", "361"}}, id); }) == "--set direction");
    store.close();
    CHECK(rows(project, "SELECT attributes FROM points WHERE id = " + std::to_string(ids[1])) ==
          std::vector<std::string>{"t{\"Camera_Type\":\"dome\",\"Direction\":\"SSW\"}"});
    CHECK(rows(project, "SELECT group_concat(name) FROM point_layer_columns").front() == columns_before);
    CHECK(count(project, "SELECT count(DISTINCT change_set) FROM curation_changes") == 1);
}

TEST_CASE("Every group of flagged duplicates of a layer, as SQL groups them, after merges and deletes",
          "[store][curation]") {
    const auto csv = test::shared_data("cameras/jyvaskyla_cctv.csv");
    if (!csv) return;
    test::TempDir dir;
    const auto project = dir / "p.oko";
    const auto input = dir / "jyvaskyla_cctv.csv";
    std::filesystem::copy_file(*csv, input);
    geo::import_point_file(input, project, "cctv", {});
    // SQL's grouping of the live cameras by the one they were flagged against (that one first),
    // groups of two or more, by their lowest id.
    const auto expected = [&] {
        return rows(project,
                    "WITH live AS (SELECT * FROM points WHERE deleted_at IS NULL AND merged_into IS NULL),"
                    " m AS (SELECT coalesce(duplicate_of, id) AS g, id, duplicate_of IS NOT NULL AS flagged,"
                    "       printf('%.2f', coalesce(duplicate_distance_m, 0)) AS metres, coalesce(vendor, '') AS vendor"
                    "       FROM live"
                    "       WHERE duplicate_of IS NOT NULL OR id IN (SELECT duplicate_of FROM live))"
                    " SELECT group_concat(id || ':' || metres || ':' || vendor, ' ') FROM"
                    " (SELECT * FROM m ORDER BY g, flagged, id) GROUP BY g HAVING count(*) >= 2 ORDER BY min(id)");
    };
    const auto listed = [&] {
        std::vector<std::string> out;
        for (const auto& g : geo::flagged_duplicate_groups(geo::Store::open(project), "cctv")) {
            std::string line = "t";
            REQUIRE(g.vendors.size() == g.points.size());
            for (size_t i = 0; i < g.points.size(); ++i) {
                char m[40];
                std::snprintf(m, sizeof m, "%.2f", g.points[i].second);
                line += (line.size() > 1 ? " " : "") + std::to_string(g.points[i].first) + ":" + m + ":" + g.vendors[i];
            }
            out.push_back(line);
        }
        return out;
    };
    const auto before = expected();
    REQUIRE(before.size() >= 5); // the file has a dozen places reported more than once
    CHECK(listed() == before);
    const auto groups = geo::flagged_duplicate_groups(geo::Store::open(project), "cctv");
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration curation(store, "ana");
        std::vector<int64_t> ids;
        for (const auto& [id, metres] : groups[0].points)
            ids.push_back(id);
        curation.merge("cctv", ids);                        // a group merged whole: gone from the list
        curation.remove("cctv", groups[1].points[0].first); // the camera the others were flagged against
    }
    const auto after = expected();
    CHECK(after.size() < before.size());
    CHECK(listed() == after);
    // The merged camera's details list every report merged into it, as SQL finds them.
    const int64_t keep = std::min_element(groups[0].points.begin(), groups[0].points.end())->first;
    const auto merged_rows = rows(project, "SELECT 'jyvaskyla_cctv.csv row ' || source_row FROM points WHERE "
                                           "merged_into = " +
                                               std::to_string(keep) + " ORDER BY id");
    REQUIRE(merged_rows.size() == groups[0].points.size() - 1);
    std::string text = std::to_string(groups[0].points.size()) + ": this one, and ";
    for (size_t i = 0; i < merged_rows.size(); ++i)
        text += (i ? "; " : "") + merged_rows[i].substr(1);
    const auto details = geo::point_details(geo::Store::open(project), keep);
    const auto reports =
        std::find_if(details.begin(), details.end(), [](const auto& d) { return d.first == "reports"; });
    REQUIRE(reports != details.end());
    CHECK(reports->second == text + " merged into it");
    CHECK_THROWS_AS(geo::flagged_duplicate_groups(geo::Store::open(project), "nope"), geo::Error);
}
