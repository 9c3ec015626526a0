// The command line's own face: --help lists what users use, --version comes from the build.

#include "geo/base/utf8.hpp"
#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"

#include <sstream>
#include <vector>

#include <catch2/catch.hpp>

using oko::test::run_command;

TEST_CASE("oko --help lists what users use and not the flags for tests and benchmarks", "[cli]") {
    const auto help = run_command(oko::test::oko_command("--help"));
    REQUIRE(help.status == 0);
    for (const char* shown : {"--window-size", "--show", "--import-dialog", "render", "import", "stats"})
        CHECK(help.output.find(shown) != std::string::npos);
    for (const char* hidden :
         {"--frames", "--screenshot", "--print-frame-times", "--pan-px", "--accept", "--reference-style"})
        CHECK(help.output.find(hidden) == std::string::npos);
    const auto render_help = run_command(oko::test::oko_command("render --help"));
    REQUIRE(render_help.status == 0);
    CHECK(render_help.output.find("--scene") != std::string::npos);
    CHECK(render_help.output.find("--repeat") == std::string::npos);
    // Hidden is not gone: a hidden flag still parses (here it fails later, on the missing project).
    const auto frames =
        run_command(oko::test::oko_command("render --store /nonexistent.oko --out /tmp/x.png --repeat 2"));
    CHECK(frames.output.find("--repeat") == std::string::npos);
}

TEST_CASE("oko --version is the version CMake builds", "[cli]") {
    const auto version = run_command(oko::test::oko_command("--version"));
    REQUIRE(version.status == 0);
    CHECK(version.output == std::string("oko ") + OKO_PROJECT_VERSION + "\n");
}

TEST_CASE("oko layers lines up its columns in characters for Cyrillic layer names", "[cli]") {
    oko::test::TempDir dir;
    const auto store = dir / "p.oko";
    // A copy: an import writes its rejected rows beside the file it reads.
    const auto csv = dir / "cameras.csv";
    std::filesystem::copy_file(oko::test::point_fixture("belgrade_semicolon_bom.csv"), csv);
    for (const char* layer : {"камере_београд", "cams"}) {
        const auto r = run_command(oko::test::oko_command("import " + oko::test::quoted(csv) + " --layer " + layer +
                                                          " --store " + oko::test::quoted(store)));
        INFO(r.output);
        REQUIRE(r.status == 0);
    }
    const auto listed = run_command(oko::test::oko_command("layers --store " + oko::test::quoted(store)));
    INFO(listed.output);
    REQUIRE(listed.status == 0);
    // Every line's "kind" column starts at the same character (not byte) as the header's.
    std::istringstream lines(listed.output);
    std::string line;
    std::vector<size_t> kind_columns;
    while (std::getline(lines, line)) {
        const auto at = line.find(line.starts_with("layer") ? "kind" : "points");
        if (at == std::string::npos) continue;
        kind_columns.push_back(oko::geo::utf8::count_code_points(std::string_view(line).substr(0, at)));
    }
    REQUIRE(kind_columns.size() >= 3);
    for (const auto column : kind_columns)
        CHECK(column == kind_columns.front());
}

TEST_CASE("The window's --drag refuses a path it cannot follow and says what it takes", "[cli]") {
    // A place without its Y, an odd count, a key that is not Shift, Ctrl or Alt, one place only,
    // a place off the screen: each refused before any window opens.
    for (const char* drag : {"1,2,3", "shift+1,2,3,4,5", "meta+1,2,3,4", "10,20", "ctrl+alt+1,2,3,99999"}) {
        const auto r = run_command(oko::test::oko_command(std::string("--frames 1 --drag ") + drag));
        INFO(drag << ": " << r.output);
        CHECK(r.status != 0);
        CHECK(r.output.find("expected [shift+][ctrl+][alt+]X1,Y1,X2,Y2[,X3,Y3...]") != std::string::npos);
        CHECK(r.output.find(std::string("got '") + drag + "'") != std::string::npos);
    }
}
