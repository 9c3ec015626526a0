#include "render/area_painter.hpp"

#include <glad/gl.h>

#include "render/shader_sources.hpp"

namespace oko::render {

AreaBatch::AreaBatch(const std::vector<const geo::Geometry*>& areas, const CellGrid& grid) {
    geo::BBox all;
    std::vector<CellIndex::Feature> features;
    features.reserve(areas.size());
    for (uint32_t i = 0; i < areas.size(); ++i) {
        const geo::BBox b = areas[i]->bounds();
        all.extend(b);
        if (!areas[i]->triangles.empty()) features.push_back({i, b});
    }
    m_origin = all.empty() ? geo::XY{} : all.center();

    std::vector<float> vertices;
    std::vector<uint32_t> indices;
    m_index.build(grid, features, [&](uint32_t source) {
        const geo::Geometry& g = *areas[source];
        const auto base = static_cast<uint32_t>(vertices.size() / 2);
        for (const auto& p : g.points) {
            vertices.push_back(static_cast<float>(p.x - m_origin.x));
            vertices.push_back(static_cast<float>(p.y - m_origin.y));
        }
        for (uint32_t t : g.triangles) indices.push_back(base + t);
        return static_cast<uint32_t>(indices.size());
    });

    glGenVertexArrays(1, &m_vao);
    glGenBuffers(1, &m_vbo);
    glGenBuffers(1, &m_ibo);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices.size() * sizeof(float)), vertices.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, m_ibo);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(indices.size() * sizeof(uint32_t)), indices.data(),
                 GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);
    glBindVertexArray(0);
}

AreaBatch::~AreaBatch() {
    glDeleteVertexArrays(1, &m_vao);
    glDeleteBuffers(1, &m_vbo);
    glDeleteBuffers(1, &m_ibo);
}

AreaPainter::AreaPainter() : m_program("area", shaders::area_vert, shaders::area_frag) {}

void AreaPainter::draw(const AreaBatch& batch, const Frame& frame, const geo::Colour& fill, double min_feature_px) {
    if (batch.m_index.element_count() == 0) return;
    batch.m_index.visible(frame.world_bounds(), min_feature_px / frame.px_per_metre(), m_ranges);
    if (m_ranges.empty()) return;
    m_program.use();
    const geo::XY offset = frame.offset_px(batch.m_origin);
    m_program.set("u_offset", static_cast<float>(offset.x), static_cast<float>(offset.y));
    m_program.set("u_px_per_m", static_cast<float>(frame.px_per_metre()));
    m_program.set("u_half_size", frame.width / 2.0f, frame.height / 2.0f);
    m_program.set("u_colour", fill.r * fill.a, fill.g * fill.a, fill.b * fill.a, fill.a);
    m_counts.clear();
    m_offsets.clear();
    for (const auto& r : m_ranges) {
        m_counts.push_back(static_cast<int>(r.count));
        m_offsets.push_back(reinterpret_cast<const void*>(static_cast<uintptr_t>(r.first) * sizeof(uint32_t)));
    }
    // Opaque fills need no blending; skipping it saves reading the framebuffer (per sample, with MSAA).
    const bool opaque = fill.a >= 1.0f;
    if (opaque) glDisable(GL_BLEND);
    glBindVertexArray(batch.m_vao);
    glMultiDrawElements(GL_TRIANGLES, m_counts.data(), GL_UNSIGNED_INT, m_offsets.data(),
                        static_cast<GLsizei>(m_counts.size()));
    glBindVertexArray(0);
    if (opaque) glEnable(GL_BLEND);
}

} // namespace oko::render
