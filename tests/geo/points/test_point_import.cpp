// Every kind of import issue carries its code, made by the input that should make it: code
// acts on the code, never on the wording.

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "geo/points/point_import.hpp"
#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"

using namespace oko::geo;
namespace fs = std::filesystem;

namespace {

const std::vector<IssueCode> all_codes = {
    IssueCode::other,
    IssueCode::vendor_table_missing,
    IssueCode::model_table_missing,
    IssueCode::no_vendor_column,
    IssueCode::no_year_column,
    IssueCode::column_not_found,
    IssueCode::gpx_layer_skipped,
    IssueCode::rejected_file_not_written,
    IssueCode::unclosed_quote,
    IssueCode::not_utf8,
    IssueCode::invalid_utf8,
    IssueCode::too_many_values,
    IssueCode::no_coordinate_columns,
    IssueCode::position_missing,
    IssueCode::coordinate_not_number,
    IssueCode::wkt_invalid,
    IssueCode::geometry_empty,
    IssueCode::geometry_not_point,
    IssueCode::multipoint_split,
    IssueCode::position_not_transformed,
    IssueCode::position_zero,
    IssueCode::position_not_degrees,
    IssueCode::position_out_of_range,
    IssueCode::latitude_longitude_swapped,
    IssueCode::far_from_others,
    IssueCode::far_from_map,
    IssueCode::year_not_understood,
    IssueCode::vendor_model_conflict,
    IssueCode::duplicate,
};

fs::path write_file(const oko::test::TempDir& dir, const std::string& name, const std::string& text) {
    std::ofstream out(dir / name, std::ios::binary);
    out << text;
    return dir / name;
}

// The codes of the issues of a report, in order, rejected rows first.
std::vector<IssueCode> codes(const std::vector<ImportIssue>& issues) {
    std::vector<IssueCode> out;
    for (const auto& i : issues)
        out.push_back(i.code);
    return out;
}

const ImportIssue* find_code(const std::vector<ImportIssue>& issues, IssueCode code) {
    for (const auto& i : issues)
        if (i.code == code) return &i;
    return nullptr;
}

// No reader leaves an issue without its kind.
void check_all_coded(const PointImportReport& report) {
    for (const auto* list : {&report.rejected, &report.warnings})
        for (const auto& i : *list) {
            INFO("row " << i.row << ": " << i.reason);
            CHECK(i.code != IssueCode::other);
        }
}

// A spreadsheet made from a CSV, numbers as numbers, so that GDAL sees its header row.
void spreadsheet(const fs::path& csv, const fs::path& sheet, const std::string& format) {
    const auto converted = oko::test::run_command("ogr2ogr -f " + format + " -oo AUTODETECT_TYPE=YES " +
                                                  oko::test::quoted(sheet) + " " + oko::test::quoted(csv));
    INFO(converted.output);
    REQUIRE(converted.status == 0);
}

// A CSV with a vendor and a year column, so that only the rows' own issues are reported.
PointImportReport read_csv(const oko::test::TempDir& dir, const std::string& rows,
                           PointImportOptions options = oko::test::point_test_options()) {
    const auto file = write_file(dir, "cameras.csv", "lat,lon,vendor,year\n" + rows);
    auto report = read_points(file, options).report;
    check_all_coded(report);
    return report;
}

} // namespace

TEST_CASE("Each issue code has a stable snake_case name of its own", "[point][issue]") {
    std::set<std::string> names;
    for (const auto code : all_codes) {
        const std::string name(to_string(code));
        INFO(name);
        CHECK_FALSE(name.empty());
        CHECK(std::all_of(name.begin(), name.end(),
                          [](unsigned char c) { return std::islower(c) || std::isdigit(c) || c == '_'; }));
        names.insert(name);
    }
    CHECK(names.size() == all_codes.size());
    // The names are an interface (`oko import --json`): these are written down on purpose.
    CHECK(to_string(IssueCode::position_not_degrees) == "position_not_degrees");
    CHECK(to_string(IssueCode::latitude_longitude_swapped) == "latitude_longitude_swapped");
    CHECK(to_string(IssueCode::duplicate) == "duplicate");
    CHECK(ImportIssue{}.code == IssueCode::other);
}

TEST_CASE("Issue codes of the whole file", "[point][issue]") {
    oko::test::TempDir dir;
    SECTION("no vendor and no year column") {
        const auto file = write_file(dir, "plain.csv", "lat,lon\n44.81,20.46\n");
        const auto report = read_points(file, oko::test::point_test_options()).report;
        CHECK(codes(report.warnings) == std::vector{IssueCode::no_vendor_column, IssueCode::no_year_column});
        CHECK(report.rejected.empty());
    }
    SECTION("a vendor table that is not there") {
        auto options = oko::test::point_test_options();
        options.vendor_table = dir / "no_such_vendors.csv";
        const auto report = read_csv(dir, "44.81,20.46,Dahua,2020\n", options);
        CHECK(codes(report.warnings) == std::vector{IssueCode::vendor_table_missing});
    }
    SECTION("a model table that is not there") {
        auto options = oko::test::point_test_options();
        options.model_table = dir / "no_such_models.csv";
        const auto report = read_csv(dir, "44.81,20.46,Dahua,2020\n", options);
        CHECK(codes(report.warnings) == std::vector{IssueCode::model_table_missing});
    }
    SECTION("a rejected-rows file that cannot be written") {
        auto options = oko::test::point_test_options();
        options.rejected_file = dir / "no_such_folder" / "rejected.csv";
        const auto report = read_csv(dir, "north,east,Dahua,2020\n", options);
        CHECK(codes(report.rejected) == std::vector{IssueCode::coordinate_not_number});
        CHECK(codes(report.warnings) == std::vector{IssueCode::rejected_file_not_written});
    }
    SECTION("a column named for a role that a layer does not have") {
        const auto file = write_file(dir, "cameras.geojson", R"({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"vendor": "Dahua", "year": "2020"},
             "geometry": {"type": "Point", "coordinates": [20.46, 44.81]}}]})");
        auto options = oko::test::point_test_options();
        options.vendor_column = "proizvodjac";
        const auto report = read_points(file, options).report;
        check_all_coded(report);
        const auto* issue = find_code(report.warnings, IssueCode::column_not_found);
        REQUIRE(issue);
        CHECK(issue->field == "proizvodjac");
    }
    SECTION("GPX tracks and routes") {
        fs::copy_file(oko::test::point_fixture("waypoints.gpx"), dir / "waypoints.gpx");
        const auto report = read_points(dir / "waypoints.gpx", oko::test::point_test_options()).report;
        check_all_coded(report);
        CHECK(find_code(report.warnings, IssueCode::gpx_layer_skipped));
    }
}

TEST_CASE("Issue codes of how CSV rows were read", "[point][issue]") {
    oko::test::TempDir dir;
    SECTION("a quote never closed") {
        const auto report = read_csv(dir, "44.81,20.46,Dahua,\"2020\n44.82,20.47,Dahua,2021\n");
        CHECK(codes(report.rejected) == std::vector{IssueCode::unclosed_quote});
    }
    SECTION("a value that is not UTF-8 in a file the sample shows is UTF-8") {
        std::string rows;
        for (int i = 0; i < 10000; ++i)
            rows += std::to_string(44 + i * 1e-4) + ",20.46,\xC4\x8C"
                                                    "a\xC4\x8D"
                                                    "ak,2020\n";
        rows += "43.8,20.46,\xC8"
                "a\xE8"
                "ak,2020\n"; // "Čačak" in Windows-1250
        const auto report = read_csv(dir, rows);
        CHECK(codes(report.warnings) == std::vector{IssueCode::not_utf8});
    }
    SECTION("a row wider than the header") {
        const auto report = read_csv(dir, "44.81,20.46,Dahua,2020,extra\n");
        CHECK(codes(report.warnings) == std::vector{IssueCode::too_many_values});
    }
}

TEST_CASE("Issue codes of positions in coordinate columns", "[point][issue]") {
    oko::test::TempDir dir;
    const auto rejected = [&](const std::string& row) {
        const auto report = read_csv(dir, row);
        INFO(row);
        REQUIRE(report.rejected.size() == 1);
        return report.rejected[0].code;
    };
    CHECK(rejected(",,Dahua,2020\n") == IssueCode::position_missing);
    CHECK(rejected("44.81,,Dahua,2020\n") == IssueCode::position_missing);
    CHECK(rejected("44x48,20.46,Dahua,2020\n") == IssueCode::coordinate_not_number);
    CHECK(rejected("44°78'N,20.46,Dahua,2020\n") == IssueCode::coordinate_invalid);
    CHECK(rejected("44°48'N,20°28'N,Dahua,2020\n") == IssueCode::coordinate_invalid); // two latitudes

    CHECK(rejected("0,0,Dahua,2020\n") == IssueCode::position_zero);
    CHECK(rejected("4963000,458000,Dahua,2020\n") == IssueCode::position_not_degrees);
    CHECK(rejected("95,200,Dahua,2020\n") == IssueCode::position_out_of_range);
    CHECK(rejected("120.5,44.8,Dahua,2020\n") == IssueCode::latitude_longitude_swapped);

    SECTION("a transformation that fails") {
        auto options = oko::test::point_test_options();
        options.crs = "EPSG:32634";
        const auto report = read_csv(dir, "1000000000000,1000000000000,Dahua,2020\n", options);
        CHECK(codes(report.rejected) == std::vector{IssueCode::position_not_transformed});
    }
    SECTION("a row far from the others that swapping brings close") {
        const auto report =
            read_csv(dir, "44.810,20.460,Dahua,2020\n44.811,20.461,Dahua,2020\n44.812,20.462,Dahua,2020\n"
                          "44.813,20.463,Dahua,2020\n44.814,20.464,Dahua,2020\n20.465,44.815,Dahua,2020\n");
        CHECK(codes(report.rejected) == std::vector{IssueCode::far_from_others});
        CHECK(report.imported == 5);
    }
    SECTION("a year not understood, and a duplicate") {
        const auto report = read_csv(dir, "44.81,20.46,Dahua,soon\n44.83,20.48,Dahua,2020\n44.83,20.48,Dahua,2020\n");
        CHECK(report.rejected.empty());
        CHECK(codes(report.warnings) == std::vector{IssueCode::year_not_understood, IssueCode::duplicate});
    }
}

TEST_CASE("Issue codes of positions in a WKT column", "[point][issue]") {
    oko::test::TempDir dir;
    const auto file = write_file(dir, "wkt.csv",
                                 "wkt,vendor,year\n"
                                 ",Dahua,2020\n"
                                 "POINT (20.46,Dahua,2020\n"
                                 "POINT EMPTY,Dahua,2020\n"
                                 "\"LINESTRING (20.45 44.81, 20.46 44.82)\",Dahua,2020\n"
                                 "\"MULTIPOINT ((20.46 44.81), (20.47 44.82))\",Dahua,2020\n");
    const auto report = read_points(file, oko::test::point_test_options()).report;
    check_all_coded(report);
    CHECK(codes(report.rejected) == std::vector{IssueCode::position_missing, IssueCode::wkt_invalid,
                                                IssueCode::geometry_empty, IssueCode::geometry_not_point});
    CHECK(codes(report.warnings) == std::vector{IssueCode::multipoint_split});
}

TEST_CASE("Issue codes of GDAL features and tables", "[point][issue][ogr]") {
    oko::test::TempDir dir;
    SECTION("features without a position, lines, multipoints") {
        fs::copy_file(oko::test::point_fixture("cameras_mixed.geojson"), dir / "cameras_mixed.geojson");
        const auto report = read_points(dir / "cameras_mixed.geojson", oko::test::point_test_options()).report;
        check_all_coded(report);
        CHECK(codes(report.rejected) == std::vector{IssueCode::geometry_not_point, IssueCode::geometry_not_point,
                                                    IssueCode::position_missing, IssueCode::position_out_of_range});
        CHECK(find_code(report.warnings, IssueCode::multipoint_split));
    }
    SECTION("a table without coordinate columns") {
        const auto csv = write_file(dir, "notes.csv", "street,vendor,year\nTerazije,Dahua,2020\n");
        const auto sheet = dir / "notes.xlsx";
        spreadsheet(csv, sheet, "XLSX");
        const auto report = read_points(sheet, oko::test::point_test_options()).report;
        check_all_coded(report);
        CHECK(codes(report.rejected) == std::vector{IssueCode::no_coordinate_columns});
    }
    SECTION("a table row without a position or with a value that is not a number") {
        const auto csv =
            write_file(dir, "rows.csv", "lat,lon,vendor,year\n44.81,,Dahua,2020\nnorth,20.46,Dahua,2020\n");
        const auto sheet = dir / "rows.ods";
        spreadsheet(csv, sheet, "ODS");
        const auto report = read_points(sheet, oko::test::point_test_options()).report;
        check_all_coded(report);
        CHECK(codes(report.rejected) == std::vector{IssueCode::position_missing, IssueCode::coordinate_not_number});
    }
}

TEST_CASE("Every fixture's issues carry a code", "[point][issue]") {
    for (const auto& entry : fs::directory_iterator(oko::test::point_fixture(""))) {
        // The tables the fixtures import with are not point files.
        if (entry.path().filename() == "vendors.csv" || entry.path().filename() == "camera_models.csv") continue;
        oko::test::TempDir dir;
        fs::copy_file(entry.path(), dir / entry.path().filename());
        INFO(entry.path().filename().string());
        const auto report = read_points(dir / entry.path().filename(), oko::test::point_test_options()).report;
        check_all_coded(report);
    }
}
