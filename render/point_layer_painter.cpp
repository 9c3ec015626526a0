#include "render/point_layer_painter.hpp"

#include <glad/gl.h>

#include "render/shader_sources.hpp"

#include <algorithm>
#include <array>
#include <climits>

namespace oko::render {

namespace {
struct Instance {
    float x, y;
    uint16_t vendor;
    int16_t year;
};
static_assert(sizeof(Instance) == 12);

} // namespace

PointLayerPainter::PointLayerPainter(const PointLayerGeometry& g)
    : m_program("point_layer", shaders::point_layer_vert, shaders::point_layer_frag), m_vendors(g.vendors), m_vendor_colours(g.vendor_colours),
      m_search_text(g.search_text) {
    geo::BBox box;
    for (const auto& p : g.positions) box.extend(p);
    m_origin = box.empty() ? geo::XY{} : box.center();
    std::vector<Instance> data(g.positions.size());
    for (size_t i = 0; i < data.size(); ++i)
        data[i] = {static_cast<float>(g.positions[i].x - m_origin.x), static_cast<float>(g.positions[i].y - m_origin.y),
                   i < g.vendor_index.size() ? g.vendor_index[i] : uint16_t{0}, i < g.years.size() ? g.years[i] : int16_t{0}};
    m_count = data.size();

    const float corners[] = {-1, -1, 1, -1, -1, 1, 1, 1};
    glGenVertexArrays(1, &m_vao);
    glGenBuffers(1, &m_corners);
    glGenBuffers(1, &m_instances);
    glGenBuffers(1, &m_text);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_corners);
    glBufferData(GL_ARRAY_BUFFER, sizeof(corners), corners, GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);
    glBindBuffer(GL_ARRAY_BUFFER, m_instances);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(data.size() * sizeof(Instance)), data.data(), GL_STATIC_DRAW);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(Instance), nullptr);
    glEnableVertexAttribArray(2);
    glVertexAttribIPointer(2, 1, GL_UNSIGNED_SHORT, sizeof(Instance), reinterpret_cast<const void*>(8));
    glEnableVertexAttribArray(3);
    glVertexAttribIPointer(3, 1, GL_SHORT, sizeof(Instance), reinterpret_cast<const void*>(10));
    glBindBuffer(GL_ARRAY_BUFFER, m_text);
    const std::vector<uint8_t> all(m_count, 1);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(all.size()), all.data(), GL_DYNAMIC_DRAW);
    glEnableVertexAttribArray(4);
    glVertexAttribIPointer(4, 1, GL_UNSIGNED_BYTE, 1, nullptr);
    for (int a = 1; a <= 4; ++a) glVertexAttribDivisor(a, 1);
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);

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
    glDeleteBuffers(1, &m_corners);
    glDeleteBuffers(1, &m_instances);
    glDeleteBuffers(1, &m_text);
    glDeleteTextures(1, &m_vendor_table);
}

void PointLayerPainter::apply(const geo::PointLayerStyle& style, const geo::Filter& filter) {
    m_style = style;
    m_filter = filter;
    // The vendor table: colour by frequency rank, and whether the vendor passes (same rules as
    // geo::Filter::matches: an unknown vendor passes the vendor criterion, then the unknown toggle).
    std::array<uint8_t, 256 * 4> table{};
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
    }
}

void PointLayerPainter::draw(const Frame& frame) {
    if (m_count == 0 || !m_style.visible) return;
    m_program.use();
    const geo::XY offset = frame.offset_px(m_origin);
    m_program.set("u_offset", static_cast<float>(offset.x), static_cast<float>(offset.y));
    m_program.set("u_px_per_m", static_cast<float>(frame.px_per_metre()));
    m_program.set("u_half_size", frame.width / 2.0f, frame.height / 2.0f);
    m_program.set("u_radius", static_cast<float>(m_style.radius_px * frame.pixel_ratio * frame.device_scale));
    m_program.set("u_outline_px", static_cast<float>(1.2 * frame.pixel_ratio * frame.device_scale));
    m_program.set("u_opacity", m_style.opacity);
    m_program.set_int("u_symbol", static_cast<int>(m_style.symbol));
    const int year_min = m_filter.year_min.value_or(INT16_MIN + 1);
    const int year_max = m_filter.year_max.value_or(INT16_MAX);
    glUniform2i(m_program.uniform("u_years"), year_min, year_max);
    m_program.set_int("u_include_unknown_year", m_filter.include_unknown ? 1 : 0);
    if (m_style.colour_by_vendor) m_program.set("u_single_colour", 0, 0, 0, 0);
    else m_program.set("u_single_colour", m_style.colour.r / 255.0f, m_style.colour.g / 255.0f, m_style.colour.b / 255.0f, 1.0f);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_vendor_table);
    m_program.set_int("u_vendors", 0);
    glBindVertexArray(m_vao);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(m_count));
    glBindVertexArray(0);
    glBindTexture(GL_TEXTURE_2D, 0);
}

} // namespace oko::render
