#pragma once
// The window's keyboard shortcuts, in one table: the viewer acts on them and the help panel lists
// them from the same rows, so the two cannot drift apart.

#include <optional>
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
    Export,
    SaveImage,
    Undo,
    Redo,
    AddCamera,
    MovePoints,
    SelectPoints,
    ToggleHistory,
    ToggleDuplicates,
    Unpin,
    Quit
};

struct Shortcut {
    Action action;
    const char* keys; // as the help panel shows them
    const char* what;
};

std::span<const Shortcut> shortcuts();
// The keys of an action, as the table shows them ("Ctrl+E"), for menus.
const char* shortcut_keys(Action action);

// The menu bar along the window's top: the actions of the table that have a menu entry (export,
// save image, undo and redo, adding a camera, moving and selecting points, panels, help, quit). Returns
// the one chosen this frame. `has_project`: whether the actions on a map can be chosen; `adding`,
// `moving`, `selecting`: whether the "add a camera", "move points" or "select points" mode is on (its
// entry is ticked).
std::optional<Action> draw_menu_bar(bool has_project, bool adding = false, bool moving = false, bool selecting = false);

// The actions whose keys were pressed this frame (ImGui's key state; repeats for navigation).
std::vector<Action> pressed_actions();

} // namespace oko::app
