// The command line's own face: --help lists what users use, --version comes from the build.

#include "support/shared_data.hpp"

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
