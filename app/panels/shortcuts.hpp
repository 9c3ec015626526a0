#pragma once
// The window's keyboard shortcuts, in one table: the viewer acts on them and the help panel lists
// them from the same rows, so the two cannot drift apart.

#include <span>
#include <vector>

namespace oko::app {

enum class Action {
    ZoomIn,
    ZoomOut,
    PanLeft,
    PanRight,
    PanUp,
    PanDown,
    ShowAll,
    GoTo,
    ToggleLayers,
    ToggleStats,
    ToggleHelp,
    Unpin,
    Quit
};

struct Shortcut {
    Action action;
    const char* keys; // as the help panel shows them
    const char* what;
};

std::span<const Shortcut> shortcuts();

// The actions whose keys were pressed this frame (ImGui's key state; repeats for navigation).
std::vector<Action> pressed_actions();

} // namespace oko::app
