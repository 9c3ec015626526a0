#include "render/painters/coverage_raster.hpp"

#include <glad/gl.h>

#include "render/gl/offscreen_target.hpp"
#include "render/gl/shader_sources.hpp"

#include <algorithm>
#include <cmath>

namespace oko::render {

CoverageRaster::CoverageRaster(const geo::BBox& bounds, const geo::XY& origin, double texel_m, int max_side,
                               const std::function<void(const Frame&)>& draw_features)
    : m_origin(origin), m_program("coverage", shaders::coverage_vert, shaders::coverage_frag) {
    const int limit = std::min(max_side, OffscreenTarget::max_size());
    // A texel of margin on every side: the texture's edge is empty, so clamping adds nothing.
    const double longest = std::max(bounds.width(), bounds.height());
    m_texel_m = std::max(texel_m, longest / std::max(1, limit - 2));
    const int w = std::clamp(static_cast<int>(std::ceil(bounds.width() / m_texel_m)) + 2, 1, limit);
    const int h = std::clamp(static_cast<int>(std::ceil(bounds.height() / m_texel_m)) + 2, 1, limit);
    const geo::XY c = bounds.center();
    m_rect.extend(c.x - w * m_texel_m / 2, c.y - h * m_texel_m / 2);
    m_rect.extend(c.x + w * m_texel_m / 2, c.y + h * m_texel_m / 2);

    glGenTextures(1, &m_texture);
    glBindTexture(GL_TEXTURE_2D, m_texture);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    // One level, chosen per frame (see draw), read bilinearly: half the texel reads of trilinear
    // filtering and no per-pixel level of detail, which on llvmpipe halves the cost.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);

    // Drawn without multisampling (its resolve alone would cost more than the drawing); the
    // features are expected to smooth their own edges.
    GLint previous_fbo = 0, viewport[4];
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous_fbo);
    glGetIntegerv(GL_VIEWPORT, viewport);
    const bool scissor = glIsEnabled(GL_SCISSOR_TEST), blend = glIsEnabled(GL_BLEND);
    unsigned fbo = 0;
    glGenFramebuffers(1, &fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m_texture, 0);
    glViewport(0, 0, w, h);
    glDisable(GL_SCISSOR_TEST);
    glEnable(GL_BLEND); // coverage over coverage, premultiplied: the share of their union
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glClearColor(0, 0, 0, 0);
    glClear(GL_COLOR_BUFFER_BIT);
    Frame frame;
    frame.view.center = {m_origin.x + c.x, m_origin.y + c.y};
    frame.view.resolution = m_texel_m;
    frame.view.width = w;
    frame.view.height = h;
    frame.width = w;
    frame.height = h;
    draw_features(frame);
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous_fbo));
    glDeleteFramebuffers(1, &fbo);
    glBindTexture(GL_TEXTURE_2D, m_texture);
    glGenerateMipmap(GL_TEXTURE_2D);
    m_levels = 1 + static_cast<int>(std::floor(std::log2(std::max(w, h))));
    glBindTexture(GL_TEXTURE_2D, 0);
    glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
    if (scissor) glEnable(GL_SCISSOR_TEST);
    if (!blend) glDisable(GL_BLEND);
    glGenVertexArrays(1, &m_vao);
}

CoverageRaster::~CoverageRaster() {
    glDeleteVertexArrays(1, &m_vao);
    glDeleteTextures(1, &m_texture);
}

void CoverageRaster::draw(const Frame& frame) {
    m_program.use();
    const geo::XY offset = frame.offset_px(m_origin);
    m_program.set("u_rect", static_cast<float>(m_rect.min_x), static_cast<float>(m_rect.min_y),
                  static_cast<float>(m_rect.max_x), static_cast<float>(m_rect.max_y));
    m_program.set("u_offset", static_cast<float>(offset.x), static_cast<float>(offset.y));
    m_program.set("u_px_per_m", static_cast<float>(frame.px_per_metre()));
    m_program.set("u_half_size", frame.width / 2.0f, frame.height / 2.0f);
    m_program.set_int("u_coverage", 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_texture);
    // The finest level whose texels are at least half a pixel: a pixel then spans 1-2 texels a side.
    const double texel_px = m_texel_m * frame.px_per_metre();
    const int level = std::clamp(static_cast<int>(std::ceil(std::log2(0.5 / texel_px))), 0, m_levels - 1);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_BASE_LEVEL, level);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, level);
    glBindVertexArray(m_vao);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glBindVertexArray(0);
    glBindTexture(GL_TEXTURE_2D, 0);
}

} // namespace oko::render
