// Line and polygon files into reference layers: what goes where, what is kept, what is refused.

#include "geo/base/error.hpp"
#include "geo/reference/reference_import.hpp"
#include "geo/scene/reference_style.hpp"
#include "geo/base/sha256.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_layers.hpp"
#include "geo/store/store_points.hpp"
#include "geo/store/store_reference.hpp"
#include "geo/map/triangulate.hpp"
#include "geo/base/mercator.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <fstream>
#include <map>
#include <regex>

using namespace oko;

namespace {

// Features of one geometry type, as ogrinfo counts them: independent of Oko's reader.
int64_t ogr_count(const std::filesystem::path& file, const std::string& layer, const std::string& geometry_type) {
    const auto r =
        test::run_command("ogrinfo -ro -so -where " + test::shell_quote("OGR_GEOMETRY='" + geometry_type + "'") + " " +
                          test::quoted(file) + " " + test::shell_quote(layer));
    std::smatch m;
    if (r.status != 0 || !std::regex_search(r.output, m, std::regex("Feature Count: (\\d+)"))) return -1;
    return std::stoll(m[1]);
}

int64_t sql_count(const std::filesystem::path& store, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(store.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* q = nullptr;
    int64_t n = -1;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return n;
}

void write_file(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

const std::string kSquareWithHole = R"({"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"name":"ring","kind":"test"},"geometry":{"type":"Polygon","coordinates":[
   [[20.40,44.80],[20.44,44.80],[20.44,44.84],[20.40,44.84],[20.40,44.80]],
   [[20.41,44.81],[20.43,44.81],[20.43,44.83],[20.41,44.83],[20.41,44.81]]]}}]})";

} // namespace

TEST_CASE("A mixed file splits into a point layer, NAME_lines and NAME_areas, as QGIS splits it",
          "[reference][import]") {
    const auto file = test::shared_data("osm/geojson/belgrade.geojson");
    if (!file) return;
    const int64_t lines = ogr_count(*file, "belgrade", "LineString");
    const int64_t areas = ogr_count(*file, "belgrade", "Polygon");
    const int64_t points = ogr_count(*file, "belgrade", "Point");
    REQUIRE(lines > 7000);
    REQUIRE(areas > 700);
    REQUIRE(points > 40);

    const auto census = geo::census_geometries(*file);
    CHECK(census.lines == lines);
    CHECK(census.areas == areas);
    CHECK(census.points == points);
    CHECK(census.features == lines + areas + points);

    test::TempDir dir;
    const auto store_path = dir / "belgrade.oko";
    const auto result = geo::import_vector_file(*file, store_path, "belgrade", {});
    REQUIRE(result.destinations.size() == 3);
    std::map<std::string, geo::ImportDestination> by_layer;
    for (const auto& d : result.destinations)
        by_layer[d.layer] = d;
    CHECK(by_layer["belgrade"].kind == "points");
    CHECK(by_layer["belgrade"].written == points);
    CHECK(by_layer["belgrade_lines"].kind == "lines");
    CHECK(by_layer["belgrade_lines"].written == lines);
    CHECK(by_layer["belgrade_areas"].kind == "areas");
    CHECK(by_layer["belgrade_areas"].written == areas);
    // The point import saw only the points: no line or polygon was rejected as "not a point".
    REQUIRE(result.points);
    CHECK(result.points->report.rows_read == points);
    CHECK(result.points->report.rejected_count == 0);
    const auto text = geo::to_text(result);
    CHECK(text.find(std::to_string(lines) + " lines -> reference layer \"belgrade_lines\"") != std::string::npos);
    CHECK(text.find(std::to_string(areas) + " areas -> reference layer \"belgrade_areas\"") != std::string::npos);

    // Counted in the project file itself, by SQL.
    CHECK(sql_count(store_path, "SELECT count(*) FROM reference_lines l JOIN reference_layers r ON r.id = l.layer_id "
                                "WHERE r.name = 'belgrade_lines'") == lines);
    CHECK(sql_count(store_path, "SELECT count(*) FROM reference_areas a JOIN reference_layers r ON r.id = a.layer_id "
                                "WHERE r.name = 'belgrade_areas'") == areas);
    CHECK(sql_count(store_path, "SELECT count(*) FROM points p JOIN point_layers l ON l.id = p.layer_id "
                                "WHERE l.name = 'belgrade'") == points);
    // Registered with SpatiaLite, so QGIS lists them as layers with their geometry type.
    CHECK(sql_count(store_path, "SELECT count(*) FROM geometry_columns WHERE f_table_name = 'reference_lines' "
                                "AND geometry_type = 5 AND srid = 4326") == 1);
    CHECK(sql_count(store_path, "SELECT count(*) FROM geometry_columns WHERE f_table_name = 'reference_areas' "
                                "AND geometry_type = 6 AND srid = 4326") == 1);
    CHECK(sql_count(store_path, "SELECT count(*) FROM reference_sources WHERE sha256 = '" + geo::sha256_file(*file) +
                                    "' AND file_name = 'belgrade.geojson'") == 2);

    {
        // The spatial index QGIS uses agrees with the geometry, row for row.
        auto writable = geo::Store::open(store_path, true);
        const auto value = [&](const std::string& sql) {
            sqlite3_stmt* q = nullptr;
            int64_t v = -1;
            if (sqlite3_prepare_v2(writable.handle(), sql.c_str(), -1, &q, nullptr) == SQLITE_OK &&
                sqlite3_step(q) == SQLITE_ROW)
                v = sqlite3_column_int64(q, 0);
            sqlite3_finalize(q);
            return v;
        };
        CHECK(value("SELECT CheckSpatialIndex('reference_lines', 'geom')") == 1);
        CHECK(value("SELECT CheckSpatialIndex('reference_areas', 'geom')") == 1);
        const int64_t by_index =
            value("SELECT count(*) FROM reference_lines WHERE ROWID IN (SELECT ROWID FROM SpatialIndex WHERE "
                  "f_table_name = 'reference_lines' AND search_frame = BuildMbr(20.40, 44.80, 20.45, 44.82))");
        CHECK(by_index > 100);
        CHECK(by_index == value("SELECT count(*) FROM reference_lines WHERE MbrIntersects(geom, BuildMbr(20.40, 44.80, "
                                "20.45, 44.82))"));
    }
    const auto store = geo::Store::open(store_path);
    std::map<std::string, geo::LayerSummary> listed;
    for (const auto& l : geo::list_layers(store))
        listed[l.name] = l;
    CHECK(listed["belgrade_lines"].kind == "lines");
    CHECK(listed["belgrade_lines"].features == lines);
    CHECK(listed["belgrade_areas"].kind == "areas");
    CHECK(listed["belgrade_areas"].features == areas);
    CHECK(listed["belgrade"].features == points);
}

TEST_CASE("Reference features keep every attribute and their feature number", "[reference][import]") {
    const auto file = test::shared_data("osm/geojson/belgrade.geojson");
    if (!file) return;
    test::TempDir dir;
    const auto store_path = dir / "b.oko";
    geo::import_vector_file(*file, store_path, "b", {});

    // The file as GDAL reads it, feature by feature: number -> fields.
    GDALAllRegister();
    std::unique_ptr<GDALDataset> ds(
        static_cast<GDALDataset*>(GDALOpenEx(file->c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    REQUIRE(ds);
    std::map<int64_t, std::map<std::string, std::string>> expected;
    int64_t number = 0;
    for (auto& f : *ds->GetLayer(0)) {
        ++number;
        auto& row = expected[number];
        for (int i = 0; i < f->GetFieldCount(); ++i)
            if (f->IsFieldSetAndNotNull(i)) row[f->GetFieldDefnRef(i)->GetNameRef()] = f->GetFieldAsString(i);
    }
    const auto store = geo::Store::open(store_path);
    for (const char* layer : {"b_lines", "b_areas"}) {
        const auto features = geo::load_reference_features(store, layer);
        REQUIRE(!features.empty());
        size_t differing = 0;
        for (const auto& f : features) {
            std::map<std::string, std::string> got(f.attributes.begin(), f.attributes.end());
            if (got != expected[f.source_feature]) ++differing;
        }
        INFO(layer);
        CHECK(differing == 0);
    }
    // Every motorway of the file is a motorway in the project.
    const auto data = geo::load_reference_layer(store, "b_lines");
    REQUIRE(data);
    const auto cls = data->field_index("class");
    REQUIRE(cls);
    int64_t motorways = 0;
    for (const auto& row : data->values)
        motorways += row[*cls] == "motorway";
    int64_t file_motorways = 0;
    for (const auto& [n, row] : expected)
        file_motorways += row.count("class") && row.at("class") == "motorway" && row.at("category") == "road";
    CHECK(motorways == file_motorways);
    CHECK(motorways > 100);
}

TEST_CASE("Re-importing the same file changes nothing", "[reference][import]") {
    const auto file = test::shared_data("boundaries/belgrade_opstine.geojson");
    if (!file) return;
    test::TempDir dir;
    const auto store_path = dir / "p.oko";
    const auto first = geo::import_vector_file(*file, store_path, "opstine", {});
    REQUIRE(first.destinations.size() == 1);
    CHECK(first.destinations[0].kind == "areas");
    CHECK(first.destinations[0].written == 17);
    const auto second = geo::import_vector_file(*file, store_path, "opstine", {});
    REQUIRE(second.destinations.size() == 1);
    CHECK(second.destinations[0].already_imported);
    CHECK(second.destinations[0].written == 0);
    CHECK(sql_count(store_path, "SELECT count(*) FROM reference_areas") == 17);
    CHECK(sql_count(store_path, "SELECT count(*) FROM reference_sources") == 1);
}

TEST_CASE("Polygons keep their holes and are triangulated once, at import", "[reference][import]") {
    test::TempDir dir;
    const auto input = dir / "ring.geojson";
    write_file(input, kSquareWithHole);
    const auto store_path = dir / "ring.oko";
    geo::import_vector_file(input, store_path, "ring", {});
    const auto store = geo::Store::open(store_path);
    const auto features = geo::load_reference_features(store, "ring");
    REQUIRE(features.size() == 1);
    const auto& f = features[0];
    CHECK(f.parts.size() == 2);
    REQUIRE(f.polygons.size() == 1);
    REQUIRE(!f.triangles.empty());
    std::vector<geo::XY> xy;
    for (const auto& p : f.points)
        xy.push_back(geo::to_mercator(p));
    const std::vector<geo::RingRange> rings{{f.parts[0], f.parts[1]},
                                            {f.parts[1], static_cast<uint32_t>(f.points.size())}};
    const double polygon = geo::polygon_area(xy, rings);
    const double outer = geo::polygon_area(xy, std::vector<geo::RingRange>{rings[0]});
    CHECK(polygon < outer * 0.8); // the hole (a quarter of the square) is not part of it
    CHECK(geo::triangles_area(xy, f.triangles) == Approx(polygon).epsilon(1e-9));
    CHECK(f.attributes == std::vector<std::pair<std::string, std::string>>{{"name", "ring"}, {"kind", "test"}});
}

TEST_CASE("Bad files are refused with a reason and write nothing", "[reference][import]") {
    test::TempDir dir;
    const auto store_path = dir / "none.oko";
    SECTION("no features") {
        const auto input = dir / "empty.geojson";
        write_file(input, R"({"type":"FeatureCollection","features":[]})");
        try {
            geo::import_vector_file(input, store_path, "x", {});
            FAIL("no error");
        } catch (const geo::Error& e) {
            CHECK(std::string(e.what()).find("no features") != std::string::npos);
        }
    }
    SECTION("a broken file") {
        const auto input = dir / "broken.geojson";
        write_file(input, R"({"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineStr)");
        CHECK_THROWS_AS(geo::import_vector_file(input, store_path, "x", {}), geo::Error);
    }
    SECTION("a TIN") {
        GDALAllRegister();
        const auto input = dir / "tin.gpkg";
        {
            auto* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
            REQUIRE(driver);
            std::unique_ptr<GDALDataset> ds(driver->Create(input.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
            REQUIRE(ds);
            OGRSpatialReference wgs84;
            wgs84.importFromEPSG(4326);
            auto* layer = ds->CreateLayer("tin", &wgs84, wkbTIN, nullptr);
            REQUIRE(layer);
            OGRFeature feature(layer->GetLayerDefn());
            OGRGeometry* g = nullptr;
            OGRGeometryFactory::createFromWkt("TIN (((20 44,20.1 44,20 44.1,20 44)))", nullptr, &g);
            REQUIRE(g);
            feature.SetGeometryDirectly(g);
            REQUIRE(layer->CreateFeature(&feature) == OGRERR_NONE);
        }
        try {
            geo::import_vector_file(input, store_path, "x", {});
            FAIL("no error");
        } catch (const geo::Error& e) {
            INFO(e.what());
            CHECK(std::string(e.what()).find("TIN") != std::string::npos);
            CHECK(e.line() == 1);
        }
    }
    CHECK(!std::filesystem::exists(store_path));
}

TEST_CASE("A failed import leaves an existing project as it was", "[reference][import]") {
    test::TempDir dir;
    const auto good = dir / "ring.geojson";
    write_file(good, kSquareWithHole);
    const auto store_path = dir / "p.oko";
    geo::import_vector_file(good, store_path, "ring", {});
    const auto before = geo::sha256_file(store_path);
    const auto bad = dir / "bad.geojson";
    write_file(
        bad,
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[20,44],[20.1,44.1]]}}]})");
    // A line file into a layer of areas: refused before anything is written.
    CHECK_THROWS_AS(geo::import_vector_file(bad, store_path, "ring", {}), geo::Error);
    CHECK(geo::sha256_file(store_path) == before);
}

TEST_CASE("Road and boundary files look like a map at once", "[reference][style]") {
    const auto roads = test::shared_data("osm/geojson/belgrade.geojson");
    const auto boundaries = test::shared_data("boundaries/belgrade_opstine.geojson");
    if (!roads || !boundaries) return;
    test::TempDir dir;
    const auto store_path = dir / "b.oko";
    geo::import_vector_file(*roads, store_path, "b", {});
    geo::import_vector_file(*boundaries, store_path, "opstine", {});
    const auto store = geo::Store::open(store_path);
    const auto basemap = geo::BasemapStyle::standard();

    const auto lines = geo::load_reference_layer(store, "b_lines");
    REQUIRE(lines);
    const auto line_style = geo::default_reference_style(*lines);
    CHECK(line_style.category_field == "class");
    const auto motorway = line_style.category_of("motorway");
    REQUIRE(motorway);
    CHECK(line_style.categories[*motorway].symbol.line.colour.rgba() ==
          basemap.of(geo::FeatureClass::RoadMotorway).line.colour.rgba());
    CHECK(line_style.categories[*motorway].symbol.line.metres ==
          basemap.of(geo::FeatureClass::RoadMotorway).line.metres);
    CHECK(line_style.categories.front().value == "motorway"); // the legend starts with the most important
    // Every value of the file has its category, with its count.
    int64_t counted = 0;
    for (const auto& c : line_style.categories)
        counted += c.count;
    CHECK(counted == static_cast<int64_t>(lines->features.size()));

    const auto areas = geo::load_reference_layer(store, "b_areas");
    REQUIRE(areas);
    const auto area_style = geo::default_reference_style(*areas);
    CHECK(area_style.category_field == "category");
    const auto water = area_style.category_of("water-area");
    REQUIRE(water);
    CHECK(area_style.categories[*water].symbol.fill_colour.rgba() ==
          basemap.of(geo::FeatureClass::WaterArea).fill_colour.rgba());

    const auto opstine = geo::load_reference_layer(store, "opstine");
    REQUIRE(opstine);
    const auto boundary_style = geo::default_reference_style(*opstine);
    CHECK(boundary_style.category_field.empty());
    CHECK(boundary_style.symbol.line.enabled);
    CHECK(boundary_style.symbol.fill_colour.a < 0.1f); // the map under a municipality stays readable

    // Unknown values get distinct palette colours.
    const auto by_name = geo::categorised_style(*opstine, "name");
    REQUIRE(by_name.categories.size() == 17);
    CHECK(!(by_name.categories[0].symbol.fill_colour.rgba() == by_name.categories[1].symbol.fill_colour.rgba()));
}

TEST_CASE("A projected GeoPackage and a zipped Shapefile come back in WGS84", "[reference][import]") {
    const auto file = test::shared_data("boundaries/belgrade_opstine.geojson");
    if (!file) return;
    test::TempDir dir;
    const auto gpkg = dir / "opstine_utm.gpkg";
    REQUIRE(test::run_command("ogr2ogr -f GPKG -t_srs EPSG:32634 " + test::quoted(gpkg) + " " + test::quoted(*file))
                .status == 0);
    const auto shp_dir = dir / "shp";
    REQUIRE(test::run_command("ogr2ogr -f 'ESRI Shapefile' -lco ENCODING=UTF-8 -t_srs EPSG:32634 " +
                              test::quoted(shp_dir) + " " + test::quoted(*file))
                .status == 0);
    const auto zip = dir / "opstine.zip";
    REQUIRE(test::run_command("cd " + test::quoted(shp_dir) + " && zip -q " + test::quoted(zip) + " *").status == 0);

    const auto store_path = dir / "p.oko";
    geo::import_vector_file(*file, store_path, "original", {});
    geo::import_vector_file(gpkg, store_path, "from_gpkg", {});
    geo::import_vector_file(zip, store_path, "from_zip", {});
    const auto store = geo::Store::open(store_path);
    const auto original = geo::load_reference_features(store, "original");
    REQUIRE(original.size() == 17);
    for (const char* layer : {"from_gpkg", "from_zip"}) {
        INFO(layer);
        const auto copy = geo::load_reference_features(store, layer);
        REQUIRE(copy.size() == original.size());
        double worst = 0;
        for (size_t f = 0; f < copy.size(); ++f) {
            // Shapefiles turn outer rings clockwise: compare the vertices, not their order.
            auto sorted = [](std::vector<geo::LonLat> v) {
                std::sort(v.begin(), v.end(),
                          [](auto a, auto b) { return a.lon != b.lon ? a.lon < b.lon : a.lat < b.lat; });
                return v;
            };
            const auto a_points = sorted(copy[f].points), b_points = sorted(original[f].points);
            REQUIRE(a_points.size() == b_points.size());
            for (size_t i = 0; i < a_points.size(); ++i)
                worst = std::max(
                    {worst, std::abs(a_points[i].lon - b_points[i].lon), std::abs(a_points[i].lat - b_points[i].lat)});
            std::map<std::string, std::string> a(copy[f].attributes.begin(), copy[f].attributes.end());
            CHECK(a["name"] == std::map<std::string, std::string>(original[f].attributes.begin(),
                                                                  original[f].attributes.end())["name"]);
        }
        CHECK(worst < 1e-6); // a round trip through UTM 34N, not a shifted copy
    }
}

TEST_CASE("A collection mixing a point and a line is split between the point and the line layer",
          "[reference][import]") {
    test::TempDir dir;
    const auto input = dir / "mixed.geojson";
    write_file(input, R"({"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"name":"both"},"geometry":{"type":"GeometryCollection","geometries":[
   {"type":"Point","coordinates":[20.45,44.81]},
   {"type":"LineString","coordinates":[[20.40,44.80],[20.44,44.82]]}]}},
 {"type":"Feature","properties":{"name":"road"},"geometry":{"type":"LineString","coordinates":[[20.41,44.80],[20.43,44.83]]}}]})");
    const auto census = geo::census_geometries(input);
    CHECK(census.points == 1);
    CHECK(census.lines == 2);
    CHECK(census.mixed == 1);
    const auto store_path = dir / "m.oko";
    const auto result = geo::import_vector_file(input, store_path, "m", {});
    REQUIRE(result.points);
    CHECK(result.points->report.imported == 1);
    CHECK(result.points->report.rejected_count == 0);
    const auto store = geo::Store::open(store_path);
    const auto lines = geo::load_reference_features(store, "m_lines");
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].source_feature == 1);
    CHECK(lines[0].attributes.front().second == "both");
    const auto points = geo::load_point_layer(store, "m");
    REQUIRE(points);
    REQUIRE(points->positions.size() == 1);
    CHECK(geo::from_mercator(points->positions[0]).lon == Approx(20.45));
}
