#include "app/commands/cli.hpp"

int main(int argc, char** argv) { return oko::app::run_cli(argc, argv); }
