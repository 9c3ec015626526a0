#include "render/painters/cell_painter.hpp"

#include <glad/gl.h>

#include "geo/base/error.hpp"
#include "render/gl/shader_sources.hpp"

#include <algorithm>
#include <cstddef>
#include <string>

namespace oko::render {

namespace {

struct CellVertex {
    float x, y;
    uint8_t colour[4];
};

void check_counts(size_t polygons, size_t fills, const char* what) {
    if (polygons != fills)
        throw geo::Error(std::string("the map was given ") + std::to_string(polygons) + " " + what + " but " +
                         std::to_string(fills) + " fill colours: one colour each is needed");
}

} // namespace

CellBatch::CellBatch(const std::vector<std::vector<geo::XY>>& cells, const std::vector<geo::Rgba>& fills) {
    check_counts(cells.size(), fills.size(), "cells");
    // A convex cell is its own triangle fan: corners 0, i, i+1.
    std::vector<geo::Geometry> polygons(cells.size());
    for (size_t c = 0; c < cells.size(); ++c) {
        if (cells[c].size() < 3)
            throw geo::Error("cell " + std::to_string(c + 1) + " has " + std::to_string(cells[c].size()) +
                             " corners; a cell needs at least three");
        geo::Geometry& g = polygons[c];
        g.kind = geo::GeomKind::Area;
        g.points = cells[c];
        g.parts = {0};
        for (uint32_t i = 1; i + 1 < g.points.size(); ++i)
            g.triangles.insert(g.triangles.end(), {0, i, i + 1});
    }
    upload(polygons, fills);
}

CellBatch::CellBatch(const std::vector<geo::Geometry>& areas, const std::vector<geo::Rgba>& fills) {
    check_counts(areas.size(), fills.size(), "areas");
    upload(areas, fills);
}

void CellBatch::upload(const std::vector<geo::Geometry>& polygons, const std::vector<geo::Rgba>& fills) {
    std::vector<const geo::Geometry*> rings;
    rings.reserve(polygons.size());
    for (const auto& g : polygons) {
        m_bounds.extend(g.bounds());
        rings.push_back(&g);
    }
    m_origin = m_bounds.empty() ? geo::XY{} : m_bounds.center();
    std::vector<CellVertex> vertices;
    std::vector<uint32_t> indices;
    for (size_t p = 0; p < polygons.size(); ++p) {
        const geo::Geometry& g = polygons[p];
        const geo::Rgba c = fills[p];
        const auto base = static_cast<uint32_t>(vertices.size());
        for (const auto& v : g.points)
            vertices.push_back(
                {static_cast<float>(v.x - m_origin.x), static_cast<float>(v.y - m_origin.y), {c.r, c.g, c.b, c.a}});
        for (uint32_t t : g.triangles) {
            if (t >= g.points.size())
                throw geo::Error("area " + std::to_string(p + 1) + " has a triangle corner " + std::to_string(t) +
                                 " past its " + std::to_string(g.points.size()) + " points");
            indices.push_back(base + t);
        }
    }
    m_index_count = indices.size();
    glGenVertexArrays(1, &m_vao);
    glGenBuffers(1, &m_vbo);
    glGenBuffers(1, &m_ibo);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices.size() * sizeof(CellVertex)), vertices.data(),
                 GL_STATIC_DRAW);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, m_ibo);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(indices.size() * sizeof(uint32_t)), indices.data(),
                 GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(CellVertex), nullptr);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(CellVertex),
                          reinterpret_cast<const void*>(offsetof(CellVertex, colour)));
    glBindVertexArray(0);
    const CellGrid grid = CellGrid::over(m_bounds.empty() ? geo::BBox{0, 0, 1, 1} : m_bounds, 64);
    m_outlines = std::make_unique<LineBatch>(rings, grid, true);
}

CellBatch::~CellBatch() {
    glDeleteVertexArrays(1, &m_vao);
    glDeleteBuffers(1, &m_vbo);
    glDeleteBuffers(1, &m_ibo);
}

CellPainter::CellPainter() : m_program("cell", shaders::cell_vert, shaders::cell_frag) {}

void CellPainter::draw(const CellBatch& batch, const Frame& frame, float opacity) {
    if (batch.m_index_count == 0 || !(opacity > 0) || !frame.world_bounds().intersects(batch.m_bounds)) return;
    const geo::XY offset = frame.offset_px(batch.m_origin);
    m_program.use();
    m_program.set("u_offset", static_cast<float>(offset.x), static_cast<float>(offset.y));
    m_program.set("u_px_per_m", static_cast<float>(frame.px_per_metre()));
    m_program.set("u_half_size", frame.width / 2.0f, frame.height / 2.0f);
    m_program.set("u_opacity", std::min(opacity, 1.0f));
    glBindVertexArray(batch.m_vao);
    glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(batch.m_index_count), GL_UNSIGNED_INT, nullptr);
    glBindVertexArray(0);
}

} // namespace oko::render
