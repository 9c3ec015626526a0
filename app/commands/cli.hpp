#pragma once
// The command line: `oko [PROJECT.oko]` opens the window; subcommands import, render, layers, info.

namespace oko::app {

int run_cli(int argc, char** argv);

} // namespace oko::app
