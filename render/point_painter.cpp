#include "render/point_painter.hpp"

#include <glad/gl.h>

#include "render/shader_sources.hpp"

#include <cstring>

namespace oko::render {

namespace {
struct Instance {
    float x, y, radius;
    geo::Rgba colour;
};
static_assert(sizeof(Instance) == 16);
} // namespace

PointPainter::PointPainter() : m_program("point", shaders::point_vert, shaders::point_frag) {
    const float corners[] = {-1, -1, 1, -1, -1, 1, 1, 1};
    glGenVertexArrays(1, &m_vao);
    glGenBuffers(1, &m_corners);
    glGenBuffers(1, &m_instances);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_corners);
    glBufferData(GL_ARRAY_BUFFER, sizeof(corners), corners, GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);
    glBindBuffer(GL_ARRAY_BUFFER, m_instances);
    glEnableVertexAttribArray(1);
    glEnableVertexAttribArray(2);
    glEnableVertexAttribArray(3);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(Instance), nullptr);
    glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, sizeof(Instance), reinterpret_cast<const void*>(2 * sizeof(float)));
    glVertexAttribPointer(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(Instance),
                          reinterpret_cast<const void*>(3 * sizeof(float)));
    glVertexAttribDivisor(1, 1);
    glVertexAttribDivisor(2, 1);
    glVertexAttribDivisor(3, 1);
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
}

PointPainter::~PointPainter() {
    glDeleteVertexArrays(1, &m_vao);
    glDeleteBuffers(1, &m_corners);
    glDeleteBuffers(1, &m_instances);
}

void PointPainter::set_points(const std::vector<PointSymbol>& points) {
    geo::BBox box;
    for (const auto& p : points)
        box.extend(p.position);
    m_origin = box.empty() ? geo::XY{} : box.center();
    std::vector<Instance> data;
    data.reserve(points.size());
    for (const auto& p : points)
        data.push_back({static_cast<float>(p.position.x - m_origin.x), static_cast<float>(p.position.y - m_origin.y),
                        p.radius_px, p.colour});
    glBindBuffer(GL_ARRAY_BUFFER, m_instances);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(data.size() * sizeof(Instance)), data.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    m_count = data.size();
}

void PointPainter::draw(const Frame& frame, const geo::Colour& outline, double outline_px) {
    if (m_count == 0) return;
    m_program.use();
    const geo::XY offset = frame.offset_px(m_origin);
    m_program.set("u_offset", static_cast<float>(offset.x), static_cast<float>(offset.y));
    m_program.set("u_px_per_m", static_cast<float>(frame.px_per_metre()));
    m_program.set("u_half_size", frame.width / 2.0f, frame.height / 2.0f);
    m_program.set("u_outline", outline.r * outline.a, outline.g * outline.a, outline.b * outline.a, outline.a);
    m_program.set("u_radius_scale", static_cast<float>(frame.pixel_ratio));
    m_program.set("u_outline_px", static_cast<float>(outline_px * frame.pixel_ratio));
    glBindVertexArray(m_vao);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(m_count));
    glBindVertexArray(0);
}

} // namespace oko::render
