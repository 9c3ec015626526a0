#pragma once
// Filled polygons each in its own colour, for classed maps: hexagon and square bins (convex
// cells given by their corners) and choropleth districts (areas with their stored triangles,
// holes respected). A batch is uploaded once, one vertex buffer with the colour per vertex, and
// drawn in one call; its rings are kept as a LineBatch, so outlines are drawn by the LinePainter
// as every other line of the map is.

#include "geo/base/image.hpp"
#include "geo/map/basemap.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/shader_program.hpp"
#include "render/painters/line_painter.hpp"

#include <memory>
#include <vector>

namespace oko::render {

class CellBatch {
public:
    // Convex cells, each its corners in order (either way round, Web Mercator, not closed), and
    // one fill each (straight alpha). Throws geo::Error when the counts differ or a cell has fewer
    // than three corners.
    CellBatch(const std::vector<std::vector<geo::XY>>& cells, const std::vector<geo::Rgba>& fills);
    // Areas (geo::Geometry with triangles, as reference layers and the basemap keep them), one
    // fill each. An area without triangles (of no area) gets its outline only.
    CellBatch(const std::vector<geo::Geometry>& areas, const std::vector<geo::Rgba>& fills);
    ~CellBatch();
    CellBatch(const CellBatch&) = delete;
    CellBatch& operator=(const CellBatch&) = delete;

    const geo::BBox& bounds() const { return m_bounds; }
    size_t triangle_count() const { return m_index_count / 3; }
    // Every ring of every polygon, for LinePainter::draw.
    const LineBatch& outlines() const { return *m_outlines; }

private:
    friend class CellPainter;
    void upload(const std::vector<geo::Geometry>& polygons, const std::vector<geo::Rgba>& fills);

    geo::BBox m_bounds;
    geo::XY m_origin;
    size_t m_index_count = 0;
    unsigned m_vao = 0, m_vbo = 0, m_ibo = 0;
    std::unique_ptr<LineBatch> m_outlines;
};

class CellPainter {
public:
    CellPainter();
    // The fills, times `opacity`; blending must be on, premultiplied.
    void draw(const CellBatch& batch, const Frame& frame, float opacity = 1.0f);

private:
    ShaderProgram m_program;
};

} // namespace oko::render
