#pragma once
// Areas rasterised once, in their own colours, into an RGBA texture (premultiplied) with
// mipmaps. Zoomed out, where a building is a pixel or
// two, one textured rectangle replaces tens of thousands of features: the picture is the
// features' coverage averaged over each pixel (smooth, and calm while the map moves), at the
// cost of a few texture reads per pixel instead of thousands of triangles.

#include "geo/scene/basemap_style.hpp"
#include "geo/base/types.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/shader_program.hpp"

#include <functional>

namespace oko::render {

class CoverageRaster {
public:
    // `bounds` (metres from `origin`) is rasterised at `texel_m` metres per texel, or coarser
    // when the texture would exceed the GPU's limit or `max_side` texels. `draw_features`
    // draws every feature, premultiplied and blended, into the bound framebuffer for a frame.
    // The framebuffer binding, viewport, blending and scissor test are left as they were.
    CoverageRaster(const geo::BBox& bounds, const geo::XY& origin, double texel_m, int max_side,
                   const std::function<void(const Frame&)>& draw_features);
    ~CoverageRaster();
    CoverageRaster(const CoverageRaster&) = delete;
    CoverageRaster& operator=(const CoverageRaster&) = delete;

    double texel_m() const { return m_texel_m; }
    // Draws the picture kept (blending must be on, premultiplied).
    void draw(const Frame& frame);

private:
    geo::BBox m_rect; // metres from the origin
    geo::XY m_origin;
    double m_texel_m = 1;
    int m_levels = 1;
    unsigned m_texture = 0, m_vao = 0;
    ShaderProgram m_program;
};

} // namespace oko::render
