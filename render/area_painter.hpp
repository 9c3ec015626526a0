#pragma once
// Filled areas: each batch (one per feature class) is one vertex buffer and one index buffer of
// the features' triangles, in metres from the batch origin, drawn in one call per frame.

#include "geo/basemap.hpp"
#include "geo/basemap_style.hpp"
#include "render/cell_index.hpp"
#include "render/coverage_raster.hpp"
#include "render/frame.hpp"
#include "render/shader_program.hpp"

#include <memory>
#include <vector>

namespace oko::render {

class AreaBatch {
public:
    // With `raster_texel_m` > 0 the areas are also rasterised at that size (see CoverageRaster)
    // and drawn so where a texel is at most half a pixel (the raster is built on first use).
    AreaBatch(const std::vector<const geo::Geometry*>& areas, const CellGrid& grid, double raster_texel_m = 0);
    ~AreaBatch();
    AreaBatch(const AreaBatch&) = delete;
    AreaBatch& operator=(const AreaBatch&) = delete;

    const geo::BBox& bounds() const { return m_index.bounds(); }
    // Whether a frame draws these areas from their raster (texels at most half a pixel).
    bool rastered(const Frame& frame) const {
        return m_raster_texel_m > 0 && m_raster_texel_m * frame.px_per_metre() <= 0.5 && m_index.element_count() > 0;
    }
    size_t triangle_count() const { return m_index.element_count() / 3; }

private:
    friend class AreaPainter;
    geo::XY m_origin;
    CellIndex m_index;
    unsigned m_vao = 0, m_vbo = 0, m_ibo = 0;
    // Each feature again as one rectangle of the same area, centroid and principal axes (a
    // buffer texture, in stored order): what a feature a few pixels across looks like, for a
    // fraction of the triangles.
    unsigned m_proxy_vao = 0, m_proxy_buffer = 0, m_proxy_texture = 0;
    double m_raster_texel_m = 0;
    mutable std::unique_ptr<CoverageRaster> m_raster; // built by the first painter that needs it
};

class AreaPainter {
public:
    AreaPainter();

    // Features whose bounding box is under `min_feature_px` device pixels are skipped; those
    // under `proxy_px` are drawn as their equal-area quad.
    void draw(const AreaBatch& batch, const Frame& frame, const geo::Colour& fill, double min_feature_px = 0,
              double proxy_px = 4);

    size_t drawn() const { return m_drawn; } // triangles drawn since the last reset_counts()
    void reset_counts() { m_drawn = 0; }

private:
    // The batch's raster when this frame should use it (texels at most half a pixel).
    CoverageRaster* raster_for(const AreaBatch& batch, const Frame& frame);

    ShaderProgram m_program;
    ShaderProgram m_proxy_program;
    std::vector<CellIndex::CellSplit> m_cells;
    std::vector<int> m_firsts, m_counts;
    std::vector<const void*> m_offsets;
    size_t m_drawn = 0;
};

} // namespace oko::render
