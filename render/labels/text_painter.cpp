#include "render/labels/text_painter.hpp"

#include <glad/gl.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include "geo/base/utf8.hpp"
#include "render/gl/shader_sources.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

extern "C" {
extern const unsigned char oko_font_regular[];
extern const unsigned char oko_font_regular_end[];
extern const unsigned char oko_font_bold[];
extern const unsigned char oko_font_bold_end[];
}

namespace oko::render {

namespace {

constexpr int kAtlasSize = 2048;

// Sizes are rasterised in quarter pixels: close enough for text, few enough for the atlas.
int quantise(double size_px) { return std::max(4, static_cast<int>(std::lround(size_px * 4))); }

// The halo grows with the text so that big labels keep the same look.
double halo_radius(int quarter_px) { return 1.2 + quarter_px / 4.0 / 12.0; }

void to_bytes(const geo::Colour& c, uint8_t out[4]) {
    const geo::Rgba r = c.rgba();
    out[0] = r.r;
    out[1] = r.g;
    out[2] = r.b;
    out[3] = r.a;
}

} // namespace

std::span<const unsigned char> font_data(bool bold) {
    return bold ? std::span<const unsigned char>(oko_font_bold, oko_font_bold_end)
                : std::span<const unsigned char>(oko_font_regular, oko_font_regular_end);
}

struct TextPainter::Face {
    FT_Face face = nullptr;
    int quarter_px = 0;
    bool kerning = false;
    ~Face() {
        if (face) FT_Done_Face(face);
    }
};

TextPainter::TextPainter() : m_program("text", shaders::text_vert, shaders::text_frag) {
    FT_Library lib = nullptr;
    if (FT_Init_FreeType(&lib)) throw std::runtime_error("cannot initialise FreeType");
    m_library = lib;
    auto open = [&](const unsigned char* begin, const unsigned char* end) {
        auto f = std::make_unique<Face>();
        if (FT_New_Memory_Face(lib, begin, static_cast<FT_Long>(end - begin), 0, &f->face))
            throw std::runtime_error("cannot open the compiled-in font");
        f->kerning = FT_HAS_KERNING(f->face);
        return f;
    };
    m_regular = open(oko_font_regular, oko_font_regular_end);
    m_bold = open(oko_font_bold, oko_font_bold_end);

    glGenTextures(1, &m_texture);
    glBindTexture(GL_TEXTURE_2D, m_texture);
    std::vector<uint8_t> blank(static_cast<size_t>(kAtlasSize) * kAtlasSize * 2, 0);
    // A solid 4x4 block in the corner: boxes are drawn as glyphs that sample it.
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x) {
            blank[(static_cast<size_t>(y) * kAtlasSize + x) * 2] = 255;
            blank[(static_cast<size_t>(y) * kAtlasSize + x) * 2 + 1] = 255;
        }
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RG8, kAtlasSize, kAtlasSize, 0, GL_RG, GL_UNSIGNED_BYTE, blank.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindTexture(GL_TEXTURE_2D, 0);
    m_shelf_x = 6;

    glGenVertexArrays(1, &m_vao);
    glGenBuffers(1, &m_vbo);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo);
    glEnableVertexAttribArray(0);
    glEnableVertexAttribArray(1);
    glEnableVertexAttribArray(2);
    glEnableVertexAttribArray(3);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(Vertex), nullptr);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(Vertex), reinterpret_cast<const void*>(2 * sizeof(float)));
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(Vertex),
                          reinterpret_cast<const void*>(4 * sizeof(float)));
    glVertexAttribPointer(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(Vertex),
                          reinterpret_cast<const void*>(4 * sizeof(float) + 4));
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
}

TextPainter::~TextPainter() {
    m_regular.reset();
    m_bold.reset();
    if (m_library) FT_Done_FreeType(static_cast<FT_Library>(m_library));
    glDeleteTextures(1, &m_texture);
    glDeleteVertexArrays(1, &m_vao);
    glDeleteBuffers(1, &m_vbo);
}

TextPainter::Face& TextPainter::face(bool bold, double size_px) {
    Face& f = bold ? *m_bold : *m_regular;
    const int q = quantise(size_px);
    if (f.quarter_px != q) {
        FT_Set_Char_Size(f.face, 0, q * 16, 72, 72); // 26.6 points at 72 dpi: 1 pt == 1 px
        f.quarter_px = q;
    }
    return f;
}

const TextPainter::Glyph& TextPainter::glyph(bool bold, double size_px, uint32_t glyph_index) {
    const int q = quantise(size_px);
    const uint64_t key = (static_cast<uint64_t>(bold) << 63) | (static_cast<uint64_t>(q) << 32) | glyph_index;
    if (auto it = m_glyphs.find(key); it != m_glyphs.end()) return it->second;

    Glyph g;
    FT_Face ft = face(bold, size_px).face;
    if (FT_Load_Glyph(ft, glyph_index, FT_LOAD_TARGET_LIGHT) == 0 &&
        FT_Render_Glyph(ft->glyph, FT_RENDER_MODE_NORMAL) == 0) {
        const FT_Bitmap& bm = ft->glyph->bitmap;
        g.advance = static_cast<float>(ft->glyph->advance.x / 64.0);
        const double halo = halo_radius(q);
        const int pad = static_cast<int>(std::ceil(halo)) + 1;
        const int w = static_cast<int>(bm.width) + 2 * pad;
        const int h = static_cast<int>(bm.rows) + 2 * pad;
        if (bm.width > 0 && bm.rows > 0) {
            if (m_shelf_x + w + 1 > kAtlasSize) {
                m_shelf_x = 0;
                m_shelf_y += m_shelf_height + 1;
                m_shelf_height = 0;
            }
            if (m_shelf_y + h <= kAtlasSize) {
                std::vector<uint8_t> rg(static_cast<size_t>(w) * h * 2, 0);
                for (unsigned y = 0; y < bm.rows; ++y)
                    for (unsigned x = 0; x < bm.width; ++x)
                        rg[((y + pad) * w + x + pad) * 2] = bm.buffer[y * bm.pitch + x];
                // Halo: the glyph dilated by a disc with a soft edge. The disc's weights depend on
                // the offset only: computed once per glyph, not once per pixel and offset (at print
                // sizes the halo is wide, and this loop was a tenth of a 300 dpi render).
                const int r = static_cast<int>(std::ceil(halo));
                const int side = 2 * r + 1;
                std::vector<float> disc(static_cast<size_t>(side) * side);
                for (int dy = -r; dy <= r; ++dy)
                    for (int dx = -r; dx <= r; ++dx)
                        disc[static_cast<size_t>((dy + r) * side + dx + r)] =
                            std::clamp(static_cast<float>(halo + 0.5 - std::hypot(dx, dy)), 0.0f, 1.0f);
                for (int y = 0; y < h; ++y)
                    for (int x = 0; x < w; ++x) {
                        float best = 0;
                        for (int dy = std::max(-r, -y); dy <= std::min(r, h - 1 - y); ++dy)
                            for (int dx = std::max(-r, -x); dx <= std::min(r, w - 1 - x); ++dx) {
                                const float weight = disc[static_cast<size_t>((dy + r) * side + dx + r)];
                                best = std::max(best, rg[((y + dy) * w + x + dx) * 2] * weight);
                            }
                        rg[(y * w + x) * 2 + 1] = static_cast<uint8_t>(std::lround(best));
                    }
                glBindTexture(GL_TEXTURE_2D, m_texture);
                glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
                glTexSubImage2D(GL_TEXTURE_2D, 0, m_shelf_x, m_shelf_y, w, h, GL_RG, GL_UNSIGNED_BYTE, rg.data());
                glBindTexture(GL_TEXTURE_2D, 0);
                g.u0 = static_cast<float>(m_shelf_x) / kAtlasSize;
                g.v0 = static_cast<float>(m_shelf_y) / kAtlasSize;
                g.u1 = static_cast<float>(m_shelf_x + w) / kAtlasSize;
                g.v1 = static_cast<float>(m_shelf_y + h) / kAtlasSize;
                g.left = ft->glyph->bitmap_left - pad;
                g.top = ft->glyph->bitmap_top + pad;
                g.width = w;
                g.height = h;
                m_shelf_x += w + 1;
                m_shelf_height = std::max(m_shelf_height, h);
            }
        }
    }
    return m_glyphs.emplace(key, g).first->second;
}

double TextPainter::measure(std::string_view utf8, double size_px, bool bold) {
    Face& f = face(bold, size_px);
    double width = 0;
    FT_UInt previous = 0;
    for (size_t i = 0; i < utf8.size();) {
        const FT_UInt index = FT_Get_Char_Index(f.face, geo::utf8::next(utf8, i));
        if (f.kerning && previous && index) {
            FT_Vector k{};
            FT_Get_Kerning(f.face, previous, index, FT_KERNING_DEFAULT, &k);
            width += k.x / 64.0;
        }
        width += glyph(bold, size_px, index).advance;
        previous = index;
    }
    return width;
}

double TextPainter::ascent(double size_px, bool bold) {
    Face& f = face(bold, size_px);
    return f.face->size->metrics.ascender / 64.0;
}

double TextPainter::descent(double size_px, bool bold) {
    Face& f = face(bold, size_px);
    return -f.face->size->metrics.descender / 64.0;
}

void TextPainter::quad(float x0, float y0, float x1, float y1, float u0, float v0, float u1, float v1, double angle,
                       geo::XY pivot, const uint8_t colour[4], const uint8_t halo[4]) {
    const double c = std::cos(angle), s = std::sin(angle);
    auto corner = [&](float x, float y, float u, float v) {
        const double dx = x - pivot.x, dy = y - pivot.y;
        Vertex vert{
            static_cast<float>(pivot.x + dx * c - dy * s), static_cast<float>(pivot.y + dx * s + dy * c), u, v, {}, {}};
        std::copy(colour, colour + 4, vert.colour);
        std::copy(halo, halo + 4, vert.halo);
        m_vertices.push_back(vert);
    };
    corner(x0, y0, u0, v0);
    corner(x1, y0, u1, v0);
    corner(x0, y1, u0, v1);
    corner(x1, y0, u1, v0);
    corner(x1, y1, u1, v1);
    corner(x0, y1, u0, v1);
}

void TextPainter::add(std::string_view utf8, geo::XY origin, double angle, const TextStyle& style) {
    uint8_t colour[4], halo[4];
    to_bytes(style.colour, colour);
    to_bytes(style.halo, halo);
    if (angle == 0) origin = {std::round(origin.x), std::round(origin.y)}; // crisp horizontal text
    QueuedText& queued = m_queued.emplace_back();
    queued.text = std::string(utf8);
    queued.origin = origin;
    queued.angle = angle;
    queued.style = style;
    queued.em_px = quantise(style.size_px) / 4.0;
    queued.halo_px = halo_radius(quantise(style.size_px));
    double pen = origin.x;
    FT_UInt previous = 0;
    for (size_t i = 0; i < utf8.size();) {
        const size_t start = i;
        const uint32_t cp = geo::utf8::next(utf8, i);
        Face& f = face(style.bold, style.size_px);
        const FT_UInt index = FT_Get_Char_Index(f.face, cp);
        if (index == 0 && cp > 0x20) ++m_missing;
        if (f.kerning && previous && index) {
            FT_Vector k{};
            FT_Get_Kerning(f.face, previous, index, FT_KERNING_DEFAULT, &k);
            pen += k.x / 64.0;
        }
        const Glyph& g = glyph(style.bold, style.size_px, index);
        queued.glyphs.push_back(
            {index, pen - origin.x, static_cast<uint32_t>(start), static_cast<uint32_t>(i - start)});
        if (g.width > 0) {
            const auto x0 = static_cast<float>(pen + g.left);
            const auto y0 = static_cast<float>(origin.y - g.top);
            quad(x0, y0, x0 + g.width, y0 + g.height, g.u0, g.v0, g.u1, g.v1, angle, origin, colour, halo);
        }
        pen += g.advance;
        previous = index;
    }
}

void TextPainter::add_box(const geo::BBox& box, const geo::Colour& colour) {
    uint8_t c[4], none[4] = {0, 0, 0, 0};
    to_bytes(colour, c);
    QueuedText& queued = m_queued.emplace_back();
    queued.is_box = true;
    queued.box = box;
    queued.box_colour = colour;
    const float u = 2.0f / kAtlasSize;
    quad(static_cast<float>(box.min_x), static_cast<float>(box.min_y), static_cast<float>(box.max_x),
         static_cast<float>(box.max_y), u, u, u, u, 0, {0, 0}, c, none);
}

void TextPainter::draw(const Frame& frame) {
    if (m_vertices.empty()) return;
    m_program.use();
    m_program.set("u_region", static_cast<float>(frame.x0), static_cast<float>(frame.y0),
                  static_cast<float>(frame.width), static_cast<float>(frame.height));
    m_program.set_int("u_atlas", 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_texture);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(m_vertices.size() * sizeof(Vertex)), m_vertices.data(),
                 GL_STREAM_DRAW);
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(m_vertices.size()));
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    glBindTexture(GL_TEXTURE_2D, 0);
}

} // namespace oko::render
