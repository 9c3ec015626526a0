#pragma once
// Point symbols composited on the CPU into one picture, for dense layers on a software
// rasteriser: llvmpipe spends over a microsecond setting up every primitive however small, so a
// million symbols take seconds. Here the points are taken front to back (the last drawn first)
// per 64 x 64 px block; a pixel stops taking colour once it is opaque, a point whose every 8x8
// tile is opaque already costs a few look-ups, and a block all opaque takes no more points. The
// symbols, their anti-aliased edges and the blending follow the point_layer shaders, so both
// ways give the same picture.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace oko::render {

// The points to composite and how the picture places them.
struct CompositeInput {
    const float* xy = nullptr;                   // point i at xy[i * stride], xy[i * stride + 1]
    std::size_t stride = 2;                      // in floats
    std::size_t count = 0;                       // in draw order: later ones on top
    float scale = 1, offset_x = 0, offset_y = 0; // picture px from the bottom-left = xy * scale + offset
    const uint64_t* pass = nullptr;              // one bit per point, from bit 0 of word 0: drawn if set (the filter)
    const uint8_t* colour = nullptr;             // per point: its entry in the palette (colour only, not the filter)
    const uint8_t* palette = nullptr;            // 256 straight RGBA colours; alpha unused
};

struct SplatStyle {
    float radius_px = 4.5f;
    float outline_px = 1.2f;
    float opacity = 1.0f;
    int symbol = 0; // as geo::PointSymbol: 0 disc, 1 square, 2 diamond, 3 triangle
};

class PointCompositor {
public:
    // Composites the points into a width x height picture of premultiplied RGBA bytes, rows
    // bottom-up as OpenGL reads a texture. The points are binned by picture block once per
    // placement (points, colours, scale, offset, size, symbol size); a call with the same
    // placement and another filter or palette only walks each block's points from the top down until the
    // block is opaque, so a filter change over a dense layer costs what is visible, not what is
    // under it.
    const std::vector<uint8_t>& composite(int width, int height, const CompositeInput& input, const SplatStyle& style);
    // The points' positions or colours changed in place (the same arrays): the next composite()
    // bins them again.
    void forget_placement() { m_placement = Placement{}; }

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
    // What one thread binned: its run of the points, per bin, in draw order.
    struct BinnedPoint {
        float x, y; // in the picture, px: kept here, as a lookup by index would miss the cache
        uint32_t index;
        uint8_t colour; // the point's entry in the palette
    };
    struct Worker {
        std::vector<std::vector<BinnedPoint>> bins;
    };
    struct Placement {
        const float* xy = nullptr;
        const uint8_t* colour = nullptr;
        std::size_t stride = 0, count = 0;
        float scale = 0, offset_x = 0, offset_y = 0;
        int width = 0, height = 0, k = 0;
        std::size_t threads = 0;
        bool operator==(const Placement&) const = default;
    };
    void make_stamps(const SplatStyle& style);
    void bin_points(std::size_t own, const CompositeInput& in);
    void composite_bins(std::size_t own, const CompositeInput& in);
    void clear_bin(std::size_t bin);
    void composite_bin(std::size_t bin, const BinnedPoint* list, std::size_t n, const CompositeInput& in);
    void finish_bin(std::size_t bin); // to bytes
    static constexpr int kBin = 64;   // px: one word of m_opaque_bits a row, and a multiple of the tile

    int m_width = 0, m_height = 0;
    std::vector<Stamp> m_stamps; // kSteps x kSteps, for m_stamp_style
    SplatStyle m_stamp_style{-1, 0, 0, 0};
    Placement m_placement;               // of the binned points
    std::vector<float> m_colour;         // premultiplied RGBA per pixel, accumulated front to back
    std::vector<uint8_t> m_opaque;       // per 8x8 tile: how many of its pixels are opaque
    std::vector<uint64_t> m_opaque_bits; // per pixel, one bit a pixel, rows of m_words words
    int m_words = 0;
    int m_bins_x = 0;
    std::size_t m_bins = 0, m_threads = 1;
    std::vector<uint8_t> m_bin_full;        // all its pixels opaque
    std::vector<uint16_t> m_bin_full_tiles; // how many of its tiles are all opaque
    std::vector<Worker> m_workers;
    std::vector<uint8_t> m_picture;
};

} // namespace oko::render
