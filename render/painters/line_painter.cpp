#include "render/painters/line_painter.hpp"

#include <glad/gl.h>

#include "render/gl/shader_sources.hpp"

#include <algorithm>
#include <cmath>

namespace oko::render {

namespace {

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
                                     static_cast<float>(distance), i + 2 == simplified.size() ? 1.0f : 0.0f, 0.0f,
                                     0.0f});
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
    glBindBuffer(GL_TEXTURE_BUFFER, m_vbo);
    glBufferData(GL_TEXTURE_BUFFER, static_cast<GLsizeiptr>(segments.size() * sizeof(float)), segments.data(),
                 GL_STATIC_DRAW);
    glGenTextures(1, &m_texture);
    glBindTexture(GL_TEXTURE_BUFFER, m_texture);
    glTexBuffer(GL_TEXTURE_BUFFER, GL_RGBA32F, m_vbo);
    glBindTexture(GL_TEXTURE_BUFFER, 0);
    glBindBuffer(GL_TEXTURE_BUFFER, 0);
}

LineBatch::~LineBatch() {
    glDeleteTextures(1, &m_texture);
    glDeleteVertexArrays(1, &m_vao);
    glDeleteBuffers(1, &m_vbo);
}

LinePainter::LinePainter() : m_program("line", shaders::line_vert, shaders::line_frag) {}

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

    m_program.set_int("u_segments", 0);
    m_firsts.clear();
    m_counts.clear();
    for (const auto& r : m_ranges) {
        m_firsts.push_back(static_cast<GLint>((level->first + r.first) * 6));
        m_counts.push_back(static_cast<GLsizei>(r.count * 6));
        m_drawn += r.count;
    }
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_BUFFER, batch.m_texture);
    glBindVertexArray(batch.m_vao);
    glMultiDrawArrays(GL_TRIANGLES, m_firsts.data(), m_counts.data(), static_cast<GLsizei>(m_counts.size()));
    glBindVertexArray(0);
    glBindTexture(GL_TEXTURE_BUFFER, 0);
}

} // namespace oko::render
