#pragma once
// Thick anti-aliased lines: every segment is one instance of a quad, extruded in the vertex
// shader; the fragment shader measures the distance to the segment, which gives round caps and
// joins with no gaps. Dashes follow the length along each line.

#include "geo/basemap.hpp"
#include "geo/basemap_style.hpp"
#include "render/cell_index.hpp"
#include "render/frame.hpp"
#include "render/shader_program.hpp"

#include <vector>

namespace oko::render {

class LineBatch {
public:
    // Every part of every geometry is a polyline; with `closed_rings` each part is a ring whose
    // closing segment is added when the last point does not repeat the first.
    LineBatch(const std::vector<const geo::Geometry*>& lines, const CellGrid& grid, bool closed_rings);
    ~LineBatch();
    LineBatch(const LineBatch&) = delete;
    LineBatch& operator=(const LineBatch&) = delete;

    const geo::BBox& bounds() const { return m_index.bounds(); }
    size_t segment_count() const { return m_index.element_count(); }

private:
    friend class LinePainter;
    geo::XY m_origin;
    CellIndex m_index;
    unsigned m_vao = 0, m_vbo = 0;
};

class LinePainter {
public:
    LinePainter();
    ~LinePainter();
    LinePainter(const LinePainter&) = delete;
    LinePainter& operator=(const LinePainter&) = delete;

    // `width_px` is the full width in device px; dashes are in device px.
    void draw(const LineBatch& batch, const Frame& frame, const geo::Colour& colour, double width_px,
              double dash_on_px = 0, double dash_off_px = 0, double min_feature_px = 0);

private:
    ShaderProgram m_program;
    unsigned m_corners = 0;
    std::vector<ElementRange> m_ranges;
};

} // namespace oko::render
