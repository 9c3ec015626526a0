#include "render/gl/offscreen_target.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace oko::render {

int OffscreenTarget::max_size() {
    GLint renderbuffer = 0;
    GLint viewport[2] = {0, 0};
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &renderbuffer);
    glGetIntegerv(GL_MAX_VIEWPORT_DIMS, viewport);
    return std::min({renderbuffer, viewport[0], viewport[1]});
}

OffscreenTarget::OffscreenTarget(int width, int height, int samples) : m_width(width), m_height(height) {
    const int limit = max_size();
    if (width < 1 || height < 1 || width > limit || height > limit)
        throw std::runtime_error("offscreen target " + std::to_string(width) + "x" + std::to_string(height) +
                                 " exceeds the GPU limit of " + std::to_string(limit) + " px");
    GLint max_samples = 0;
    glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
    m_samples = std::clamp(samples, 0, static_cast<int>(max_samples));

    glGenFramebuffers(1, &m_resolve_fbo);
    glGenRenderbuffers(1, &m_resolve_colour);
    glBindRenderbuffer(GL_RENDERBUFFER, m_resolve_colour);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
    glBindFramebuffer(GL_FRAMEBUFFER, m_resolve_fbo);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, m_resolve_colour);
    bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;

    if (complete && m_samples > 1) {
        glGenFramebuffers(1, &m_msaa_fbo);
        glGenRenderbuffers(1, &m_msaa_colour);
        glBindRenderbuffer(GL_RENDERBUFFER, m_msaa_colour);
        glRenderbufferStorageMultisample(GL_RENDERBUFFER, m_samples, GL_RGBA8, width, height);
        glBindFramebuffer(GL_FRAMEBUFFER, m_msaa_fbo);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, m_msaa_colour);
        complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    } else {
        m_samples = 0;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glBindRenderbuffer(GL_RENDERBUFFER, 0);
    if (!complete) {
        release();
        throw std::runtime_error("cannot create an offscreen framebuffer of " + std::to_string(width) + "x" +
                                 std::to_string(height));
    }
}

OffscreenTarget::~OffscreenTarget() { release(); }

void OffscreenTarget::release() {
    if (m_msaa_fbo) glDeleteFramebuffers(1, &m_msaa_fbo);
    if (m_msaa_colour) glDeleteRenderbuffers(1, &m_msaa_colour);
    if (m_resolve_fbo) glDeleteFramebuffers(1, &m_resolve_fbo);
    if (m_resolve_colour) glDeleteRenderbuffers(1, &m_resolve_colour);
    m_msaa_fbo = m_msaa_colour = m_resolve_fbo = m_resolve_colour = 0;
}

void OffscreenTarget::bind() {
    glBindFramebuffer(GL_FRAMEBUFFER, m_msaa_fbo ? m_msaa_fbo : m_resolve_fbo);
    glViewport(0, 0, m_width, m_height);
    m_resolved = false;
}

void OffscreenTarget::leave_multisampling() {
    if (!m_msaa_fbo || m_resolved) return;
    glBindFramebuffer(GL_READ_FRAMEBUFFER, m_msaa_fbo);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m_resolve_fbo);
    glBlitFramebuffer(0, 0, m_width, m_height, 0, 0, m_width, m_height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, m_resolve_fbo);
    m_resolved = true;
}

void OffscreenTarget::read_into(geo::RgbaImage& dest, int x, int y) {
    leave_multisampling();
    glBindFramebuffer(GL_READ_FRAMEBUFFER, m_resolve_fbo);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    const int w = std::min(m_width, dest.width - x);
    const int h = std::min(m_height, dest.height - y);
    if (w > 0 && h > 0) {
        // GL rows go bottom-up: read the wanted rows straight into place, then flip them there.
        glPixelStorei(GL_PACK_ROW_LENGTH, dest.width);
        glReadPixels(0, m_height - h, w, h, GL_RGBA, GL_UNSIGNED_BYTE,
                     dest.pixels.data() + (static_cast<size_t>(y) * dest.width + x) * 4);
        glPixelStorei(GL_PACK_ROW_LENGTH, 0);
        const size_t row_bytes = static_cast<size_t>(w) * 4;
        m_row.resize(row_bytes);
        for (int r = 0; r < h / 2; ++r) {
            uint8_t* a = dest.pixels.data() + (static_cast<size_t>(y + r) * dest.width + x) * 4;
            uint8_t* b = dest.pixels.data() + (static_cast<size_t>(y + h - 1 - r) * dest.width + x) * 4;
            std::memcpy(m_row.data(), a, row_bytes);
            std::memcpy(a, b, row_bytes);
            std::memcpy(b, m_row.data(), row_bytes);
        }
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

geo::RgbaImage OffscreenTarget::read() {
    geo::RgbaImage image;
    image.width = m_width;
    image.height = m_height;
    image.pixels.resize(static_cast<size_t>(m_width) * m_height * 4);
    read_into(image, 0, 0);
    return image;
}

} // namespace oko::render
