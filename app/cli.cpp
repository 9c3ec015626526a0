#include "app/cli.hpp"

#include "geo/error.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace oko::app {

int run_cli(int argc, char** argv) {
    CLI::App cli{"Oko: a map viewer for surveillance-camera and smart-city deployments"};
    cli.set_version_flag("--version", "oko 0.1.0");
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }
    return 0;
}

} // namespace oko::app
