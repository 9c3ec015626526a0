#include <algorithm>
#include <map>
#include <regex>
#include <sstream>

#include <catch2/catch.hpp>

#include "geo/points/point_import.hpp"
#include "support/shared_data.hpp"

using namespace oko::geo;
namespace fs = std::filesystem;

namespace {

std::string attribute(const PointRecord& p, const std::string& key) {
    for (const auto& [k, v] : p.attributes)
        if (k == key) return v;
    return "<absent>";
}

struct OgrSummary {
    int count = -1;
    double min_x = 0, max_x = 0, min_y = 0, max_y = 0;
};

// What `ogrinfo -so -al` says of a file: feature count and extent.
OgrSummary ogr_summary(const std::string& args) {
    const auto result = oko::test::run_command("ogrinfo -ro -so -al " + args);
    OgrSummary s;
    std::smatch m;
    if (std::regex_search(result.output, m, std::regex(R"(Feature Count: (\d+))"))) s.count = std::stoi(m[1]);
    if (std::regex_search(result.output, m,
                          std::regex(R"(Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\))"))) {
        s.min_x = std::stod(m[1]);
        s.min_y = std::stod(m[2]);
        s.max_x = std::stod(m[3]);
        s.max_y = std::stod(m[4]);
    }
    return s;
}

// `ogrinfo -sql` GROUP BY counts of one column.
std::map<std::string, int> ogr_group_counts(const fs::path& file, const std::string& layer, const std::string& column) {
    const auto result = oko::test::run_command(
        "ogrinfo -ro -q -dialect SQLite " + oko::test::shell_quote(file.string()) + " -sql " +
        oko::test::shell_quote("SELECT " + column + ", COUNT(*) AS n FROM " + layer + " GROUP BY " + column));
    std::string label = column;
    label.erase(std::remove(label.begin(), label.end(), '"'), label.end());
    std::map<std::string, int> counts;
    std::istringstream in(result.output);
    std::string line, key;
    while (std::getline(in, line)) {
        std::smatch m;
        if (std::regex_search(line, m, std::regex("  " + label + R"( \(String\) = (.*))")))
            key = m[1];
        else if (std::regex_search(line, m, std::regex(R"(  n \(Integer\) = (\d+))")))
            counts[key] = std::stoi(m[1]);
    }
    return counts;
}

} // namespace

TEST_CASE("Jyväskylä CCTV CSV: every camera enters with its attributes", "[point][realdata]") {
    const auto source = oko::test::shared_data("cameras/jyvaskyla_cctv.csv");
    if (!source) return;
    oko::test::TempDir dir;
    const auto file = dir / "jyvaskyla_cctv.csv";
    fs::copy_file(*source, file);
    const auto expected = ogr_summary("-oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude " +
                                      oko::test::shell_quote(file.string()));
    REQUIRE(expected.count > 0);

    const auto result = read_points(file);
    CHECK(result.report.rows_read == expected.count);
    CHECK(result.report.imported == expected.count);
    CHECK(result.report.rejected_count == 0);
    CHECK(result.report.delimiter == ',');
    CHECK_FALSE(fs::exists(dir / "jyvaskyla_cctv.rejected.csv"));

    double min_x = 1e9, max_x = -1e9, min_y = 1e9, max_y = -1e9;
    std::map<std::string, int> types;
    for (const auto& p : result.points) {
        min_x = std::min(min_x, p.lon);
        max_x = std::max(max_x, p.lon);
        min_y = std::min(min_y, p.lat);
        max_y = std::max(max_y, p.lat);
        ++types[attribute(p, "camera_type")];
        CHECK(p.vendor.empty()); // camera_model is a placeholder, not a manufacturer column
        CHECK_FALSE(p.year);
    }
    CHECK(min_x == Approx(expected.min_x).margin(1e-6));
    CHECK(max_x == Approx(expected.max_x).margin(1e-6));
    CHECK(min_y == Approx(expected.min_y).margin(1e-6));
    CHECK(max_y == Approx(expected.max_y).margin(1e-6));
    CHECK(types == ogr_group_counts(file, "jyvaskyla_cctv", "camera_type"));
    CHECK(attribute(result.points.front(), "camera_model") == "Zmodo ZP-IBH23-S");
    // Attributes keep the file's column order.
    REQUIRE(result.points.front().attributes.size() >= 2);
    CHECK(result.points.front().attributes[0].first == "camera_type");
}

TEST_CASE("Monaco OSM surveillance GeoJSON: ten cameras with their tags", "[point][realdata]") {
    const auto source = oko::test::shared_data("cameras/monaco_osm_surveillance.geojson");
    if (!source) return;
    const auto expected = ogr_summary(oko::test::shell_quote(source->string()));
    REQUIRE(expected.count == 10);
    PointImportOptions options;
    options.write_rejected_file = false; // the shared data folder is read-only for tests
    const auto result = read_points(*source, options);
    CHECK(result.report.format == "GeoJSON");
    CHECK(result.report.imported == expected.count);
    CHECK(result.report.rejected_count == 0);
    double min_x = 1e9, max_y = -1e9;
    std::map<std::string, int> camera_types;
    for (const auto& p : result.points) {
        min_x = std::min(min_x, p.lon);
        max_y = std::max(max_y, p.lat);
        CHECK(attribute(p, "man_made") == "surveillance");
        ++camera_types[attribute(p, "camera:type")];
    }
    CHECK(min_x == Approx(expected.min_x).margin(1e-6));
    CHECK(max_y == Approx(expected.max_y).margin(1e-6));
    CHECK(camera_types == ogr_group_counts(*source, "monaco_osm_surveillance", "\"camera:type\""));
}
