#include "render/painters/point_layer_painter.hpp"

#include <glad/gl.h>

#include "render/gl/shader_sources.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace oko::render {

PointLayerPainter::PointLayerPainter(const PointLayerGeometry& g)
    : m_program("point_layer", shaders::point_layer_vert, shaders::point_layer_frag),
      m_composite_program("point_composite", shaders::point_composite_vert, shaders::point_composite_frag),
      m_vendors(g.vendors), m_vendor_colours(g.vendor_colours), m_texts(g.search_text, g.positions.size()) {
    geo::BBox box;
    for (const auto& p : g.positions)
        box.extend(p);
    m_origin = box.empty() ? geo::XY{} : box.center();
    // One colour per vendor (grey for vendors without one), and the entry for out-of-range indices.
    if (m_vendors.size() > 65535) m_vendors.resize(65535);
    const auto out_of_range = static_cast<uint16_t>(m_vendors.size());
    m_vendor_colours.resize(m_vendors.size(), geo::vendor_colour(0, true));
    m_vendor_colours.push_back(geo::vendor_colour(0, true));
    m_table_rows = static_cast<int>((m_vendor_colours.size() + kTableWidth - 1) / kTableWidth);
    // The compositor's palette: each distinct colour once, in vendor order.
    auto& slot_of_vendor = m_slot_of_vendor;
    slot_of_vendor.assign(m_vendor_colours.size(), 0);
    size_t slots = 0;
    for (size_t v = 0; v < m_vendor_colours.size(); ++v) {
        const geo::Rgba c = m_vendor_colours[v];
        size_t s = 0;
        while (s < slots && !(m_palette[s * 4] == c.r && m_palette[s * 4 + 1] == c.g && m_palette[s * 4 + 2] == c.b))
            ++s;
        if (s == slots && slots < 256) {
            m_palette[s * 4 + 0] = c.r;
            m_palette[s * 4 + 1] = c.g;
            m_palette[s * 4 + 2] = c.b;
            m_palette[s * 4 + 3] = 255;
            ++slots;
        }
        slot_of_vendor[v] = static_cast<uint8_t>(std::min<size_t>(s, 255));
    }

    std::vector<PointVertex> data(g.positions.size());
    m_count = data.size();
    m_xy.resize(m_count * 2);
    m_vendor_of.resize(m_count);
    m_year_of.resize(m_count);
    m_status_of.assign(m_count, 0);
    m_colour_of.resize(m_count);
    for (size_t i = 0; i < m_count; ++i) {
        const uint16_t vendor = i < g.vendor_index.size() ? std::min(g.vendor_index[i], out_of_range) : out_of_range;
        data[i] = {static_cast<float>(g.positions[i].x - m_origin.x), static_cast<float>(g.positions[i].y - m_origin.y),
                   vendor, i < g.years.size() ? g.years[i] : int16_t{0}};
        m_xy[2 * i] = data[i].x;
        m_xy[2 * i + 1] = data[i].y;
        m_vendor_of[i] = vendor;
        m_year_of[i] = data[i].year;
        if (i < g.statuses.size()) m_status_of[i] = g.statuses[i];
        m_colour_of[i] = slot_of_vendor[vendor];
    }

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
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kTableWidth, m_table_rows, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glBindTexture(GL_TEXTURE_2D, 0);
    m_filter = geo::compile(geo::Filter{}, m_vendors, m_texts);
    upload_filter();
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
    // The filter is applied every frame: compiled again (and uploaded) only when it changed.
    m_style = style;
    if (!(filter == m_filter.source)) {
        m_filter = geo::compile(filter, m_vendors, m_texts, &m_filter);
        m_upload_pending = true;
    }
    if (m_upload_pending) upload_filter();
}

void PointLayerPainter::set_compiled(const geo::CompiledFilter& filter) {
    if (filter.vendor_pass.size() != m_vendors.size() || (filter.text && filter.text->mask.size() != m_count)) return;
    m_filter = filter;
    m_upload_pending = true; // at the next apply() or draw(), as a filter compiled here would be
}

void PointLayerPainter::upload_filter() {
    m_upload_pending = false;
    m_pass_stale = true;
    // The vendor table: each vendor's colour, and whether it passes (alpha).
    std::vector<uint8_t> table(static_cast<size_t>(kTableWidth * m_table_rows) * 4, 0);
    for (size_t v = 0; v < m_vendor_colours.size(); ++v) {
        const geo::Rgba c = m_vendor_colours[v];
        table[v * 4 + 0] = c.r;
        table[v * 4 + 1] = c.g;
        table[v * 4 + 2] = c.b;
        table[v * 4 + 3] = m_filter.vendor_passes(v) ? 255 : 0;
    }
    glBindTexture(GL_TEXTURE_2D, m_vendor_table);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, kTableWidth, m_table_rows, GL_RGBA, GL_UNSIGNED_BYTE, table.data());
    glBindTexture(GL_TEXTURE_2D, 0);

    if (m_filter_uploaded && m_filter.text == m_uploaded_text && m_filter.statuses == m_uploaded_statuses) return;
    // One byte a point for the shader: the text criterion and the status criterion both pass.
    glBindBuffer(GL_ARRAY_BUFFER, m_text);
    std::vector<uint8_t> mask(m_count);
    for (size_t i = 0; i < m_count; ++i)
        mask[i] = m_filter.text_passes(i) && m_filter.status_passes(m_status_of[i]) ? 1 : 0;
    glBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(m_count), mask.data());
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    m_uploaded_text = m_filter.text;
    m_uploaded_statuses = m_filter.statuses;
    m_filter_uploaded = true;
}

void PointLayerPainter::update(const PointLayerPatch& patch) {
    const auto out_of_range = static_cast<uint16_t>(m_vendors.size());
    // The vertices that changed, as runs of consecutive points written with one call each.
    std::vector<uint32_t> moved;
    bool placement = false; // a position or colour the compositor binned changed
    std::vector<uint32_t> texts;
    std::vector<std::string> text_values;
    for (size_t k = 0; k < patch.points.size(); ++k) {
        const uint32_t i = patch.points[k];
        if (i >= m_count) continue;
        const uint16_t vendor = std::min(patch.vendor_index[k], out_of_range);
        const float x = static_cast<float>(patch.positions[k].x - m_origin.x),
                    y = static_cast<float>(patch.positions[k].y - m_origin.y);
        if (x != m_xy[2 * i] || y != m_xy[2 * i + 1] || vendor != m_vendor_of[i] || patch.years[k] != m_year_of[i]) {
            placement |= x != m_xy[2 * i] || y != m_xy[2 * i + 1] || m_slot_of_vendor[vendor] != m_colour_of[i];
            m_xy[2 * i] = x;
            m_xy[2 * i + 1] = y;
            m_vendor_of[i] = vendor;
            m_year_of[i] = patch.years[k];
            m_colour_of[i] = m_slot_of_vendor[vendor];
            moved.push_back(i);
        }
        m_status_of[i] = patch.statuses[k];
        if (m_texts[i] != patch.search_text[k]) {
            texts.push_back(i);
            text_values.push_back(patch.search_text[k]);
        }
    }
    if (!moved.empty()) {
        glBindBuffer(GL_ARRAY_BUFFER, m_points);
        std::vector<PointVertex> run;
        for (size_t a = 0; a < moved.size();) {
            size_t b = a + 1;
            while (b < moved.size() && moved[b] == moved[b - 1] + 1)
                ++b;
            run.clear();
            for (size_t k = a; k < b; ++k) {
                const uint32_t i = moved[k];
                run.push_back({m_xy[2 * i], m_xy[2 * i + 1], m_vendor_of[i], m_year_of[i]});
            }
            glBufferSubData(GL_ARRAY_BUFFER, static_cast<GLintptr>(moved[a] * sizeof(PointVertex)),
                            static_cast<GLsizeiptr>(run.size() * sizeof(PointVertex)), run.data());
            a = b;
        }
        glBindBuffer(GL_ARRAY_BUFFER, 0);
    }
    if (!texts.empty()) {
        m_texts = m_texts.with(texts, text_values);
        m_filter = m_filter.rematched(m_texts, texts);
    }
    if (placement) m_compositor.forget_placement();
    // The text and status byte of every point again at the next draw (a byte a point), and the
    // CPU path's pass bits.
    m_filter_uploaded = false;
    m_upload_pending = true;
}

void PointLayerPainter::draw(const Frame& frame) {
    if (m_count == 0 || !m_style.visible) return;
    if (m_upload_pending) upload_filter();
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
    // The compiled year rule, applied by the shader (geo::CompiledFilter::year_passes is its twin).
    glUniform2i(m_program.uniform("u_years"), m_filter.year_lo, m_filter.year_hi);
    m_program.set_int("u_include_unknown_year", m_filter.unknown_year_ok ? 1 : 0);
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

void PointLayerPainter::update_pass() {
    // The filter as the vertex shader applies it, one bit a point.
    if (!m_pass_stale) return;
    m_pass_stale = false;
    m_filter.pass_bits(m_vendor_of.data(), m_year_of.data(), m_status_of.data(), m_count, m_pass);
}

void PointLayerPainter::draw_composited(const Frame& frame, float radius) {
    update_pass();
    // The same float arithmetic for positions as the vertex shader.
    const geo::XY offset = frame.offset_px(m_origin);
    std::array<uint8_t, 256 * 4> single_colour;
    for (size_t i = 0; i < 256; ++i) {
        single_colour[i * 4 + 0] = m_style.colour.r;
        single_colour[i * 4 + 1] = m_style.colour.g;
        single_colour[i * 4 + 2] = m_style.colour.b;
        single_colour[i * 4 + 3] = 255;
    }
    CompositeInput points;
    points.xy = m_xy.data();
    points.count = m_count;
    points.scale = static_cast<float>(frame.px_per_metre());
    points.offset_x = static_cast<float>(offset.x) + frame.width / 2.0f;
    points.offset_y = static_cast<float>(offset.y) + frame.height / 2.0f;
    points.pass = m_pass.data();
    points.colour = m_colour_of.data();
    points.palette = m_style.colour_by_vendor ? m_palette.data() : single_colour.data();
    SplatStyle style;
    style.radius_px = radius;
    style.outline_px = static_cast<float>(1.2 * frame.pixel_ratio * frame.device_scale);
    style.opacity = m_style.opacity;
    style.symbol = static_cast<int>(m_style.symbol);
    const auto& picture = m_compositor.composite(frame.width, frame.height, points, style);

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
