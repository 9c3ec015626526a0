#include "render/painters/area_painter.hpp"

#include <glad/gl.h>

#include "render/gl/shader_sources.hpp"

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
    // Per feature in stored order: centroid, first principal axis, half sides (two RGBA texels).
    std::vector<float> proxies;
    proxies.reserve(order.size() * 8);
    for (uint32_t source : order) {
        const geo::Geometry& g = *areas[source];
        const geo::XY o = g.bounds().center(); // moments about a nearby point keep their precision
        double area = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (size_t t = 0; t + 2 < g.triangles.size(); t += 3) {
            const double x1 = g.points[g.triangles[t]].x - o.x, y1 = g.points[g.triangles[t]].y - o.y;
            const double x2 = g.points[g.triangles[t + 1]].x - o.x, y2 = g.points[g.triangles[t + 1]].y - o.y;
            const double x3 = g.points[g.triangles[t + 2]].x - o.x, y3 = g.points[g.triangles[t + 2]].y - o.y;
            const double w = std::abs((x2 - x1) * (y3 - y1) - (x3 - x1) * (y2 - y1)) / 2;
            area += w;
            sx += w * (x1 + x2 + x3) / 3;
            sy += w * (y1 + y2 + y3) / 3;
            sxx += w / 6 * (x1 * x1 + x2 * x2 + x3 * x3 + x1 * x2 + x1 * x3 + x2 * x3);
            syy += w / 6 * (y1 * y1 + y2 * y2 + y3 * y3 + y1 * y2 + y1 * y3 + y2 * y3);
            sxy += w / 12 *
                   (2 * (x1 * y1 + x2 * y2 + x3 * y3) + x1 * y2 + x2 * y1 + x1 * y3 + x3 * y1 + x2 * y3 + x3 * y2);
        }
        double cx = 0, cy = 0, ux = 1, uy = 0, hu = 0, hv = 0;
        if (area > 0) {
            cx = sx / area;
            cy = sy / area;
            const double ixx = sxx / area - cx * cx, iyy = syy / area - cy * cy, ixy = sxy / area - cx * cy;
            const double angle = 0.5 * std::atan2(2 * ixy, ixx - iyy);
            ux = std::cos(angle);
            uy = std::sin(angle);
            const double iuu = ixx * ux * ux + 2 * ixy * ux * uy + iyy * uy * uy;
            const double ivv = ixx * uy * uy - 2 * ixy * ux * uy + iyy * ux * ux;
            // A rectangle of sides a and b has variances a^2/12 and b^2/12 along them: the
            // rectangle of the feature's spread, then scaled to its area.
            const double a = std::sqrt(12 * std::max(iuu, 0.0)), b = std::sqrt(12 * std::max(ivv, 0.0));
            const double k = a * b > 0 ? std::sqrt(area / (a * b)) : 0;
            hu = a * k / 2;
            hv = b * k / 2;
        }
        proxies.insert(proxies.end(),
                       {static_cast<float>(cx + o.x - m_origin.x), static_cast<float>(cy + o.y - m_origin.y),
                        static_cast<float>(ux), static_cast<float>(uy), static_cast<float>(hu), static_cast<float>(hv),
                        0.0f, 0.0f});
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

    glGenVertexArrays(1, &m_proxy_vao);
    glGenBuffers(1, &m_proxy_buffer);
    glBindBuffer(GL_TEXTURE_BUFFER, m_proxy_buffer);
    glBufferData(GL_TEXTURE_BUFFER, static_cast<GLsizeiptr>(proxies.size() * sizeof(float)), proxies.data(),
                 GL_STATIC_DRAW);
    glGenTextures(1, &m_proxy_texture);
    glBindTexture(GL_TEXTURE_BUFFER, m_proxy_texture);
    glTexBuffer(GL_TEXTURE_BUFFER, GL_RGBA32F, m_proxy_buffer);
    glBindTexture(GL_TEXTURE_BUFFER, 0);
    glBindBuffer(GL_TEXTURE_BUFFER, 0);
}

AreaBatch::~AreaBatch() {
    glDeleteTextures(1, &m_proxy_texture);
    glDeleteBuffers(1, &m_proxy_buffer);
    glDeleteVertexArrays(1, &m_proxy_vao);
    glDeleteVertexArrays(1, &m_vao);
    glDeleteBuffers(1, &m_vbo);
    glDeleteBuffers(1, &m_ibo);
}

AreaPainter::AreaPainter()
    : m_program("area", shaders::area_vert, shaders::area_frag),
      m_proxy_program("area proxy", shaders::area_proxy_vert, shaders::area_proxy_frag) {}

void AreaPainter::draw(const AreaBatch& batch, const Frame& frame, const geo::Colour& fill, double min_feature_px,
                       double proxy_px) {
    if (batch.m_index.element_count() == 0) return;
    const double m_per_px = 1.0 / frame.px_per_metre();
    batch.m_index.visible_features(frame.world_bounds(), min_feature_px * m_per_px, proxy_px * m_per_px, m_cells);
    if (m_cells.empty()) return;
    const geo::XY offset = frame.offset_px(batch.m_origin);
    const auto& index = batch.m_index;
    const bool opaque = fill.a >= 1.0f;

    m_counts.clear();
    m_offsets.clear();
    for (const auto& c : m_cells) {
        const uint32_t begin = index.element_begin(c.begin), end = index.element_begin(c.split);
        if (end == begin) continue;
        m_drawn += (end - begin) / 3;
        const auto* at = reinterpret_cast<const void*>(static_cast<uintptr_t>(begin) * sizeof(uint32_t));
        // Neighbouring cells are often contiguous in the buffer: one range instead of two.
        // Compared as byte offsets: they are offsets into the bound buffer, not pointers to memory.
        if (!m_offsets.empty() && reinterpret_cast<uintptr_t>(m_offsets.back()) + m_counts.back() * sizeof(uint32_t) ==
                                      reinterpret_cast<uintptr_t>(at)) {
            m_counts.back() += static_cast<int>(end - begin);
            continue;
        }
        m_counts.push_back(static_cast<int>(end - begin));
        m_offsets.push_back(at);
    }
    if (!m_counts.empty()) {
        m_program.use();
        m_program.set("u_offset", static_cast<float>(offset.x), static_cast<float>(offset.y));
        m_program.set("u_px_per_m", static_cast<float>(frame.px_per_metre()));
        m_program.set("u_half_size", frame.width / 2.0f, frame.height / 2.0f);
        m_program.set("u_colour", fill.r * fill.a, fill.g * fill.a, fill.b * fill.a, fill.a);
        // Opaque fills need no blending; skipping it saves reading the framebuffer (per sample, with MSAA).
        if (opaque) glDisable(GL_BLEND);
        glBindVertexArray(batch.m_vao);
        glMultiDrawElements(GL_TRIANGLES, m_counts.data(), GL_UNSIGNED_INT, m_offsets.data(),
                            static_cast<GLsizei>(m_counts.size()));
        glBindVertexArray(0);
        if (opaque) glEnable(GL_BLEND);
    }

    m_firsts.clear();
    m_counts.clear();
    for (const auto& c : m_cells) {
        if (c.end == c.split) continue;
        m_drawn += 2 * (c.end - c.split);
        const auto first = static_cast<int>(6 * c.split), count = static_cast<int>(6 * (c.end - c.split));
        if (!m_firsts.empty() && m_firsts.back() + m_counts.back() == first)
            m_counts.back() += count;
        else {
            m_firsts.push_back(first);
            m_counts.push_back(count);
        }
    }
    if (m_counts.empty()) return;
    GLint samples = 0;
    glGetIntegerv(GL_SAMPLES, &samples);
    const bool smooth = samples <= 1; // multisampling smooths the edges itself
    m_proxy_program.use();
    m_proxy_program.set("u_offset", static_cast<float>(offset.x), static_cast<float>(offset.y));
    m_proxy_program.set("u_px_per_m", static_cast<float>(frame.px_per_metre()));
    m_proxy_program.set("u_half_size", frame.width / 2.0f, frame.height / 2.0f);
    m_proxy_program.set("u_colour", fill.r * fill.a, fill.g * fill.a, fill.b * fill.a, fill.a);
    m_proxy_program.set("u_grow", smooth ? 0.5f : 0.0f);
    m_proxy_program.set_int("u_proxies", 0);
    if (opaque && !smooth) glDisable(GL_BLEND);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_BUFFER, batch.m_proxy_texture);
    glBindVertexArray(batch.m_proxy_vao);
    glMultiDrawArrays(GL_TRIANGLES, m_firsts.data(), m_counts.data(), static_cast<GLsizei>(m_counts.size()));
    glBindVertexArray(0);
    glBindTexture(GL_TEXTURE_BUFFER, 0);
    if (opaque && !smooth) glEnable(GL_BLEND);
}

} // namespace oko::render
