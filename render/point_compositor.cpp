#include "render/point_compositor.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

namespace oko::render {

namespace {

constexpr int kTile = 8;
constexpr float kOpaque = 1.0f - 0.5f / 255.0f; // what no longer changes a byte

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

const std::vector<uint8_t>& PointCompositor::composite(int width, int height, const std::vector<Splat>& splats,
                                                       const SplatStyle& style) {
    m_width = std::max(1, width);
    m_height = std::max(1, height);
    const size_t pixels = static_cast<size_t>(m_width) * m_height;
    m_colour.resize(pixels * 4);
    m_picture.resize(pixels * 4);
    const int tiles_x = (m_width + kTile - 1) / kTile, tiles_y = (m_height + kTile - 1) / kTile;
    m_opaque.resize(static_cast<size_t>(tiles_x) * tiles_y);
    make_stamps(style);
    m_words = (m_width + 63) / 64 + 1; // one spare word: a row's span may read past its last
    m_opaque_bits.resize(static_cast<size_t>(m_words) * m_height);
    // Splats binned by 64 x 64 px block, in draw order within each: a block's pixels stay in the
    // cache while its splats are composited, and the two cores take blocks in turn. The splats
    // go in chunks from the top: a block all opaque takes no more, and once every block is, the
    // rest are never looked at.
    const int k = m_stamps.front().k;
    m_bins_x = (m_width + kBin - 1) / kBin;
    const int bins_y = (m_height + kBin - 1) / kBin;
    const size_t bins = static_cast<size_t>(m_bins_x) * bins_y;
    m_bin_full.assign(bins, 0);
    m_bin_full_tiles.assign(bins, 0);
    auto parallel = [&](const auto& f) {
        auto work = [&](size_t first) {
            for (size_t bin = first; bin < bins; bin += 2)
                f(bin);
        };
        if (pixels < 200000) {
            work(0);
            work(1);
        } else {
            std::thread other([&] { work(1); });
            work(0);
            other.join();
        }
    };
    parallel([&](size_t bin) { clear_bin(bin); });
    auto for_bins = [&](const Splat& sp, auto&& f) {
        const int cx = static_cast<int>(std::floor(sp.x)), cy = static_cast<int>(std::floor(sp.y));
        if (cx + k < 0 || cy + k < 0 || cx - k >= m_width || cy - k >= m_height) return;
        const int bx0 = std::max(0, cx - k) / kBin, bx1 = std::min(m_width - 1, cx + k) / kBin;
        const int by0 = std::max(0, cy - k) / kBin, by1 = std::min(m_height - 1, cy + k) / kBin;
        for (int by = by0; by <= by1; ++by)
            for (int bx = bx0; bx <= bx1; ++bx) {
                const size_t bin = static_cast<size_t>(by) * m_bins_x + bx;
                if (!m_bin_full[bin]) f(bin);
            }
    };
    const size_t chunk = std::max<size_t>(32768, splats.size() / 8);
    for (size_t end = splats.size(); end > 0;) {
        const size_t begin = end > chunk ? end - chunk : 0;
        m_bin_begin.assign(bins + 1, 0);
        for (size_t i = begin; i < end; ++i)
            for_bins(splats[i], [&](size_t bin) { ++m_bin_begin[bin + 1]; });
        for (size_t i = 0; i < bins; ++i)
            m_bin_begin[i + 1] += m_bin_begin[i];
        if (m_bin_begin[bins] == 0 && std::all_of(m_bin_full.begin(), m_bin_full.end(), [](uint8_t f) { return f; }))
            break;
        m_bin_splats.resize(m_bin_begin[bins]);
        m_bin_fill.assign(m_bin_begin.begin(), m_bin_begin.end() - 1);
        for (size_t i = begin; i < end; ++i)
            for_bins(splats[i], [&](size_t bin) { m_bin_splats[m_bin_fill[bin]++] = splats[i]; });
        parallel([&](size_t bin) { composite_bin(bin); });
        end = begin;
    }
    parallel([&](size_t bin) { finish_bin(bin); });
    return m_picture;
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

void PointCompositor::composite_bin(size_t bin) {
    const int w = m_width, h = m_height;
    const int tiles_x = (w + kTile - 1) / kTile;
    const int col_begin = static_cast<int>(bin % m_bins_x) * kBin, col_end = std::min(w, col_begin + kBin);
    const int row_begin = static_cast<int>(bin / m_bins_x) * kBin, row_end = std::min(h, row_begin + kBin);
    const int bin_tiles = ((col_end - col_begin + kTile - 1) / kTile) * ((row_end - row_begin + kTile - 1) / kTile);
    float* colour = m_colour.data();
    uint64_t* bits = m_opaque_bits.data();
    // Whether pixels [x0, x1] of a row are all opaque (a span is at most 64 px: see below).
    auto row_opaque = [&](int y, int x0, int x1) {
        const uint64_t* row = bits + static_cast<size_t>(y) * m_words;
        const int word = x0 >> 6, shift = x0 & 63, n = x1 - x0 + 1;
        uint64_t span = row[word] >> shift;
        if (shift) span |= row[word + 1] << (64 - shift);
        const uint64_t want = n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
        return (span & want) == want;
    };
    auto tile_capacity = [&](int tx, int ty) {
        return std::min(kTile, w - tx * kTile) * std::min(kTile, h - ty * kTile);
    };

    const int k = m_stamps.front().k;
    const int side = 2 * k + 1;
    const float radius = m_stamp_style.radius_px, half = radius + 1.5f, opacity = m_stamp_style.opacity;
    const float outline_px = m_stamp_style.outline_px;
    const int symbol = m_stamp_style.symbol;
    const Splat* list = m_bin_splats.data() + m_bin_begin[bin];
    for (size_t n = m_bin_begin[bin + 1] - m_bin_begin[bin]; n-- > 0 && !m_bin_full[bin];) {
        const Splat& s = list[n];
        const float fx = std::floor(s.x), fy = std::floor(s.y);
        const int cx = static_cast<int>(fx), cy = static_cast<int>(fy);
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
        const float fr = s.r / 255.0f, fg = s.g / 255.0f, fb = s.b / 255.0f;
        for (int y = y0; y <= y1; ++y) {
            const int row = y - cy + k;
            const auto [first, last] = st.spans[static_cast<size_t>(row)];
            const int sx0 = std::max(x0, cx - k + first), sx1 = std::min(x1, cx - k + last);
            if (sx0 > sx1 || (sx1 - sx0 < 64 && row_opaque(y, sx0, sx1))) continue;
            const uint8_t* kind = st.kind.data() + static_cast<size_t>(row) * side + (sx0 - cx + k);
            const float ly = y + 0.5f - s.y;
            float* px = colour + (static_cast<size_t>(y) * w + sx0) * 4;
            for (int x = sx0; x <= sx1; ++x, px += 4, ++kind) {
                const float dst_a = px[3];
                if (*kind == kNone || dst_a >= kOpaque) continue;
                float a = opacity, b = opacity;
                if (*kind == kEdge) {
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
