#include "app/window/window.hpp"

#include "app/window/settings.hpp"
#include "app/window/viewer.hpp"
#include "geo/base/image.hpp"
#include "geo/export/image_png.hpp"

#include <glad/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <vector>

extern "C" const unsigned char oko_font_regular[];
extern "C" const unsigned char oko_font_regular_end[];

namespace oko::app {

namespace {

std::vector<std::filesystem::path> g_dropped;

void on_drop(GLFWwindow*, int count, const char** paths) {
    for (int i = 0; i < count; ++i) g_dropped.emplace_back(paths[i]);
}

void on_glfw_error(int code, const char* description) { std::cerr << "oko: window system: " << description << " (" << code << ")\n"; }

// `content_scale`: the desktop's UI scale (1 at 96 dpi); `framebuffer_ratio`: framebuffer pixels
// per window coordinate (2 on macOS Retina and scaled Wayland outputs, 1 on X11 and Windows, where
// the window is sized in pixels). ImGui works in window coordinates, so text is rasterised for the
// framebuffer and shrunk back by the ratio: crisp on every kind of HiDPI screen, never doubled.
void setup_imgui(GLFWwindow* window, float content_scale, float framebuffer_ratio) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // panel layout is not worth a file in the working directory
    ImGui::StyleColorsLight();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 4.0f;
    style.FrameRounding = 3.0f;
    style.WindowBorderSize = 1.0f;
    style.Colors[ImGuiCol_WindowBg].w = 0.94f;
    style.ScaleAllSizes(content_scale / framebuffer_ratio);

    // DejaVu Sans (compiled in) with Latin Extended and Cyrillic: Serbian names in both scripts.
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0100, 0x024F, 0x0370, 0x03FF, 0x0400, 0x052F,
                                     0x2000, 0x206F, 0x2190, 0x21FF, 0x2200, 0x22FF, 0};
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;
    const int size = static_cast<int>(oko_font_regular_end - oko_font_regular);
    io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(oko_font_regular), size, std::round(15.0f * content_scale), &config, ranges);
    io.FontGlobalScale = 1.0f / framebuffer_ratio;

    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
}

geo::RgbaImage read_framebuffer(int width, int height) {
    geo::RgbaImage image(width, height);
    std::vector<unsigned char> rows(static_cast<size_t>(width) * height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rows.data());
    const size_t stride = static_cast<size_t>(width) * 4;
    for (int y = 0; y < height; ++y)  // OpenGL's rows run bottom-up
        std::copy_n(rows.data() + (height - 1 - y) * stride, stride, image.pixels.data() + y * stride);
    return image;
}

} // namespace

int run_window(const WindowOptions& options) {
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) {
        std::cerr << "oko: cannot open a window (no display?). Use `oko render` for a headless picture.\n";
        return 1;
    }
    Settings settings = Settings::load();
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    const int width = options.width > 0 ? options.width : settings.window_width;
    const int height = options.height > 0 ? options.height : settings.window_height;
    GLFWwindow* window = glfwCreateWindow(width, height, "Oko", nullptr, nullptr);
    if (!window) {
        glfwTerminate();
        std::cerr << "oko: cannot create an OpenGL 3.3 window. Use `oko render` for a headless picture.\n";
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(options.frames > 0 ? 0 : 1);
    if (!gladLoadGL(reinterpret_cast<GLADloadfunc>(glfwGetProcAddress))) {
        std::cerr << "oko: cannot load OpenGL functions\n";
        return 1;
    }
    glfwSetDropCallback(window, on_drop);
    float content_scale = 1, scale_y = 1;
    glfwGetWindowContentScale(window, &content_scale, &scale_y);
    content_scale = std::clamp(content_scale, 1.0f, 4.0f);
    int fb_w0 = 0, fb_h0 = 0, win_w0 = 0, win_h0 = 0;
    glfwGetFramebufferSize(window, &fb_w0, &fb_h0);
    glfwGetWindowSize(window, &win_w0, &win_h0);
    const float framebuffer_ratio = win_w0 > 0 ? std::max(1.0f, static_cast<float>(fb_w0) / win_w0) : 1.0f;
    setup_imgui(window, content_scale, framebuffer_ratio);

    int exit_code = 0;
    {
        Viewer viewer;
        std::optional<std::filesystem::path> project = options.project;
        if (!project && !settings.last_project.empty() && std::filesystem::exists(settings.last_project))
            project = settings.last_project;
        if (project) viewer.open(*project);
        for (const auto& choice : options.reference_styles)
            if (!viewer.set_reference_style(choice)) exit_code = 1;
        for (const auto& panel : options.show) viewer.show_panel(panel);
        if (options.import_dialog) {
            viewer.open(*options.import_dialog);  // as if dropped
            if (options.accept_import) viewer.accept_import();
        }

        int frame = 0, idle_frames = 0;
        while (!glfwWindowShouldClose(window) && !viewer.quit_requested()) {
            if (options.frames > 0 || viewer.busy()) glfwPollEvents();
            else glfwWaitEventsTimeout(0.5);
            for (const auto& p : g_dropped) viewer.open(p);
            g_dropped.clear();

            const auto start = std::chrono::steady_clock::now();
            if (options.frames > 0 && options.pan_px != 0) viewer.pan(frame % 2 ? -options.pan_px : options.pan_px, 0);
            int fb_w = 0, fb_h = 0, win_w = 0, win_h = 0;
            glfwGetFramebufferSize(window, &fb_w, &fb_h);
            glfwGetWindowSize(window, &win_w, &win_h);
            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            ImGui::NewFrame();
            // The map scales its lines and text with the desktop's UI scale, like the panels.
            viewer.frame(fb_w, fb_h, win_w > 0 ? static_cast<float>(fb_w) / win_w : 1.0f, content_scale);
            ImGui::Render();
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            // Measuring (--print-frame-times), wait for the GPU so the time counts the whole
            // frame, including the rasterisation it queued; otherwise let it overlap the next.
            if (options.print_frame_times) glFinish();
            viewer.record_frame_time(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());

            ++frame;
            // Background work (an import, a preview) finishes before a counted run ends, and a
            // few frames follow it: ImGui shows a window that appears one frame late.
            idle_frames = viewer.busy() ? 0 : idle_frames + 1;
            const bool last = options.frames > 0 && frame >= options.frames && idle_frames > 2;
            if (last && !options.screenshot.empty()) {
                try {
                    geo::write_png(read_framebuffer(fb_w, fb_h), options.screenshot);
                } catch (const std::exception& e) {
                    std::cerr << "oko: " << e.what() << "\n";
                    exit_code = 1;
                }
            }
            glfwSwapBuffers(window);
            if (last) break;
        }
        if (options.accept_import) {
            const auto& dialog = viewer.import_dialog();
            std::cout << dialog.report() << (dialog.report().empty() || dialog.report().back() == '\n' ? "" : "\n");
            if (!dialog.succeeded().value_or(false)) {
                std::cerr << "oko: the import dialog did not import " << options.import_dialog->string() << "\n";
                exit_code = 1;
            }
        }
        if (options.print_frame_times) {
            const auto& all = viewer.stats().all();
            // The first frames upload geometry and compile shaders: report steady state separately.
            std::vector<double> steady(all.begin() + std::min<size_t>(all.size(), 3), all.end());
            double sum = 0;
            for (double t : steady) sum += t;
            std::cout << nlohmann::json{{"frames", all.size()},
                                        {"frame_median_s", viewer.stats().median()},
                                        {"frame_mean_steady_s", steady.empty() ? 0.0 : sum / steady.size()}}
                             .dump()
                      << "\n";
        }
        if (options.frames == 0) {
            glfwGetWindowSize(window, &settings.window_width, &settings.window_height);
            settings = [&] { Settings s = Settings::load(); s.window_width = settings.window_width; s.window_height = settings.window_height; return s; }();
            settings.save();
        }
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit_code;
}

} // namespace oko::app
