// What an import keeps: every row of a UTF-8 file with a bad byte, and the rejected-rows file of
// the last import that committed.

#include "geo/base/error.hpp"
#include "geo/points/point_file_import.hpp"
#include "geo/points/point_import.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_points.hpp"
#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

using namespace oko::geo;
namespace fs = std::filesystem;

namespace {

fs::path write_file(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

} // namespace

TEST_CASE("A UTF-8 point file with one bad byte keeps all its rows and names the row", "[point][csv][encoding]") {
    oko::test::TempDir dir;
    // The header and most values in UTF-8 ("proizvođač", "Čačak"); line 4 has a byte that is not.
    const auto file = write_file(dir / "cameras.csv", "lat,lon,proizvo\xC4\x91"
                                                      "a\xC4\x8D,grad\n"
                                                      "45.251,19.841,Hikvision,\xC4\x8C"
                                                      "a\xC4\x8D"
                                                      "ak\n"
                                                      "45.252,19.842,Dahua,Novi Sad\n"
                                                      "45.253,19.843,Huawei,Ba\xC4\x8Dka Pala\xFE"
                                                      "anka\n"
                                                      "45.254,19.844,Hikvision,\xC5\xA0"
                                                      "abac\n");
    const auto result = read_points(file, oko::test::point_test_options());
    const auto& report = result.report;
    CHECK(report.encoding == "UTF-8");
    CHECK(report.rows_read == 4);
    CHECK(report.imported == 4);
    CHECK(report.rejected_count == 0);
    REQUIRE(result.points.size() == 4);
    const auto value = [](const PointRecord& p, const std::string& key) {
        for (const auto& [k, v] : p.attributes)
            if (k == key) return v;
        return std::string("<absent>");
    };
    CHECK(value(result.points[0], "grad") == "Čačak");
    CHECK(value(result.points[2], "grad") == "Bačka Pala\xEF\xBF\xBD"
                                             "anka");
    CHECK(value(result.points[3], "grad") == "Šabac");
    int flagged = 0;
    for (const auto& w : report.warnings)
        if (w.code == IssueCode::invalid_utf8) {
            ++flagged;
            CHECK(w.row == 4);
        }
    CHECK(flagged == 1);
    CHECK(to_string(IssueCode::invalid_utf8) == "invalid_utf8");
}

TEST_CASE("An import into an open project leaves the rejected rows aside until its caller commits", "[point][safety]") {
    oko::test::TempDir dir;
    const auto store_path = dir / "city.oko";
    REQUIRE(Store::create_atomically(store_path, [](Store&) {}));
    const auto csv = write_file(dir / "more.csv", "lat,lon\n45.25,19.84\nnorth,19.85\n45.26,19.86\n");
    const auto sidecar = dir / "more.rejected.csv";
    write_file(sidecar, "earlier rows\n");
    const auto options = oko::test::point_test_options();

    {
        auto store = Store::open(store_path, true);
        Store::Transaction tx(store);
        auto result = import_points_into(store, csv, "more", options);
        CHECK(result.report.rejected_count == 1);
        CHECK(result.report.pending_rejected_file);
        // The transaction is rolled back (the caller failed): the result and its pending file go.
    }
    CHECK(oko::test::file_bytes(sidecar) == "earlier rows\n");
    {
        auto store = Store::open(store_path);
        CHECK(find_point_layer(store, "more") == 0);
    }
    for (const auto& e : fs::directory_iterator(dir.path()))
        CHECK_THAT(e.path().filename().string(), !Catch::Contains(".tmp-"));

    const auto done = import_point_file(csv, store_path, "more", options);
    CHECK_FALSE(done.report.pending_rejected_file);
    CHECK(done.report.rejected_file == sidecar);
    CHECK_THAT(oko::test::file_bytes(sidecar), Catch::Contains("north"));
}
