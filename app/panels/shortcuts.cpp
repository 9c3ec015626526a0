#include "app/panels/shortcuts.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <array>
#include <initializer_list>

namespace oko::app {

namespace {

constexpr std::array<Shortcut, 13> kShortcuts{{
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
    {Action::Unpin, "Esc", "close the pinned point"},
    {Action::Quit, "Ctrl+Q", "quit"},
}};

struct Binding {
    Action action;
    std::initializer_list<int> keys;
    bool ctrl;
    bool repeat;
};

// GLFW key codes (the GLFW backend of ImGui 1.86 indexes KeysDown by them).
const Binding kBindings[] = {
    {Action::ZoomIn, {GLFW_KEY_EQUAL, GLFW_KEY_KP_ADD}, false, true},
    {Action::ZoomOut, {GLFW_KEY_MINUS, GLFW_KEY_KP_SUBTRACT}, false, true},
    {Action::PanLeft, {GLFW_KEY_LEFT}, false, true},
    {Action::PanRight, {GLFW_KEY_RIGHT}, false, true},
    {Action::PanUp, {GLFW_KEY_UP}, false, true},
    {Action::PanDown, {GLFW_KEY_DOWN}, false, true},
    {Action::ShowAll, {GLFW_KEY_0, GLFW_KEY_KP_0, GLFW_KEY_HOME}, false, false},
    {Action::GoTo, {GLFW_KEY_F}, true, false},
    {Action::ToggleLayers, {GLFW_KEY_L}, false, false},
    {Action::ToggleStats, {GLFW_KEY_S}, false, false},
    {Action::ToggleHelp, {GLFW_KEY_F1, GLFW_KEY_SLASH}, false, false},
    {Action::Unpin, {GLFW_KEY_ESCAPE}, false, false},
    {Action::Quit, {GLFW_KEY_Q}, true, false},
};

} // namespace

std::span<const Shortcut> shortcuts() { return kShortcuts; }

std::vector<Action> pressed_actions() {
    const bool ctrl = ImGui::GetIO().KeyCtrl;
    std::vector<Action> out;
    for (const auto& b : kBindings) {
        if (b.ctrl != ctrl) continue;
        for (int key : b.keys)
            if (ImGui::IsKeyPressed(key, b.repeat)) {
                out.push_back(b.action);
                break;
            }
    }
    return out;
}

} // namespace oko::app
