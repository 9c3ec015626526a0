#pragma once
// The window system under the viewer: a window with an OpenGL 3.3 core context, its events and
// Dear ImGui's platform and renderer backends. The frame loop (window.cpp) talks to this class
// only; its one implementation, backend_glfw.cpp, is the only file that knows GLFW, so another
// window system is another implementation of this header, chosen at build time.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace oko::app {

class Backend {
public:
    // Opens a window of `width` x `height` window units titled `title`, makes its context current
    // and loads OpenGL; throws std::runtime_error saying what failed (no display, no GL 3.3).
    // `vsync`: swap in step with the display (off for counted test runs).
    Backend(const std::string& title, int width, int height, bool vsync);
    ~Backend();
    Backend(const Backend&) = delete;
    Backend& operator=(const Backend&) = delete;

    // Connects Dear ImGui (its context made by the caller) to this window and its GL context;
    // shutdown_imgui() before the context is destroyed.
    void init_imgui();
    void shutdown_imgui();

    bool should_close() const;
    // Handles pending events; waits up to `timeout_s` for one when `wait` is set.
    void process_events(bool wait, double timeout_s);
    // Files dropped on the window since the last call.
    std::vector<std::filesystem::path> take_dropped();

    struct Size {
        int width = 0, height = 0;
    };
    Size framebuffer_size() const;
    Size window_size() const;
    // The desktop's UI scale (1 at 96 dpi), clamped to [1, 4].
    float content_scale() const { return m_content_scale; }

    // A pointer ImGui sees instead of the system's, for a frame (testing): where, in window units,
    // whether the left button is down, and which of Shift, Ctrl and Alt are held.
    struct Pointer {
        float x = 0, y = 0;
        bool left_down = false;
        bool shift = false, ctrl = false, alt = false;
    };
    // ImGui's new frame (platform and renderer), and the end of it: ImGui drawn over the map.
    void begin_frame(const std::optional<Pointer>& pointer = std::nullopt);
    void end_frame();
    void swap_buffers();

private:
    struct Impl;
    std::unique_ptr<Impl> m;
    float m_content_scale = 1;
};

} // namespace oko::app
