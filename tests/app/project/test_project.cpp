// What a project shows first: a CSV-only project opens on the user's points, not on the
// shipped sites spread across the country.

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "app/project/project.hpp"
#include "support/shared_data.hpp"

using namespace oko;
using oko::test::run_command;

namespace {

// Spherical Web Mercator (EPSG:3857), written out here rather than taken from geo/base.
double mercator_x(double lon) { return 6'378'137.0 * lon * M_PI / 180; }
double mercator_y(double lat) { return 6'378'137.0 * std::log(std::tan(M_PI / 4 + lat * M_PI / 360)); }

// The Web Mercator box of a lat,lon CSV's rows, read here with a stream, not Oko's reader.
geo::BBox csv_points_box(const std::filesystem::path& csv) {
    std::ifstream in(csv);
    std::string line;
    std::getline(in, line);
    geo::BBox b;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        double lat = 0, lon = 0;
        char comma = 0;
        if (fields >> lat >> comma >> lon) b.extend(mercator_x(lon), mercator_y(lat));
    }
    return b;
}

} // namespace

TEST_CASE("A project of imported points only opens on those points", "[project][extent]") {
    test::TempDir dir;
    const auto csv = std::filesystem::path(OKO_TEST_FIXTURES) / "points" / "novi_sad_cameras.csv";
    const auto store = dir / "cameras.oko";
    const auto imported = run_command(
        test::oko_command("import " + test::quoted(csv) + " --store " + test::quoted(store) + " --layer cameras"));
    INFO(imported.output);
    REQUIRE(imported.status == 0);

    const auto project = app::Project::load(store);
    // The shipped sites are there, all over Serbia, but do not decide the view.
    REQUIRE(project.point_layer("smart_city_sites"));
    // The points' box with its margin of 5 % a side.
    auto expected = csv_points_box(csv);
    const double dx = 0.05 * expected.width(), dy = 0.05 * expected.height();
    expected = {expected.min_x - dx, expected.min_y - dy, expected.max_x + dx, expected.max_y + dy};
    const auto extent = project.extent();
    CHECK(extent.min_x == Approx(expected.min_x).margin(0.01));
    CHECK(extent.min_y == Approx(expected.min_y).margin(0.01));
    CHECK(extent.max_x == Approx(expected.max_x).margin(0.01));
    CHECK(extent.max_y == Approx(expected.max_y).margin(0.01));

    // oko render without --bbox frames the same box: the world file's picture holds every point
    // and touches the box on one side (the default view fits it without a margin).
    const auto png = dir / "map.png";
    const auto rendered = run_command(
        test::oko_command("render --store " + test::quoted(store) + " --out " + test::quoted(png) + " --size 800x600"));
    INFO(rendered.output);
    REQUIRE(rendered.status == 0);
    double world[6] = {};
    {
        std::ifstream pgw(dir / "map.pgw");
        for (double& v : world)
            REQUIRE(pgw >> v);
    }
    // The origin is the centre of the top-left pixel.
    const double left = world[4] - world[0] / 2, top = world[5] - world[3] / 2;
    const double right = left + 800 * world[0], bottom = top + 600 * world[3];
    const double pixel = world[0];
    CHECK(left <= expected.min_x + pixel);
    CHECK(right >= expected.max_x - pixel);
    CHECK(bottom <= expected.min_y + pixel);
    CHECK(top >= expected.max_y - pixel);
    const bool fits_width = std::abs((right - left) - expected.width()) < 2 * pixel;
    const bool fits_height = std::abs((top - bottom) - expected.height()) < 2 * pixel;
    CHECK((fits_width || fits_height));
    // The sites would make it a country: the points span a few kilometres.
    CHECK(right - left < 20'000);
}
