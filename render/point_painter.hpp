#pragma once
// Point symbols (camera layers): instanced anti-aliased discs with a thin outline, size in
// pixels and a colour per point. Positions are stored in metres from the layer origin.

#include "geo/basemap_style.hpp"
#include "geo/image.hpp"
#include "geo/types.hpp"
#include "render/frame.hpp"
#include "render/shader_program.hpp"

#include <vector>

namespace oko::render {

struct PointSymbol {
    geo::XY position;    // Web Mercator metres
    float radius_px = 4; // view px, scaled by the frame's pixel ratio
    geo::Rgba colour{200, 40, 40, 255};
};

class PointPainter {
public:
    PointPainter();
    ~PointPainter();
    PointPainter(const PointPainter&) = delete;
    PointPainter& operator=(const PointPainter&) = delete;

    void set_points(const std::vector<PointSymbol>& points);
    size_t size() const { return m_count; }
    void draw(const Frame& frame, const geo::Colour& outline = geo::Colour{0.15f, 0.15f, 0.15f, 0.9f},
              double outline_px = 1.0);

private:
    ShaderProgram m_program;
    unsigned m_vao = 0, m_corners = 0, m_instances = 0;
    size_t m_count = 0;
    geo::XY m_origin;
};

} // namespace oko::render
