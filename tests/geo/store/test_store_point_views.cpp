// Each point layer as its own layer for QGIS and GDAL: read back through GDAL's OGR API (its own
// SQLite driver, nothing of Oko's store), compared with the source files as GDAL reads them, and
// the views' safety: a view whose SQL is not exactly Oko's is refused and repaired.

#include "geo/base/error.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/points/point_file_import.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_point_views.hpp"
#include "geo/store/store_points.hpp"
#include "geo/store/store_schema.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <memory>

using namespace oko;

namespace {

const std::filesystem::path kFixtures = OKO_TEST_FIXTURES;

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<GDALDataset, DatasetCloser>;

Dataset open_vector(const std::filesystem::path& file, const char* driver, std::vector<std::string> open_options = {}) {
    GDALAllRegister();
    const char* drivers[] = {driver, nullptr};
    std::vector<const char*> options;
    for (const auto& o : open_options)
        options.push_back(o.c_str());
    options.push_back(nullptr);
    return Dataset(static_cast<GDALDataset*>(
        GDALOpenEx(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, options.data(), nullptr)));
}

// One layer as GDAL sees it.
struct SeenLayer {
    std::vector<std::string> fields;
    int64_t count = 0;
    std::vector<std::pair<double, double>> positions;       // lon, lat of each feature, sorted
    std::vector<std::map<std::string, std::string>> values; // each feature's set fields, by name
};

SeenLayer seen(OGRLayer& layer) {
    SeenLayer out;
    auto* defn = layer.GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        out.fields.push_back(defn->GetFieldDefn(i)->GetNameRef());
    out.count = layer.GetFeatureCount(TRUE);
    layer.ResetReading();
    for (auto& f : layer) {
        const auto* g = f->GetGeometryRef();
        if (g && wkbFlatten(g->getGeometryType()) == wkbPoint) {
            const auto* p = g->toPoint();
            out.positions.emplace_back(p->getX(), p->getY());
        }
        std::map<std::string, std::string> row;
        for (int i = 0; i < f->GetFieldCount(); ++i)
            if (f->IsFieldSetAndNotNull(i)) row[out.fields[static_cast<size_t>(i)]] = f->GetFieldAsString(i);
        out.values.push_back(std::move(row));
    }
    std::sort(out.positions.begin(), out.positions.end());
    return out;
}

// Every layer GDAL lists in a project.
std::map<std::string, SeenLayer> gdal_layers(const std::filesystem::path& project) {
    auto ds = open_vector(project, "SQLite");
    REQUIRE(ds);
    std::map<std::string, SeenLayer> out;
    for (auto* layer : ds->GetLayers())
        out[layer->GetName()] = seen(*layer);
    return out;
}

// A CSV as GDAL's CSV driver reads it, positions from the named columns.
SeenLayer gdal_csv(const std::filesystem::path& file, const std::string& lon, const std::string& lat) {
    auto ds = open_vector(file, "CSV", {"X_POSSIBLE_NAMES=" + lon, "Y_POSSIBLE_NAMES=" + lat, "KEEP_GEOM_COLUMNS=NO"});
    REQUIRE(ds);
    return seen(*ds->GetLayer(0));
}

// Runs SQL on a project with plain SQLite, as someone editing the file would.
void run_sql(const std::filesystem::path& db, const std::string& sql) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err);
    const std::string msg = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(h);
    INFO(msg);
    REQUIRE(rc == SQLITE_OK);
}

std::string sql_text(const std::filesystem::path& db, const std::string& sql) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &q, nullptr) == SQLITE_OK);
    std::string v;
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
        v = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(h);
    return v;
}

int64_t layer_count(const std::filesystem::path& db, const std::string& layer) {
    return std::stoll(sql_text(db, "SELECT count(*) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE "
                                   "l.name = '" +
                                       layer + "'"));
}

std::filesystem::path copy_fixture(const test::TempDir& dir, const std::string& name) {
    const auto to = dir / name;
    std::filesystem::copy_file(kFixtures / "points" / name, to);
    return to;
}

void check_same_positions(const SeenLayer& a, const SeenLayer& b) {
    REQUIRE(a.positions.size() == b.positions.size());
    for (size_t i = 0; i < a.positions.size(); ++i) {
        CHECK(a.positions[i].first == Approx(b.positions[i].first).margin(1e-9));
        CHECK(a.positions[i].second == Approx(b.positions[i].second).margin(1e-9));
    }
}

std::string refusal_of(const std::filesystem::path& project) {
    try {
        geo::Store::open(project);
    } catch (const geo::Error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("GDAL lists each point layer as a layer with its attributes as columns", "[store][views]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    const auto novi_sad = copy_fixture(dir, "novi_sad_cameras.csv");
    const auto belgrade = copy_fixture(dir, "belgrade_semicolon_bom.csv");
    const auto a = geo::import_point_file(novi_sad, project, "cameras", {});
    const auto b = geo::import_point_file(belgrade, project, "Beograd kamere", {});

    const auto layers = gdal_layers(project);
    REQUIRE(layers.count("points_cameras"));
    REQUIRE(layers.count("points_beograd_kamere"));
    REQUIRE(layers.count("points_smart_city_sites")); // the shipped layer too

    const auto& cameras = layers.at("points_cameras");
    CHECK(cameras.fields ==
          std::vector<std::string>{"vendor", "year", "status", "street", "source_file", "source_row"});
    CHECK(cameras.count == a.report.imported);
    CHECK(cameras.count == layer_count(project, "cameras"));
    // The same positions as GDAL reads from the source file.
    check_same_positions(cameras, gdal_csv(novi_sad, "lon", "lat"));
    // The first row: vendor and year canonical, the street as written, the provenance.
    const auto first = std::find_if(cameras.values.begin(), cameras.values.end(),
                                    [](const auto& row) { return row.at("source_row") == "2"; });
    REQUIRE(first != cameras.values.end());
    CHECK(first->at("vendor") == "Huawei");
    CHECK(first->at("year") == "2019");
    CHECK(first->at("status") == "unverified"); // no report is checked at import
    CHECK(first->at("street") == "Булевар ослобођења");
    CHECK(first->at("source_file") == "novi_sad_cameras.csv");

    const auto& beograd = layers.at("points_beograd_kamere");
    CHECK(beograd.fields ==
          std::vector<std::string>{"vendor", "year", "status", "Ред. бр.", "Napomena", "source_file", "source_row"});
    CHECK(beograd.count == b.report.imported);
    CHECK(beograd.count == layer_count(project, "Beograd kamere"));
    // Every imported row's note is one GDAL reads in the source file (Oko numbers rows by line,
    // GDAL by record, and a note spans two lines; line ends compared without CR).
    auto source = open_vector(belgrade, "CSV");
    REQUIRE(source);
    const auto without_cr = [](std::string text) {
        text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
        return text;
    };
    std::multiset<std::string> notes;
    for (auto& f : *source->GetLayer(0))
        notes.insert(without_cr(f->GetFieldAsString("Napomena")));
    int compared = 0;
    for (const auto& row : beograd.values) {
        if (!row.count("Napomena")) continue;
        const auto it = notes.find(without_cr(row.at("Napomena")));
        CHECK(it != notes.end());
        if (it != notes.end()) notes.erase(it);
        ++compared;
    }
    CHECK(compared >= 5);

    // The plain table is still there for what reads it.
    CHECK(layers.count("points"));
    // The project opens: Oko's check accepts the views it wrote.
    CHECK(refusal_of(project).empty());
}

TEST_CASE("The Jyväskylä cameras through GDAL: every imported row, at its position", "[store][views][real]") {
    const auto file = test::shared_data("cameras/jyvaskyla_cctv.csv");
    if (!file) return;
    test::TempDir dir;
    const auto input = dir / "jyvaskyla_cctv.csv";
    std::filesystem::copy_file(*file, input);
    const auto project = dir / "j.oko";
    const auto result = geo::import_point_file(input, project, "cctv", {});
    REQUIRE(result.report.rejected_count == 0);
    const auto layers = gdal_layers(project);
    REQUIRE(layers.count("points_cctv"));
    const auto& cctv = layers.at("points_cctv");
    const auto source = gdal_csv(input, "longitude", "latitude");
    CHECK(cctv.count == source.count);
    CHECK(cctv.count == layer_count(project, "cctv"));
    check_same_positions(cctv, source);
    for (const char* field : {"camera_type", "camera_model", "radius", "angle_of_view"})
        CHECK(std::find(cctv.fields.begin(), cctv.fields.end(), field) != cctv.fields.end());
}

TEST_CASE("Hostile attribute names become columns and nothing else", "[store][views][safety]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    const auto input = copy_fixture(dir, "hostile_names.csv");
    geo::import_point_file(input, project, "cameras", {});
    const int64_t points = std::stoll(sql_text(project, "SELECT count(*) FROM points"));

    const auto layers = gdal_layers(project);
    REQUIRE(layers.count("points_cameras"));
    REQUIRE(layers.count("points"));
    const auto& cameras = layers.at("points_cameras");
    // Named as in the file; a name that the view's own columns have gets a suffix.
    CHECK(cameras.fields == std::vector<std::string>{"vendor", "year", "status", "x\"); DROP TABLE points;--", "it's",
                                                     "a.b[0]", "back\\slash", "id_2", "ID_3", "source_file_2",
                                                     "Ünïcödé 名前", "source_file", "source_row"});
    // Each value as GDAL reads the cell in the source file, column by column in file order
    // (GDAL's CSV driver reads the first header as x); DROP TABLE points;-- , without its quote).
    auto source = open_vector(input, "CSV");
    REQUIRE(source);
    auto* layer = source->GetLayer(0);
    REQUIRE(layer->GetLayerDefn()->GetFieldCount() == 11); // lat, lon, 8 attributes, vendor
    REQUIRE(cameras.values.size() == 2);
    int compared = 0;
    for (auto& f : *layer) {
        const std::string vendor = f->GetFieldAsString(10);
        const auto row = std::find_if(cameras.values.begin(), cameras.values.end(),
                                      [&](const auto& r) { return r.at("vendor") == vendor; });
        REQUIRE(row != cameras.values.end());
        for (int i = 2; i < 10; ++i) {
            const auto& column =
                cameras.fields[static_cast<size_t>(i) + 1]; // vendor, year, status, then the attributes
            INFO(column);
            REQUIRE(row->count(column));
            CHECK(row->at(column) == f->GetFieldAsString(i));
            ++compared;
        }
    }
    CHECK(compared == 16);
    CHECK(std::stoll(sql_text(project, "SELECT count(*) FROM points")) == points);
    CHECK(refusal_of(project).empty());
}

TEST_CASE("A view's SQL is generated with every name quoted, for any bytes", "[store][views][safety]") {
    // Names no CSV header carries: control characters, a NUL, an empty name, a quote with a
    // backslash, and two that differ only in ASCII case. SQLite's json_each decodes a key's \u0000
    // otherwise than its bytes, so that one column stays empty; every name stays a name.
    const std::vector<std::string> names{std::string("a\0b", 3), "", "q\"\\'", "Name", "NAME", "\x01"};
    const auto sql = geo::point_view_sql("points_x", 7, names);
    CHECK(sql.find('\0') == std::string::npos);
    // Run it on a points table that holds exactly those keys, and read the columns back.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> closer(db, sqlite3_close);
    REQUIRE(sqlite3_exec(db,
                         "CREATE TABLE points(id INTEGER PRIMARY KEY, layer_id INTEGER, source_id INTEGER, source_row "
                         "INTEGER, vendor TEXT, year INTEGER, attributes TEXT, geom BLOB, status TEXT NOT NULL DEFAULT "
                         "'unverified', deleted_at TEXT, merged_into INTEGER);"
                         "CREATE TABLE point_sources(id INTEGER PRIMARY KEY, file_name TEXT);"
                         "INSERT INTO point_sources VALUES (1, 'f.csv');"
                         "INSERT INTO points(id, layer_id, source_id, source_row, vendor, year, attributes, geom) "
                         "VALUES (5, 7, 1, 2, NULL, NULL, "
                         "'{\"a\\u0000b\":\"1\",\"\":\"2\",\"q\\\"\\\\''\":\"3\",\"Name\":\"4\",\"NAME\":\"5\","
                         "\"\\u0001\":\"6\"}', NULL);"
                         "INSERT INTO points(id, layer_id, source_id, source_row, vendor, year, attributes, geom) "
                         "VALUES (6, 8, 1, 3, 'Dahua', 2020, '{}', NULL);",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT * FROM points_x", -1, &q, nullptr) == SQLITE_OK);
    std::vector<std::string> columns;
    for (int i = 0; i < sqlite3_column_count(q); ++i)
        columns.push_back(sqlite3_column_name(q, i));
    CHECK(columns == std::vector<std::string>{"id", "vendor", "year", "status", "a_b", "field", "q\"\\'", "Name",
                                              "NAME_2", "_", "source_file", "source_row", "geom"});
    REQUIRE(sqlite3_step(q) == SQLITE_ROW);
    CHECK(sqlite3_column_int(q, 0) == 5);
    CHECK(sqlite3_column_type(q, 1) == SQLITE_NULL); // unknown vendor and year stay NULL
    CHECK(sqlite3_column_type(q, 2) == SQLITE_NULL);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(q, 3))) == "unverified");
    CHECK(sqlite3_column_type(q, 4) == SQLITE_NULL);
    for (int i = 5; i <= 9; ++i) {
        INFO(columns[static_cast<size_t>(i)]);
        REQUIRE(sqlite3_column_text(q, i));
        CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(q, i))) == std::to_string(i - 3));
    }
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(q, 10))) == "f.csv");
    CHECK(sqlite3_step(q) == SQLITE_DONE); // only layer 7
    sqlite3_finalize(q);
}

TEST_CASE("A view Oko did not write is refused on open and repaired", "[store][views][safety]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    const auto input = copy_fixture(dir, "novi_sad_cameras.csv");
    geo::import_point_file(input, project, "cameras", {});
    const auto good = gdal_layers(project).at("points_cameras");
    const std::string sql = sql_text(project, "SELECT sql FROM sqlite_master WHERE name = 'points_cameras'");
    REQUIRE(sql.find("CREATE VIEW") == 0);

    const auto replace_view = [&](const std::string& body) { run_sql(project, "DROP VIEW points_cameras; " + body); };
    SECTION("its SQL calls a function") {
        std::string changed = sql;
        const std::string column = "p.vendor AS \"vendor\"";
        changed.replace(changed.find(column), column.size(), "lower(p.vendor) AS \"vendor\"");
        replace_view(changed);
    }
    SECTION("named like Oko's, it selects another table") {
        replace_view("CREATE VIEW points_cameras AS SELECT id, name AS vendor, geom FROM basemap_points");
    }
    SECTION("another layer's points under this layer's name") {
        std::string other = sql;
        other.replace(other.rfind("= "), std::string::npos, "= 1");
        replace_view(other);
    }
    const auto refused = refusal_of(project);
    CHECK_THAT(refused, Catch::Contains("view \"points_cameras\" (its SQL is not the one Oko writes)"));
    CHECK_THAT(refused, Catch::Contains("oko repair"));
    // Nothing is written into it either.
    CHECK_THROWS_AS(geo::import_point_file(copy_fixture(dir, "belgrade_semicolon_bom.csv"), project, "more", {}),
                    geo::Error);

    {
        auto store = geo::Store::open_unchecked(project, true);
        const auto report = geo::repair_schema(store);
        REQUIRE(report.unrepaired.empty());
        REQUIRE(report.done.size() == 1);
        CHECK_THAT(report.done[0], Catch::Contains("re-created view \"points_cameras\""));
    }
    CHECK(refusal_of(project).empty());
    CHECK(sql_text(project, "SELECT sql FROM sqlite_master WHERE name = 'points_cameras'") == sql);
    const auto repaired = gdal_layers(project).at("points_cameras");
    CHECK(repaired.fields == good.fields);
    CHECK(repaired.count == good.count);
}

TEST_CASE("A view of no layer is refused and stripped", "[store][views][safety]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    geo::import_point_file(copy_fixture(dir, "novi_sad_cameras.csv"), project, "cameras", {});
    run_sql(project, "CREATE VIEW points_ghost AS SELECT id, geom FROM points");
    CHECK_THAT(refusal_of(project), Catch::Contains("view \"points_ghost\" (not created by Oko)"));
    {
        auto store = geo::Store::open_unchecked(project, true);
        const auto report = geo::repair_schema(store);
        REQUIRE(report.done.size() == 1);
        CHECK_THAT(report.done[0], Catch::Contains("dropped view \"points_ghost\""));
    }
    CHECK(refusal_of(project).empty());
    CHECK(sql_text(project, "SELECT count(*) FROM sqlite_master WHERE name = 'points_ghost'") == "0");
}

TEST_CASE("Importing again into a layer adds the new file's columns to its view", "[store][views]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    {
        std::ofstream(dir / "a.csv") << "lat,lon,vendor,street\n45.25,19.84,Huawei,Futoška\n";
        std::ofstream(dir / "b.csv") << "lat,lon,vendor,mount,street\n45.26,19.83,Dahua,pole,Zmaj Jovina\n";
    }
    geo::import_point_file(dir / "a.csv", project, "cameras", {});
    CHECK(gdal_layers(project).at("points_cameras").fields ==
          std::vector<std::string>{"vendor", "year", "status", "street", "source_file", "source_row"});
    geo::import_point_file(dir / "b.csv", project, "cameras", {});
    const auto cameras = gdal_layers(project).at("points_cameras");
    CHECK(cameras.fields ==
          std::vector<std::string>{"vendor", "year", "status", "street", "mount", "source_file", "source_row"});
    CHECK(cameras.count == 2);
    CHECK(refusal_of(project).empty());
}

TEST_CASE("A project from before the views opens, and gets them from its points", "[store][views]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    geo::import_point_file(copy_fixture(dir, "novi_sad_cameras.csv"), project, "cameras", {});
    const auto good = gdal_layers(project).at("points_cameras");
    // What a project written before the views holds.
    std::string drop;
    for (const char* v : {"points_cameras", "points_smart_city_sites"})
        drop += std::string("DROP VIEW ") + v + "; ";
    run_sql(project, drop + "DROP TABLE point_layer_columns; DELETE FROM views_geometry_columns;");
    CHECK(refusal_of(project).empty());
    CHECK_FALSE(gdal_layers(project).count("points_cameras"));

    SECTION("oko repair writes them") {
        auto store = geo::Store::open_unchecked(project, true);
        const auto report = geo::repair_schema(store);
        CHECK(report.done.size() == 2);
    }
    SECTION("an import into another layer writes them all") {
        { std::ofstream(dir / "other.csv") << "lat,lon\n45.25,19.84\n"; }
        geo::import_point_file(dir / "other.csv", project, "other", {});
        CHECK(gdal_layers(project).count("points_other"));
    }
    const auto recovered = gdal_layers(project).at("points_cameras");
    CHECK(recovered.fields == good.fields);
    CHECK(recovered.count == good.count);
    CHECK(refusal_of(project).empty());
}

TEST_CASE("Layer names that differ only in case get views of their own", "[store][views]") {
    test::TempDir dir;
    const auto project = dir / "p.oko";
    { std::ofstream(dir / "a.csv") << "lat,lon,note\n45.25,19.84,x\n"; }
    geo::import_point_file(dir / "a.csv", project, "Cams", {});
    geo::import_point_file(dir / "a.csv", project, "cams", {});
    geo::import_point_file(dir / "a.csv", project, "layer", {}); // points_layer is an index of Oko's
    const auto views = geo::expected_point_views(geo::Store::open(project).handle(), project.string());
    std::vector<std::string> names;
    for (const auto& v : views)
        names.push_back(v.name);
    const auto cams = geo::find_point_layer(geo::Store::open(project), "cams");
    const auto layer = geo::find_point_layer(geo::Store::open(project), "layer");
    CHECK(names == std::vector<std::string>{"points_smart_city_sites", "points_cams",
                                            "points_cams_" + std::to_string(cams),
                                            "points_layer_" + std::to_string(layer)});
    const auto layers = gdal_layers(project);
    for (const auto& n : names)
        CHECK(layers.count(n));
    CHECK(refusal_of(project).empty());
}

TEST_CASE("The OSM cameras' view numbers them by OSM id, past 32 bits", "[store][views][real]") {
    const auto pbf = test::shared_data("osm/monaco.osm.pbf");
    if (!pbf) return;
    test::TempDir dir;
    const auto project = dir / "monaco.oko";
    geo::import_osm(*pbf, project);
    auto ds = open_vector(project, "SQLite");
    REQUIRE(ds);
    auto* layer = ds->GetLayerByName("points_osm_cameras");
    REQUIRE(layer);
    const int field = layer->GetLayerDefn()->GetFieldIndex("source_row");
    REQUIRE(field >= 0);
    CHECK(layer->GetLayerDefn()->GetFieldDefn(field)->GetType() == OFTInteger64);
    // The same numbers as the table holds, each an OSM node id.
    std::multiset<int64_t> seen;
    for (auto& f : *layer)
        seen.insert(f->GetFieldAsInteger64(field));
    std::multiset<int64_t> stored;
    {
        sqlite3* h = nullptr;
        REQUIRE(sqlite3_open_v2(project.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
        sqlite3_stmt* q = nullptr;
        REQUIRE(sqlite3_prepare_v2(h,
                                   "SELECT source_row FROM points p JOIN point_layers l ON l.id = p.layer_id "
                                   "WHERE l.name = 'osm_cameras'",
                                   -1, &q, nullptr) == SQLITE_OK);
        while (sqlite3_step(q) == SQLITE_ROW)
            stored.insert(sqlite3_column_int64(q, 0));
        sqlite3_finalize(q);
        sqlite3_close(h);
    }
    REQUIRE_FALSE(stored.empty());
    CHECK(seen == stored);
    CHECK(*stored.rbegin() > int64_t{1} << 31);
}
