#include "app/window/window.hpp"

#include "app/window/backend.hpp"
#include "app/project/settings.hpp"
#include "app/window/viewer.hpp"
#include "geo/base/image.hpp"
#include "geo/export/image_png.hpp"

#include <glad/gl.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <optional>
#include <memory>
#include <stdexcept>
#include <vector>

extern "C" const unsigned char oko_font_regular[];
extern "C" const unsigned char oko_font_regular_end[];

namespace oko::app {

namespace {

// `content_scale`: the desktop's UI scale (1 at 96 dpi); `framebuffer_ratio`: framebuffer pixels
// per window coordinate (2 on macOS Retina and scaled Wayland outputs, 1 on X11 and Windows, where
// the window is sized in pixels). ImGui works in window coordinates, so text is rasterised for the
// framebuffer and shrunk back by the ratio: crisp on every kind of HiDPI screen, never doubled.
void setup_imgui(float content_scale, float framebuffer_ratio) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // panel layout is not worth a file in the working directory
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
    io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(oko_font_regular), size,
                                   std::round(15.0f * content_scale), &config, ranges);
    io.FontGlobalScale = 1.0f / framebuffer_ratio;
}

geo::RgbaImage read_framebuffer(int width, int height) {
    geo::RgbaImage image(width, height);
    std::vector<unsigned char> rows(static_cast<size_t>(width) * height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rows.data());
    const size_t stride = static_cast<size_t>(width) * 4;
    for (int y = 0; y < height; ++y) // OpenGL's rows run bottom-up
        std::copy_n(rows.data() + (height - 1 - y) * stride, stride, image.pixels.data() + y * stride);
    return image;
}

} // namespace

int run_window(const WindowOptions& options) {
    Settings settings = Settings::load();
    const int width = options.width > 0 ? options.width : settings.window_width;
    const int height = options.height > 0 ? options.height : settings.window_height;
    std::unique_ptr<Backend> backend;
    try {
        backend = std::make_unique<Backend>("Oko", width, height, options.frames == 0);
    } catch (const std::runtime_error& e) {
        std::cerr << "oko: " << e.what() << "\n";
        return 1;
    }
    const float content_scale = backend->content_scale();
    const auto fb0 = backend->framebuffer_size();
    const auto win0 = backend->window_size();
    const float framebuffer_ratio = win0.width > 0 ? std::max(1.0f, static_cast<float>(fb0.width) / win0.width) : 1.0f;
    setup_imgui(content_scale, framebuffer_ratio);
    backend->init_imgui();

    int exit_code = 0;
    {
        Viewer viewer;
        std::optional<std::filesystem::path> project = options.project;
        if (!project && !settings.last_project.empty() && std::filesystem::exists(settings.last_project))
            project = settings.last_project;
        if (project) viewer.open(*project);
        for (const auto& choice : options.reference_styles)
            if (!viewer.set_reference_style(choice)) exit_code = 1;
        for (const auto& panel : options.show)
            viewer.show_panel(panel);
        if (!options.goto_query.empty()) viewer.type_goto(options.goto_query);
        for (const auto& name : options.actions)
            viewer.perform(name == "undo"         ? Action::Undo
                           : name == "redo"       ? Action::Redo
                           : name == "add-camera" ? Action::AddCamera
                           : name == "select"     ? Action::SelectPoints
                                                  : Action::MovePoints);
        if (options.export_figure) viewer.open_export(options.export_figure, true);
        if (options.save_image) viewer.save_image();
        if (options.import_dialog) {
            viewer.open(*options.import_dialog); // as if dropped
            if (options.accept_import) viewer.accept_import();
        }

        int frame = 0, idle_frames = 0;
        // --click, --drag and --mouse: once background work is done, each click is a frame with
        // the pointer there, one with the button down and two with it up (the pointer gets there
        // before the button goes down, as a hand moves it: a press where the pointer jumped to
        // would be a drag); each drag a frame at its start, three with the button down, from its
        // start through its middle (a path: through each of its places) to its end, and three with
        // it up there, its keys (Shift, Ctrl, Alt) held until the first of those; then the pointer
        // rests at --mouse. --fill fills what they opened: it is handed over when they are done.
        std::vector<Backend::Pointer> steps;
        for (const auto& [x, y] : options.clicks)
            steps.insert(steps.end(), {{x, y, false}, {x, y, true}, {x, y, false}, {x, y, false}});
        for (const auto& drag : options.drags) {
            const auto& path = drag.path;
            const auto at = [&](std::pair<float, float> p, bool down, bool keys = true) {
                steps.push_back({p.first, p.second, down, keys && drag.shift, keys && drag.ctrl, keys && drag.alt});
            };
            at(path.front(), false);
            at(path.front(), true);
            if (path.size() == 2)
                at({(path[0].first + path[1].first) / 2, (path[0].second + path[1].second) / 2}, true);
            for (size_t k = 1; k < path.size(); ++k)
                at(path[k], true);
            at(path.back(), false);
            at(path.back(), false, false);
            at(path.back(), false, false);
        }
        const bool pointing = options.frames > 0 && (options.mouse || !steps.empty());
        bool filled = options.fill.empty();
        if (!filled && (!pointing || steps.empty())) {
            viewer.fill_form(options.fill);
            filled = true;
        }
        int pointer_frame = 0; // frames since the viewer was first idle
        std::optional<std::chrono::steady_clock::time_point> change_started;
        std::optional<double> change_s; // the last change's, to the end of the frame that showed it
        while (!backend->should_close() && !viewer.quit_requested()) {
            backend->process_events(!(options.frames > 0 || viewer.busy()), 0.5);
            for (const auto& p : backend->take_dropped())
                viewer.open(p);

            const auto start = std::chrono::steady_clock::now();
            if (options.frames > 0 && options.pan_px != 0) viewer.pan(frame % 2 ? -options.pan_px : options.pan_px, 0);
            const auto [fb_w, fb_h] = backend->framebuffer_size();
            const auto [win_w, win_h] = backend->window_size();
            std::optional<Backend::Pointer> pointer;
            if (pointing) {
                if (idle_frames > 2 || pointer_frame > 0) ++pointer_frame;
                if (!filled && static_cast<size_t>(pointer_frame) > steps.size()) {
                    viewer.fill_form(options.fill);
                    filled = true;
                }
                if (pointer_frame > 0 && static_cast<size_t>(pointer_frame - 1) < steps.size()) {
                    pointer = steps[pointer_frame - 1];
                } else if (options.mouse) {
                    pointer = Backend::Pointer{options.mouse->first, options.mouse->second, false};
                }
            }
            backend->begin_frame(pointer);
            // The map scales its lines and text with the desktop's UI scale, like the panels.
            viewer.frame(fb_w, fb_h, win_w > 0 ? static_cast<float>(fb_w) / win_w : 1.0f, content_scale);
            backend->end_frame();
            // Measuring (--print-frame-times), wait for the GPU so the time counts the whole
            // frame, including the rasterisation it queued; otherwise let it overlap the next.
            if (options.print_frame_times) glFinish();
            const auto end = std::chrono::steady_clock::now();
            viewer.record_frame_time(std::chrono::duration<double>(end - start).count());
            // A change made during a frame (after its map was drawn) shows in the next one: its time
            // runs from its start to the end of that frame.
            if (change_started) change_s = std::chrono::duration<double>(end - *change_started).count();
            change_started = viewer.take_change_start();

            ++frame;
            // Background work (an import, a preview) finishes before a counted run ends, and a
            // few frames follow it: ImGui shows a window that appears one frame late.
            idle_frames = viewer.busy() ? 0 : idle_frames + 1;
            const bool clicked = !pointing || pointer_frame > static_cast<int>(steps.size()) + 3;
            const bool last = options.frames > 0 && frame >= options.frames && idle_frames > 2 && clicked;
            if (last && !options.screenshot.empty()) {
                try {
                    geo::write_png(read_framebuffer(fb_w, fb_h), options.screenshot);
                } catch (const std::exception& e) {
                    std::cerr << "oko: " << e.what() << "\n";
                    exit_code = 1;
                }
            }
            backend->swap_buffers();
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
        if (options.export_figure || options.save_image) {
            const auto& result = viewer.export_result();
            if (result && result->first) {
                std::cout << result->second << "\n";
            } else {
                std::cerr << "oko: no figure was written" << (result ? ": " + result->second : std::string()) << "\n";
                exit_code = 1;
            }
        }
        if (options.print_frame_times) {
            const auto& all = viewer.stats().all();
            // The first frames upload geometry and compile shaders: report steady state separately.
            std::vector<double> steady(all.begin() + std::min<size_t>(all.size(), 3), all.end());
            double sum = 0;
            for (double t : steady)
                sum += t;
            nlohmann::json times{{"frames", all.size()},
                                 {"frame_median_s", viewer.stats().median()},
                                 {"frame_mean_steady_s", steady.empty() ? 0.0 : sum / steady.size()}};
            if (change_s) times["change_s"] = *change_s;
            std::cout << times.dump() << "\n";
        }
        if (options.print_counts)
            for (const auto& [name, passing, all] : viewer.layer_counts())
                std::cout << name << " " << passing << " / " << all << "\n";
        if (options.frames == 0) {
            const auto size = backend->window_size();
            settings.window_width = size.width;
            settings.window_height = size.height;
            settings = [&] {
                Settings s = Settings::load();
                s.window_width = settings.window_width;
                s.window_height = settings.window_height;
                return s;
            }();
            settings.save();
        }
    }
    backend->shutdown_imgui();
    ImGui::DestroyContext();
    return exit_code;
}

} // namespace oko::app
