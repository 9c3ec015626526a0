#include "render/line_painter.hpp"

#include <glad/gl.h>

#include "render/shader_sources.hpp"

#include <algorithm>
#include <cmath>

namespace oko::render {

namespace {

constexpr int kSegmentFloats = 5; // x0 y0 x1 y1 distance

void douglas_peucker(const std::vector<geo::XY>& in, size_t a, size_t b, double tolerance2, std::vector<bool>& keep) {
    if (b <= a + 1) return;
    const double dx = in[b].x - in[a].x, dy = in[b].y - in[a].y;
    const double len2 = dx * dx + dy * dy;
    double worst = -1;
    size_t at = a;
    for (size_t i = a + 1; i < b; ++i) {
        double ex = in[i].x - in[a].x, ey = in[i].y - in[a].y;
        double d2;
        if (len2 > 0) {
            const double t = std::clamp((ex * dx + ey * dy) / len2, 0.0, 1.0);
            ex -= t * dx;
            ey -= t * dy;
        }
        d2 = ex * ex + ey * ey;
        if (d2 > worst) {
            worst = d2;
            at = i;
        }
    }
    if (worst <= tolerance2) return;
    keep[at] = true;
    douglas_peucker(in, a, at, tolerance2, keep);
    douglas_peucker(in, at, b, tolerance2, keep);
}

// Points of `in` that keep every dropped point within `tolerance` metres of the result.
void simplify(const std::vector<geo::XY>& in, double tolerance, std::vector<geo::XY>& out) {
    out.clear();
    if (tolerance <= 0 || in.size() <= 2) {
        out = in;
        return;
    }
    std::vector<bool> keep(in.size(), false);
    keep.front() = keep.back() = true;
    douglas_peucker(in, 0, in.size() - 1, tolerance * tolerance, keep);
    for (size_t i = 0; i < in.size(); ++i)
        if (keep[i]) out.push_back(in[i]);
}

} // namespace

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
    std::vector<geo::XY> ring, simplified;
    uint32_t count = 0;
    for (double tolerance : {0.0, 1.0, 3.0, 9.0, 27.0}) {
        Level level;
        level.tolerance = tolerance;
        level.first = count;
        level.index.build(grid, features, [&](uint32_t source) {
            const geo::Geometry& g = *lines[source];
            for (size_t part = 0; part < g.part_count(); ++part) {
                const size_t begin = g.part_begin(part), end = g.part_end(part);
                if (end - begin < 2) continue;
                ring.assign(g.points.begin() + static_cast<std::ptrdiff_t>(begin),
                            g.points.begin() + static_cast<std::ptrdiff_t>(end));
                const auto& first = ring.front();
                const auto& last = ring.back();
                if (closed_rings && (first.x != last.x || first.y != last.y)) ring.push_back(first);
                simplify(ring, tolerance, simplified);
                double distance = 0;
                for (size_t i = 0; i + 1 < simplified.size(); ++i) {
                    const auto& a = simplified[i];
                    const auto& b = simplified[i + 1];
                    segments.insert(segments.end(),
                                    {static_cast<float>(a.x - m_origin.x), static_cast<float>(a.y - m_origin.y),
                                     static_cast<float>(b.x - m_origin.x), static_cast<float>(b.y - m_origin.y),
                                     static_cast<float>(distance)});
                    distance += std::hypot(b.x - a.x, b.y - a.y);
                    ++count;
                }
            }
            return count - level.first;
        });
        const bool same_as_previous =
            !m_levels.empty() && level.index.element_count() == m_levels.back().index.element_count();
        m_levels.push_back(std::move(level));
        // Simplifying further no longer removes anything: keep the levels there are.
        if (same_as_previous) break;
    }

    glGenVertexArrays(1, &m_vao);
    glGenBuffers(1, &m_vbo);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(segments.size() * sizeof(float)), segments.data(),
                 GL_STATIC_DRAW);
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
                       double dash_on_px, double dash_off_px, double min_feature_px, double simplify_px) {
    if (width_px <= 0) return;
    const LineBatch::Level* level = &batch.m_levels.front();
    for (const auto& l : batch.m_levels)
        if (l.tolerance * frame.px_per_metre() <= simplify_px) level = &l;
    if (level->index.element_count() == 0) return;
    level->index.visible(frame.world_bounds(width_px), min_feature_px / frame.px_per_metre(), m_ranges);
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
        const auto base = static_cast<uintptr_t>(level->first + r.first) * stride;
        glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(base));
        glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, stride,
                              reinterpret_cast<const void*>(base + 4 * sizeof(float)));
        glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(r.count));
        m_drawn += r.count;
    }
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
}

} // namespace oko::render
