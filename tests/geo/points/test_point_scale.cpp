// A million rows, run on request only (`oko_tests_geo "[bench]"`): the counts must come out
// exact at scale, and the time is printed for the record.

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>

#include <catch2/catch.hpp>

#include "geo/points/point_import.hpp"
#include "support/shared_data.hpp"

using namespace oko::geo;

TEST_CASE("A million-row Serbian CSV streams through with exact counts", "[.][bench][point]") {
    oko::test::TempDir dir;
    const auto file = dir / "million.csv";
    constexpr int rows = 1'000'000;
    // Cameras on a 10 m grid (1000 x 1000 near Belgrade), so none is a natural duplicate.
    // Every 1000th row (k % 1000 == 999) lacks its latitude; every row k % 500 == 0 lies 1 m
    // from row k - 1, a duplicate unless row k - 1 was the rejected one (k % 1000 == 0).
    const double lat0 = 44.75, lon0 = 20.40;
    const double dlat = 10.0 / 111'130.0, dlon = 10.0 / (111'130.0 * std::cos(lat0 * M_PI / 180));
    {
        std::ofstream out(file, std::ios::binary);
        out << "\xEF\xBB\xBFRed. br.;Širina;Dužina;Proizvođač;Godina;Napomena\n";
        const char* vendors[] = {"HUAWEI", "Huawei Technologies Co.", "Hikvision", "Dahua", "", "Bosch"};
        char line[256];
        for (int k = 0; k < rows; ++k) {
            const int at = k % 500 == 0 && k > 0 ? k - 1 : k;
            double lat = lat0 + (at / 1000) * dlat;
            double lon = lon0 + (at % 1000) * dlon;
            if (at != k) lat += 1.0 / 111'130.0;
            char lat_text[32], lon_text[32];
            std::snprintf(lat_text, sizeof lat_text, "%.7f", lat);
            std::snprintf(lon_text, sizeof lon_text, "%.7f", lon);
            for (char* c = lat_text; *c; ++c)
                if (*c == '.') *c = ',';
            for (char* c = lon_text; *c; ++c)
                if (*c == '.') *c = ',';
            std::snprintf(line, sizeof line, "%d;%s;%s;%s;%d;ulica %d\n", k + 1, k % 1000 == 999 ? "" : lat_text,
                          lon_text, vendors[k % 6], 2015 + k % 8, k % 700);
            out << line;
        }
    }
    PointImportOptions options;
    options.write_rejected_file = false;
    int64_t received = 0, huawei = 0;
    const auto start = std::chrono::steady_clock::now();
    const auto report = read_points(file, options, [&](std::vector<PointRecord>& batch) {
        received += static_cast<int64_t>(batch.size());
        for (const auto& p : batch)
            huawei += p.vendor_raw.rfind("HUAWEI", 0) == 0 || p.vendor_raw.rfind("Huawei", 0) == 0;
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    WARN("1,000,000 rows read in " << seconds << " s");
    CHECK(report.rows_read == rows);
    CHECK(report.rejected_count == 1000);
    CHECK(report.imported == rows - 1000);
    CHECK(received == report.imported);
    CHECK(report.duplicate_count == 1000);
    int64_t expected_huawei = 0;
    for (int k = 0; k < rows; ++k)
        expected_huawei += k % 1000 != 999 && k % 6 < 2;
    CHECK(huawei == expected_huawei);
}
