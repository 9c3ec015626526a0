#include "render/point_layer_painter.hpp"

#include <glad/gl.h>

#include "render/shader_sources.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>

namespace oko::render {

PointLayerPainter::PointLayerPainter(const PointLayerGeometry& g)
    : m_program("point_layer", shaders::point_layer_vert, shaders::point_layer_frag),
      m_composite_program("point_composite", shaders::point_composite_vert, shaders::point_composite_frag),
      m_vendors(g.vendors), m_vendor_colours(g.vendor_colours), m_search_text(g.search_text) {
    geo::BBox box;
    for (const auto& p : g.positions)
        box.extend(p);
    m_origin = box.empty() ? geo::XY{} : box.center();
    std::vector<PointVertex>& data = m_vertices;
    data.resize(g.positions.size());
    for (size_t i = 0; i < data.size(); ++i)
        data[i] = {static_cast<float>(g.positions[i].x - m_origin.x), static_cast<float>(g.positions[i].y - m_origin.y),
                   i < g.vendor_index.size() ? g.vendor_index[i] : uint16_t{0},
                   i < g.years.size() ? g.years[i] : int16_t{0}};
    m_count = data.size();

    glGenVertexArrays(1, &m_vao);
    glGenBuffers(1, &m_points);
    glGenBuffers(1, &m_text);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_points);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(data.size() * sizeof(PointVertex)), data.data(),
                 GL_STATIC_DRAW);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(PointVertex), nullptr);
    glEnableVertexAttribArray(2);
    glVertexAttribIPointer(2, 1, GL_UNSIGNED_SHORT, sizeof(PointVertex), reinterpret_cast<const void*>(8));
    glEnableVertexAttribArray(3);
    glVertexAttribIPointer(3, 1, GL_SHORT, sizeof(PointVertex), reinterpret_cast<const void*>(10));
    glBindBuffer(GL_ARRAY_BUFFER, m_text);
    const std::vector<uint8_t> all(m_count, 1);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(all.size()), all.data(), GL_DYNAMIC_DRAW);
    glEnableVertexAttribArray(4);
    glVertexAttribIPointer(4, 1, GL_UNSIGNED_BYTE, 1, nullptr);
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);

    const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    const std::string name = renderer ? renderer : "";
    m_software = name.find("llvmpipe") != std::string::npos || name.find("softpipe") != std::string::npos ||
                 name.find("SwiftShader") != std::string::npos;
    glGenVertexArrays(1, &m_empty_vao);

    glGenTextures(1, &m_vendor_table);
    glBindTexture(GL_TEXTURE_2D, m_vendor_table);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 256, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glBindTexture(GL_TEXTURE_2D, 0);
    apply(m_style, m_filter);
}

PointLayerPainter::~PointLayerPainter() {
    glDeleteVertexArrays(1, &m_vao);
    glDeleteBuffers(1, &m_points);
    glDeleteBuffers(1, &m_text);
    glDeleteTextures(1, &m_vendor_table);
    glDeleteVertexArrays(1, &m_empty_vao);
    if (m_picture) glDeleteTextures(1, &m_picture);
}

void PointLayerPainter::apply(const geo::PointLayerStyle& style, const geo::Filter& filter) {
    m_style = style;
    m_filter = filter;
    // The vendor table: colour by frequency rank, and whether the vendor passes (same rules as
    // geo::Filter::matches: an unknown vendor passes the vendor criterion, then the unknown toggle).
    auto& table = m_table;
    table.fill(0);
    for (size_t i = 0; i < m_vendors.size() && i < 256; ++i) {
        const geo::Rgba c = i < m_vendor_colours.size() ? m_vendor_colours[i] : geo::vendor_colour(0, true);
        const bool pass = filter.vendor_passes(m_vendors[i]);
        table[i * 4 + 0] = c.r;
        table[i * 4 + 1] = c.g;
        table[i * 4 + 2] = c.b;
        table[i * 4 + 3] = pass ? 255 : 0;
    }
    glBindTexture(GL_TEXTURE_2D, m_vendor_table);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, 256, 1, GL_RGBA, GL_UNSIGNED_BYTE, table.data());
    glBindTexture(GL_TEXTURE_2D, 0);

    if (filter.text != m_applied_text) {
        std::vector<uint8_t> mask(m_count, 1);
        if (!filter.text.empty()) {
            const auto words = filter.text_words();
            for (size_t i = 0; i < m_count && i < m_search_text.size(); ++i)
                mask[i] = geo::Filter::contains_all_words(m_search_text[i], words);
        }
        glBindBuffer(GL_ARRAY_BUFFER, m_text);
        glBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(mask.size()), mask.data());
        glBindBuffer(GL_ARRAY_BUFFER, 0);
        m_applied_text = filter.text;
        if (filter.text.empty())
            m_text_mask.clear();
        else
            m_text_mask = std::move(mask);
    }
}

void PointLayerPainter::set_text_mask(const std::string& text, const std::vector<uint8_t>& mask) {
    if (text == m_applied_text) return;
    glBindBuffer(GL_ARRAY_BUFFER, m_text);
    if (mask.size() == m_count) {
        glBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(m_count), mask.data());
        m_text_mask = mask;
    } else {
        const std::vector<uint8_t> all(m_count, 1);
        glBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(m_count), all.data());
        m_text_mask.clear();
    }
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    m_applied_text = text;
}

void PointLayerPainter::draw(const Frame& frame) {
    if (m_count == 0 || !m_style.visible) return;
    const geo::XY offset = frame.offset_px(m_origin);
    // A sprite is at most this wide on llvmpipe (and on most GPUs): symbols stay under it.
    const double radius = std::min(m_style.radius_px * frame.pixel_ratio * frame.device_scale, 120.0);
    if (composited()) {
        draw_composited(frame, static_cast<float>(radius));
        return;
    }
    m_program.use();
    m_program.set("u_radius", static_cast<float>(radius));
    m_program.set("u_offset", static_cast<float>(offset.x), static_cast<float>(offset.y));
    m_program.set("u_px_per_m", static_cast<float>(frame.px_per_metre()));
    m_program.set("u_outline_px", static_cast<float>(1.2 * frame.pixel_ratio * frame.device_scale));
    m_program.set("u_opacity", m_style.opacity);
    m_program.set_int("u_symbol", static_cast<int>(m_style.symbol));
    const int year_min = m_filter.year_min.value_or(INT16_MIN + 1);
    const int year_max = m_filter.year_max.value_or(INT16_MAX);
    glUniform2i(m_program.uniform("u_years"), year_min, year_max);
    m_program.set_int("u_include_unknown_year", m_filter.include_unknown ? 1 : 0);
    if (m_style.colour_by_vendor)
        m_program.set("u_single_colour", 0, 0, 0, 0);
    else
        m_program.set("u_single_colour", m_style.colour.r / 255.0f, m_style.colour.g / 255.0f,
                      m_style.colour.b / 255.0f, 1.0f);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_vendor_table);
    m_program.set_int("u_vendors", 0);
    // A point is dropped whole when its centre leaves the viewport: the viewport overhangs the
    // target by a symbol's size, so that symbols at the edges are cut, not dropped.
    GLint viewport[4] = {};
    glGetIntegerv(GL_VIEWPORT, viewport);
    const int margin = static_cast<int>(std::ceil(radius + 1.5)) + 1;
    glViewport(viewport[0] - margin, viewport[1] - margin, viewport[2] + 2 * margin, viewport[3] + 2 * margin);
    m_program.set("u_half_size", viewport[2] / 2.0f + static_cast<float>(margin),
                  viewport[3] / 2.0f + static_cast<float>(margin));
    glEnable(GL_PROGRAM_POINT_SIZE);
    glBindVertexArray(m_vao);
    glDrawArrays(GL_POINTS, 0, static_cast<GLsizei>(m_count));
    glBindVertexArray(0);
    glDisable(GL_PROGRAM_POINT_SIZE);
    glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
    glBindTexture(GL_TEXTURE_2D, 0);
}

bool PointLayerPainter::composited() const {
    if (m_path != Path::Auto) return m_path == Path::Composited;
    return m_software && m_count > kCompositeFrom;
}

void PointLayerPainter::draw_composited(const Frame& frame, float radius) {
    // The filter as the vertex shader applies it, and the same float arithmetic for positions.
    const geo::XY offset = frame.offset_px(m_origin);
    const float ox = static_cast<float>(offset.x) + frame.width / 2.0f;
    const float oy = static_cast<float>(offset.y) + frame.height / 2.0f;
    const float scale = static_cast<float>(frame.px_per_metre());
    const int year_min = m_filter.year_min.value_or(INT16_MIN + 1);
    const int year_max = m_filter.year_max.value_or(INT16_MAX);
    const bool unknown_ok = m_filter.include_unknown;
    const bool single = !m_style.colour_by_vendor;
    const float reach = radius + 1.5f;
    const bool all_text = m_text_mask.size() != m_count;
    m_splats.clear();
    for (size_t i = 0; i < m_count; ++i) {
        const PointVertex& v = m_vertices[i];
        const uint8_t* entry = &m_table[std::min<size_t>(v.vendor, 255) * 4];
        if (entry[3] < 128) continue;
        if (v.year == 0 ? !unknown_ok : (v.year < year_min || v.year > year_max)) continue;
        if (!all_text && !m_text_mask[i]) continue;
        const float x = v.x * scale + ox, y = v.y * scale + oy;
        if (x < -reach || y < -reach || x > frame.width + reach || y > frame.height + reach) continue;
        Splat s{x, y, entry[0], entry[1], entry[2], 255};
        if (single) {
            s.r = m_style.colour.r;
            s.g = m_style.colour.g;
            s.b = m_style.colour.b;
        }
        m_splats.push_back(s);
    }
    SplatStyle style;
    style.radius_px = radius;
    style.outline_px = static_cast<float>(1.2 * frame.pixel_ratio * frame.device_scale);
    style.opacity = m_style.opacity;
    style.symbol = static_cast<int>(m_style.symbol);
    const auto& picture = m_compositor.composite(frame.width, frame.height, m_splats, style);

    if (!m_picture) {
        glGenTextures(1, &m_picture);
        glBindTexture(GL_TEXTURE_2D, m_picture);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    }
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_picture);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    if (m_picture_width != frame.width || m_picture_height != frame.height) {
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, frame.width, frame.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                     picture.data());
        m_picture_width = frame.width;
        m_picture_height = frame.height;
    } else {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, frame.width, frame.height, GL_RGBA, GL_UNSIGNED_BYTE, picture.data());
    }
    m_composite_program.use();
    m_composite_program.set_int("u_picture", 0);
    glBindVertexArray(m_empty_vao);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
    glBindTexture(GL_TEXTURE_2D, 0);
}

} // namespace oko::render
