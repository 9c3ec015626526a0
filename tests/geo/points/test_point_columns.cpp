// Position columns found by their values and by their names (point_columns.cpp), and the whole
// import of the fixtures that need it: every position is checked against the decimal degrees
// worked out by hand from what the file says (deg + min/60 + sec/3600, or the number as written).

#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "geo/points/point_columns.hpp"
#include "geo/points/point_import.hpp"
#include "geo/points/point_preview.hpp"
#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"

using namespace oko::geo;
namespace fs = std::filesystem;

namespace {

double dms(double d, double m, double s = 0) { return d + m / 60 + s / 3600; }

const PointRecord* by_row(const PointImport& result, int64_t row) {
    for (const auto& p : result.points)
        if (p.source_row == row) return &p;
    return nullptr;
}

const ImportIssue* rejected_row(const PointImportReport& report, int64_t row) {
    for (const auto& r : report.rejected)
        if (r.row == row) return &r;
    return nullptr;
}

fs::path copy_fixture(const oko::test::TempDir& dir, const std::string& name) {
    fs::copy_file(oko::test::point_fixture(name), dir / name);
    return dir / name;
}

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST_CASE("Latitude and longitude columns are found by their values", "[point][columns]") {
    const std::vector<std::string> names = {"RB", "column_2", "column_3", "Vrsta"};
    const std::vector<bool> unnamed = {false, true, true, false};
    SampleRows sample = {{"1", "45,81317", "15,97712", "PTZ"},
                         {"2", "45,80452", "15,97863", "fiksna"},
                         {"3", "45,82190", "16,01750", "fiksna"}};
    auto found = find_position_by_values(names, unnamed, sample, {}, {});
    REQUIRE(found);
    CHECK(found->y == 1u); // the row numbers are small numbers, not degrees
    CHECK(found->x == 2u);
    REQUIRE(found->choices.size() == 2);
    CHECK(describe(found->choices[0]) ==
          "latitude from column 2 (empty header): values look like latitudes 45.80\xE2\x80\x93"
          "45.82 (either could be latitude: the larger numbers are taken, as in Europe and the Americas)");
    CHECK(describe(found->choices[1]) ==
          "longitude from column 3 (empty header): values look like longitudes 15.98\xE2\x80\x93"
          "16.02");

    // The project's area decides where the values fit either way.
    BBox zagreb;
    zagreb.extend(15.8, 45.7);
    zagreb.extend(16.2, 45.9);
    for (auto& row : sample)
        std::swap(row[1], row[2]);
    found = find_position_by_values(names, unnamed, sample, {}, zagreb);
    REQUIRE(found);
    CHECK(found->y == 2u);
    CHECK(found->x == 1u);
    CHECK(found->choices[0].why.find("project's area") != std::string::npos);
    // Without an area, the larger numbers are the latitudes, wherever the column stands.
    found = find_position_by_values(names, unnamed, sample, {}, {});
    REQUIRE(found);
    CHECK(found->y == 2u);
    // Unless the area says otherwise (a made-up place where longitudes are the larger numbers).
    BBox east;
    east.extend(45.7, 15.8);
    east.extend(45.9, 16.2);
    found = find_position_by_values(names, unnamed, sample, {}, east);
    REQUIRE(found);
    CHECK(found->y == 1u);

    // A longitude beyond 90 decides alone.
    sample = {{"a", "151.2093", "-33.8688"}, {"b", "151.2100", "-33.8700"}};
    found = find_position_by_values({"x1", "x2", "x3"}, {}, sample, {}, {});
    REQUIRE(found);
    CHECK(found->x == 1u);
    CHECK(found->y == 2u);
    CHECK(found->choices[0].why.find("only column 3 fits latitudes") != std::string::npos);

    // Hemisphere letters decide, whatever the order.
    sample = {{"19\xC2\xB0"
               "50'47\"E",
               "45\xC2\xB0"
               "15'20\"N"}};
    found = find_position_by_values({"a", "b"}, {}, sample, {}, {});
    REQUIRE(found);
    CHECK(found->y == 1u);
    CHECK(found->x == 0u);

    // Numbers that are not degrees are not a position.
    CHECK_FALSE(find_position_by_values({"id", "count"}, {}, {{"1", "12"}, {"2", "14"}}, {}, {}));
    CHECK_FALSE(find_position_by_values({"a", "b"}, {}, {{"45.25", "Huawei"}}, {}, {}));
}

TEST_CASE("A column holding both coordinates is found by its name or its values", "[point][columns]") {
    const std::vector<std::string> names = {"Naziv", "Koordinate", "Lokacija"};
    const SampleRows sample = {{"a", "45.2551, 19.8451", "Trg slobode"}, {"b", "45,2471 19,8502", "Spens"}};
    auto found = find_pair_column(names, {}, sample, {}, {});
    REQUIRE(found);
    CHECK(found->pair == 1u);
    CHECK_FALSE(found->pair_lon_first);
    REQUIRE(found->choices.size() == 1);
    CHECK(found->choices[0].order == "lat, lon");
    CHECK(describe(found->choices[0]).rfind("position from column 2 'Koordinate' holding 'lat, lon': its name", 0) ==
          0);
    // "Lokacija" holding streets is not a position.
    CHECK_FALSE(find_pair_column({"Lokacija"}, {}, {{"Trg slobode"}, {"Spens"}}, {}, {}));
    // Longitude first where the values say so, or the name, or the area.
    found = find_pair_column({"coords"}, {}, {{"151.2093, -33.8688"}}, {}, {});
    REQUIRE(found);
    CHECK(found->pair_lon_first);
    found = find_pair_column({"lonlat"}, {}, {{"19.8451, 45.2551"}}, {}, {});
    REQUIRE(found);
    CHECK(found->pair_lon_first);
    BBox novi_sad;
    novi_sad.extend(19.7, 45.2);
    novi_sad.extend(19.9, 45.3);
    found = find_pair_column({"position"}, {}, {{"19.8451, 45.2551"}}, {}, novi_sad);
    REQUIRE(found);
    CHECK(found->pair_lon_first);
    // By values alone, under a header that says nothing.
    found = find_position_by_values({"column_1", "column_2"}, {true, true}, {{"x", "45.2551 19.8451"}}, {}, {});
    REQUIRE(found);
    CHECK(found->pair == 1u);
    CHECK(found->choices[0].found_by == "values");
}

TEST_CASE("A Zagreb export with empty headers over latitude and longitude", "[point][columns]") {
    oko::test::TempDir dir;
    const auto file = copy_fixture(dir, "zagreb_empty_headers.csv");
    const auto result = read_points(file, oko::test::point_test_options());
    CHECK(result.report.rows_read == 8);
    CHECK(result.report.rejected_count == 0);
    REQUIRE(result.points.size() == 8);
    // The values as the file writes them, with their decimal commas.
    const double expected[8][2] = {{45.81317, 15.97712}, {45.80452, 15.97863}, {45.82190, 16.01750},
                                   {45.78702, 15.96401}, {45.81503, 15.99832}, {45.81301, 15.96604},
                                   {45.82903, 16.05611}, {45.78305, 15.92004}};
    for (int i = 0; i < 8; ++i) {
        const auto* p = by_row(result, i + 2);
        REQUIRE(p);
        CHECK(p->lat == expected[i][0]);
        CHECK(p->lon == expected[i][1]);
    }
    const auto& choices = result.report.position_columns;
    REQUIRE(choices.size() == 2);
    CHECK(describe(choices[0]).rfind("latitude from column 4 (empty header): values look like latitudes 45.78", 0) ==
          0);
    CHECK(describe(choices[1]).rfind("longitude from column 5 (empty header)", 0) == 0);
    // Lokacija holds places, not positions: it stays an attribute.
    CHECK(std::find(result.report.attribute_columns.begin(), result.report.attribute_columns.end(), "Lokacija") !=
          result.report.attribute_columns.end());
    CHECK(result.points[0].vendor == "Hikvision");
}

TEST_CASE("A column of both coordinates in every notation", "[point][columns]") {
    oko::test::TempDir dir;
    const auto file = copy_fixture(dir, "koordinate_pairs.csv");
    const auto result = read_points(file, oko::test::point_test_options());
    CHECK(result.report.rows_read == 7);
    const auto check = [&](int64_t row, double lat, double lon) {
        const auto* p = by_row(result, row);
        INFO("row " << row);
        REQUIRE(p);
        CHECK(p->lat == Approx(lat).margin(1e-12));
        CHECK(p->lon == Approx(lon).margin(1e-12));
    };
    check(2, 45.2551, 19.8451);
    check(3, 45.2471, 19.8502);
    check(4, dms(45, 15, 57.6), dms(19, 49, 48.0));
    check(5, dms(45, 14.610), dms(19, 51.300));
    const auto* bad = rejected_row(result.report, 6);
    REQUIRE(bad);
    CHECK(bad->code == IssueCode::coordinate_invalid);
    CHECK(bad->field == "Koordinate");
    CHECK(bad->reason == "the Koordinate value \"45\xC2\xB0"
                         "75'N 19\xC2\xB0"
                         "50'E\" has a first coordinate that has minutes 75, which must be below 60");
    const auto* missing = rejected_row(result.report, 7);
    REQUIRE(missing);
    CHECK(missing->code == IssueCode::position_missing);
    // Written longitude first in a file of latitude first: thousands of km from the others.
    const auto* swapped = rejected_row(result.report, 8);
    REQUIRE(swapped);
    CHECK(swapped->code == IssueCode::far_from_others);
    REQUIRE(result.report.position_columns.size() == 1);
    CHECK(result.report.position_columns[0].order == "lat, lon");
    // The swapped row does not stretch the ranges the report gives.
    const std::string why = result.report.position_columns[0].why;
    CHECK(why.find("latitudes 45.24\xE2\x80\x93"
                   "45.27 (1 value far off) and longitudes 19.83") != std::string::npos);
    CHECK(std::find(result.report.columns_used.begin(), result.report.columns_used.end(), "position=Koordinate") !=
          result.report.columns_used.end());
    // The sidecar keeps the rejected values as written.
    const std::string sidecar = read_text(result.report.rejected_file);
    CHECK(sidecar.find("45\xC2\xB0"
                       "75'N 19\xC2\xB0"
                       "50'E") != std::string::npos);
}

TEST_CASE("Cyrillic headers over degrees, minutes and seconds", "[point][columns]") {
    oko::test::TempDir dir;
    const auto file = copy_fixture(dir, "novi_sad_dms_cyrillic.csv");
    const auto result = read_points(file, oko::test::point_test_options());
    REQUIRE(result.points.size() == 4);
    const double expected[4][2] = {{dms(45, 15, 20.2), dms(19, 50, 47.1)},
                                   {dms(45, 15, 19.0), dms(19, 50, 36.5)},
                                   {dms(45, 14, 54.6), dms(19, 50, 28.2)},
                                   {dms(45, 15, 57.6), dms(19, 49, 48.0)}};
    for (int i = 0; i < 4; ++i) {
        const auto* p = by_row(result, i + 2);
        REQUIRE(p);
        CHECK(p->lat == Approx(expected[i][0]).margin(1e-12));
        CHECK(p->lon == Approx(expected[i][1]).margin(1e-12));
    }
    const auto* bad = rejected_row(result.report, 6);
    REQUIRE(bad);
    CHECK(bad->code == IssueCode::coordinate_invalid);
    CHECK(bad->field == "Локација");
    CHECK(bad->reason.find("minutes 75") != std::string::npos);
    REQUIRE(result.report.position_columns.size() == 1);
    CHECK(result.report.position_columns[0].why.find("hemispheres") != std::string::npos);

    // The preview the import dialog shows: the same column, its order and the parsed positions.
    const auto preview = preview_point_file(file, oko::test::point_test_options());
    CHECK(preview.position_column == "Локација");
    CHECK(preview.position_order == "lat, lon");
    REQUIRE(preview.rows.size() == 5);
    REQUIRE(preview.rows[0].points.size() == 1);
    CHECK(preview.rows[0].points[0].lat == Approx(expected[0][0]).margin(1e-12));
    CHECK(preview.rows[4].rejected);
}

TEST_CASE("Latitude and longitude columns in degrees, minutes and seconds", "[point][columns]") {
    oko::test::TempDir dir;
    {
        std::ofstream csv(dir / "dms.csv");
        csv << "lat;lon\n"
               "45\xC2\xB0"
               "15'20.2\"N;19\xC2\xB0"
               "50'47\"E\n"
               "N 45\xC2\xB0 15.210';E 19\xC2\xB0 50.8'\n"
               "45 14 54.6 N;19 50 47 E\n"
               "19\xC2\xB0"
               "50'47\"E;45\xC2\xB0"
               "15'20\"N\n" // the letters say the columns are swapped in this row
               "95\xC2\xB0"
               "10'N;19\xC2\xB0"
               "50'E\n"
               "45\xC2\xB0"
               "15'N;19\xC2\xB0"
               "50'N\n";
    }
    const auto result = read_points(dir / "dms.csv", oko::test::point_test_options());
    const auto check = [&](int64_t row, double lat, double lon) {
        const auto* p = by_row(result, row);
        INFO("row " << row);
        REQUIRE(p);
        CHECK(p->lat == Approx(lat).margin(1e-12));
        CHECK(p->lon == Approx(lon).margin(1e-12));
    };
    check(2, dms(45, 15, 20.2), dms(19, 50, 47));
    check(3, dms(45, 15.210), dms(19, 50.8));
    check(4, dms(45, 14, 54.6), dms(19, 50, 47));
    check(5, dms(45, 15, 20), dms(19, 50, 47));
    const auto* beyond = rejected_row(result.report, 6);
    REQUIRE(beyond);
    CHECK(beyond->code == IssueCode::coordinate_invalid);
    CHECK(beyond->field == "lat");
    CHECK(beyond->reason.find("beyond 90") != std::string::npos);
    const auto* two = rejected_row(result.report, 7);
    REQUIRE(two);
    CHECK(two->reason.find("two latitudes") != std::string::npos);
}

TEST_CASE("The area the points are expected in falls back from the layer's points to the project's map",
          "[point][columns]") {
    PointImportOptions options;
    CHECK(expected_area(options).empty()); // nothing known: the caller's order rules apply

    // A project with a basemap only (Novi Sad's extent): the map decides.
    MapArea map;
    map.bbox.extend(19.80, 45.23);
    map.bbox.extend(19.88, 45.28);
    map.name = "Novi Sad";
    options.map_area = map;
    CHECK(expected_area(options).min_x == 19.80);
    CHECK(expected_area(options).max_y == 45.28);

    // Points already in the layer come before the map, and an explicit area before both.
    PointImportOptions::ExistingPoint p;
    p.position = {20.45, 44.80};
    options.existing_points.push_back(p);
    CHECK(expected_area(options).min_x == 20.45);
    CHECK(expected_area(options).min_y == 44.80);
    BBox given;
    given.extend(15.8, 45.7);
    given.extend(16.2, 45.9);
    options.expected_area = given;
    CHECK(expected_area(options).min_x == 15.8);
}
