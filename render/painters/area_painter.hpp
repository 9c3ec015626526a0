#pragma once
// Filled areas: each batch (one per feature class) is one vertex buffer and one index buffer of
// the features' triangles, in metres from the batch origin, drawn in one call per frame.

#include "geo/map/basemap.hpp"
#include "geo/scene/basemap_style.hpp"
#include "render/painters/cell_index.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/shader_program.hpp"

#include <vector>

namespace oko::render {

class AreaBatch {
public:
    AreaBatch(const std::vector<const geo::Geometry*>& areas, const CellGrid& grid);
    ~AreaBatch();
    AreaBatch(const AreaBatch&) = delete;
    AreaBatch& operator=(const AreaBatch&) = delete;

    const geo::BBox& bounds() const { return m_index.bounds(); }
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
    ShaderProgram m_program;
    ShaderProgram m_proxy_program;
    std::vector<CellIndex::CellSplit> m_cells;
    std::vector<int> m_firsts, m_counts;
    std::vector<const void*> m_offsets;
    size_t m_drawn = 0;
};

} // namespace oko::render
