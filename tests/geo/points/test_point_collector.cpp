// What the collector makes of a row's vendor, year and model, whichever reader read it.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "geo/points/point_import.hpp"
#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"

using namespace oko::geo;
namespace fs = std::filesystem;

namespace {

fs::path write_file(const oko::test::TempDir& dir, const std::string& name, const std::string& text) {
    std::ofstream out(dir / name, std::ios::binary);
    out << text;
    return dir / name;
}

std::string attribute(const PointRecord& r, const std::string& name) {
    for (const auto& [k, v] : r.attributes)
        if (k == name) return v;
    return {};
}

size_t count_code(const std::vector<ImportIssue>& issues, IssueCode code) {
    size_t n = 0;
    for (const auto& i : issues)
        n += i.code == code;
    return n;
}

} // namespace

TEST_CASE("A known model names the vendor a row leaves empty", "[point][model]") {
    oko::test::TempDir dir;
    const auto file = write_file(dir, "cameras.csv",
                                 "lat,lon,vendor,model\n"
                                 "44.81,20.46,,IPC6625-Z30\n"       // line 2: Huawei from the model
                                 "44.82,20.46,,IPC6625-Z30\n"       // 3
                                 "44.83,20.46,,ipc6625 z30\n"       // 4: another spelling, its own line
                                 "44.84,20.46,Dahua,IPC6625-Z30\n"  // 5: a conflict, Dahua kept
                                 "44.85,20.46,Huawei,IPC6625-Z30\n" // 6: agrees: nothing to say
                                 "44.86,20.46,,AXIS P1448-LE\n"     // 7: the model begins with its brand
                                 "44.87,20.46,,XY-123\n"            // 8: unknown model, unknown vendor
                                 "44.88,20.46,,SD49225XA-HNR\n"     // 9: a family with a digit
                                 "44.89,20.46, ,DS-2CD2143G0-I\n"   // 10: a blank vendor is none
                                 "44.90,20.46,Hikvision,\n");       // 11: no model
    const auto result = read_points(file, oko::test::point_test_options());
    const auto& r = result.report;
    REQUIRE(result.points.size() == 10);
    const std::vector<std::string> vendors = {"Huawei", "Huawei", "Huawei", "Dahua",     "Huawei",
                                              "Axis",   "",       "Dahua",  "Hikvision", "Hikvision"};
    for (size_t i = 0; i < vendors.size(); ++i) {
        INFO("line " << result.points[i].source_row);
        CHECK(result.points[i].vendor == vendors[i]);
    }
    // The model stays an attribute, as written.
    CHECK(attribute(result.points[0], "model") == "IPC6625-Z30");
    CHECK(attribute(result.points[2], "model") == "ipc6625 z30");
    CHECK(attribute(result.points[9], "model").empty());
    // The vendor as written stays what the file says: nothing.
    CHECK(result.points[0].vendor_raw.empty());

    REQUIRE(r.vendors_from_models.size() == 5);
    CHECK(r.vendors_from_models[0].vendor == "Huawei");
    CHECK(r.vendors_from_models[0].model == "IPC6625-Z30");
    CHECK(r.vendors_from_models[0].rows == 2);
    CHECK(r.vendors_from_models[1].model == "ipc6625 z30");
    CHECK(r.vendors_from_models[1].rows == 1);
    CHECK(r.vendors_from_models[2].vendor == "Axis");
    CHECK(r.vendors_from_models[3].vendor == "Dahua");
    CHECK(r.vendors_from_models[4].vendor == "Hikvision");
    CHECK(r.vendors_from_models[4].rows == 1);

    REQUIRE(count_code(r.warnings, IssueCode::vendor_model_conflict) == 1);
    for (const auto& w : r.warnings) {
        if (w.code != IssueCode::vendor_model_conflict) continue;
        CHECK(w.row == 5);
        CHECK(w.field == "model");
        CHECK(w.reason.find("vendor Dahua") != std::string::npos);
        CHECK(w.reason.find("Huawei") != std::string::npos);
        CHECK(w.reason.find("IPC6625-Z30") != std::string::npos);
    }
    CHECK(std::find(r.columns_used.begin(), r.columns_used.end(), "model=model") != r.columns_used.end());
    CHECK(std::find(r.attribute_columns.begin(), r.attribute_columns.end(), "model") != r.attribute_columns.end());
}

TEST_CASE("The model column is found by its name in English and Serbian, or named", "[point][model]") {
    oko::test::TempDir dir;
    for (const char* header : {"Model kamere", "Модел камере", "camera_model", "camera:model", "MODEL"}) {
        INFO(header);
        const auto file =
            write_file(dir, "cameras.csv", std::string("lat,lon,") + header + "\n44.81,20.46,IPC6225-VRZ-ES\n");
        const auto result = read_points(file, oko::test::point_test_options());
        REQUIRE(result.points.size() == 1);
        CHECK(result.points[0].vendor == "Huawei");
    }
    // "type" holds dome or bullet, not a model: not read as one.
    const auto typed = write_file(dir, "typed.csv", "lat,lon,type\n44.81,20.46,IPC6225-VRZ-ES\n");
    CHECK(read_points(typed, oko::test::point_test_options()).points.at(0).vendor.empty());
    // --map model=COL: by name or by number.
    for (const char* column : {"oznaka", "3"}) {
        auto options = oko::test::point_test_options();
        options.model_column = column;
        const auto file = write_file(dir, "named.csv", "lat,lon,oznaka\n44.81,20.46,IPC6225-VRZ-ES\n");
        const auto result = read_points(file, options);
        CHECK(result.points.at(0).vendor == "Huawei");
        CHECK(std::find(result.report.columns_used.begin(), result.report.columns_used.end(), "model=oznaka") !=
              result.report.columns_used.end());
    }
    // A GeoJSON's property too, through the OGR reader.
    const auto geojson = write_file(dir, "cameras.geojson", R"({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [20.46, 44.81]},
         "properties": {"model": "IPC6625-Z30"}}]})");
    const auto result = read_points(geojson, oko::test::point_test_options());
    REQUIRE(result.points.size() == 1);
    CHECK(result.points[0].vendor == "Huawei");
    REQUIRE(result.report.vendors_from_models.size() == 1);
    CHECK(result.report.vendors_from_models[0].rows == 1);
}

TEST_CASE("Serbian dates with month names give the year; a month alone is an unknown year", "[point][month]") {
    oko::test::TempDir dir;
    const auto file = write_file(dir, "cameras.csv",
                                 "lat,lon,godina\n"
                                 "44.81,20.46,15. маја 2020.\n"
                                 "44.82,20.46,decembar 2018.\n"
                                 "44.83,20.46,мај\n");
    const auto result = read_points(file, oko::test::point_test_options());
    REQUIRE(result.points.size() == 3);
    CHECK(result.points[0].year == 2020);
    CHECK(result.points[1].year == 2018);
    CHECK_FALSE(result.points[2].year);
    CHECK(result.points[2].year_raw == "мај");
    REQUIRE(count_code(result.report.warnings, IssueCode::year_not_understood) == 1);
    for (const auto& w : result.report.warnings)
        if (w.code == IssueCode::year_not_understood) {
            CHECK(w.row == 4);
            CHECK(w.reason.find("names a month but no year") != std::string::npos);
        }
}
