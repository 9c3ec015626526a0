#pragma once
// A framebuffer object of any size the GPU allows, multisampled (4x or what the GPU offers)
// with a resolve into a plain one, read back top-down into an RgbaImage.

#include "geo/base/image.hpp"

#include <cstdint>
#include <vector>

namespace oko::render {

class OffscreenTarget {
public:
    // Throws std::runtime_error when the size exceeds the GPU's limits; see max_size().
    OffscreenTarget(int width, int height, int samples = 4);
    ~OffscreenTarget();
    OffscreenTarget(const OffscreenTarget&) = delete;
    OffscreenTarget& operator=(const OffscreenTarget&) = delete;

    void bind(); // draw into it (and set the viewport)
    // Resolves what is drawn so far and draws the rest without multisampling: for content that
    // anti-aliases itself (lines, text), MSAA on a software rasteriser only costs time.
    void leave_multisampling();
    geo::RgbaImage read(); // resolve and read back; rebinds the default framebuffer
    // Resolves and copies into `dest` at (x, y) (top-left origin), for tiled pictures.
    void read_into(geo::RgbaImage& dest, int x, int y);

    int width() const { return m_width; }
    int height() const { return m_height; }
    int samples() const { return m_samples; }

    // The biggest side a target may have: GL_MAX_RENDERBUFFER_SIZE, GL_MAX_VIEWPORT_DIMS.
    static int max_size();

private:
    void release();

    int m_width, m_height, m_samples;
    unsigned m_msaa_fbo = 0, m_msaa_colour = 0;
    unsigned m_resolve_fbo = 0, m_resolve_colour = 0;
    std::vector<uint8_t> m_row;
    bool m_resolved = false;
};

} // namespace oko::render
