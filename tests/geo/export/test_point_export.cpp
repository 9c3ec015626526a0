// A point layer exported to each format and read back with GDAL/OGR (never with Oko's code), its
// counts against SQL on the project (sqlite3 directly), its values against the source file as
// GDAL reads it, with and without a filter; and the safety of the output: an unknown extension or
// a failure writes nothing and leaves an existing file as it was.

#include "geo/base/error.hpp"
#include "geo/export/point_export.hpp"
#include "geo/store/curation.hpp"
#include "geo/points/point_file_import.hpp"
#include "geo/scene/filter.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_point_rows.hpp" // PointRow, for the OSM tags
#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

using namespace oko;
namespace fs = std::filesystem;

namespace {

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<GDALDataset, DatasetCloser>;

Dataset open_vector(const fs::path& file, const char* driver, std::vector<std::string> open_options = {}) {
    GDALAllRegister();
    const char* drivers[] = {driver, nullptr};
    std::vector<const char*> options;
    for (const auto& o : open_options)
        options.push_back(o.c_str());
    options.push_back(nullptr);
    return Dataset(static_cast<GDALDataset*>(
        GDALOpenEx(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, options.data(), nullptr)));
}

// One feature as GDAL reads it: its position and its set fields by name.
struct Seen {
    double lon = 0, lat = 0;
    std::map<std::string, std::string> fields;
};

struct SeenFile {
    std::vector<std::string> fields;
    std::vector<Seen> features;
};

SeenFile read_back(const fs::path& file, const char* driver, std::vector<std::string> open_options = {},
                   const char* layer_name = nullptr) {
    auto ds = open_vector(file, driver, std::move(open_options));
    INFO(file.string());
    REQUIRE(ds);
    OGRLayer* layer = layer_name ? ds->GetLayerByName(layer_name) : ds->GetLayer(0);
    REQUIRE(layer);
    SeenFile out;
    auto* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        out.fields.push_back(defn->GetFieldDefn(i)->GetNameRef());
    for (auto& f : *layer) {
        Seen s;
        if (const auto* g = f->GetGeometryRef(); g && wkbFlatten(g->getGeometryType()) == wkbPoint) {
            s.lon = g->toPoint()->getX();
            s.lat = g->toPoint()->getY();
        }
        for (int i = 0; i < f->GetFieldCount(); ++i) {
            if (!f->IsFieldSetAndNotNull(i)) continue;
            std::string text = f->GetFieldAsString(i);
            if (defn->GetFieldDefn(i)->GetType() == OFTDateTime) { // as ISO 8601 in UTC, as the store has it
                int y, mo, d, h, mi, tz;
                float sec;
                REQUIRE(f->GetFieldAsDateTime(i, &y, &mo, &d, &h, &mi, &sec, &tz));
                REQUIRE(tz == 100); // UTC
                char iso[32];
                std::snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi,
                              static_cast<int>(sec));
                text = iso;
            }
            s.fields[out.fields[static_cast<size_t>(i)]] = text;
        }
        out.features.push_back(std::move(s));
    }
    return out;
}

// A field's value; "" when unset or null (GDAL's CSV driver reads an empty cell as "").
std::string value(const Seen& f, const std::string& field) {
    const auto it = f.fields.find(field);
    return it == f.fields.end() ? std::string() : it->second;
}

// GDAL's OSM configuration with nothing ignored: its default drops the source and note tags.
fs::path osm_config() {
    static test::TempDir dir;
    const auto path = dir / "osmconf.ini";
    if (!fs::exists(path)) {
        GDALAllRegister();
        const char* found = CPLFindFile("gdal", "osmconf.ini");
        REQUIRE(found);
        std::ifstream in(found);
        std::ofstream out(path);
        std::string line;
        while (std::getline(in, line))
            out << (line.starts_with("ignore=") ? std::string("ignore=") : line) << "\n";
    }
    return path;
}

// The first column of `sql`'s first row on the project, through sqlite3 itself.
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

int64_t sql_count(const fs::path& project, const std::string& layer, const std::string& condition = "1") {
    return std::stoll(sql_text(project, "SELECT count(*) FROM points p JOIN point_layers l ON l.id = p.layer_id "
                                        "WHERE l.name = '" +
                                            layer + "' AND (" + condition + ")"));
}

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The files in `dir` other than those named.
std::vector<std::string> other_files(const fs::path& dir, const std::vector<std::string>& expected) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) {
        const auto name = e.path().filename().string();
        if (std::find(expected.begin(), expected.end(), name) == expected.end()) out.push_back(name);
    }
    return out;
}

// The exported file as GDAL reads it: CSV with its lon/lat columns, OSM XML through GDAL's OSM
// driver (its points layer), the others as they are.
SeenFile read_export(const fs::path& file) {
    const std::string ext = file.extension().string();
    if (ext == ".csv")
        return read_back(file, "CSV", {"X_POSSIBLE_NAMES=lon", "Y_POSSIBLE_NAMES=lat", "KEEP_GEOM_COLUMNS=NO"});
    // New nodes have negative ids, which GDAL's own node index does not take.
    if (ext == ".osm") CPLSetConfigOption("OSM_USE_CUSTOM_INDEXING", "NO");
    if (ext == ".osm") return read_back(file, "OSM", {"CONFIG_FILE=" + osm_config().string()}, "points");
    if (ext == ".gpkg") return read_back(file, "GPKG");
    if (ext == ".kml") return read_back(file, "LIBKML"); // GDAL's own KML reader skips ExtendedData
    return read_back(file, "GeoJSON");
}

const std::vector<std::string> kFormats{"geojson", "csv", "gpkg", "kml", "osm"};

// Imports the shared Jyväskylä cameras into `project` as layer cctv; false without the data.
bool import_jyvaskyla(const test::TempDir& dir, const fs::path& project) {
    const auto source = test::shared_data("cameras/jyvaskyla_cctv.csv");
    if (!source) return false;
    fs::copy_file(*source, dir / "jyvaskyla_cctv.csv");
    const auto result = geo::import_point_file(dir / "jyvaskyla_cctv.csv", project, "cctv", {});
    REQUIRE(result.report.rejected_count == 0);
    return true;
}

} // namespace

TEST_CASE("The format of an export follows its extension; any other is an error naming those Oko writes",
          "[export][points]") {
    CHECK(geo::point_file_format("a.geojson") == geo::PointFileFormat::GeoJson);
    CHECK(geo::point_file_format("a.CSV") == geo::PointFileFormat::Csv);
    CHECK(geo::point_file_format("dir/a.gpkg") == geo::PointFileFormat::GeoPackage);
    CHECK(geo::point_file_format("a.kml") == geo::PointFileFormat::Kml);
    CHECK(geo::point_file_format("a.osm") == geo::PointFileFormat::Osm);
    CHECK_FALSE(geo::point_file_format("a.shp"));
    CHECK_FALSE(geo::point_file_format("a.json"));
    CHECK_FALSE(geo::point_file_format("geojson"));
    try {
        geo::require_point_file_format("cameras.shp", "--out");
        FAIL("no error");
    } catch (const geo::Error& e) {
        CHECK(e.field() == "--out");
        CHECK(e.file() == "cameras.shp");
        for (const char* ext : {"'.shp'", "*.geojson", "*.csv", "*.gpkg", "*.kml", "*.osm"})
            CHECK_THAT(e.reason(), Catch::Contains(ext));
    }
}

TEST_CASE("The Jyväskylä cameras exported to every format: every camera, its attributes and provenance",
          "[export][points][real]") {
    test::TempDir dir;
    const auto project = dir / "j.oko";
    if (!import_jyvaskyla(dir, project)) return;
    const int64_t all = sql_count(project, "cctv");
    REQUIRE(all == 450); // SOURCES.md: 450 points
    const std::string source_of = " FROM point_sources WHERE file_name = 'jyvaskyla_cctv.csv'";
    const std::string sha = sql_text(project, "SELECT sha256" + source_of);
    const std::string imported = sql_text(project, "SELECT imported_at" + source_of);
    REQUIRE(sha.size() == 64);

    // The source as GDAL reads it, by line number (the header is line 1, GDAL's first FID is 1).
    const auto source =
        read_back(dir / "jyvaskyla_cctv.csv", "CSV", {"X_POSSIBLE_NAMES=longitude", "Y_POSSIBLE_NAMES=latitude"});
    REQUIRE(source.features.size() == 450);

    const auto store = geo::Store::open(project);
    for (const auto& format : kFormats) {
        const auto out = dir / ("cctv." + format);
        const auto result = geo::export_points(store, "cctv", {}, out);
        INFO(format);
        CHECK(result.count == all);
        CHECK(result.layer_points == all);
        CHECK(std::string(geo::point_file_format_name(result.format)) == format);
        const auto seen = read_export(out);
        CHECK(static_cast<int64_t>(seen.features.size()) == all);
        if (format == "osm") continue; // its tags: the case below
        for (const char* field :
             {"id", "vendor", "year", "camera_type", "radius", "angle_of_view", "camera_model", "url",
              "camera_in_streetview", "source_file", "source_sha256", "source_row", "imported_at"})
            CHECK(std::find(seen.fields.begin(), seen.fields.end(), field) != seen.fields.end());
        for (const char* field : {"status", "added_by", "added_at", "reports", "merged_reports"})
            CHECK(std::find(seen.fields.begin(), seen.fields.end(), field) != seen.fields.end());
        size_t compared = 0;
        for (const auto& f : seen.features) {
            REQUIRE(f.fields.count("source_row"));
            const size_t line = std::stoul(f.fields.at("source_row"));
            REQUIRE(line >= 2);
            REQUIRE(line - 2 < source.features.size());
            const auto& s = source.features[line - 2];
            INFO("line " << line);
            CHECK(std::abs(f.lon - s.lon) < 1e-7);
            CHECK(std::abs(f.lat - s.lat) < 1e-7);
            for (const char* field :
                 {"camera_type", "camera_model", "camera_in_streetview", "angle_of_view", "radius", "url"})
                CHECK(value(f, field) == value(s, field));
            CHECK(value(f, "source_file") == "jyvaskyla_cctv.csv");
            CHECK(value(f, "source_sha256") == sha);
            CHECK(value(f, "imported_at") == imported);
            CHECK(value(f, "year").empty()); // the file has no year
            ++compared;
        }
        CHECK(compared == 450);
    }
}

TEST_CASE("The GeoPackage has a spatial index GDAL uses and keeps up to date", "[export][points][real]") {
    test::TempDir dir;
    const auto project = dir / "j.oko";
    if (!import_jyvaskyla(dir, project)) return;
    const auto out = dir / "cctv.gpkg";
    const auto store = geo::Store::open(project);
    REQUIRE(geo::export_points(store, "cctv", {}, out).count == 450);
    // SQLite's own check of the R*Tree, and one box per feature.
    CHECK(sql_text(out, "SELECT rtreecheck('rtree_cctv_geom')") == "ok");
    CHECK(sql_text(out, "SELECT count(*) FROM rtree_cctv_geom") == "450");
    CHECK(sql_text(out, "SELECT count(*) FROM cctv c JOIN rtree_cctv_geom r ON r.id = c.fid") == "450");
    CHECK(sql_text(out, "SELECT extension_name FROM gpkg_extensions WHERE table_name = 'cctv'") == "gpkg_rtree_index");

    // GDAL finds the index, and a box holds the features a brute-force test over the positions finds.
    const auto all = read_export(out);
    const double box[4] = {25.72, 62.235, 25.75, 62.255};
    int64_t inside = 0;
    for (const auto& f : all.features)
        inside += f.lon >= box[0] && f.lon <= box[2] && f.lat >= box[1] && f.lat <= box[3];
    REQUIRE(inside > 20);
    REQUIRE(inside < 450);
    {
        auto ds = open_vector(out, "GPKG");
        REQUIRE(ds);
        auto* index = ds->ExecuteSQL("SELECT HasSpatialIndex('cctv', 'geom')", nullptr, nullptr);
        REQUIRE(index);
        auto first = std::unique_ptr<OGRFeature>(index->GetNextFeature());
        REQUIRE(first);
        CHECK(first->GetFieldAsInteger(0) == 1);
        ds->ReleaseResultSet(index);
        auto* layer = ds->GetLayerByName("cctv");
        REQUIRE(layer);
        CHECK(layer->TestCapability(OLCFastSpatialFilter));
        layer->SetSpatialFilterRect(box[0], box[1], box[2], box[3]);
        int64_t n = 0;
        for (auto& f : *layer) {
            (void)f;
            ++n;
        }
        CHECK(n == inside);
    }
    // A GIS client's edit goes through the index's triggers.
    {
        GDALAllRegister();
        const char* drivers[] = {"GPKG", nullptr};
        Dataset ds(static_cast<GDALDataset*>(
            GDALOpenEx(out.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr)));
        REQUIRE(ds);
        auto* layer = ds->GetLayerByName("cctv");
        std::unique_ptr<OGRFeature> f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        OGRPoint p(25.73, 62.24);
        f->SetGeometry(&p);
        REQUIRE(layer->CreateFeature(f.get()) == OGRERR_NONE);
    }
    CHECK(sql_text(out, "SELECT count(*) FROM rtree_cctv_geom") == "451");
    CHECK(sql_text(out, "SELECT rtreecheck('rtree_cctv_geom')") == "ok");
}

TEST_CASE("A filtered export holds the cameras the filter passes, as SQL counts them", "[export][points][real]") {
    test::TempDir dir;
    const auto project = dir / "j.oko";
    if (!import_jyvaskyla(dir, project)) return;
    const int64_t directed = sql_count(project, "cctv", "json_extract(p.attributes, '$.camera_type') = 'directed'");
    REQUIRE(directed == 166); // SOURCES.md: round 284, directed 166
    const auto store = geo::Store::open(project);
    const auto filter = geo::Filter::parse({"text=directed"});
    for (const auto& format : kFormats) {
        INFO(format);
        const auto out = dir / ("directed." + format);
        const auto result = geo::export_points(store, "cctv", filter, out);
        CHECK(result.count == directed);
        CHECK(result.layer_points == 450);
        const auto seen = read_export(out);
        CHECK(static_cast<int64_t>(seen.features.size()) == directed);
        if (format != "osm")
            for (const auto& f : seen.features)
                CHECK(value(f, "camera_type") == "directed");
    }
}

TEST_CASE("Cyrillic attributes, vendors and years survive every format; CSV starts with a byte-order mark",
          "[export][points]") {
    test::TempDir dir;
    const auto input = dir / "novi_sad_cameras.csv";
    fs::copy_file(test::point_fixture("novi_sad_cameras.csv"), input);
    const auto project = dir / "p.oko";
    geo::import_point_file(input, project, "cameras", test::point_test_options());
    const auto source = read_back(input, "CSV", {"X_POSSIBLE_NAMES=lon", "Y_POSSIBLE_NAMES=lat"});
    REQUIRE(source.features.size() == 12);
    const int64_t huawei = sql_count(project, "cameras", "p.vendor = 'Huawei'");
    REQUIRE(huawei >= 2);
    REQUIRE(huawei < 12);

    const auto store = geo::Store::open(project);
    for (const auto& format : kFormats) {
        INFO(format);
        const auto out = dir / ("cameras." + format);
        CHECK(geo::export_points(store, "cameras", {}, out).count == 12);
        if (format == "csv") CHECK(read_all(out).substr(0, 3) == "\xEF\xBB\xBF");
        const auto seen = read_export(out);
        REQUIRE(seen.features.size() == 12);
        if (format == "osm") continue;
        // Each exported camera is the source row at its position, with its street as written.
        size_t matched = 0;
        for (const auto& f : seen.features)
            for (const auto& s : source.features)
                if (std::abs(f.lon - s.lon) < 1e-7 && std::abs(f.lat - s.lat) < 1e-7) {
                    CHECK(value(f, "street") == value(s, "street"));
                    // The fixture's vendors are the table's canonical names, or "unknown": none.
                    CHECK(value(f, "vendor") == (value(s, "vendor") == "unknown" ? "" : value(s, "vendor")));
                    CHECK(value(f, "year") == value(s, "year"));
                    ++matched;
                }
        CHECK(matched == 12);
        CHECK(std::any_of(seen.features.begin(), seen.features.end(),
                          [](const Seen& f) { return value(f, "street") == "Булевар ослобођења"; }));

        const auto filtered = dir / ("huawei." + format);
        CHECK(geo::export_points(store, "cameras", geo::Filter::parse({"vendor=Huawei"}), filtered).count == huawei);
        const auto only = read_export(filtered);
        CHECK(static_cast<int64_t>(only.features.size()) == huawei);
        for (const auto& f : only.features)
            CHECK(value(f, "vendor") == "Huawei");
    }
}

TEST_CASE("The OSM file opens in GDAL's OSM driver: new nodes with the surveillance tags", "[export][points]") {
    test::TempDir dir;
    const auto input = dir / "novi_sad_cameras.csv";
    fs::copy_file(test::point_fixture("novi_sad_cameras.csv"), input);
    const auto project = dir / "p.oko";
    geo::import_point_file(input, project, "cameras", test::point_test_options());
    const auto store = geo::Store::open(project);
    const auto out = dir / "cameras.osm";
    REQUIRE(geo::export_points(store, "cameras", {}, out).count == 12);

    const auto seen = read_export(out);
    REQUIRE(seen.features.size() == 12);
    int with_vendor = 0, with_year = 0;
    for (const auto& f : seen.features) {
        CHECK(value(f, "man_made") == "surveillance");
        const std::string other = value(f, "other_tags");
        CHECK_THAT(other, Catch::Contains("\"surveillance:type\"=>\"camera\""));
        with_vendor += other.find("\"manufacturer\"=>\"") != std::string::npos;
        with_year += other.find("\"start_date\"=>\"20") != std::string::npos;
        CHECK_THAT(other, Catch::Contains("\"source\"=>\"novi_sad_cameras.csv\""));
        CHECK_THAT(other, Catch::Contains("\"note\"=>\"Oko layer cameras, point "));
        CHECK(value(f, "osm_id").starts_with("-")); // a new node
    }
    // Every row but the last, whose vendor is "unknown" and year empty, has both.
    CHECK(with_vendor == 11);
    CHECK(with_year == sql_count(project, "cameras", "p.year IS NOT NULL"));
    CHECK(with_year == 11);
    // No upload metadata: no version, changeset, user or timestamp on any node.
    std::istringstream xml(read_all(out));
    int nodes = 0;
    for (std::string line; std::getline(xml, line);) {
        if (line.find("<node ") == std::string::npos) continue;
        ++nodes;
        for (const char* attribute : {"version=", "changeset=", "user=", "uid=", "timestamp=", "action="})
            CHECK(line.find(attribute) == std::string::npos);
    }
    CHECK(nodes == 12);
    // The surveillance zone, type and direction come from attributes that say them, and only those.
    geo::PointRow row;
    row.id = 7;
    row.vendor = "Dahua";
    row.year = 2020;
    row.source_file = "walk.csv";
    row.source_row = 3;
    row.attributes = {"Outdoor", "dome", "NE", "survey 2024", "x & <y>"};
    const std::vector<std::string> names{"surveillance", "camera:type", "direction", "source", "note"};
    const auto tags = geo::osm_camera_tags(row, names, "walk");
    const std::vector<std::pair<std::string, std::string>> expected{
        {"man_made", "surveillance"},
        {"surveillance:type", "camera"},
        {"surveillance", "outdoor"},
        {"camera:type", "dome"},
        {"camera:direction", "45"},
        {"manufacturer", "Dahua"},
        {"start_date", "2020"},
        {"source", "survey 2024"},
        {"note", "Oko layer walk, point 7: walk.csv row 3"}};
    CHECK(tags == expected);
    row.attributes = {"everywhere", "round", "0-90", "", ""};
    const auto few = geo::osm_camera_tags(row, names, "walk");
    for (const auto& [k, v] : few)
        CHECK((k != "surveillance" && k != "camera:type" && k != "camera:direction"));
}

TEST_CASE("XML-special text in the attributes stays text in the OSM file", "[export][points][safety]") {
    test::TempDir dir;
    const auto input = dir / "hostile.csv";
    {
        std::ofstream f(input, std::ios::binary);
        f << "lat,lon,vendor,source,camera:direction\n"
             "45.25,19.84,\"A&B <\"\"Co\"\"> 'x'\",\"</tag><node id=\"\"1\"\">\",90\n";
    }
    const auto project = dir / "p.oko";
    geo::import_point_file(input, project, "cameras", test::point_test_options());
    const auto store = geo::Store::open(project);
    const auto out = dir / "cameras.osm";
    REQUIRE(geo::export_points(store, "cameras", {}, out).count == 1);
    const auto seen = read_export(out);
    REQUIRE(seen.features.size() == 1);
    const std::string other = value(seen.features[0], "other_tags");
    CHECK_THAT(other, Catch::Contains("\"source\"=>\"</tag><node id=\\\"1\\\">\""));
    CHECK_THAT(other, Catch::Contains("\"camera:direction\"=>\"90\""));
}

TEST_CASE("A curated layer exports its cameras: status, merged reports, no deleted or rejected ones",
          "[export][points][curation]") {
    test::TempDir dir;
    const auto input = dir / "novi_sad_cameras.csv";
    fs::copy_file(test::point_fixture("novi_sad_cameras.csv"), input);
    const auto project = dir / "p.oko";
    geo::import_point_file(input, project, "cameras", test::point_test_options());
    const std::string layer_ids = "SELECT p.id FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = "
                                  "'cameras' ORDER BY p.id";
    const int64_t first = std::stoll(sql_text(project, layer_ids + " LIMIT 1"));
    {
        auto store = geo::Store::open(project, true);
        geo::StoreCuration curation(store, "ana");
        geo::PointEdit verify;
        verify.status = geo::PointStatus::verified;
        curation.edit("cameras", {first, first + 3, first + 6}, verify);
        geo::PointEdit reject;
        reject.status = geo::PointStatus::rejected;
        reject.note = "a lamp, not a camera";
        curation.edit("cameras", {first + 1}, reject);
        curation.remove("cameras", first + 2);
        curation.merge("cameras", {first + 4, first + 5});
    }
    // What the project holds, by SQL of the test's own.
    const std::string live = "p.deleted_at IS NULL AND p.merged_into IS NULL";
    const int64_t cameras = sql_count(project, "cameras", live + " AND p.status <> 'rejected'");
    const int64_t every = sql_count(project, "cameras", live);
    const int64_t verified = sql_count(project, "cameras", live + " AND p.status = 'verified'");
    REQUIRE(cameras == 12 - 3); // a deleted, a merged and a rejected report fewer
    REQUIRE(every == 12 - 2);
    REQUIRE(verified == 3);
    const std::string merged_row =
        sql_text(project, "SELECT source_row FROM points WHERE id = " + std::to_string(first + 5));

    const auto store = geo::Store::open(project);
    for (const std::string format : {"gpkg", "csv", "geojson"}) {
        INFO(format);
        const auto out = dir / ("cameras." + format);
        CHECK(geo::export_points(store, "cameras", {}, out).count == cameras); // everything but rejected
        const auto seen = read_export(out);
        REQUIRE(static_cast<int64_t>(seen.features.size()) == cameras);
        CHECK(value(seen.features[0], "status") == "verified");
        int64_t n = 0;
        bool merged_seen = false;
        for (const auto& f : seen.features) {
            n += value(f, "status") == "verified";
            CHECK(value(f, "id") != std::to_string(first + 1)); // rejected
            CHECK(value(f, "id") != std::to_string(first + 2)); // deleted
            CHECK(value(f, "id") != std::to_string(first + 5)); // merged into first + 4
            if (value(f, "id") == std::to_string(first + 4)) {
                merged_seen = true;
                CHECK(value(f, "reports") == "2");
                CHECK(value(f, "merged_reports") == "novi_sad_cameras.csv row " + merged_row);
            } else {
                CHECK(value(f, "reports") == "1");
                CHECK(value(f, "merged_reports").empty());
            }
        }
        CHECK(merged_seen);
        CHECK(n == verified);
        const auto all = geo::export_points(store, "cameras", geo::Filter::parse({"status=all"}), out);
        CHECK(all.count == every);
        const auto only = geo::export_points(store, "cameras", geo::Filter::parse({"status=verified"}), out);
        CHECK(only.count == verified);
    }
}

TEST_CASE("A failed export writes nothing and leaves an existing file as it was", "[export][points][safety]") {
    test::TempDir dir;
    const auto input = dir / "novi_sad_cameras.csv";
    fs::copy_file(test::point_fixture("novi_sad_cameras.csv"), input);
    const auto project = dir / "p.oko";
    geo::import_point_file(input, project, "cameras", test::point_test_options());
    const std::vector<std::string> files{"novi_sad_cameras.csv", "p.oko"};
    {
        const auto store = geo::Store::open(project);
        CHECK_THROWS_AS(geo::export_points(store, "cameras", {}, dir / "cameras.shp"), geo::Error);
        CHECK_THROWS_AS(geo::export_points(store, "cameras", {}, dir / "cameras"), geo::Error);
        try {
            geo::export_points(store, "camers", {}, dir / "cameras.gpkg");
            FAIL("no error");
        } catch (const geo::Error& e) {
            CHECK(e.field() == "layer");
            CHECK_THAT(e.reason(), Catch::Contains("no point layer 'camers' (point layers: "));
        }
        CHECK(other_files(dir.path(), files).empty());
    }
    // The last point's attributes damaged: the export fails on it, after writing the others.
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(project.c_str(), &db) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db, "UPDATE points SET attributes = '[1]' WHERE id = (SELECT max(id) FROM points)",
                             nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    const std::string last = sql_text(project, "SELECT max(id) FROM points");
    const auto store = geo::Store::open(project);
    for (const auto& format : kFormats) {
        INFO(format);
        const auto out = dir / ("cameras." + format);
        const std::string old = "the export before, " + format + "\n";
        { std::ofstream(out, std::ios::binary) << old; }
        try {
            geo::export_points(store, "cameras", {}, out);
            FAIL("no error");
        } catch (const geo::Error& e) {
            CHECK_THAT(e.reason(), Catch::Contains("not a JSON object"));
            CHECK_THAT(e.reason(), Catch::Contains("point " + last + " of layer 'cameras'"));
        }
        CHECK(read_all(out) == old);
        auto expected = files;
        expected.push_back(out.filename().string());
        CHECK(other_files(dir.path(), expected).empty()); // no hidden temporary file, no journal
        fs::remove(out);
    }
}
