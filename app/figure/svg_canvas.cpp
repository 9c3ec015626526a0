#include "app/figure/svg_canvas.hpp"

#include "geo/text/xml_text.hpp"
#include "app/figure/cairo_image.hpp"

#include "geo/base/utf8.hpp"

#include <cairo.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace oko::app::figure {

namespace {

constexpr double kPi = 3.14159265358979323846;

std::string hex(const geo::Colour& c) {
    const geo::Rgba r = c.rgba();
    static const char* digits = "0123456789abcdef";
    std::string out = "#";
    for (const uint8_t v : {r.r, r.g, r.b}) {
        out += digits[v >> 4];
        out += digits[v & 15];
    }
    return out;
}

// ` fill="#rrggbb"` and its opacity when under 1 (`what` is "fill" or "stroke").
std::string paint(const char* what, const geo::Colour& c) {
    std::string out = std::string(" ") + what + "=\"" + hex(c) + "\"";
    if (c.a < 1) out += std::string(" ") + what + "-opacity=\"" + svg_number(std::clamp(c.a, 0.0f, 1.0f), 3) + "\"";
    return out;
}

std::string stroke_attributes(const Stroke& s) {
    std::string out = paint("stroke", s.colour) + " stroke-width=\"" + svg_number(s.width) + "\"";
    if (s.dash_on > 0) out += " stroke-dasharray=\"" + svg_number(s.dash_on) + " " + svg_number(s.dash_off) + "\"";
    return out;
}

void path_data(std::string& out, const Parts& parts, bool closed) {
    for (const auto& part : parts) {
        if (part.empty()) continue;
        // Absolute first point, then relative steps: shorter, and exact to the rounding of each.
        out += 'M';
        out += svg_number(part[0].x);
        out += ' ';
        out += svg_number(part[0].y);
        double x = std::round(part[0].x * 100) / 100, y = std::round(part[0].y * 100) / 100;
        for (size_t i = 1; i < part.size(); ++i) {
            const double nx = std::round(part[i].x * 100) / 100, ny = std::round(part[i].y * 100) / 100;
            out += i == 1 ? 'l' : ' ';
            out += svg_number(nx - x);
            out += ' ';
            out += svg_number(ny - y);
            x = nx;
            y = ny;
        }
        if (closed) out += 'z';
    }
}

const char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(const std::string& bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (size_t i = 0; i < bytes.size(); i += 3) {
        const uint32_t a = static_cast<unsigned char>(bytes[i]);
        const uint32_t b = i + 1 < bytes.size() ? static_cast<unsigned char>(bytes[i + 1]) : 0;
        const uint32_t c = i + 2 < bytes.size() ? static_cast<unsigned char>(bytes[i + 2]) : 0;
        const uint32_t v = (a << 16) | (b << 8) | c;
        out += kBase64[(v >> 18) & 63];
        out += kBase64[(v >> 12) & 63];
        out += i + 1 < bytes.size() ? kBase64[(v >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? kBase64[v & 63] : '=';
    }
    return out;
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// Straight-alpha RGBA as a PNG (Cairo's encoder: no dates in it).
std::string png_bytes(const geo::RgbaImage& image) {
    cairo_surface_t* s = cairo_surface_of(image);
    std::string out;
    cairo_surface_write_to_png_stream(s, append, &out);
    cairo_surface_destroy(s);
    return out;
}

} // namespace

std::string svg_number(double v, int decimals) {
    if (!std::isfinite(v)) return "0";
    const double scale = std::pow(10.0, decimals);
    double r = std::round(v * scale) / scale;
    if (r == 0) r = 0; // no "-0"
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, r, std::chars_format::fixed, decimals);
    std::string out(buffer, result.ptr);
    if (out.find('.') != std::string::npos) {
        while (out.back() == '0')
            out.pop_back();
        if (out.back() == '.') out.pop_back();
    }
    return out;
}

SvgCanvas::SvgCanvas(int width_px, int height_px, double dpi, const FigureMetadata& metadata) {
    const double pt = 72.0 / dpi;
    m_out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" "
            "width=\"" +
            svg_number(width_px * pt) + "pt\" height=\"" + svg_number(height_px * pt) + "pt\" viewBox=\"0 0 " +
            std::to_string(width_px) + " " + std::to_string(height_px) +
            "\" xml:space=\"preserve\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\n";
    if (!metadata.title.empty()) m_out += "<title>" + geo::xml_text(metadata.title) + "</title>\n";
    m_out += "<desc>" + geo::xml_text(metadata.subject) +
             (metadata.created.empty() ? "" : " \u00B7 " + metadata.created) + "</desc>\n";
}

void SvgCanvas::begin_group(std::string_view name) {
    m_out += "<g id=\"" + geo::xml_text(name) + "\">\n";
    ++m_depth;
}

void SvgCanvas::end_group() {
    if (m_depth == 0) return;
    m_out += "</g>\n";
    --m_depth;
}

void SvgCanvas::fill(const std::vector<Parts>& shapes, const geo::Colour& colour) {
    if (shapes.empty()) return;
    m_out += "<g" + paint("fill", colour) + " fill-rule=\"evenodd\" stroke=\"none\">\n";
    for (const auto& shape : shapes) {
        m_out += "<path d=\"";
        path_data(m_out, shape, true);
        m_out += "\"/>\n";
    }
    m_out += "</g>\n";
}

void SvgCanvas::stroke(const Parts& lines, bool closed, const Stroke& s) {
    if (lines.empty() || s.width <= 0) return;
    m_out += "<path fill=\"none\"" + stroke_attributes(s) + " d=\"";
    path_data(m_out, lines, closed);
    m_out += "\"/>\n";
}

void SvgCanvas::circle(geo::XY centre, double radius, const geo::Colour& fill, const std::optional<Stroke>& outline) {
    m_out += "<circle cx=\"" + svg_number(centre.x) + "\" cy=\"" + svg_number(centre.y) + "\" r=\"" +
             svg_number(radius) + "\"" + paint("fill", fill) + (outline ? stroke_attributes(*outline) : "") + "/>\n";
}

void SvgCanvas::rect(const geo::BBox& box, const geo::Colour& colour) {
    m_out += "<rect x=\"" + svg_number(box.min_x) + "\" y=\"" + svg_number(box.min_y) + "\" width=\"" +
             svg_number(box.width()) + "\" height=\"" + svg_number(box.height()) + "\"" + paint("fill", colour) +
             "/>\n";
}

void SvgCanvas::text(const render::QueuedText& t) {
    if (t.glyphs.empty()) return;
    std::string xs;
    for (const auto& g : t.glyphs)
        xs += (xs.empty() ? "" : " ") + svg_number(g.x);
    m_out += "<text x=\"" + xs + "\" y=\"0\" transform=\"translate(" + svg_number(t.origin.x) + " " +
             svg_number(t.origin.y) + ")";
    if (t.angle != 0) m_out += " rotate(" + svg_number(t.angle * 180 / kPi, 3) + ")";
    m_out += "\" font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"" + svg_number(t.em_px) + "\"";
    if (t.style.bold) m_out += " font-weight=\"bold\"";
    m_out += paint("fill", t.style.colour);
    if (t.style.halo.a > 0)
        m_out += paint("stroke", t.style.halo) + " stroke-width=\"" + svg_number(2 * t.halo_px) +
                 "\" paint-order=\"stroke\"";
    m_out += ">" + geo::xml_text(t.text) + "</text>\n";
}

void SvgCanvas::image(const geo::RgbaImage& image, const geo::BBox& where, double opacity) {
    if (image.empty()) return;
    m_out += "<image x=\"" + svg_number(where.min_x) + "\" y=\"" + svg_number(where.min_y) + "\" width=\"" +
             svg_number(where.width()) + "\" height=\"" + svg_number(where.height()) +
             "\" preserveAspectRatio=\"none\"";
    if (opacity < 1) m_out += " opacity=\"" + svg_number(opacity, 3) + "\"";
    m_out += " xlink:href=\"data:image/png;base64," + base64(png_bytes(image)) + "\"/>\n";
}

std::string SvgCanvas::finish() {
    while (m_depth > 0)
        end_group();
    m_out += "</svg>\n";
    return std::move(m_out);
}

} // namespace oko::app::figure
