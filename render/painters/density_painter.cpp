#include "render/painters/density_painter.hpp"

#include <glad/gl.h>

#include "geo/base/error.hpp"
#include "render/gl/shader_sources.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>
#include <vector>

namespace oko::render {

namespace {

constexpr int kRampTexels = 256;
constexpr int kRampRows = static_cast<int>(std::size(geo::kAllRamps));

} // namespace

DensityTexture::DensityTexture(const geo::DensityGrid& grid) {
    if (grid.width <= 0 || grid.height <= 0 || !(grid.cell > 0) || grid.region.empty())
        throw geo::Error("the density grid is empty (" + std::to_string(grid.width) + " x " +
                         std::to_string(grid.height) + " cells): nothing to draw");
    if (grid.values.size() != static_cast<size_t>(grid.width) * static_cast<size_t>(grid.height))
        throw geo::Error("the density grid has " + std::to_string(grid.values.size()) + " values for " +
                         std::to_string(grid.width) + " x " + std::to_string(grid.height) + " cells");
    GLint max_side = 0;
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_side);
    if (grid.width > max_side || grid.height > max_side)
        throw geo::Error("the density grid is " + std::to_string(grid.width) + " x " + std::to_string(grid.height) +
                         " cells, more than this OpenGL draws (" + std::to_string(max_side) +
                         " a side): use larger cells or a smaller area");
    m_width = grid.width;
    m_height = grid.height;
    m_cell = grid.cell;
    // The cells' outer edges (the region may be wider by a fraction of a cell).
    m_region.extend(grid.region.min_x, grid.region.max_y - grid.height * grid.cell);
    m_region.extend(grid.region.min_x + grid.width * grid.cell, grid.region.max_y);
    m_origin = m_region.center();

    glGenTextures(1, &m_texture);
    glBindTexture(GL_TEXTURE_2D, m_texture);
    GLint alignment = 4;
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &alignment);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    // No data (NaN, infinity) and negative values are no density: left in, the mipmaps would
    // spread them over their neighbours zoomed out.
    const float* values = grid.values.data();
    std::vector<float> clean;
    if (std::any_of(grid.values.begin(), grid.values.end(), [](float v) { return !(v >= 0) || std::isinf(v); })) {
        clean = grid.values;
        for (float& v : clean)
            if (!(v >= 0) || std::isinf(v)) v = 0;
        values = clean.data();
    }
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, m_width, m_height, 0, GL_RED, GL_FLOAT, values);
    glPixelStorei(GL_UNPACK_ALIGNMENT, alignment);
    // Mipmaps average the density: zoomed out, a pixel shows the mean over the ground it covers
    // (one level chosen per frame and read bilinearly, as the fill raster does).
    glGenerateMipmap(GL_TEXTURE_2D);
    m_levels = 1 + static_cast<int>(std::floor(std::log2(std::max(m_width, m_height))));
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindTexture(GL_TEXTURE_2D, 0);
}

DensityTexture::~DensityTexture() { glDeleteTextures(1, &m_texture); }

DensityPainter::DensityPainter() : m_program("density", shaders::density_vert, shaders::density_frag) {
    std::vector<uint8_t> table;
    table.reserve(static_cast<size_t>(kRampTexels) * kRampRows * 4);
    for (geo::ColourRamp ramp : geo::kAllRamps)
        for (int i = 0; i < kRampTexels; ++i) {
            const geo::Rgba c = geo::ramp_colour(ramp, i / double(kRampTexels - 1));
            table.insert(table.end(), {c.r, c.g, c.b, c.a});
        }
    glGenTextures(1, &m_ramps);
    glBindTexture(GL_TEXTURE_2D, m_ramps);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kRampTexels, kRampRows, 0, GL_RGBA, GL_UNSIGNED_BYTE, table.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindTexture(GL_TEXTURE_2D, 0);
    glGenVertexArrays(1, &m_vao);
}

DensityPainter::~DensityPainter() {
    glDeleteTextures(1, &m_ramps);
    glDeleteVertexArrays(1, &m_vao);
}

void DensityPainter::draw(const DensityTexture& density, const Frame& frame, const DensityLook& look) {
    if (!frame.world_bounds().intersects(density.m_region) || !(look.scale_max > 0) || !(look.opacity > 0)) return;
    m_program.use();
    const geo::XY offset = frame.offset_px(density.m_origin);
    const geo::BBox& r = density.m_region;
    const geo::XY o = density.m_origin;
    m_program.set("u_rect", static_cast<float>(r.min_x - o.x), static_cast<float>(r.min_y - o.y),
                  static_cast<float>(r.max_x - o.x), static_cast<float>(r.max_y - o.y));
    m_program.set("u_offset", static_cast<float>(offset.x), static_cast<float>(offset.y));
    m_program.set("u_px_per_m", static_cast<float>(frame.px_per_metre()));
    m_program.set("u_half_size", frame.width / 2.0f, frame.height / 2.0f);
    m_program.set("u_ramp_row", (static_cast<float>(look.ramp) + 0.5f) / kRampRows);
    m_program.set("u_scale_max", static_cast<float>(look.scale_max));
    // A fade of zero would divide by zero: the smallest float step keeps "full at once".
    m_program.set("u_full_alpha_at", static_cast<float>(std::max(look.fade_below * look.scale_max, 1e-30)));
    m_program.set("u_opacity", std::clamp(look.opacity, 0.0f, 1.0f));
    m_program.set_int("u_density", 0);
    m_program.set_int("u_ramps", 1);
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, m_ramps);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, density.m_texture);
    // The finest level whose texels are at least half a pixel: a pixel then spans 1-2 texels a side.
    const double texel_px = density.m_cell * frame.px_per_metre();
    const int level = std::clamp(static_cast<int>(std::ceil(std::log2(0.5 / texel_px))), 0, density.m_levels - 1);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_BASE_LEVEL, level);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, level);
    glBindVertexArray(m_vao);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glBindVertexArray(0);
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, 0);
}

} // namespace oko::render
