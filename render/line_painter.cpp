#include "render/line_painter.hpp"

#include <glad/gl.h>

#include "render/shader_sources.hpp"

#include <cmath>

namespace oko::render {

namespace {
constexpr int kSegmentFloats = 5;  // x0 y0 x1 y1 distance
}

LineBatch::LineBatch(const std::vector<const geo::Geometry*>& lines, const CellGrid& grid, bool closed_rings) {
    geo::BBox all;
    std::vector<CellIndex::Feature> features;
    features.reserve(lines.size());
    for (uint32_t i = 0; i < lines.size(); ++i) {
        const geo::BBox b = lines[i]->bounds();
        all.extend(b);
        if (lines[i]->points.size() >= 2) features.push_back({i, b});
    }
    m_origin = all.empty() ? geo::XY{} : all.center();

    std::vector<float> segments;
    uint32_t count = 0;
    m_index.build(grid, std::move(features), [&](uint32_t source) {
        const geo::Geometry& g = *lines[source];
        for (size_t part = 0; part < g.part_count(); ++part) {
            const size_t begin = g.part_begin(part), end = g.part_end(part);
            if (end - begin < 2) continue;
            double distance = 0;
            auto add = [&](const geo::XY& a, const geo::XY& b) {
                segments.insert(segments.end(), {static_cast<float>(a.x - m_origin.x), static_cast<float>(a.y - m_origin.y),
                                                 static_cast<float>(b.x - m_origin.x), static_cast<float>(b.y - m_origin.y),
                                                 static_cast<float>(distance)});
                distance += std::hypot(b.x - a.x, b.y - a.y);
                ++count;
            };
            for (size_t i = begin; i + 1 < end; ++i) add(g.points[i], g.points[i + 1]);
            const auto& first = g.points[begin];
            const auto& last = g.points[end - 1];
            if (closed_rings && (first.x != last.x || first.y != last.y)) add(last, first);
        }
        return count;
    });

    glGenVertexArrays(1, &m_vao);
    glGenBuffers(1, &m_vbo);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(segments.size() * sizeof(float)), segments.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
}

LineBatch::~LineBatch() {
    glDeleteVertexArrays(1, &m_vao);
    glDeleteBuffers(1, &m_vbo);
}

LinePainter::LinePainter() : m_program("line", shaders::line_vert, shaders::line_frag) {
    const float corners[] = {0, -1, 1, -1, 0, 1, 1, 1};
    glGenBuffers(1, &m_corners);
    glBindBuffer(GL_ARRAY_BUFFER, m_corners);
    glBufferData(GL_ARRAY_BUFFER, sizeof(corners), corners, GL_STATIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
}

LinePainter::~LinePainter() { glDeleteBuffers(1, &m_corners); }

void LinePainter::draw(const LineBatch& batch, const Frame& frame, const geo::Colour& colour, double width_px,
                       double dash_on_px, double dash_off_px, double min_feature_px) {
    if (batch.m_index.element_count() == 0 || width_px <= 0) return;
    batch.m_index.visible(frame.world_bounds(width_px), min_feature_px / frame.px_per_metre(), m_ranges);
    if (m_ranges.empty()) return;
    m_program.use();
    const geo::XY offset = frame.offset_px(batch.m_origin);
    m_program.set("u_offset", static_cast<float>(offset.x), static_cast<float>(offset.y));
    m_program.set("u_px_per_m", static_cast<float>(frame.px_per_metre()));
    m_program.set("u_half_size", frame.width / 2.0f, frame.height / 2.0f);
    m_program.set("u_half_width", static_cast<float>(width_px / 2));
    m_program.set("u_colour", colour.r * colour.a, colour.g * colour.a, colour.b * colour.a, colour.a);
    m_program.set("u_dash", static_cast<float>(dash_on_px), static_cast<float>(dash_off_px));

    glBindVertexArray(batch.m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_corners);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);
    glBindBuffer(GL_ARRAY_BUFFER, batch.m_vbo);
    glEnableVertexAttribArray(1);
    glEnableVertexAttribArray(2);
    glVertexAttribDivisor(1, 1);
    glVertexAttribDivisor(2, 1);
    constexpr GLsizei stride = kSegmentFloats * sizeof(float);
    // GL 3.3 has no base instance: each visible range points the instance attributes at its start.
    for (const auto& r : m_ranges) {
        const auto base = static_cast<uintptr_t>(r.first) * stride;
        glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(base));
        glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(base + 4 * sizeof(float)));
        glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(r.count));
    }
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
}

} // namespace oko::render
