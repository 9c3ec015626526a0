#pragma once
// Thick anti-aliased lines: every segment is a quad, extruded in the vertex shader; the fragment
// shader measures the distance to the segment, which gives round caps and joins with no gaps. Dashes follow the length
// along each line.

#include "geo/map/basemap.hpp"
#include "geo/scene/basemap_style.hpp"
#include "render/painters/cell_index.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/shader_program.hpp"

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

    const geo::BBox& bounds() const { return m_levels.front().index.bounds(); }
    size_t segment_count() const { return m_levels.front().index.element_count(); } // full detail

private:
    friend class LinePainter;
    // The same lines simplified (Douglas-Peucker) for coarser views: a frame draws the coarsest
    // level whose tolerance stays under a third of a pixel (or what the draw allows).
    struct Level {
        double tolerance = 0; // metres
        uint32_t first = 0;   // first segment of the level in the buffer
        CellIndex index;
    };
    geo::XY m_origin;
    std::vector<Level> m_levels;
    unsigned m_vao = 0, m_vbo = 0, m_texture = 0; // the segments, read as a buffer texture
};

class LinePainter {
public:
    LinePainter();

    // `width_px` is the full width in device px; dashes are in device px.
    void draw(const LineBatch& batch, const Frame& frame, const geo::Colour& colour, double width_px,
              double dash_on_px = 0, double dash_off_px = 0, double min_feature_px = 0,
              double simplify_px = kDefaultSimplifyPx);

    // Lines are simplified up to this many device px unless a draw says otherwise.
    static constexpr double kDefaultSimplifyPx = 0.35;

    size_t drawn() const { return m_drawn; } // segments drawn since the last reset_counts()
    void reset_counts() { m_drawn = 0; }

private:
    ShaderProgram m_program;
    std::vector<ElementRange> m_ranges;
    std::vector<int> m_firsts, m_counts; // vertices of the visible ranges, for one multi-draw
    size_t m_drawn = 0;
};

} // namespace oko::render
