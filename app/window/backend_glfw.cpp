// The Backend on GLFW: the only file of the window that knows GLFW.
#include "app/window/backend.hpp"

#include <glad/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <iostream>
#include <stdexcept>
#include <utility>

namespace oko::app {

namespace {

// GLFW calls back without a context pointer we own: the drops go to the one open window.
std::vector<std::filesystem::path>* g_dropped = nullptr;

void on_drop(GLFWwindow*, int count, const char** paths) {
    if (!g_dropped) return;
    for (int i = 0; i < count; ++i)
        g_dropped->emplace_back(paths[i]);
}

void on_glfw_error(int code, const char* description) {
    std::cerr << "oko: window system: " << description << " (" << code << ")\n";
}

} // namespace

struct Backend::Impl {
    GLFWwindow* window = nullptr;
    std::vector<std::filesystem::path> dropped;
    bool imgui = false;
};

Backend::Backend(const std::string& title, int width, int height, bool vsync) : m(std::make_unique<Impl>()) {
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit())
        throw std::runtime_error("cannot open a window (no display?). Use `oko render` for a headless picture.");
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    m->window = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
    if (!m->window) {
        glfwTerminate();
        throw std::runtime_error("cannot create an OpenGL 3.3 window. Use `oko render` for a headless picture.");
    }
    glfwMakeContextCurrent(m->window);
    glfwSwapInterval(vsync ? 1 : 0);
    if (!gladLoadGL(reinterpret_cast<GLADloadfunc>(glfwGetProcAddress))) {
        glfwDestroyWindow(m->window);
        glfwTerminate();
        throw std::runtime_error("cannot load OpenGL functions");
    }
    g_dropped = &m->dropped;
    glfwSetDropCallback(m->window, on_drop);
    float scale_x = 1, scale_y = 1;
    glfwGetWindowContentScale(m->window, &scale_x, &scale_y);
    m_content_scale = std::clamp(scale_x, 1.0f, 4.0f);
}

Backend::~Backend() {
    if (m->imgui) shutdown_imgui();
    g_dropped = nullptr;
    glfwDestroyWindow(m->window);
    glfwTerminate();
}

void Backend::init_imgui() {
    ImGui_ImplGlfw_InitForOpenGL(m->window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    m->imgui = true;
}

void Backend::shutdown_imgui() {
    if (!m->imgui) return;
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    m->imgui = false;
}

bool Backend::should_close() const { return glfwWindowShouldClose(m->window); }

void Backend::process_events(bool wait, double timeout_s) {
    if (wait)
        glfwWaitEventsTimeout(timeout_s);
    else
        glfwPollEvents();
}

std::vector<std::filesystem::path> Backend::take_dropped() { return std::exchange(m->dropped, {}); }

Backend::Size Backend::framebuffer_size() const {
    Size s;
    glfwGetFramebufferSize(m->window, &s.width, &s.height);
    return s;
}

Backend::Size Backend::window_size() const {
    Size s;
    glfwGetWindowSize(m->window, &s.width, &s.height);
    return s;
}

void Backend::begin_frame(const std::optional<Pointer>& pointer) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    if (pointer) { // after the platform backend has read the system's pointer, before ImGui uses it
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(pointer->x, pointer->y);
        io.MouseDown[ImGuiMouseButton_Left] = pointer->left_down;
        io.KeyShift = pointer->shift;
        io.KeyCtrl = pointer->ctrl;
        io.KeyAlt = pointer->alt;
    }
    ImGui::NewFrame();
}

void Backend::end_frame() {
    ImGui::Render();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Backend::swap_buffers() { glfwSwapBuffers(m->window); }

} // namespace oko::app
