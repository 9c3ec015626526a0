#pragma once
// The desktop window: GLFW + Dear ImGui + OpenGL 3.3 core, drawing the same scene as `oko render`.

#include "app/commands/cli.hpp"

namespace oko::app {

// Runs until the window is closed; returns the process exit code. main() hands it to run_cli().
int run_window(const WindowOptions& options);

} // namespace oko::app
