#include "render/gl/headless_context.hpp"

#include <glad/gl.h>

#include <catch2/catch.hpp>

TEST_CASE("A headless OpenGL context renders without a display", "[render][egl]") {
    oko::render::HeadlessContext ctx;
    INFO("renderer: " << ctx.renderer());
    GLint major = 0;
    glGetIntegerv(GL_MAJOR_VERSION, &major);
    CHECK(major >= 3);

    GLuint fbo = 0, rb = 0;
    glGenFramebuffers(1, &fbo);
    glGenRenderbuffers(1, &rb);
    glBindRenderbuffer(GL_RENDERBUFFER, rb);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, 4, 4);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb);
    REQUIRE(glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE);
    glClearColor(1.0f, 0.5f, 0.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    unsigned char px[4] = {};
    glReadPixels(1, 1, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, px);
    CHECK(px[0] == 255);
    CHECK(px[1] == Approx(128).margin(1));
    CHECK(px[2] == 0);
    glDeleteFramebuffers(1, &fbo);
    glDeleteRenderbuffers(1, &rb);
}
