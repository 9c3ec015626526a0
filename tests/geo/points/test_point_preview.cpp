// The preview must say what the import will do: every decision is checked against a real import
// of the same file, and the columns and values against GDAL's own reading of it.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/points/point_import.hpp"
#include "geo/points/point_preview.hpp"
#include "geo/store/store.hpp"
#include "geo/points/point_file_import.hpp"
#include "geo/store/store_points.hpp"
#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"

using namespace oko::geo;
namespace fs = std::filesystem;

namespace {

PointImportOptions test_options() {
    auto options = oko::test::point_test_options();
    options.write_rejected_file = false; // a preview writes nothing
    return options;
}

std::string role_column(const PointImportReport& report, const std::string& role) {
    for (const auto& c : report.columns_used)
        if (c.rfind(role + "=", 0) == 0) return c.substr(role.size() + 1);
    return {};
}

// Every preview row judged as the whole-file import judged it.
void check_against_import(const fs::path& file, const PointImportOptions& options, size_t rows = 20) {
    INFO(file.filename().string());
    const auto preview = preview_point_file(file, options, rows);
    const auto imported = read_points(file, options);
    const auto& report = imported.report;
    REQUIRE(preview.error.empty());
    CHECK(preview.format == report.format);
    CHECK(preview.crs == report.crs);
    CHECK(preview.encoding == report.encoding);
    CHECK(preview.delimiter == report.delimiter);
    CHECK(preview.x_column == role_column(report, "longitude"));
    CHECK(preview.y_column == role_column(report, "latitude"));
    CHECK(preview.wkt_column == role_column(report, "wkt"));
    CHECK(preview.vendor_column == role_column(report, "vendor"));
    CHECK(preview.year_column == role_column(report, "year"));
    for (const auto& c : report.columns)
        CHECK(std::find(preview.columns.begin(), preview.columns.end(), c) != preview.columns.end());

    REQUIRE(!preview.rows.empty());
    CHECK(preview.rows.size() == std::min<size_t>(rows, static_cast<size_t>(report.rows_read)));
    for (const auto& row : preview.rows) {
        INFO("row " << row.row << " layer " << row.layer);
        CHECK(row.judged);
        CHECK(row.values.size() == preview.columns.size());
        std::vector<const PointRecord*> points;
        for (const auto& p : imported.points)
            if (p.source_row == row.row && p.source_layer == row.layer) points.push_back(&p);
        const ImportIssue* rejected = nullptr;
        for (const auto& r : report.rejected)
            if (r.row == row.row && r.layer == row.layer) rejected = &r;
        REQUIRE(row.points.size() == points.size());
        for (size_t i = 0; i < points.size(); ++i) {
            CHECK(row.points[i].lon == points[i]->lon);
            CHECK(row.points[i].lat == points[i]->lat);
            CHECK(row.points[i].vendor == points[i]->vendor);
            CHECK(row.points[i].year == points[i]->year);
            CHECK(row.points[i].duplicate_of.has_value() == points[i]->duplicate_of.has_value());
        }
        REQUIRE(row.rejected.has_value() == (rejected != nullptr));
        if (rejected) {
            CHECK(row.rejected->reason == rejected->reason);
            CHECK(row.rejected->field == rejected->field);
        }
        CHECK(row.rejected.has_value() == row.points.empty());
    }
    if (preview.total_rows && !preview.total_rows_estimated) CHECK(*preview.total_rows == report.rows_read);
}

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};

} // namespace

TEST_CASE("The preview judges the fixtures' first rows as the import does", "[point][preview]") {
    for (const char* name :
         {"belgrade_semicolon_bom.csv", "nis_windows1251.csv", "novi_sad_windows1250.csv", "wkt_column.csv",
          "cameras.kml", "cameras_mixed.geojson", "cameras_points.geojson", "waypoints.gpx"})
        check_against_import(oko::test::point_fixture(name), test_options());
    // Projected coordinates: rejected as not degrees without the CRS, placed in Belgrade with it.
    auto options = test_options();
    check_against_import(oko::test::point_fixture("belgrade_utm34n_tab.csv"), options);
    options.crs = "EPSG:32634";
    check_against_import(oko::test::point_fixture("belgrade_utm34n_tab.csv"), options);
    const auto preview = preview_point_file(oko::test::point_fixture("belgrade_utm34n_tab.csv"), options);
    CHECK(preview.crs == "EPSG:32634");
    CHECK(preview.delimiter == '\t');
    REQUIRE(!preview.rows.empty());
    REQUIRE(!preview.rows[0].points.empty());
    CHECK(preview.rows[0].points[0].lon == Approx(20.46).margin(0.05));
    CHECK(preview.rows[0].points[0].lat == Approx(44.82).margin(0.05));
}

TEST_CASE("The preview of a Serbian spreadsheet export shows its dialect", "[point][preview]") {
    const auto preview = preview_point_file(oko::test::point_fixture("belgrade_semicolon_bom.csv"), test_options());
    CHECK(preview.format == "CSV");
    CHECK(preview.encoding == "UTF-8 with BOM");
    CHECK(preview.delimiter == ';');
    CHECK(preview.decimal_comma);
    CHECK(preview.x_column == "Dužina");
    CHECK(preview.y_column == "Širina");
    CHECK(preview.vendor_column == "Proizvođač");
    CHECK(preview.year_column == "Godina postavljanja");
    CHECK_FALSE(preview.geometry_positions);
    // The whole file fits in the preview: the count is exact, GDAL's records without the row of
    // bare delimiters.
    GDALAllRegister();
    std::unique_ptr<GDALDataset, DatasetCloser> ds(static_cast<GDALDataset*>(GDALOpenEx(
        oko::test::point_fixture("belgrade_semicolon_bom.csv").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    REQUIRE(ds);
    int64_t records = 0;
    for (auto& feature : *ds->GetLayer(0)) {
        bool any = false;
        for (int i = 0; i < feature->GetFieldCount(); ++i)
            any = any || *feature->GetFieldAsString(i);
        records += any;
    }
    REQUIRE(preview.total_rows.has_value());
    CHECK_FALSE(preview.total_rows_estimated);
    CHECK(*preview.total_rows == records);
}

TEST_CASE("The preview of the Jyväskylä cameras matches GDAL's reading and the import", "[point][preview][real]") {
    const auto file = oko::test::shared_data("cameras/jyvaskyla_cctv.csv");
    if (!file) return;
    auto options = test_options();
    check_against_import(*file, options, 25);
    const auto preview = preview_point_file(*file, options, 25);

    GDALAllRegister();
    std::unique_ptr<GDALDataset, DatasetCloser> ds(
        static_cast<GDALDataset*>(GDALOpenEx(file->c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    REQUIRE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    const OGRFeatureDefn* defn = layer->GetLayerDefn();
    REQUIRE(static_cast<size_t>(defn->GetFieldCount()) == preview.columns.size());
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        CHECK(preview.columns[static_cast<size_t>(i)] == defn->GetFieldDefn(i)->GetNameRef());
    REQUIRE(preview.total_rows.has_value());
    CHECK(*preview.total_rows == layer->GetFeatureCount());
    CHECK_FALSE(preview.total_rows_estimated);
    REQUIRE(preview.rows.size() == 25);
    layer->ResetReading();
    for (size_t r = 0; r < preview.rows.size(); ++r) {
        std::unique_ptr<OGRFeature> feature(layer->GetNextFeature());
        REQUIRE(feature);
        for (int i = 0; i < defn->GetFieldCount(); ++i)
            CHECK(preview.rows[r].values[static_cast<size_t>(i)] == feature->GetFieldAsString(i));
        // The header is line 1, so data row r sits on line r + 2.
        CHECK(preview.rows[r].row == static_cast<int64_t>(r) + 2);
        REQUIRE(preview.rows[r].points.size() == 1);
        CHECK(preview.rows[r].points[0].lat == Approx(feature->GetFieldAsDouble("latitude")));
        CHECK(preview.rows[r].points[0].lon == Approx(feature->GetFieldAsDouble("longitude")));
    }
    CHECK(preview.x_column == "longitude");
    CHECK(preview.y_column == "latitude");
    CHECK(preview.crs == "EPSG:4326");
    // "camera_model" is not a vendor name the import knows.
    CHECK(preview.vendor_column.empty());
}

TEST_CASE("The preview of a long file judges its first rows against the rows around, as the import",
          "[point][preview]") {
    oko::test::TempDir dir;
    const auto file = dir / "long.csv";
    {
        std::ofstream out(file);
        out << "lat,lon,vendor,year\n";
        for (int i = 0; i < 3000; ++i) {
            const double lat = 44.78 + (i % 97) * 4e-4, lon = 20.42 + (i % 89) * 5e-4;
            if (i == 4)
                out << lon << ',' << lat << ",Dahua,2019\n"; // swapped
            else if (i == 6)
                out << "44°78'N," << lon << ",Dahua,2019\n"; // 78 minutes
            else if (i == 9)
                out << "44.78,20.42,Hikvision,sometime\n"; // repeats row 2, odd year
            else
                out << lat << ',' << lon << ",Hikvision," << 2015 + i % 8 << '\n';
        }
    }
    check_against_import(file, test_options(), 20);
    const auto preview = preview_point_file(file, test_options(), 20);
    REQUIRE(preview.rows.size() == 20);
    CHECK(preview.rows[4].rejected.has_value()); // line 6
    CHECK(preview.rows[6].rejected.has_value()); // line 8
    REQUIRE(preview.rows[9].points.size() == 1);
    CHECK(preview.rows[9].points[0].duplicate_of.has_value());
    CHECK(preview.rows[9].warnings.size() == 2); // the duplicate and the year
    REQUIRE(preview.total_rows.has_value());
    CHECK(preview.total_rows_estimated);
    CHECK(*preview.total_rows == Approx(3000).epsilon(0.05));
    CHECK(preview.sample.rows_read == preview_sample_rows);
}

TEST_CASE("Column choices, \"none\" included, reach the import as the preview shows them", "[point][preview]") {
    oko::test::TempDir dir;
    const auto file = dir / "both.csv";
    {
        std::ofstream out(file);
        out << "lat,lon,wkt,brand,notes\n";
        out << "44.81,20.46,POINT (20.40 44.70),Dahua,a\n";
        out << "44.82,20.47,POINT (20.41 44.71),Huawei,b\n";
        out << "44.83,20.48,,Hikvision,c\n";
    }
    auto options = test_options();
    auto preview = preview_point_file(file, options);
    CHECK(preview.x_column == "lon");
    CHECK(preview.wkt_column.empty());
    CHECK(preview.vendor_column == "brand");
    check_against_import(file, options);

    options.x_column = options.y_column = std::string(no_column);
    options.vendor_column = std::string(no_column);
    preview = preview_point_file(file, options);
    CHECK(preview.x_column.empty());
    CHECK(preview.y_column.empty());
    CHECK(preview.wkt_column == "wkt");
    CHECK(preview.vendor_column.empty());
    REQUIRE(preview.rows.size() == 3);
    REQUIRE(preview.rows[0].points.size() == 1);
    CHECK(preview.rows[0].points[0].lon == Approx(20.40));
    CHECK(preview.rows[0].points[0].vendor.empty());
    CHECK(preview.rows[2].rejected.has_value()); // no geometry in the WKT column
    check_against_import(file, options);

    options = test_options();
    options.x_column = "notes";
    options.y_column = "lat";
    preview = preview_point_file(file, options);
    CHECK(preview.x_column == "notes");
    for (const auto& row : preview.rows)
        CHECK(row.rejected.has_value());
    check_against_import(file, options);
}

TEST_CASE("A file the import cannot read as set still shows its columns and rows", "[point][preview]") {
    oko::test::TempDir dir;
    const auto file = dir / "plain.csv";
    {
        std::ofstream out(file);
        out << "a,b,c\n";
        out << "20.46,44.81,x\n";
        out << "20.47,44.82,y\n";
    }
    auto options = test_options();
    CHECK_THROWS_AS(read_points(file, options), Error);
    auto preview = preview_point_file(file, options);
    CHECK_FALSE(preview.error.empty());
    CHECK(preview.columns == std::vector<std::string>{"a", "b", "c"});
    REQUIRE(preview.rows.size() == 2);
    CHECK_FALSE(preview.rows[0].judged);
    CHECK(preview.rows[1].values == std::vector<std::string>{"20.47", "44.82", "y"});

    options.x_column = "a";
    options.y_column = "b";
    preview = preview_point_file(file, options);
    CHECK(preview.error.empty());
    check_against_import(file, options);

    options.crs = "EPSG:99999999";
    preview = preview_point_file(file, options);
    CHECK_THAT(preview.error, Catch::Contains("EPSG:99999999"));
    CHECK(preview.rows.size() == 2);
    CHECK(preview.x_column == "a");

    // The same for a GDAL format: the features still show.
    preview = preview_point_file(oko::test::point_fixture("cameras_points.geojson"), options);
    CHECK_FALSE(preview.error.empty());
    CHECK_FALSE(preview.rows.empty());
    CHECK_THROWS_AS(preview_point_file(dir / "missing.csv", options), Error);
}

TEST_CASE("A CRS is described by PROJ's name or a clear error", "[point][preview][crs]") {
    OGRSpatialReference utm;
    REQUIRE(utm.importFromEPSG(32634) == OGRERR_NONE);
    auto d = describe_crs("EPSG:32634");
    CHECK(d.valid);
    CHECK(d.name == utm.GetName());
    CHECK_THAT(d.name, Catch::Contains("34N"));
    d = describe_crs("EPSG:99999999");
    CHECK_FALSE(d.valid);
    CHECK_THAT(d.error, Catch::Contains("EPSG:99999999"));
    CHECK_FALSE(describe_crs("").valid);
}

TEST_CASE("A GDAL import reports progress and a cancelled import leaves the project unchanged",
          "[point][preview][progress]") {
    oko::test::TempDir dir;
    const auto file = dir / "many.geojson";
    {
        std::ofstream out(file);
        out << "{\"type\":\"FeatureCollection\",\"features\":[";
        for (int i = 0; i < 6000; ++i)
            out << (i ? "," : "")
                << "{\"type\":\"Feature\",\"properties\":{\"vendor\":\"Dahua\"},\"geometry\":{\"type\":\"Point\","
                   "\"coordinates\":["
                << 20.4 + (i % 100) * 1e-3 << ',' << 44.7 + (i / 100) * 1e-3 << "]}}";
        out << "]}";
    }
    auto options = test_options();
    options.duplicate_distance_m = 0;
    std::vector<double> seen;
    options.progress = [&](double f) {
        seen.push_back(f);
        return true;
    };
    const auto all = read_points(file, options);
    CHECK(all.report.imported == 6000);
    REQUIRE(seen.size() >= 4);
    CHECK(seen.size() < 300);
    CHECK(std::is_sorted(seen.begin(), seen.end()));
    CHECK(seen.back() == 1.0);

    // Into a project: a cancelled import writes nothing, a finished one adds the layer.
    const auto store_path = dir / "p.oko";
    const auto csv = oko::test::point_fixture("novi_sad_windows1250.csv");
    import_point_file(csv, store_path, "first", test_options());
    const auto layer_count = [&] { return list_point_layers(Store::open(store_path)).size(); };
    const auto layers = layer_count();
    options.progress = [](double f) { return f < 0.3; };
    try {
        import_point_file(file, store_path, "many", options);
        FAIL("the cancelled import did not say so");
    } catch (const Error& e) {
        CHECK_THAT(e.reason(), Catch::Contains("cancelled"));
    }
    CHECK(layer_count() == layers);
    options.progress = nullptr;
    const auto done = import_point_file(file, store_path, "many", options);
    CHECK(done.report.imported == 6000);
    CHECK(layer_count() == layers + 1);
}

TEST_CASE("Appending: the preview flags the rows that repeat the layer's points, as a dry run does",
          "[point][preview]") {
    oko::test::TempDir dir;
    const auto store_path = dir / "p.oko";
    import_point_file(oko::test::point_fixture("novi_sad_windows1250.csv"), store_path, "cameras", test_options());
    // Another report of some of the same cameras, a metre or so away.
    const auto file = dir / "again.csv";
    {
        std::ofstream out(file);
        out << "lat,lon,vendor\n45.25511,19.84511,Dahua\n45.30,19.90,Dahua\n45.26001,19.83001,Hikvision\n";
    }
    auto options = test_options();
    const auto store = Store::open(store_path);
    const auto layer = load_point_layer(store, "cameras");
    REQUIRE(layer);
    for (size_t i = 0; i < layer->ids.size(); ++i)
        options.existing_points.push_back({layer->ids[i], from_mercator(layer->positions[i])});

    const auto preview = preview_point_file(file, options);
    const auto dry = import_point_file(file, store_path, "cameras", test_options(), true);
    REQUIRE(preview.rows.size() == 3);
    int flagged = 0;
    for (const auto& row : preview.rows) {
        REQUIRE(row.points.size() == 1);
        const auto& point = row.points[0];
        const auto it =
            std::find_if(dry.duplicates.begin(), dry.duplicates.end(), [&](const auto& d) { return d.row == row.row; });
        CHECK(point.duplicate_of.has_value() == (it != dry.duplicates.end()));
        if (point.duplicate_of && it != dry.duplicates.end()) {
            ++flagged;
            CHECK(point.duplicate_of->existing);
            CHECK(point.duplicate_of->ref == it->duplicate_of);
            CHECK(point.duplicate_of->distance_m == Approx(it->distance_m).margin(0.01));
        }
    }
    CHECK(flagged == 2);
}

TEST_CASE("The Jyväskylä cameras as a spreadsheet and as a GeoPackage preview as they import",
          "[point][preview][real]") {
    const auto csv = oko::test::shared_data("cameras/jyvaskyla_cctv.csv");
    if (!csv) return;
    if (oko::test::run_command("command -v ogr2ogr").status != 0) {
        WARN("skipped: ogr2ogr is not installed");
        return;
    }
    oko::test::TempDir dir;
    const auto xlsx = dir / "cameras.xlsx", gpkg = dir / "cameras.gpkg";
    // Typed columns, so that the XLSX driver recognises the header row.
    REQUIRE(oko::test::run_command("ogr2ogr -f XLSX " + oko::test::quoted(xlsx) + " " + oko::test::quoted(*csv) +
                                   " -oo AUTODETECT_TYPE=YES")
                .status == 0);
    REQUIRE(oko::test::run_command("ogr2ogr -f GPKG " + oko::test::quoted(gpkg) + " " + oko::test::quoted(*csv) +
                                   " -oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude -a_srs EPSG:4326")
                .status == 0);
    const auto options = test_options();
    check_against_import(xlsx, options);
    check_against_import(gpkg, options);

    const auto sheet = preview_point_file(xlsx, options);
    CHECK(sheet.format == "XLSX");
    CHECK_FALSE(sheet.geometry_positions);
    CHECK(sheet.x_column == "longitude");
    CHECK(sheet.y_column == "latitude");
    const auto package = preview_point_file(gpkg, options);
    CHECK(package.format == "GPKG");
    CHECK(package.geometry_positions);
    CHECK(package.x_column.empty());
    // Both hold the same cameras in the same order as the CSV.
    const auto plain = preview_point_file(*csv, options);
    REQUIRE(sheet.rows.size() == plain.rows.size());
    REQUIRE(package.rows.size() == plain.rows.size());
    for (size_t i = 0; i < plain.rows.size(); ++i) {
        REQUIRE(plain.rows[i].points.size() == 1);
        REQUIRE(sheet.rows[i].points.size() == 1);
        REQUIRE(package.rows[i].points.size() == 1);
        CHECK(sheet.rows[i].points[0].lon == Approx(plain.rows[i].points[0].lon));
        CHECK(sheet.rows[i].points[0].lat == Approx(plain.rows[i].points[0].lat));
        CHECK(package.rows[i].points[0].lon == Approx(plain.rows[i].points[0].lon));
        CHECK(package.rows[i].points[0].lat == Approx(plain.rows[i].points[0].lat));
    }
    REQUIRE(package.total_rows.has_value());
    CHECK(*package.total_rows == *plain.total_rows);
}
