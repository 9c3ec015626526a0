#include "app/panels/shortcuts.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <array>
#include <initializer_list>

namespace oko::app {

namespace {

constexpr std::array<Shortcut, 22> kShortcuts{{
    {Action::ZoomIn, "+", "zoom in"},
    {Action::ZoomOut, "-", "zoom out"},
    {Action::PanLeft, "Left", "pan left"},
    {Action::PanRight, "Right", "pan right"},
    {Action::PanUp, "Up", "pan up"},
    {Action::PanDown, "Down", "pan down"},
    {Action::ShowAll, "0 or Home", "show the whole map"},
    {Action::GoTo, "Ctrl+F", "go to a place or street"},
    {Action::ToggleLayers, "L", "show / hide the layer panel"},
    {Action::ToggleStats, "S", "statistics: vendor x year, per municipality"},
    {Action::ToggleHelp, "F1 or ?", "this help"},
    {Action::Export, "Ctrl+E", "export a figure: size, paper, title, furniture"},
    {Action::SaveImage, "Ctrl+Shift+S", "save the view as an image beside the project"},
    {Action::Undo, "Ctrl+Z", "undo the last change to the points"},
    {Action::Redo, "Ctrl+Shift+Z", "redo the change undone last"},
    {Action::AddCamera, "A", "add a camera: click where it is (again A or Esc: stop)"},
    {Action::MovePoints, "M", "move points: drag one to its true position (again M or Esc: stop)"},
    {Action::SelectPoints, "B",
     "select points: drag a box, Alt+drag a lasso; Shift adds, Ctrl removes (again B or Esc: stop)"},
    {Action::ToggleHistory, "H", "history of the changes to the points"},
    {Action::ToggleDuplicates, "D", "the duplicates flagged at import, to show and merge one by one"},
    {Action::Unpin, "Esc", "close the pinned point, stop adding cameras, moving or selecting points"},
    {Action::Quit, "Ctrl+Q", "quit"},
}};

struct Binding {
    Action action;
    std::initializer_list<int> keys;
    bool ctrl;
    bool repeat;
    bool shift;
};

// GLFW key codes (the GLFW backend of ImGui 1.86 indexes KeysDown by them).
const Binding kBindings[] = {
    {Action::ZoomIn, {GLFW_KEY_EQUAL, GLFW_KEY_KP_ADD}, false, true, false},
    {Action::ZoomOut, {GLFW_KEY_MINUS, GLFW_KEY_KP_SUBTRACT}, false, true, false},
    {Action::PanLeft, {GLFW_KEY_LEFT}, false, true, false},
    {Action::PanRight, {GLFW_KEY_RIGHT}, false, true, false},
    {Action::PanUp, {GLFW_KEY_UP}, false, true, false},
    {Action::PanDown, {GLFW_KEY_DOWN}, false, true, false},
    {Action::ShowAll, {GLFW_KEY_0, GLFW_KEY_KP_0, GLFW_KEY_HOME}, false, false, false},
    {Action::GoTo, {GLFW_KEY_F}, true, false, false},
    {Action::ToggleLayers, {GLFW_KEY_L}, false, false, false},
    {Action::ToggleStats, {GLFW_KEY_S}, false, false, false},
    {Action::ToggleHelp, {GLFW_KEY_F1, GLFW_KEY_SLASH}, false, false, false},
    {Action::Export, {GLFW_KEY_E}, true, false, false},
    {Action::SaveImage, {GLFW_KEY_S}, true, false, true},
    {Action::Undo, {GLFW_KEY_Z}, true, false, false},
    {Action::Redo, {GLFW_KEY_Z}, true, false, true},
    {Action::AddCamera, {GLFW_KEY_A}, false, false, false},
    {Action::MovePoints, {GLFW_KEY_M}, false, false, false},
    {Action::SelectPoints, {GLFW_KEY_B}, false, false, false},
    {Action::ToggleHistory, {GLFW_KEY_H}, false, false, false},
    {Action::ToggleDuplicates, {GLFW_KEY_D}, false, false, false},
    {Action::Unpin, {GLFW_KEY_ESCAPE}, false, false, false},
    {Action::Quit, {GLFW_KEY_Q}, true, false, false},
};

} // namespace

std::span<const Shortcut> shortcuts() { return kShortcuts; }

const char* shortcut_keys(Action action) {
    for (const auto& s : kShortcuts)
        if (s.action == action) return s.keys;
    return "";
}

std::optional<Action> draw_menu_bar(bool has_project, bool adding, bool moving, bool selecting) {
    std::optional<Action> chosen;
    if (!ImGui::BeginMainMenuBar()) return chosen;
    const auto item = [&](const char* label, Action action, bool enabled, bool selected = false) {
        if (ImGui::MenuItem(label, shortcut_keys(action), selected, enabled)) chosen = action;
    };
    if (ImGui::BeginMenu("File")) {
        item("Export figure...", Action::Export, has_project);
        item("Save image", Action::SaveImage, has_project);
        ImGui::Separator();
        item("Quit", Action::Quit, true);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Edit")) {
        item("Undo", Action::Undo, has_project);
        item("Redo", Action::Redo, has_project);
        ImGui::Separator();
        item("Add a camera", Action::AddCamera, has_project, adding);
        item("Move points", Action::MovePoints, has_project, moving);
        item("Select points", Action::SelectPoints, has_project, selecting);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        item("Layers", Action::ToggleLayers, has_project);
        item("Statistics", Action::ToggleStats, has_project);
        item("History", Action::ToggleHistory, has_project);
        item("Duplicates", Action::ToggleDuplicates, has_project);
        item("Go to...", Action::GoTo, has_project);
        item("Whole map", Action::ShowAll, has_project);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        item("Keys and mouse", Action::ToggleHelp, true);
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
    return chosen;
}

std::vector<Action> pressed_actions() {
    const bool ctrl = ImGui::GetIO().KeyCtrl;
    const bool shift = ImGui::GetIO().KeyShift;
    std::vector<Action> out;
    for (const auto& b : kBindings) {
        if (b.ctrl != ctrl || (b.ctrl && b.shift != shift)) continue;
        for (int key : b.keys)
            if (ImGui::IsKeyPressed(key, b.repeat)) {
                out.push_back(b.action);
                break;
            }
    }
    return out;
}

} // namespace oko::app
