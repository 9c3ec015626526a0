#include "render/gl/headless_context.hpp"

#include <glad/gl.h>

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <cstring>
#include <stdexcept>

namespace oko::render {

namespace {

EGLDisplay open_display() {
    // Prefer Mesa's surfaceless platform: it needs no X server, no GPU and no /dev/dri access.
    auto get_platform_display =
        reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
    const char* client_ext = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
    if (get_platform_display && client_ext && std::strstr(client_ext, "EGL_MESA_platform_surfaceless")) {
        EGLDisplay d = get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
        if (d != EGL_NO_DISPLAY) return d;
    }
    return eglGetDisplay(EGL_DEFAULT_DISPLAY);
}

GLADapiproc load_proc(const char* name) { return reinterpret_cast<GLADapiproc>(eglGetProcAddress(name)); }

} // namespace

HeadlessContext::HeadlessContext() {
    EGLDisplay display = open_display();
    EGLint major = 0, minor = 0;
    if (display == EGL_NO_DISPLAY || !eglInitialize(display, &major, &minor))
        throw std::runtime_error("cannot initialise EGL for headless rendering (is Mesa's libegl-mesa0 installed?)");
    m_display = display;
    if (!eglBindAPI(EGL_OPENGL_API)) throw std::runtime_error("EGL has no desktop OpenGL API");

    const EGLint config_attribs[] = {EGL_SURFACE_TYPE,
                                     EGL_PBUFFER_BIT,
                                     EGL_RENDERABLE_TYPE,
                                     EGL_OPENGL_BIT,
                                     EGL_RED_SIZE,
                                     8,
                                     EGL_GREEN_SIZE,
                                     8,
                                     EGL_BLUE_SIZE,
                                     8,
                                     EGL_ALPHA_SIZE,
                                     8,
                                     EGL_NONE};
    EGLConfig config = nullptr;
    EGLint count = 0;
    // Surfaceless contexts need no config; ask for one anyway and fall back to none.
    if (!eglChooseConfig(display, config_attribs, &config, 1, &count) || count == 0) config = EGL_NO_CONFIG_KHR;

    const EGLint context_attribs[] = {
        EGL_CONTEXT_MAJOR_VERSION,           3,       EGL_CONTEXT_MINOR_VERSION, 3, EGL_CONTEXT_OPENGL_PROFILE_MASK,
        EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
    EGLContext ctx = eglCreateContext(display, config, EGL_NO_CONTEXT, context_attribs);
    if (ctx == EGL_NO_CONTEXT) throw std::runtime_error("cannot create an OpenGL 3.3 core context through EGL");
    m_context = ctx;
    if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx))
        throw std::runtime_error("cannot make the headless OpenGL context current");
    if (!gladLoadGL(load_proc)) throw std::runtime_error("cannot load OpenGL functions");
}

HeadlessContext::~HeadlessContext() {
    if (m_display) {
        eglMakeCurrent(m_display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        if (m_context) eglDestroyContext(m_display, m_context);
        eglTerminate(m_display);
    }
}

std::string HeadlessContext::renderer() const {
    const auto* s = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    return s ? s : "";
}

} // namespace oko::render
