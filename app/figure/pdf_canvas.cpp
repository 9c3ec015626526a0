#include "app/figure/pdf_canvas.hpp"
#include "app/figure/cairo_image.hpp"

#include "geo/base/utf8.hpp"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace oko::app::figure {

namespace {

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

void source(cairo_t* cr, const geo::Colour& c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

void add_parts(cairo_t* cr, const Parts& parts, bool closed) {
    for (const auto& part : parts) {
        if (part.empty()) continue;
        cairo_move_to(cr, part[0].x, part[0].y);
        for (size_t i = 1; i < part.size(); ++i)
            cairo_line_to(cr, part[i].x, part[i].y);
        if (closed) cairo_close_path(cr);
    }
}

void set_stroke(cairo_t* cr, const Stroke& s) {
    source(cr, s.colour);
    cairo_set_line_width(cr, s.width);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    if (s.dash_on > 0) {
        const double dashes[2] = {s.dash_on, s.dash_off};
        cairo_set_dash(cr, dashes, 2, 0);
    } else {
        cairo_set_dash(cr, nullptr, 0, 0);
    }
}

} // namespace

struct PdfCanvas::Impl {
    std::string bytes;
    FT_Library library = nullptr;
    FT_Face faces[2] = {nullptr, nullptr}; // regular, bold
    cairo_font_face_t* fonts[2] = {nullptr, nullptr};
    cairo_surface_t* surface = nullptr;
    cairo_t* cr = nullptr;

    ~Impl() {
        if (cr) cairo_destroy(cr);
        if (surface) cairo_surface_destroy(surface);
        for (auto* f : fonts)
            if (f) cairo_font_face_destroy(f);
        for (auto* f : faces)
            if (f) FT_Done_Face(f);
        if (library) FT_Done_FreeType(library);
    }
};

PdfCanvas::PdfCanvas(int width_px, int height_px, double dpi, const FigureMetadata& metadata)
    : m(std::make_unique<Impl>()) {
    if (FT_Init_FreeType(&m->library)) throw std::runtime_error("cannot initialise FreeType");
    for (int bold = 0; bold < 2; ++bold) {
        const auto data = render::font_data(bold != 0);
        if (FT_New_Memory_Face(m->library, data.data(), static_cast<FT_Long>(data.size()), 0, &m->faces[bold]))
            throw std::runtime_error("cannot open the compiled-in font");
        m->fonts[bold] = cairo_ft_font_face_create_for_ft_face(m->faces[bold], 0);
    }
    const double pt = 72.0 / dpi;
    m->surface = cairo_pdf_surface_create_for_stream(append, &m->bytes, width_px * pt, height_px * pt);
    if (cairo_surface_status(m->surface) != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string("cannot start the PDF: ") +
                                 cairo_status_to_string(cairo_surface_status(m->surface)));
    cairo_pdf_surface_set_metadata(m->surface, CAIRO_PDF_METADATA_CREATOR, "Oko");
    if (!metadata.title.empty())
        cairo_pdf_surface_set_metadata(m->surface, CAIRO_PDF_METADATA_TITLE, metadata.title.c_str());
    if (!metadata.subject.empty())
        cairo_pdf_surface_set_metadata(m->surface, CAIRO_PDF_METADATA_SUBJECT, metadata.subject.c_str());
    cairo_pdf_surface_set_metadata(m->surface, CAIRO_PDF_METADATA_CREATE_DATE, metadata.created.c_str());
    cairo_pdf_surface_set_metadata(m->surface, CAIRO_PDF_METADATA_MOD_DATE, metadata.created.c_str());
    m->cr = cairo_create(m->surface);
    cairo_scale(m->cr, pt, pt);
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_set_font_options(m->cr, options);
    cairo_font_options_destroy(options);
}

PdfCanvas::~PdfCanvas() = default;

void PdfCanvas::fill(const std::vector<Parts>& shapes, const geo::Colour& colour) {
    cairo_t* cr = m->cr;
    source(cr, colour);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (const auto& shape : shapes) {
        add_parts(cr, shape, true);
        cairo_fill(cr);
    }
}

void PdfCanvas::stroke(const Parts& lines, bool closed, const Stroke& s) {
    if (lines.empty() || s.width <= 0) return;
    cairo_t* cr = m->cr;
    set_stroke(cr, s);
    add_parts(cr, lines, closed);
    cairo_stroke(cr);
}

void PdfCanvas::circle(geo::XY centre, double radius, const geo::Colour& fill, const std::optional<Stroke>& outline) {
    cairo_t* cr = m->cr;
    cairo_new_sub_path(cr);
    cairo_arc(cr, centre.x, centre.y, radius, 0, 2 * 3.14159265358979323846);
    source(cr, fill);
    if (!outline) {
        cairo_fill(cr);
        return;
    }
    cairo_fill_preserve(cr);
    set_stroke(cr, *outline);
    cairo_stroke(cr);
}

void PdfCanvas::rect(const geo::BBox& box, const geo::Colour& colour) {
    cairo_t* cr = m->cr;
    cairo_rectangle(cr, box.min_x, box.min_y, box.width(), box.height());
    source(cr, colour);
    cairo_fill(cr);
}

void PdfCanvas::text(const render::QueuedText& t) {
    if (t.glyphs.empty()) return;
    cairo_t* cr = m->cr;
    cairo_save(cr);
    cairo_translate(cr, t.origin.x, t.origin.y);
    cairo_rotate(cr, t.angle);
    cairo_set_font_face(cr, m->fonts[t.style.bold ? 1 : 0]);
    cairo_set_font_size(cr, t.em_px);
    std::vector<cairo_glyph_t> glyphs;
    std::vector<cairo_text_cluster_t> clusters;
    for (const auto& g : t.glyphs) {
        glyphs.push_back({g.index, g.x, 0});
        clusters.push_back({static_cast<int>(g.size), 1});
    }
    if (t.style.halo.a > 0) {
        cairo_glyph_path(cr, glyphs.data(), static_cast<int>(glyphs.size()));
        set_stroke(cr, {t.style.halo, 2 * t.halo_px});
        cairo_stroke(cr);
    }
    source(cr, t.style.colour);
    if (!geo::utf8::is_valid(t.text))
        cairo_show_glyphs(cr, glyphs.data(), static_cast<int>(glyphs.size())); // no text to map them to
    else
        cairo_show_text_glyphs(cr, t.text.data(), static_cast<int>(t.text.size()), glyphs.data(),
                               static_cast<int>(glyphs.size()), clusters.data(), static_cast<int>(clusters.size()),
                               cairo_text_cluster_flags_t(0));
    cairo_restore(cr);
}

void PdfCanvas::image(const geo::RgbaImage& image, const geo::BBox& where, double opacity) {
    if (image.empty()) return;
    cairo_surface_t* pixels = cairo_surface_of(image);
    cairo_t* cr = m->cr;
    cairo_save(cr);
    cairo_translate(cr, where.min_x, where.min_y);
    cairo_scale(cr, where.width() / image.width, where.height() / image.height);
    cairo_set_source_surface(cr, pixels, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_BILINEAR);
    cairo_rectangle(cr, 0, 0, image.width, image.height);
    cairo_clip(cr);
    cairo_paint_with_alpha(cr, opacity);
    cairo_restore(cr);
    cairo_surface_destroy(pixels);
}

std::string PdfCanvas::finish() {
    cairo_show_page(m->cr);
    cairo_destroy(m->cr);
    m->cr = nullptr;
    cairo_surface_finish(m->surface);
    const cairo_status_t status = cairo_surface_status(m->surface);
    cairo_surface_destroy(m->surface);
    m->surface = nullptr;
    if (status != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string("cannot write the PDF: ") + cairo_status_to_string(status));
    return std::move(m->bytes);
}

} // namespace oko::app::figure
