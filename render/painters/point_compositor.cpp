#include "render/painters/point_compositor.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <thread>

namespace oko::render {

namespace {

constexpr int kTile = 8;
constexpr float kOpaque = 1.0f - 0.5f / 255.0f; // what no longer changes a byte

// std::floor is a call into libm on x86-64 without SSE4.1; binned points lie at x > -(k + 1).
inline int floor_int(float x) {
    const int i = static_cast<int>(x);
    return i - (static_cast<float>(i) > x);
}

// point_layer_frag.glsl's symbol_distance: signed px to the symbol's edge, negative inside.
inline float symbol_distance(float x, float y, float r, int symbol) {
    switch (symbol) {
    case 1:
        return std::max(std::abs(x), std::abs(y)) - r * 0.85f;
    case 2:
        return (std::abs(x) + std::abs(y) - r * 1.15f) * 0.7071f;
    case 3: {
        const float qx = std::abs(x), qy = -y + r * 0.25f;
        return std::max(qy - r * 0.9f, (qx * 0.866f + qy * 0.5f) - r * 0.45f);
    }
    default:
        return std::sqrt(x * x + y * y) - r;
    }
}

} // namespace

void PointCompositor::make_stamps(const SplatStyle& style) {
    const auto& o = m_stamp_style;
    if (o.radius_px == style.radius_px && o.outline_px == style.outline_px && o.opacity == style.opacity &&
        o.symbol == style.symbol)
        return;
    m_stamp_style = style;
    const float r = style.radius_px;
    const float half = r + 1.5f; // the sprite's half side, as in point_layer_vert.glsl
    const int k = static_cast<int>(std::ceil(half)) + 1;
    const int side = 2 * k + 1;
    m_stamps.assign(kSteps * kSteps, {});
    for (int qy = 0; qy < kSteps; ++qy)
        for (int qx = 0; qx < kSteps; ++qx) {
            Stamp& st = m_stamps[static_cast<size_t>(qy) * kSteps + qx];
            st.k = k;
            st.kind.assign(static_cast<size_t>(side) * side, kNone);
            st.spans.assign(side, {side, -1});
            const float fx = (qx + 0.5f) / kSteps, fy = (qy + 0.5f) / kSteps;
            // The centre lies within `slack` px of (fx, fy); distances change no faster than that.
            const float slack = 0.7072f / kSteps;
            for (int dy = -k; dy <= k; ++dy)
                for (int dx = -k; dx <= k; ++dx) {
                    const float lx = dx + 0.5f - fx, ly = dy + 0.5f - fy;
                    if (std::abs(lx) > half + slack || std::abs(ly) > half + slack) continue; // outside the sprite
                    const float d = symbol_distance(lx, ly, r, style.symbol);
                    if (d - slack >= 0.5f) continue; // no coverage
                    const bool inside = std::abs(lx) + slack <= half && std::abs(ly) + slack <= half;
                    const size_t at = static_cast<size_t>(dy + k) * side + (dx + k);
                    st.kind[at] = inside && d + slack <= -style.outline_px - 0.5f ? kSolid : kEdge;
                    auto& span = st.spans[static_cast<size_t>(dy + k)];
                    span.first = std::min(span.first, dx + k);
                    span.second = std::max(span.second, dx + k);
                }
        }
}

const std::vector<uint8_t>& PointCompositor::composite(int width, int height, const CompositeInput& in,
                                                       const SplatStyle& style) {
    m_width = std::max(1, width);
    m_height = std::max(1, height);
    const size_t pixels = static_cast<size_t>(m_width) * m_height;
    m_colour.resize(pixels * 4);
    m_picture.resize(pixels * 4);
    const int tiles_x = (m_width + kTile - 1) / kTile, tiles_y = (m_height + kTile - 1) / kTile;
    m_opaque.resize(static_cast<size_t>(tiles_x) * tiles_y);
    make_stamps(style);
    m_words = (m_width + 63) / 64;
    m_opaque_bits.resize(static_cast<size_t>(m_words) * m_height);
    // Points binned by 64 x 64 px block: a block's pixels stay in the cache while its points are
    // composited. To bin, each thread takes an equal run of the points and keeps its own list
    // per block; to composite, each thread takes every n-th block and walks the lists of the
    // runs from the last to the first, so the points still come from the top down.
    m_bins_x = (m_width + kBin - 1) / kBin;
    const int bins_y = (m_height + kBin - 1) / kBin;
    m_bins = static_cast<size_t>(m_bins_x) * bins_y;
    m_bin_full.assign(m_bins, 0);
    m_bin_full_tiles.assign(m_bins, 0);
    m_threads = pixels < 200000 ? 1 : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
    const Placement placement{in.xy,       in.colour, in.stride, in.count,           in.scale, in.offset_x,
                              in.offset_y, m_width,   m_height,  m_stamps.front().k, m_threads};
    const bool rebin = !(placement == m_placement);
    m_placement = placement;
    m_workers.resize(m_threads);
    auto in_parallel = [&](const auto& f) {
        std::vector<std::thread> others;
        for (size_t t = 1; t < m_threads; ++t)
            others.emplace_back([&, t] { f(t); });
        f(0);
        for (auto& other : others)
            other.join();
    };
    if (rebin) in_parallel([&](size_t t) { bin_points(t, in); });
    in_parallel([&](size_t t) { composite_bins(t, in); });
    return m_picture;
}

void PointCompositor::bin_points(size_t own, const CompositeInput& in) {
    auto& lists = m_workers[own].bins;
    lists.resize(m_bins);
    for (auto& list : lists)
        list.clear();
    const size_t first = in.count * own / m_threads, last = in.count * (own + 1) / m_threads;
    const int k = m_stamps.front().k;
    const float min_x = -k - 1.0f, min_y = -k - 1.0f, max_x = m_width + k + 1.0f, max_y = m_height + k + 1.0f;
    for (size_t i = first; i < last; ++i) {
        const float x = in.xy[i * in.stride] * in.scale + in.offset_x;
        const float y = in.xy[i * in.stride + 1] * in.scale + in.offset_y;
        if (!(x > min_x && y > min_y && x < max_x && y < max_y)) continue; // and NaN
        const int cx = floor_int(x), cy = floor_int(y);
        if (cx + k < 0 || cy + k < 0 || cx - k >= m_width || cy - k >= m_height) continue;
        const int bx0 = std::max(0, cx - k) / kBin, bx1 = std::min(m_width - 1, cx + k) / kBin;
        const int by0 = std::max(0, cy - k) / kBin, by1 = std::min(m_height - 1, cy + k) / kBin;
        for (int by = by0; by <= by1; ++by)
            for (int bx = bx0; bx <= bx1; ++bx)
                lists[static_cast<size_t>(by) * m_bins_x + bx].push_back(
                    {x, y, static_cast<uint32_t>(i), in.colour[i]});
    }
}

void PointCompositor::composite_bins(size_t own, const CompositeInput& in) {
    for (size_t bin = own; bin < m_bins; bin += m_threads) {
        clear_bin(bin);
        for (size_t run = m_threads; run-- > 0 && !m_bin_full[bin];) {
            const auto& list = m_workers[run].bins[bin];
            composite_bin(bin, list.data(), list.size(), in);
        }
        finish_bin(bin);
    }
}

void PointCompositor::clear_bin(size_t bin) {
    const int w = m_width, h = m_height;
    const int tiles_x = (w + kTile - 1) / kTile;
    const int col_begin = static_cast<int>(bin % m_bins_x) * kBin, col_end = std::min(w, col_begin + kBin);
    const int row_begin = static_cast<int>(bin / m_bins_x) * kBin, row_end = std::min(h, row_begin + kBin);
    for (int y = row_begin; y < row_end; ++y) {
        std::fill(m_colour.data() + (static_cast<size_t>(y) * w + col_begin) * 4,
                  m_colour.data() + (static_cast<size_t>(y) * w + col_end) * 4, 0.0f);
        m_opaque_bits[static_cast<size_t>(y) * m_words + (col_begin >> 6)] = 0;
        if (y % kTile == 0)
            std::fill_n(m_opaque.begin() + static_cast<ptrdiff_t>(y / kTile) * tiles_x + col_begin / kTile,
                        (col_end - col_begin + kTile - 1) / kTile, uint8_t{0});
    }
}

void PointCompositor::finish_bin(size_t bin) {
    const int w = m_width, h = m_height;
    const int col_begin = static_cast<int>(bin % m_bins_x) * kBin, col_end = std::min(w, col_begin + kBin);
    const int row_begin = static_cast<int>(bin / m_bins_x) * kBin, row_end = std::min(h, row_begin + kBin);
    for (int y = row_begin; y < row_end; ++y) {
        const float* in = m_colour.data() + (static_cast<size_t>(y) * w + col_begin) * 4;
        const float* end = m_colour.data() + (static_cast<size_t>(y) * w + col_end) * 4;
        uint8_t* out = m_picture.data() + (static_cast<size_t>(y) * w + col_begin) * 4;
        for (; in != end; ++in, ++out)
            *out = static_cast<uint8_t>(std::min(*in, 1.0f) * 255.0f + 0.5f);
    }
}

void PointCompositor::composite_bin(size_t bin, const BinnedPoint* list, size_t n, const CompositeInput& in) {
    const int w = m_width, h = m_height;
    const int tiles_x = (w + kTile - 1) / kTile;
    const int col_begin = static_cast<int>(bin % m_bins_x) * kBin, col_end = std::min(w, col_begin + kBin);
    const int row_begin = static_cast<int>(bin / m_bins_x) * kBin, row_end = std::min(h, row_begin + kBin);
    const int bin_tiles = ((col_end - col_begin + kTile - 1) / kTile) * ((row_end - row_begin + kTile - 1) / kTile);
    float* colour = m_colour.data();
    uint64_t* bits = m_opaque_bits.data();
    // The opaque bits of a row from pixel x to the end of the bin: a bin is one word wide, so
    // no thread reads a word another one writes.
    auto row_bits = [&](int y, int x) { return bits[static_cast<size_t>(y) * m_words + (x >> 6)] >> (x & 63); };
    auto low_bits = [](int n) { return n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1; };
    auto tile_capacity = [&](int tx, int ty) {
        return std::min(kTile, w - tx * kTile) * std::min(kTile, h - ty * kTile);
    };

    const int k = m_stamps.front().k;
    const int side = 2 * k + 1;
    const float radius = m_stamp_style.radius_px, half = radius + 1.5f, opacity = m_stamp_style.opacity;
    const float outline_px = m_stamp_style.outline_px;
    const int symbol = m_stamp_style.symbol;
    while (n-- > 0 && !m_bin_full[bin]) {
        const BinnedPoint& s = list[n];
        if (!(in.pass[s.index >> 6] >> (s.index & 63) & 1)) continue;
        const int cx = floor_int(s.x), cy = floor_int(s.y);
        const float fx = static_cast<float>(cx), fy = static_cast<float>(cy);
        const int x0 = std::max(col_begin, cx - k), x1 = std::min(col_end - 1, cx + k);
        const int y0 = std::max(row_begin, cy - k), y1 = std::min(row_end - 1, cy + k);
        if (x0 > x1 || y0 > y1) continue;
        bool hidden = true;
        for (int ty = y0 / kTile; ty <= y1 / kTile && hidden; ++ty)
            for (int tx = x0 / kTile; tx <= x1 / kTile; ++tx)
                if (m_opaque[static_cast<size_t>(ty) * tiles_x + tx] < tile_capacity(tx, ty)) {
                    hidden = false;
                    break;
                }
        if (hidden) continue;
        const int qx = std::min(kSteps - 1, static_cast<int>((s.x - fx) * kSteps));
        const int qy = std::min(kSteps - 1, static_cast<int>((s.y - fy) * kSteps));
        const Stamp& st = m_stamps[static_cast<size_t>(qy) * kSteps + qx];
        const uint8_t* rgb = in.palette + static_cast<size_t>(s.colour) * 4;
        const float fr = rgb[0] / 255.0f, fg = rgb[1] / 255.0f, fb = rgb[2] / 255.0f;
        for (int y = y0; y <= y1; ++y) {
            const int row = y - cy + k;
            const auto [first, last] = st.spans[static_cast<size_t>(row)];
            const int sx0 = std::max(x0, cx - k + first), sx1 = std::min(x1, cx - k + last);
            if (sx0 > sx1) continue;
            const uint8_t* kind_row = st.kind.data() + static_cast<size_t>(row) * side + (k - cx);
            const float ly = y + 0.5f - s.y;
            float* colour_row = colour + static_cast<size_t>(y) * w * 4;
            // Only the pixels not yet opaque, from the row's opaque bits.
            for (uint64_t open = ~row_bits(y, sx0) & low_bits(sx1 - sx0 + 1); open; open &= open - 1) {
                const int x = sx0 + std::countr_zero(open);
                const uint8_t kind = kind_row[x];
                if (kind == kNone) continue;
                float* px = colour_row + static_cast<size_t>(x) * 4;
                const float dst_a = px[3];
                float a = opacity, b = opacity;
                if (kind == kEdge) {
                    // As point_layer_frag.glsl does it.
                    const float lx = x + 0.5f - s.x;
                    if (std::abs(lx) > half || std::abs(ly) > half) continue;
                    const float d = symbol_distance(lx, ly, radius, symbol);
                    const float coverage = std::clamp(0.5f - d, 0.0f, 1.0f);
                    if (coverage <= 0.0f) continue;
                    a = coverage * opacity;
                    b = a * std::clamp(-outline_px + 0.5f - d, 0.0f, 1.0f);
                }
                const float t = 1.0f - dst_a;
                // mix(white outline, fill, inner) x coverage x opacity, premultiplied
                const float outline = (a - b) * t, fill = b * t;
                px[0] += outline + fill * fr;
                px[1] += outline + fill * fg;
                px[2] += outline + fill * fb;
                px[3] = dst_a + a * t;
                if (px[3] >= kOpaque) {
                    const int tx = x / kTile, ty = y / kTile;
                    if (++m_opaque[static_cast<size_t>(ty) * tiles_x + tx] == tile_capacity(tx, ty) &&
                        ++m_bin_full_tiles[bin] == bin_tiles)
                        m_bin_full[bin] = 1;
                    bits[static_cast<size_t>(y) * m_words + (x >> 6)] |= uint64_t{1} << (x & 63);
                }
            }
        }
    }
}

} // namespace oko::render
