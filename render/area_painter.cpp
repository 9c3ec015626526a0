#include "render/area_painter.hpp"

#include <glad/gl.h>

#include "render/shader_sources.hpp"

#include <cmath>
#include <utility>

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
    std::vector<uint32_t> order; // sources in stored order
    m_index.build(grid, features, [&](uint32_t source) {
        order.push_back(source);
        const geo::Geometry& g = *areas[source];
        const auto base = static_cast<uint32_t>(vertices.size() / 2);
        for (const auto& p : g.points) {
            vertices.push_back(static_cast<float>(p.x - m_origin.x));
            vertices.push_back(static_cast<float>(p.y - m_origin.y));
        }
        for (uint32_t t : g.triangles)
            indices.push_back(base + t);
        return static_cast<uint32_t>(indices.size());
    });
    m_proxy_first = static_cast<uint32_t>(indices.size());
    for (uint32_t source : order) {
        const geo::Geometry& g = *areas[source];
        double area = 0, cx = 0, cy = 0;
        for (size_t t = 0; t + 2 < g.triangles.size(); t += 3) {
            const auto& a = g.points[g.triangles[t]];
            const auto& b = g.points[g.triangles[t + 1]];
            const auto& c = g.points[g.triangles[t + 2]];
            const double w = std::abs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2;
            area += w;
            cx += w * (a.x + b.x + c.x) / 3;
            cy += w * (a.y + b.y + c.y) / 3;
        }
        const geo::BBox box = g.bounds();
        if (area <= 0) {
            cx = box.center().x;
            cy = box.center().y;
        } else {
            cx /= area;
            cy /= area;
        }
        // The bounding box's shape, shrunk to the feature's area.
        const double k = box.width() * box.height() > 0 ? std::sqrt(area / (box.width() * box.height())) : 0;
        const double hx = box.width() * k / 2, hy = box.height() * k / 2;
        const auto base = static_cast<uint32_t>(vertices.size() / 2);
        for (auto [x, y] : {std::pair{cx - hx, cy - hy}, {cx + hx, cy - hy}, {cx + hx, cy + hy}, {cx - hx, cy + hy}}) {
            vertices.push_back(static_cast<float>(x - m_origin.x));
            vertices.push_back(static_cast<float>(y - m_origin.y));
        }
        indices.insert(indices.end(), {base, base + 1, base + 2, base, base + 2, base + 3});
    }

    glGenVertexArrays(1, &m_vao);
    glGenBuffers(1, &m_vbo);
    glGenBuffers(1, &m_ibo);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices.size() * sizeof(float)), vertices.data(),
                 GL_STATIC_DRAW);
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

void AreaPainter::draw(const AreaBatch& batch, const Frame& frame, const geo::Colour& fill, double min_feature_px,
                       double proxy_px) {
    if (batch.m_index.element_count() == 0) return;
    const double m_per_px = 1.0 / frame.px_per_metre();
    batch.m_index.visible_features(frame.world_bounds(), min_feature_px * m_per_px, proxy_px * m_per_px, m_cells);
    if (m_cells.empty()) return;
    m_program.use();
    const geo::XY offset = frame.offset_px(batch.m_origin);
    m_program.set("u_offset", static_cast<float>(offset.x), static_cast<float>(offset.y));
    m_program.set("u_px_per_m", static_cast<float>(frame.px_per_metre()));
    m_program.set("u_half_size", frame.width / 2.0f, frame.height / 2.0f);
    m_program.set("u_colour", fill.r * fill.a, fill.g * fill.a, fill.b * fill.a, fill.a);
    m_counts.clear();
    m_offsets.clear();
    auto add = [&](uint32_t first, uint32_t count) {
        if (count == 0) return;
        m_drawn += count / 3;
        const auto* offset = reinterpret_cast<const void*>(static_cast<uintptr_t>(first) * sizeof(uint32_t));
        // Neighbouring cells are often contiguous in the buffer: one range instead of two.
        if (!m_offsets.empty() && static_cast<const char*>(m_offsets.back()) + m_counts.back() * sizeof(uint32_t) ==
                                      static_cast<const char*>(offset)) {
            m_counts.back() += static_cast<int>(count);
            return;
        }
        m_counts.push_back(static_cast<int>(count));
        m_offsets.push_back(offset);
    };
    const auto& index = batch.m_index;
    for (const auto& c : m_cells) {
        const uint32_t detail_end = index.element_begin(c.split);
        add(index.element_begin(c.begin), detail_end - index.element_begin(c.begin));
    }
    for (const auto& c : m_cells)
        add(batch.m_proxy_first + 6 * c.split, 6 * (c.end - c.split));
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
