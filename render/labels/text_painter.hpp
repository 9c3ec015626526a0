#pragma once
// Text with FreeType and the fonts compiled into the binary (DejaVu Sans, regular and bold:
// Latin with čćžšđ, Cyrillic). Glyphs are rasterised once per size into an atlas whose red
// channel is the glyph and green channel a dilated halo, so a label reads on any background.
// Text is queued in device pixels of the whole picture (y down) and drawn in one call.

#include "geo/scene/basemap_style.hpp"
#include "geo/base/types.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/shader_program.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace oko::render {

struct TextStyle {
    double size_px = 12; // device px (the em size)
    bool bold = false;
    geo::Colour colour{0.2f, 0.2f, 0.2f, 1.0f};
    geo::Colour halo{1.0f, 1.0f, 1.0f, 0.85f};
};

// One add() or add_box() as it was queued, for an output that draws text as text (a PDF, an SVG):
// the line with the glyphs the atlas drew (the compiled-in font's glyph indices and their pen
// positions along the baseline, px from the origin), or the box with its colour.
struct QueuedGlyph {
    uint32_t index = 0;          // in the font (font_data())
    double x = 0;                // pen position, px from the origin along the baseline
    uint32_t byte = 0, size = 0; // the character it shows: bytes [byte, byte + size) of the text
};
struct QueuedText {
    bool is_box = false;
    geo::BBox box; // a box: px, y down
    geo::Colour box_colour;
    std::string text; // a line of text: UTF-8
    geo::XY origin;   // baseline start, px (rounded as drawn)
    double angle = 0; // radians, clockwise
    TextStyle style;
    double em_px = 12;  // the size the glyphs were made at (quarter px)
    double halo_px = 0; // the halo's radius, px
    std::vector<QueuedGlyph> glyphs;
};

// The compiled-in fonts (DejaVu Sans, regular or bold), as FreeType opens them.
std::span<const unsigned char> font_data(bool bold);

class TextPainter {
public:
    TextPainter();
    ~TextPainter();
    TextPainter(const TextPainter&) = delete;
    TextPainter& operator=(const TextPainter&) = delete;

    // Advance width of a line of text in px.
    double measure(std::string_view utf8, double size_px, bool bold);
    // Height above and below the baseline of the font at that size, px (both positive).
    double ascent(double size_px, bool bold);
    double descent(double size_px, bool bold);

    // Queues one line of text whose baseline starts at `origin`, rotated by `angle` radians
    // (clockwise on screen, y down).
    void add(std::string_view utf8, geo::XY origin, double angle, const TextStyle& style);
    // Queues a filled rectangle (px, y down), drawn in queue order with the text.
    void add_box(const geo::BBox& box, const geo::Colour& colour);

    void draw(const Frame& frame);
    void clear() {
        m_vertices.clear();
        m_queued.clear();
    }
    // Everything queued since the last clear(), in drawing order.
    const std::vector<QueuedText>& queued() const { return m_queued; }
    bool empty() const { return m_vertices.empty(); }

    // Glyphs whose font has no outline for a character (drawn as nothing).
    size_t missing_glyphs() const { return m_missing; }

private:
    struct Glyph {
        float u0 = 0, v0 = 0, u1 = 0, v1 = 0; // atlas texture coordinates
        int left = 0, top = 0;                // bitmap offset from the pen, px (top is up)
        int width = 0, height = 0;
        float advance = 0; // px
    };
    struct Vertex {
        float x, y, u, v;
        uint8_t colour[4];
        uint8_t halo[4];
    };
    struct Face;

    Face& face(bool bold, double size_px);
    const Glyph& glyph(bool bold, double size_px, uint32_t glyph_index);
    void quad(float x0, float y0, float x1, float y1, float u0, float v0, float u1, float v1, double angle,
              geo::XY pivot, const uint8_t colour[4], const uint8_t halo[4]);

    std::unique_ptr<Face> m_regular;
    std::unique_ptr<Face> m_bold;
    void* m_library = nullptr;
    std::unordered_map<uint64_t, Glyph> m_glyphs;
    int m_shelf_x = 0, m_shelf_y = 0, m_shelf_height = 0;
    unsigned m_texture = 0, m_vao = 0, m_vbo = 0;
    std::vector<Vertex> m_vertices;
    std::vector<QueuedText> m_queued;
    size_t m_missing = 0;
    ShaderProgram m_program;
};

} // namespace oko::render
