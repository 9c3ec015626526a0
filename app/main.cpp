// The `oko` executable: the command line, and the window when the build has one.
#include "app/commands/cli.hpp"
#ifdef OKO_WITH_GUI
#include "app/window/window.hpp"
#endif

int main(int argc, char** argv) {
#ifdef OKO_WITH_GUI
    return oko::app::run_cli(argc, argv, oko::app::run_window);
#else
    return oko::app::run_cli(argc, argv, nullptr);
#endif
}
