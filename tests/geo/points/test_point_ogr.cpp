#include <algorithm>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "geo/base/error.hpp"
#include "geo/points/point_import.hpp"
#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"

using namespace oko::geo;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string attribute(const PointRecord& p, const std::string& key) {
    for (const auto& [k, v] : p.attributes)
        if (k == key) return v;
    return "<absent>";
}

// Runs ogr2ogr and requires it to succeed.
void ogr2ogr(const std::string& args) {
    const auto result = oko::test::run_command("ogr2ogr " + args);
    INFO(result.output);
    REQUIRE(result.status == 0);
}

// The feature count ogrinfo reports for a layer.
int ogr_count(const fs::path& file, const std::string& layer) {
    const auto result = oko::test::run_command("ogrinfo -ro -so " + oko::test::shell_quote(file.string()) + " " +
                                               oko::test::shell_quote(layer));
    const auto at = result.output.find("Feature Count: ");
    return at == std::string::npos ? -1 : std::stoi(result.output.substr(at + 15));
}

// The mixed GeoJSON as any format holds it: 7 features, of which a point, a multipoint of two
// and another point enter; a line, a polygon, a feature without geometry and a point with
// longitude 200 are rejected.
void check_mixed(const PointImport& result, const std::string& format) {
    const auto& report = result.report;
    CHECK(report.format == format);
    CHECK(report.rows_read == 7);
    CHECK(report.imported == 4);
    CHECK(report.rejected_count == 4);
    REQUIRE(result.points.size() == 4);
    CHECK(result.points[0].lon == Approx(20.4573).margin(1e-9));
    CHECK(result.points[0].lat == Approx(44.8176).margin(1e-9));
    CHECK(result.points[0].vendor == "Hikvision");
    CHECK(result.points[0].year == 2019);
    CHECK(attribute(result.points[0], "name") == "Terazije");
    CHECK(result.points[1].source_row == 2);
    CHECK(result.points[2].source_row == 2);
    CHECK(result.points[1].vendor == "Dahua");
    CHECK(result.points[3].vendor.empty());
    CHECK(result.points[3].year == 2021);
    std::vector<int64_t> rows;
    for (const auto& r : report.rejected)
        rows.push_back(r.row);
    CHECK(rows == std::vector<int64_t>{3, 4, 5, 6});
    CHECK(contains(report.rejected[0].reason, "Line String is not a point"));
    CHECK(contains(report.rejected[1].reason, "Polygon is not a point"));
    CHECK(contains(report.rejected[2].reason, "no position"));
    CHECK(contains(report.rejected[3].reason, "out of range"));
    CHECK(std::any_of(report.warnings.begin(), report.warnings.end(),
                      [](const ImportIssue& w) { return w.row == 2 && contains(w.reason, "multipoint of 2"); }));
}

} // namespace

TEST_CASE("GeoJSON: points and multipoints enter, other geometries are reported", "[point][ogr]") {
    oko::test::TempDir dir;
    fs::copy_file(oko::test::point_fixture("cameras_mixed.geojson"), dir / "cameras_mixed.geojson");
    REQUIRE(ogr_count(dir / "cameras_mixed.geojson", "cameras_mixed") == 7);
    const auto result = read_points(dir / "cameras_mixed.geojson", oko::test::point_test_options());
    check_mixed(result, "GeoJSON");
    CHECK(result.report.crs == "EPSG:4326");
    // The sidecar keeps each rejected feature with its geometry and attributes.
    const auto sidecar = dir / "cameras_mixed.rejected.csv";
    REQUIRE(result.report.rejected_file == sidecar);
    CHECK(ogr_count(sidecar, "cameras_mixed.rejected") == 4);
}

TEST_CASE("GeoPackage made with ogr2ogr reads like its source", "[point][ogr]") {
    oko::test::TempDir dir;
    const auto gpkg = dir / "cameras.gpkg";
    ogr2ogr("-f GPKG " + oko::test::shell_quote(gpkg.string()) + " " +
            oko::test::shell_quote(oko::test::point_fixture("cameras_mixed.geojson").string()));
    const auto result = read_points(gpkg, oko::test::point_test_options());
    check_mixed(result, "GPKG");
    CHECK(result.points[0].source_layer == "cameras_mixed");
}

TEST_CASE("KML placemarks in folders, and the same as KMZ", "[point][ogr][kml]") {
    oko::test::TempDir dir;
    const auto check = [](const PointImport& result) {
        CHECK(result.report.rows_read == 4);
        CHECK(result.report.imported == 3);
        CHECK(result.report.rejected_count == 1);
        REQUIRE(result.points.size() == 3);
        CHECK(result.points[0].vendor == "Huawei");
        CHECK(result.points[0].year == 2019);
        CHECK(result.points[0].source_layer == "Kamere");
        CHECK(result.points[1].vendor == "Hikvision");
        CHECK(result.points[1].year == 2020);
        CHECK(result.points[2].source_layer == "Prijave");
        CHECK(result.points[2].lon == Approx(20.4760).margin(1e-9));
        CHECK(result.points[2].lat == Approx(44.7890).margin(1e-9));
        REQUIRE(result.report.rejected.size() == 1);
        CHECK(result.report.rejected[0].row == 3);
        CHECK(result.report.rejected[0].layer == "Kamere");
        CHECK(contains(result.report.rejected[0].reason, "is not a point"));
    };
    fs::copy_file(oko::test::point_fixture("cameras.kml"), dir / "cameras.kml");
    const auto from_kml = read_points(dir / "cameras.kml", oko::test::point_test_options());
    check(from_kml);
    // Both folders have the same fields; they are listed once.
    const auto& columns = from_kml.report.attribute_columns;
    CHECK(std::count(columns.begin(), columns.end(), "Name") == 1);
    CHECK(std::count(columns.begin(), columns.end(), "proizvodjac") == 0);

    const auto kmz = dir / "cameras.kmz";
    ogr2ogr("-f LIBKML " + oko::test::shell_quote(kmz.string()) + " " +
            oko::test::shell_quote((dir / "cameras.kml").string()));
    REQUIRE(fs::exists(kmz));
    const auto from_kmz = read_points(kmz, oko::test::point_test_options());
    check(from_kmz);
    CHECK(from_kmz.report.format == "LIBKML");
}

TEST_CASE("GPX: waypoints are reports, tracks are not", "[point][ogr][gpx]") {
    oko::test::TempDir dir;
    fs::copy_file(oko::test::point_fixture("waypoints.gpx"), dir / "waypoints.gpx");
    REQUIRE(ogr_count(dir / "waypoints.gpx", "waypoints") == 3);
    const auto result = read_points(dir / "waypoints.gpx", oko::test::point_test_options());
    CHECK(result.report.format == "GPX");
    CHECK(result.report.rows_read == 3);
    REQUIRE(result.points.size() == 3);
    CHECK(result.points[0].lat == Approx(45.2551));
    CHECK(result.points[0].lon == Approx(19.8451));
    CHECK(attribute(result.points[0], "name") == "Kamera 1");
    CHECK(attribute(result.points[0], "desc") == "Hikvision na stubu");
    CHECK(std::any_of(result.report.warnings.begin(), result.report.warnings.end(), [](const ImportIssue& w) {
        return w.layer == "tracks" && contains(w.reason, "only waypoints");
    }));
}

TEST_CASE("Zipped Shapefile in UTM 34N is reprojected to WGS84", "[point][ogr][crs]") {
    oko::test::TempDir dir;
    const auto zip = dir / "cameras.shp.zip";
    ogr2ogr("-f \"ESRI Shapefile\" -t_srs EPSG:32634 " + oko::test::shell_quote(zip.string()) + " " +
            oko::test::shell_quote(oko::test::point_fixture("cameras_points.geojson").string()));
    REQUIRE(fs::exists(zip));
    const auto result = read_points(zip, oko::test::point_test_options());
    CHECK(result.report.format == "ESRI Shapefile");
    CHECK(result.report.crs == "EPSG:32634");
    REQUIRE(result.points.size() == 3);
    CHECK(result.points[0].lon == Approx(20.4573).margin(1e-7));
    CHECK(result.points[0].lat == Approx(44.8176).margin(1e-7));
    CHECK(result.points[2].lon == Approx(20.4760).margin(1e-7));
    CHECK(result.points[0].vendor == "Huawei");
    CHECK(result.points[1].vendor == "Dahua");
    CHECK(result.points[2].vendor == "Provision-ISR");
    CHECK(result.points[2].year == 2021);
    CHECK(attribute(result.points[1], "place") == "Slavija");
}

TEST_CASE("A file no reader understands is an error naming the formats", "[point][ogr]") {
    oko::test::TempDir dir;
    {
        std::ofstream out(dir / "notes.odt");
        out << "not a map";
    }
    try {
        read_points(dir / "notes.odt", oko::test::point_test_options());
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(contains(e.reason(), "GeoJSON"));
        CHECK(e.file() == (dir / "notes.odt").string());
    }
}

TEST_CASE("Spreadsheets (XLSX, ODS) are tables with coordinate columns", "[point][ogr][table]") {
    oko::test::TempDir dir;
    const auto csv = dir / "kamere.csv";
    {
        std::ofstream out(csv);
        out << "Širina,Dužina,Proizvođač,Godina,Ulica\n"
               "44.8176,20.4573,HUAWEI,2020,Terazije\n"
               "44.8030,20.4650,dahua,15.06.2019.,Slavija\n"
               ",20.46,Hikvision,2020,Nepoznata\n";
    }
    for (const std::string format : {"XLSX", "ODS"}) {
        const auto sheet = dir / ("kamere." + std::string(format == "XLSX" ? "xlsx" : "ods"));
        ogr2ogr("-f " + format + " -oo AUTODETECT_TYPE=YES " + oko::test::shell_quote(sheet.string()) + " " +
                oko::test::shell_quote(csv.string()));
        const auto result = read_points(sheet, oko::test::point_test_options());
        INFO(format);
        CHECK(result.report.format == format);
        CHECK(result.report.rows_read == 3);
        REQUIRE(result.points.size() == 2);
        // Rows as the spreadsheet numbers them: the header is row 1.
        CHECK(result.points[0].source_row == 2);
        CHECK(result.points[0].lat == 44.8176);
        CHECK(result.points[0].lon == 20.4573);
        CHECK(result.points[0].vendor == "Huawei");
        CHECK(result.points[1].vendor == "Dahua");
        CHECK(result.points[1].year == 2019);
        CHECK(attribute(result.points[1], "Ulica") == "Slavija");
        CHECK(attribute(result.points[1], "Širina") == "<absent>");
        REQUIRE(result.report.rejected.size() == 1);
        CHECK(result.report.rejected[0].row == 4);
        CHECK(contains(result.report.rejected[0].reason, "missing"));
    }
}

TEST_CASE("GeoJSON coordinates written as strings are named so, and kept in the sidecar", "[point][ogr]") {
    oko::test::TempDir dir;
    const auto file = dir / "string_coordinates.geojson";
    fs::copy_file(oko::test::point_fixture("string_coordinates.geojson"), file);
    const auto result = read_points(file, oko::test::point_test_options());
    REQUIRE(result.points.size() == 1);
    CHECK(result.points[0].lon == 19.8451);
    REQUIRE(result.report.rejected.size() == 2);
    const auto& text = result.report.rejected[0];
    CHECK(text.row == 2);
    CHECK(text.code == IssueCode::coordinates_as_text);
    CHECK(text.reason == "the coordinates are text in quotes (\"19.8502\", \"45.2471\"), not numbers");
    CHECK(text.fix.find("[19.8502, 45.2471]") != std::string::npos);
    // A feature with no geometry at all is still "no position".
    CHECK(result.report.rejected[1].code == IssueCode::position_missing);
    std::ifstream in(result.report.rejected_file);
    const std::string sidecar((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(sidecar.find("geometry_as_written") != std::string::npos);
    CHECK(sidecar.find("[\"\"19.8502\"\",\"\"45.2471\"\"]") != std::string::npos); // CSV-quoted JSON
}
