#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "geo/text/csv_reader.hpp"
#include "geo/base/error.hpp"
#include "geo/points/point_import.hpp"
#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"

using namespace oko::geo;
namespace fs = std::filesystem;

namespace {

// A copy of a fixture in a fresh folder, so that the sidecar of rejected rows lands there.
fs::path copy_fixture(const oko::test::TempDir& dir, const std::string& name) {
    fs::copy_file(oko::test::point_fixture(name), dir / name);
    return dir / name;
}

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

std::string attribute(const PointRecord& p, const std::string& key) {
    for (const auto& [k, v] : p.attributes)
        if (k == key) return v;
    return "<absent>";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_CASE("Serbian spreadsheet CSV: BOM, semicolons, decimal commas, Cyrillic header", "[point][csv]") {
    oko::test::TempDir dir;
    const auto file = copy_fixture(dir, "belgrade_semicolon_bom.csv");
    const auto result = read_points(file, oko::test::point_test_options());
    const auto& report = result.report;

    CHECK(report.format == "CSV");
    CHECK(report.encoding == "UTF-8 with BOM");
    CHECK(report.delimiter == ';');
    CHECK(report.crs == "EPSG:4326");
    // 13 numbered rows; the row of bare semicolons is padding, not a report.
    CHECK(report.rows_read == 13);
    CHECK(report.imported == 8);
    CHECK(report.rejected_count == 5);
    REQUIRE(result.points.size() == 8);
    CHECK(std::find(report.columns_used.begin(), report.columns_used.end(), "latitude=Širina") !=
          report.columns_used.end());
    CHECK(report.attribute_columns == std::vector<std::string>{"Ред. бр.", "Napomena"});
    CHECK(std::find(report.columns_used.begin(), report.columns_used.end(), "vendor=Proizvođač") !=
          report.columns_used.end());

    const auto* first = by_row(result, 2);
    REQUIRE(first);
    CHECK(first->lat == 44.8176);
    CHECK(first->lon == 20.4573);
    CHECK(first->vendor == "Huawei");
    CHECK(first->vendor_raw == "HUAWEI");
    CHECK(first->year == 2020);
    CHECK(attribute(*first, "Ред. бр.") == "1");
    CHECK(attribute(*first, "Napomena") == "Trg republike");
    // Coordinates, vendor and year are fields of the record, not attributes.
    CHECK(attribute(*first, "Širina") == "<absent>");
    CHECK(attribute(*first, "Proizvođač") == "<absent>");

    const auto* quoted = by_row(result, 3);
    REQUIRE(quoted);
    CHECK(quoted->vendor == "Huawei");
    CHECK(quoted->year == 2020);
    CHECK(attribute(*quoted, "Napomena") == "Knez Mihailova ugao, \"Zara\"");

    // A note spanning two lines: the row starts on line 4, and the next one on line 6.
    const auto* two_lines = by_row(result, 4);
    REQUIRE(two_lines);
    CHECK(attribute(*two_lines, "Napomena") == "Dva reda\r\nnapomene");
    CHECK(two_lines->year == 2019);
    CHECK(two_lines->vendor == "Hikvision");
    const auto* after = by_row(result, 6);
    REQUIRE(after);
    CHECK(after->year == 2018);
    CHECK(after->year_raw == "2018.");

    const auto* no_vendor = by_row(result, 7);
    REQUIRE(no_vendor);
    CHECK(no_vendor->vendor.empty());
    CHECK(no_vendor->year == 2021);

    const auto* bosch = by_row(result, 8);
    REQUIRE(bosch);
    CHECK(bosch->lat == 44.803); // a point as decimal mark works too
    CHECK(bosch->vendor == "Bosch");
    CHECK_FALSE(bosch->year);
    CHECK(bosch->year_raw == "nepoznato");
    CHECK(std::any_of(report.warnings.begin(), report.warnings.end(), [](const ImportIssue& w) {
        return w.row == 8 && w.field == "Godina postavljanja" && contains(w.reason, "not understood");
    }));

    const auto* cyrillic = by_row(result, 16);
    REQUIRE(cyrillic);
    CHECK(cyrillic->vendor == "Нови произвођач"); // unknown vendors are kept as written
    CHECK(attribute(*cyrillic, "Napomena") == "ćirilica");

    const auto* missing = rejected_row(report, 9);
    REQUIRE(missing);
    CHECK(missing->field == "Širina");
    CHECK(contains(missing->reason, "missing"));
    const auto* dms = rejected_row(report, 10); // degrees and minutes, with 78 minutes
    REQUIRE(dms);
    CHECK(dms->code == IssueCode::coordinate_invalid);
    CHECK(dms->field == "Širina");
    CHECK(dms->reason == "the Širina value \"44\xC2\xB0"
                         "78'N\" has minutes 78, which must be below 60");
    CHECK(contains(dms->fix, "minutes and seconds run from 0 to 59"));
    const auto* swapped = rejected_row(report, 11);
    REQUIRE(swapped);
    CHECK(contains(swapped->fix, "swap"));
    const auto* range = rejected_row(report, 12);
    REQUIRE(range);
    CHECK(contains(range->reason, "out of range"));
    CHECK(range->field == "Dužina");
    const auto* zero = rejected_row(report, 14);
    REQUIRE(zero);
    CHECK(contains(zero->reason, "0, 0"));

    // Row 11 repeats row 1 about a metre and a half away: kept, flagged and linked.
    const auto* duplicate = by_row(result, 13);
    REQUIRE(duplicate);
    REQUIRE(duplicate->duplicate_of);
    CHECK_FALSE(duplicate->duplicate_of->existing);
    CHECK(duplicate->duplicate_of->ref == first->index);
    // Independent estimate: the local flat-earth distance on the WGS84 ellipsoid.
    const double lat0 = 44.8176 * M_PI / 180;
    const double e2 = 0.00669437999014;
    const double w = std::sqrt(1 - e2 * std::sin(lat0) * std::sin(lat0));
    const double m_per_deg_lat = M_PI / 180 * 6378137.0 * (1 - e2) / (w * w * w);
    const double m_per_deg_lon = M_PI / 180 * 6378137.0 * std::cos(lat0) / w;
    const double expected = std::hypot(0.00001 * m_per_deg_lat, 0.00001 * m_per_deg_lon);
    CHECK(duplicate->duplicate_of->distance_m == Approx(expected).margin(0.01));
    CHECK(report.duplicate_count == 1);
    CHECK_FALSE(first->duplicate_of);

    // Indices follow the order records came out in.
    for (size_t i = 0; i < result.points.size(); ++i)
        CHECK(result.points[i].index == static_cast<int64_t>(i));
}

TEST_CASE("Rejected rows are written to a sidecar CSV next to the input", "[point][csv]") {
    oko::test::TempDir dir;
    const auto file = copy_fixture(dir, "belgrade_semicolon_bom.csv");
    const auto result = read_points(file, oko::test::point_test_options());
    const auto sidecar = dir / "belgrade_semicolon_bom.rejected.csv";
    REQUIRE(result.report.rejected_file == sidecar);
    REQUIRE(fs::exists(sidecar));

    // OGR counts the rows independently of Oko's reader.
    const auto info = oko::test::run_command("ogrinfo -ro -so -al " + oko::test::shell_quote(sidecar.string()));
    REQUIRE(info.status == 0);
    CHECK(contains(info.output, "Feature Count: 5"));

    CsvReader reader(sidecar);
    CsvRecord record;
    REQUIRE(reader.next(record));
    REQUIRE(record.fields.size() == 9);
    CHECK(record.fields[1] == "Širina");
    CHECK(record.fields[6] == "oko_row");
    std::vector<std::string> rows;
    while (reader.next(record)) {
        REQUIRE(record.fields.size() == 9);
        rows.emplace_back(record.fields[6]);
        CHECK_FALSE(record.fields[7].empty());
        CHECK_FALSE(record.fields[8].empty());
        if (record.fields[6] == "10") CHECK(record.fields[1] == "44°78'N"); // kept exactly as the volunteer wrote it
    }
    CHECK(rows == std::vector<std::string>{"9", "10", "12", "14", "11"});
}

TEST_CASE("Windows-1250 CSV is decoded to UTF-8", "[point][csv]") {
    oko::test::TempDir dir;
    const auto file = copy_fixture(dir, "novi_sad_windows1250.csv");
    const auto result = read_points(file, oko::test::point_test_options());
    CHECK(result.report.encoding == "Windows-1250");
    CHECK(result.report.delimiter == ',');
    REQUIRE(result.points.size() == 4);
    CHECK(result.report.rejected_count == 0);
    CHECK(result.points[1].vendor == "Dahua");
    CHECK(attribute(result.points[1], "ulica") == "Šafarikova");
    CHECK(attribute(result.points[3], "ulica") == "Đure Jakšića");
    CHECK(result.points[3].vendor == "Čačak Elektronik");
    CHECK(result.points[0].year == 2019);
    CHECK_FALSE(fs::exists(dir / "novi_sad_windows1250.rejected.csv"));
}

TEST_CASE("Windows-1251 CSV with a Cyrillic header is decoded and understood", "[point][csv]") {
    oko::test::TempDir dir;
    const auto file = copy_fixture(dir, "nis_windows1251.csv");
    auto options = oko::test::point_test_options();
    const auto result = read_points(file, options);
    CHECK(result.report.encoding == "Windows-1251");
    CHECK(result.report.delimiter == ';');
    REQUIRE(result.points.size() == 3);
    CHECK(result.points[0].lat == 43.3209);
    CHECK(result.points[0].lon == 21.8958);
    CHECK(result.points[0].vendor_raw == "Хуавеј");
    CHECK(result.points[0].vendor == "Huawei");
    CHECK(result.points[0].year == 2019);
    CHECK(result.points[1].vendor == "Dahua");
    CHECK(result.points[2].vendor.empty());
    CHECK(result.points[2].year == 2021);
    CHECK(attribute(result.points[1], "улица") == "Вожда Карађорђа");
}

TEST_CASE("Projected CSV coordinates are reprojected with --crs", "[point][csv][crs]") {
    oko::test::TempDir dir;
    const auto file = copy_fixture(dir, "belgrade_utm34n_tab.csv");
    auto options = oko::test::point_test_options();
    options.crs = "EPSG:32634";
    const auto result = read_points(file, options);
    CHECK(result.report.delimiter == '\t');
    CHECK(result.report.crs == "EPSG:32634");
    REQUIRE(result.points.size() == 3);
    // The fixture was made with `cs2cs EPSG:4326 EPSG:32634` from these positions, to the centimetre.
    CHECK(result.points[0].lon == Approx(20.4573).margin(1e-6));
    CHECK(result.points[0].lat == Approx(44.8176).margin(1e-6));
    CHECK(result.points[2].lon == Approx(20.4620).margin(1e-6));
    CHECK(result.points[2].lat == Approx(44.8101).margin(1e-6));
    CHECK(result.points[1].vendor == "Hikvision");
    CHECK(result.points[1].year == 2018);

    // Without the CRS the same file is rejected row by row, with the fix spelled out.
    const auto plain = read_points(file, oko::test::point_test_options());
    CHECK(plain.report.imported == 0);
    REQUIRE(plain.report.rejected.size() == 3);
    CHECK(contains(plain.report.rejected[0].reason, "not degrees"));
    CHECK(contains(plain.report.rejected[0].fix, "--crs"));

    options.crs = "EPSG:99999999";
    CHECK_THROWS_AS(read_points(file, options), Error);
}

TEST_CASE("A WKT column gives points; other geometries are rejected", "[point][csv][wkt]") {
    oko::test::TempDir dir;
    const auto file = copy_fixture(dir, "wkt_column.csv");
    const auto result = read_points(file, oko::test::point_test_options());
    CHECK(result.report.rows_read == 6);
    CHECK(result.report.imported == 4); // a point, a multipoint of two, a 3D point
    CHECK(result.report.rejected_count == 3);
    REQUIRE(result.points.size() == 4);
    CHECK(result.points[1].source_row == 3);
    CHECK(result.points[2].source_row == 3);
    CHECK(result.points[2].lon == 20.47);
    CHECK(result.points[3].lat == 44.8101);
    CHECK(result.points[3].vendor == "Axis");
    const auto* line = rejected_row(result.report, 4);
    REQUIRE(line);
    CHECK(contains(line->reason, "Line String is not a point"));
    const auto* broken = rejected_row(result.report, 5);
    REQUIRE(broken);
    CHECK(contains(broken->reason, "not valid WKT"));
    const auto* empty = rejected_row(result.report, 6);
    REQUIRE(empty);
    CHECK(contains(empty->reason, "missing"));
}

TEST_CASE("Columns can be named on the command line", "[point][csv]") {
    oko::test::TempDir dir;
    const auto file = dir / "plain.csv";
    {
        std::ofstream out(file);
        out << "a,b,c,d\n20.4573,44.8176,Hikvision,2019\n20.4650,44.8030,Dahua,2020\n";
    }
    auto options = oko::test::point_test_options();
    {
        // No name says what the columns hold: their values do (the larger numbers are latitudes).
        const auto found = read_points(file, options);
        REQUIRE(found.points.size() == 2);
        CHECK(found.points[0].lon == 20.4573);
        CHECK(found.points[0].lat == 44.8176);
        REQUIRE(found.report.position_columns.size() == 2);
        CHECK(found.report.position_columns[0].found_by == "values");
    }
    std::ofstream(dir / "words.csv") << "a,b\nTrg,Hikvision\n";
    CHECK_THROWS_AS(read_points(dir / "words.csv", options), Error); // no column holds a position
    options.x_column = "a";
    options.y_column = "2"; // by position
    options.vendor_column = "c";
    options.year_column = "D";
    const auto result = read_points(file, options);
    REQUIRE(result.points.size() == 2);
    CHECK(result.points[0].lon == 20.4573);
    CHECK(result.points[0].lat == 44.8176);
    CHECK(result.points[1].vendor == "Dahua");
    CHECK(result.points[1].year == 2020);
    options.vendor_column = "proizvođač";
    CHECK_THROWS_AS(read_points(file, options), Error);
}

TEST_CASE("A file without a header is read when the columns are given by position", "[point][csv]") {
    oko::test::TempDir dir;
    const auto file = dir / "noheader.csv";
    {
        std::ofstream out(file);
        out << "44.8176;20.4573;Hikvision\n44.8030;20.4650;Dahua\n";
    }
    auto options = oko::test::point_test_options();
    options.x_column = "2";
    options.y_column = "1";
    const auto result = read_points(file, options);
    REQUIRE(result.points.size() == 2);
    CHECK(result.points[0].source_row == 1);
    CHECK(result.points[0].lon == 20.4573);
    CHECK(attribute(result.points[1], "column_3") == "Dahua");
}

TEST_CASE("Points stream out in batches and duplicates link to existing points", "[point][csv]") {
    oko::test::TempDir dir;
    const auto file = copy_fixture(dir, "belgrade_semicolon_bom.csv");
    auto options = oko::test::point_test_options();
    options.batch_size = 3;
    options.existing_points.push_back({77, {20.4620, 44.81012}}); // 2.2 m north of row 3's camera
    std::vector<size_t> sizes;
    std::vector<PointRecord> all;
    const auto report = read_points(file, options, [&](std::vector<PointRecord>& batch) {
        sizes.push_back(batch.size());
        for (auto& p : batch)
            all.push_back(std::move(p));
    });
    CHECK(sizes == std::vector<size_t>{3, 3, 2});
    CHECK(report.imported == 8);
    CHECK(report.duplicate_count == 2);
    const auto it = std::find_if(all.begin(), all.end(), [](const PointRecord& p) { return p.source_row == 4; });
    REQUIRE(it != all.end());
    REQUIRE(it->duplicate_of);
    CHECK(it->duplicate_of->existing);
    CHECK(it->duplicate_of->ref == 77);
    CHECK(it->duplicate_of->distance_m == Approx(0.00002 * 111'100).epsilon(0.01));

    options.duplicate_distance_m = 0;
    CHECK(read_points(file, options).report.duplicate_count == 0);
}

TEST_CASE("Progress is reported and the import can be cancelled", "[point][csv]") {
    oko::test::TempDir dir;
    const auto file = dir / "many.csv";
    {
        std::ofstream out(file);
        out << "lat,lon\n";
        for (int i = 0; i < 40'000; ++i)
            out << 44.7 + i * 1e-5 << ',' << 20.4 + (i % 100) * 1e-4 << '\n';
    }
    auto options = oko::test::point_test_options();
    options.duplicate_distance_m = 0;
    std::vector<double> seen;
    options.progress = [&](double f) {
        seen.push_back(f);
        return true;
    };
    const auto all = read_points(file, options);
    CHECK(all.report.imported == 40'000);
    CHECK_FALSE(all.report.cancelled);
    REQUIRE(seen.size() >= 4);
    CHECK(std::is_sorted(seen.begin(), seen.end()));
    CHECK(seen.back() == 1.0);

    options.progress = [](double f) { return f < 0.3; };
    const auto part = read_points(file, options);
    CHECK(part.report.cancelled);
    CHECK(part.report.imported == part.report.rows_read);
    CHECK(static_cast<int64_t>(part.points.size()) == part.report.imported);
    CHECK(part.report.imported > 8'000);
    CHECK(part.report.imported < 20'000);
}

TEST_CASE("A cancelled read leaves the rejected rows of an earlier import alone", "[point][csv]") {
    oko::test::TempDir dir;
    const auto file = dir / "mixed.csv";
    {
        std::ofstream out(file);
        out << "lat,lon\n";
        for (int i = 0; i < 40'000; ++i) {
            if (i % 1000 == 7)
                out << "north,east\n"; // rejected: not a number
            else
                out << 44.7 + i * 1e-5 << ',' << 20.4 + (i % 100) * 1e-4 << '\n';
        }
    }
    const auto sidecar = dir / "mixed.rejected.csv";
    {
        std::ofstream earlier(sidecar);
        earlier << "what an earlier import rejected\n";
    }
    auto options = oko::test::point_test_options();
    options.duplicate_distance_m = 0;
    options.progress = [](double f) { return f < 0.3; };
    const auto part = read_points(file, options);
    REQUIRE(part.report.cancelled);
    CHECK(part.report.rejected_count > 0);
    CHECK(part.report.rejected_file.empty());
    {
        std::ifstream in(sidecar);
        std::string line;
        std::getline(in, line);
        CHECK(line == "what an earlier import rejected");
    }
    CHECK_FALSE(fs::exists(dir / "mixed.rejected.csv.part"));

    // Read to the end, the rejected rows replace the earlier ones.
    options.progress = {};
    const auto all = read_points(file, options);
    CHECK(all.report.rejected_count == 40);
    CHECK(all.report.rejected_file == sidecar);
    CsvReader reader(sidecar);
    CsvRecord record;
    int64_t rows = -1; // the header
    while (reader.next(record))
        ++rows;
    CHECK(rows == 40);
    CHECK_FALSE(fs::exists(dir / "mixed.rejected.csv.part"));
    // Neither read left a temporary file beside the sidecar.
    for (const auto& entry : fs::directory_iterator(dir.path()))
        CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("Empty, header-only and missing files", "[point][csv]") {
    oko::test::TempDir dir;
    { std::ofstream out(dir / "empty.csv"); }
    CHECK_THROWS_AS(read_points(dir / "empty.csv", oko::test::point_test_options()), Error);
    {
        std::ofstream out(dir / "header.csv");
        out << "lat;lon;vendor\n;;\n";
    }
    const auto header_only = read_points(dir / "header.csv", oko::test::point_test_options());
    CHECK(header_only.report.rows_read == 0);
    CHECK(header_only.points.empty());
    try {
        read_points(dir / "absent.csv", oko::test::point_test_options());
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.reason() == "no such file");
    }
}

TEST_CASE("A multipoint with one bad point is rejected whole", "[point][csv][wkt]") {
    oko::test::TempDir dir;
    const auto file = dir / "multi.csv";
    {
        std::ofstream out(file);
        out << "wkt;vendor\n\"MULTIPOINT ((20.46 44.815),(200 44.81))\";Dahua\nPOINT (20.4573 44.8176);Huawei\n";
    }
    const auto result = read_points(file, oko::test::point_test_options());
    CHECK(result.report.rows_read == 2);
    REQUIRE(result.points.size() == 1);
    CHECK(result.points[0].source_row == 3);
    REQUIRE(result.report.rejected.size() == 1);
    CHECK(result.report.rejected[0].row == 2);
    CHECK(result.report.rejected[0].field == "wkt");
    CHECK(contains(result.report.rejected[0].reason, "out of range"));
}
