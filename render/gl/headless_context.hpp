#pragma once
// An OpenGL context with no window and no display: EGL on Mesa's surfaceless platform.
// Rendering goes into an OffscreenTarget; the context only has to be current.

#include <string>

namespace oko::render {

class HeadlessContext {
public:
    HeadlessContext(); // creates, makes current and loads the GL functions; throws on failure
    ~HeadlessContext();
    HeadlessContext(const HeadlessContext&) = delete;
    HeadlessContext& operator=(const HeadlessContext&) = delete;

    std::string renderer() const; // GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"

private:
    void* m_display = nullptr;
    void* m_context = nullptr;
};

} // namespace oko::render
