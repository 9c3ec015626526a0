// The go-to box under a virtual display: a typed query lists its results, one row each, over a
// map that stays where it was until one is chosen.

#include "geo/export/image_png.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace oko;
using oko::test::run_command;

namespace {
test::CommandResult run_window(const test::TempDir& dir, const std::filesystem::path& store, const std::string& args) {
    // A private settings folder, so the test neither reads nor changes the user's.
    const std::string env = "XDG_CONFIG_HOME=" + test::quoted(dir / "config") + " ";
    return run_command(env + "xvfb-run -a -s '-screen 0 1280x800x24' " +
                       test::oko_command(test::quoted(store) + " --window-size 1280x800 --frames 6 " + args));
}

bool row_differs(const geo::RgbaImage& a, const geo::RgbaImage& b, int y, int x0, int x1) {
    for (int x = x0; x < x1; ++x) {
        const auto p = a.at(x, y);
        const auto q = b.at(x, y);
        if (p.r != q.r || p.g != q.g || p.b != q.b) return true;
    }
    return false;
}
} // namespace

TEST_CASE("The go-to box lists a query's results, a row each, and leaves the map alone", "[e2e][window][places]") {
    const auto pbf = test::shared_data("osm/novi_sad_center.osm.pbf");
    if (!pbf || !test::can_open_window()) return;
    test::TempDir dir;
    const auto store = dir / "novi_sad.oko";
    REQUIRE(run_command(test::oko_command("import " + test::quoted(*pbf) + " --store " + test::quoted(store))).status ==
            0);
    const auto none = dir / "none.png", three = dir / "three.png";
    // No name on the map is like this one; "Zmaj Jovina 12" is two houses and a 12a.
    auto r = run_window(dir, store, "--goto qqxqzz --screenshot " + test::quoted(none));
    INFO(r.output);
    REQUIRE(r.status == 0);
    r = run_window(dir, store,
                   "--goto " + test::shell_quote("Zmaj Jovina 12") + " --screenshot " + test::quoted(three));
    INFO(r.output);
    REQUIRE(r.status == 0);
    const auto a = geo::read_png(none), b = geo::read_png(three);
    REQUIRE(a.width == 1280);
    REQUIRE(b.height == 800);
    // The box is centred at the top: the rows where the two pictures differ there are the query
    // and the results, three rows below the query against one line of "nothing".
    int first = -1, last = -1;
    for (int y = 0; y < 300; ++y)
        if (row_differs(a, b, y, 400, 880)) {
            if (first < 0) first = y;
            last = y;
        }
    REQUIRE(first >= 0);
    CHECK(first < 45);
    CHECK(last - first >= 55); // at least three text rows of a 13 px font
    CHECK(last < 160);
    // Below the box, and beside it, the map is the same picture: typing moves nothing.
    for (int y = 200; y < 800; y += 7)
        CHECK_FALSE(row_differs(a, b, y, 0, 1280));
}
