#pragma once
// Point symbols composited on the CPU into one picture, for dense layers on a software
// rasteriser: llvmpipe spends over a microsecond setting up every primitive however small, so a
// million symbols take seconds. Here the points are taken front to back (the last drawn first);
// a pixel stops taking colour once it is opaque, and a point whose every 8x8 tile, or every row,
// is opaque already costs a few look-ups. The symbols, their anti-aliased edges and the blending follow the
// point_layer shaders, so both ways give the same picture.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace oko::render {

struct Splat {
    float x, y;         // the symbol's centre, px from the picture's bottom-left (pixel centres at +0.5)
    uint8_t r, g, b, a; // fill colour, straight; a is unused
};

struct SplatStyle {
    float radius_px = 4.5f;
    float outline_px = 1.2f;
    float opacity = 1.0f;
    int symbol = 0; // as geo::PointSymbol: 0 disc, 1 square, 2 diamond, 3 triangle
};

class PointCompositor {
public:
    // Composites `splats` (in draw order: later ones on top) into a width x height picture of
    // premultiplied RGBA bytes, rows bottom-up as OpenGL reads a texture.
    const std::vector<uint8_t>& composite(int width, int height, const std::vector<Splat>& splats,
                                          const SplatStyle& style);

private:
    // Which pixels around a symbol's centre it may touch, for each of kSteps x kSteps sub-pixel
    // offsets of the centre: none, all of them solid fill (for any offset in the step), or an
    // edge, whose coverage is computed exactly. Per row, the span of pixels it may touch.
    static constexpr int kSteps = 8;
    enum : uint8_t { kNone = 0, kSolid = 1, kEdge = 2 };
    struct Stamp {
        int k = 0;                              // block half side, px
        std::vector<uint8_t> kind;              // (2k+1)^2, rows bottom-up
        std::vector<std::pair<int, int>> spans; // per row, [first, last] pixel not kNone
    };
    void make_stamps(const SplatStyle& style);
    void clear_bin(std::size_t bin);
    void composite_bin(std::size_t bin);
    void finish_bin(std::size_t bin); // to bytes
    static constexpr int kBin = 64;   // px; a multiple of the tile and of a word of m_opaque_bits

    int m_width = 0, m_height = 0;
    std::vector<Stamp> m_stamps; // kSteps x kSteps, for m_stamp_style
    SplatStyle m_stamp_style{-1, 0, 0, 0};
    std::vector<float> m_colour;         // premultiplied RGBA per pixel, accumulated front to back
    std::vector<uint8_t> m_opaque;       // per 8x8 tile: how many of its pixels are opaque
    std::vector<uint64_t> m_opaque_bits; // per pixel, one bit a pixel, rows of m_words words
    int m_words = 0;
    int m_bins_x = 0;
    std::vector<std::size_t> m_bin_begin; // per bin, its first entry in m_bin_splats
    std::vector<std::size_t> m_bin_fill;
    std::vector<uint8_t> m_bin_full;        // all its pixels opaque
    std::vector<uint16_t> m_bin_full_tiles; // how many of its tiles are all opaque
    std::vector<Splat> m_bin_splats;        // splats by bin, in draw order (copies: read in order)
    std::vector<uint8_t> m_picture;
};

} // namespace oko::render
