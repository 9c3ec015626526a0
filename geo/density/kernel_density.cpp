#include "geo/density/kernel_density.hpp"

#include "geo/base/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

namespace oko::geo {

namespace {

constexpr double kPerKm2 = 1e6;         // 1/m² to 1/km²
constexpr double kBandTolerance = 5e-4; // a kernel table serves rows whose scale is within 0.05 %
constexpr double kMaxCells = 268435456; // 2^28 cells (1 GiB of floats): beyond, refuse
constexpr double kPeakCells = 1048576;  // density_peak's candidate grid: about 1M cells at most
constexpr double kPeakShare = 0.6;      // ... whose cells within this share of its top are candidates
constexpr size_t kPeakCandidates = 64;  // at most this many, the highest
constexpr size_t kPeakClimbs = 4;       // climbs on the exact surface, from the best candidates
constexpr double kEdgeTolerance = 1e-9; // of a cell: an extent of 10.0000000001 cells is 10 cells

GroundScale scale_at(double y, bool mercator) { return mercator ? mercator_ground_scale(y) : GroundScale{1.0, 1.0}; }

// The smallest ground scales (eastwards, northwards) over northings [y0, y1]: both shrink away from
// the equator, so at the end farther from it.
GroundScale smallest_scale(double y0, double y1, bool mercator) {
    if (!mercator) return {1.0, 1.0};
    const GroundScale a = mercator_ground_scale(y0), b = mercator_ground_scale(y1);
    return {std::min(a.kx, b.kx), std::min(a.ky, b.ky)};
}

int thread_count(int asked, int rows) {
    int n = asked > 0 ? asked : static_cast<int>(std::thread::hardware_concurrency());
    return std::clamp(n, 1, std::max(1, rows));
}

bool cancelled(const std::atomic<bool>* cancel) { return cancel && cancel->load(std::memory_order_relaxed); }

template <class F> void run_threads(int threads, F&& work) {
    std::vector<std::thread> others;
    others.reserve(threads - 1);
    for (int t = 1; t < threads; ++t)
        others.emplace_back([&work, t] { work(t); });
    work(0);
    for (auto& th : others)
        th.join();
}

void check_input(const DensityInput& in, const DensityOptions& opt) {
    if (!(opt.kernel.radius_m > 0) || !std::isfinite(opt.kernel.radius_m))
        throw Error("the kernel radius must be a positive number of metres, not " +
                    std::to_string(opt.kernel.radius_m));
    if (!(opt.cell > 0) || !std::isfinite(opt.cell))
        throw Error("the density grid's cell must be a positive size, not " + std::to_string(opt.cell));
    if (opt.region.empty() || !std::isfinite(opt.region.width()) || !std::isfinite(opt.region.height()))
        throw Error("the density grid's region is empty");
    if (!in.weights.empty() && in.weights.size() != in.positions.size())
        throw Error("the density input has " + std::to_string(in.weights.size()) + " weights for " +
                    std::to_string(in.positions.size()) + " points");
    if (!in.pass.empty() && in.pass.size() != in.positions.size())
        throw Error("the density input has " + std::to_string(in.pass.size()) + " pass flags for " +
                    std::to_string(in.positions.size()) + " points");
}

bool passes(const DensityInput& in, size_t i) {
    if (!in.pass.empty() && !in.pass[i]) return false;
    const XY& p = in.positions[i];
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) return false;
    return in.weights.empty() || std::isfinite(in.weights[i]);
}

double weight_of(const DensityInput& in, size_t i) { return in.weights.empty() ? 1.0 : in.weights[i]; }

DensityGrid make_grid(const DensityOptions& opt) {
    DensityGrid g;
    g.cell = opt.cell;
    const double w = std::ceil(opt.region.width() / opt.cell - kEdgeTolerance);
    const double h = std::ceil(opt.region.height() / opt.cell - kEdgeTolerance);
    const double cols = std::max(1.0, w), rows = std::max(1.0, h);
    if (cols * rows > kMaxCells)
        throw Error("a density grid of " + std::to_string(static_cast<long long>(cols)) + " × " +
                    std::to_string(static_cast<long long>(rows)) + " cells is too large (at most " +
                    std::to_string(static_cast<long long>(kMaxCells)) +
                    " cells): choose a larger cell or a smaller region");
    g.width = static_cast<int>(cols);
    g.height = static_cast<int>(rows);
    g.region.min_x = opt.region.min_x;
    g.region.max_y = opt.region.max_y;
    g.region.max_x = opt.region.min_x + g.width * opt.cell;
    g.region.min_y = opt.region.max_y - g.height * opt.cell;
    return g;
}

// ---- exact ------------------------------------------------------------------------------------

struct ExactPoint {
    double x, y, w;
    double kx, ky; // ground scale at the point
    double sx, sy; // half the support's box, CRS units
};

DensityGrid exact_density(const DensityInput& in, const DensityOptions& opt, DensityGrid g) {
    const KernelSpec& spec = opt.kernel;
    const double support = spec.support_m();
    std::vector<ExactPoint> pts;
    for (size_t i = 0; i < in.positions.size(); ++i) {
        if (!passes(in, i)) continue;
        const XY p = in.positions[i];
        const GroundScale k = scale_at(p.y, opt.mercator);
        // The support in CRS units, with the smallest scale within twice its reach (the scale
        // changes by well under 1 % across a kernel anywhere Web Mercator is drawn).
        const double reach = 2 * support / k.ky;
        const GroundScale lo = smallest_scale(p.y - reach, p.y + reach, opt.mercator);
        pts.push_back({p.x, p.y, weight_of(in, i), k.kx, k.ky, support / lo.kx, support / lo.ky});
    }
    // By northing, so that a band of rows finds its points by bisection; ties in input order, so
    // that each cell sums the same points in the same order on any number of threads.
    std::stable_sort(pts.begin(), pts.end(), [](const ExactPoint& a, const ExactPoint& b) { return a.y < b.y; });
    double sy_max = 0;
    for (const auto& p : pts)
        sy_max = std::max(sy_max, p.sy);

    std::vector<GroundScale> row_scale(g.height);
    for (int r = 0; r < g.height; ++r)
        row_scale[r] = scale_at(g.cell_centre(0, r).y, opt.mercator);

    g.values.assign(static_cast<size_t>(g.width) * g.height, 0.0f);
    constexpr int kChunk = 16; // rows; threads take every T-th chunk, as clustered points load rows unevenly
    const int chunks = (g.height + kChunk - 1) / kChunk;
    const int threads = thread_count(opt.threads, chunks);
    std::atomic<bool> stop{false};
    run_threads(threads, [&](int t) {
        std::vector<double> acc;
        for (int chunk = t; chunk < chunks; chunk += threads) {
            if (cancelled(opt.cancel) || stop.load(std::memory_order_relaxed)) {
                stop = true;
                return;
            }
            const int r0 = chunk * kChunk, r1 = std::min(g.height, r0 + kChunk);
            acc.assign(static_cast<size_t>(r1 - r0) * g.width, 0.0);
            const double y_top = g.cell_centre(0, r0).y, y_bottom = g.cell_centre(0, r1 - 1).y;
            auto first = std::lower_bound(pts.begin(), pts.end(), y_bottom - sy_max,
                                          [](const ExactPoint& p, double y) { return p.y < y; });
            size_t polled = 0;
            for (auto it = first; it != pts.end() && it->y <= y_top + sy_max; ++it) {
                // A chunk of a large kernel may cost seconds: poll every 256 points.
                if ((++polled & 0xff) == 0 && (cancelled(opt.cancel) || stop.load(std::memory_order_relaxed))) {
                    stop = true;
                    return;
                }
                const ExactPoint& p = *it;
                // Rows and columns whose centres may lie within the support.
                const int ra =
                    std::max(r0, static_cast<int>(std::floor((g.region.max_y - (p.y + p.sy)) / g.cell - 0.5)));
                const int rb =
                    std::min(r1 - 1, static_cast<int>(std::ceil((g.region.max_y - (p.y - p.sy)) / g.cell - 0.5)));
                const int ca = std::max(0, static_cast<int>(std::floor((p.x - p.sx - g.region.min_x) / g.cell - 0.5)));
                const int cb =
                    std::min(g.width - 1, static_cast<int>(std::ceil((p.x + p.sx - g.region.min_x) / g.cell - 0.5)));
                for (int r = ra; r <= rb; ++r) {
                    // Ground metres per CRS unit between the point and the row: the mean of the two
                    // scales (the trapezoid rule along the meridian, the mean parallel eastwards).
                    const double kx = (row_scale[r].kx + p.kx) / 2, ky = (row_scale[r].ky + p.ky) / 2;
                    const double dy = (g.cell_centre(0, r).y - p.y) * ky;
                    double* row = acc.data() + static_cast<size_t>(r - r0) * g.width;
                    for (int c = ca; c <= cb; ++c) {
                        const double dx = (g.region.min_x + (c + 0.5) * g.cell - p.x) * kx;
                        const double k = kernel_value(spec, std::sqrt(dx * dx + dy * dy));
                        if (k != 0.0) row[c] += p.w * k;
                    }
                }
            }
            float* out = g.values.data() + static_cast<size_t>(r0) * g.width;
            for (size_t i = 0; i < acc.size(); ++i)
                out[i] = static_cast<float>(acc[i] * kPerKm2);
        }
    });
    if (stop || cancelled(opt.cancel)) return {};
    return g;
}

// ---- binned -----------------------------------------------------------------------------------

// The kernel sampled at cell offsets for one band of rows: per tap row dy in [-ry, ry], the
// columns dx in [-rx, rx] where it is not zero, in cameras per km² per unit of weight.
struct KernelTable {
    int rx = 0, ry = 0;
    std::vector<int> lo, hi;   // per tap row (index dy + ry): nonzero dx from lo to hi; lo > hi: none
    std::vector<size_t> start; // per tap row: its first value in `taps`
    std::vector<float> taps;
};

KernelTable build_table(const KernelSpec& spec, double cell, GroundScale k, int max_rx, int max_ry) {
    KernelTable t;
    const double support = spec.support_m();
    t.rx = std::min(max_rx, static_cast<int>(std::ceil(support / (k.kx * cell))));
    t.ry = std::min(max_ry, static_cast<int>(std::ceil(support / (k.ky * cell))));
    std::vector<double> values;
    double sum = 0;
    for (int dy = -t.ry; dy <= t.ry; ++dy) {
        int lo = t.rx + 1, hi = -t.rx - 1;
        std::vector<double> row(2 * t.rx + 1);
        for (int dx = -t.rx; dx <= t.rx; ++dx) {
            const double gx = dx * cell * k.kx, gy = dy * cell * k.ky;
            const double v = kernel_value(spec, std::sqrt(gx * gx + gy * gy));
            row[dx + t.rx] = v;
            if (v != 0.0) {
                lo = std::min(lo, dx);
                hi = std::max(hi, dx);
            }
        }
        t.lo.push_back(lo);
        t.hi.push_back(hi);
        t.start.push_back(values.size());
        for (int dx = lo; dx <= hi; ++dx) {
            values.push_back(row[dx + t.rx]);
            sum += row[dx + t.rx];
        }
    }
    // Scaled so that Σ taps × the cell's ground area = 1 (per m²; stored per km²). The centre tap
    // is K(0) > 0, so the sum is never zero.
    const double area = cell * cell * k.kx * k.ky;
    const double scale = kPerKm2 / (sum * area);
    t.taps.resize(values.size());
    for (size_t i = 0; i < values.size(); ++i)
        t.taps[i] = static_cast<float>(values[i] * scale);
    return t;
}

using F4 = float __attribute__((vector_size(16)));
constexpr int kLanes = 4;
constexpr int kBlock = 4 * kLanes; // output columns a pass keeps in registers

int round_up(int n, int m) { return (n + m - 1) / m * m; }

F4 load4(const float* p) {
    F4 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

// A point's share of the bins, once it is sorted to its bin row.
struct BinEntry {
    int32_t ix; // the left bin of its two columns (may be -1)
    float fx;   // its share of the right column
    float fy;   // its share of the lower row
    float w;
};

DensityGrid binned_density(const DensityInput& in, const DensityOptions& opt, DensityGrid g) {
    const KernelSpec& spec = opt.kernel;
    const double support = spec.support_m();
    const double cell = g.cell;
    // Padding: every bin whose kernel reaches the grid. Its scale is the smallest over the grid and
    // twice the padding around it.
    GroundScale low = smallest_scale(g.region.min_y, g.region.max_y, opt.mercator);
    const double reach = 2 * support / low.ky + cell;
    low = smallest_scale(g.region.min_y - reach, g.region.max_y + reach, opt.mercator);
    const int px = static_cast<int>(std::ceil(support / (low.kx * cell))) + 1;
    const int py = static_cast<int>(std::ceil(support / (low.ky * cell))) + 1;
    const int out_stride = round_up(g.width, kBlock);
    const int bin_stride = round_up(out_stride + 2 * px, kBlock);
    const int bin_rows = g.height + 2 * py;
    if (static_cast<double>(bin_stride) * bin_rows > 2 * kMaxCells)
        throw Error("the kernel radius is too large for this density grid: " + std::to_string(px) +
                    " cells of padding");

    // Bands of rows sharing a kernel table, fixed before the threads start so that the surface does
    // not depend on how many there are.
    std::vector<int> band_of_row(g.height);
    std::vector<GroundScale> band_scale;
    for (int r = 0; r < g.height; ++r) {
        const GroundScale k = scale_at(g.cell_centre(0, r).y, opt.mercator);
        if (band_scale.empty() || std::abs(k.kx / band_scale.back().kx - 1) > kBandTolerance ||
            std::abs(k.ky / band_scale.back().ky - 1) > kBandTolerance)
            band_scale.push_back(k);
        band_of_row[r] = static_cast<int>(band_scale.size()) - 1;
    }

    const int threads = thread_count(opt.threads, g.height);
    std::atomic<bool> stop{false};
    auto stopped = [&] {
        if (stop.load(std::memory_order_relaxed)) return true;
        if (cancelled(opt.cancel)) stop = true;
        return stop.load(std::memory_order_relaxed);
    };

    // 1. Linear binning, in three passes so that no pass scatters over the whole grid (a cache
    //    miss a point): the points are counted per bin row, sorted to their rows (a counting sort,
    //    stable: a row keeps its points in input order, on any number of threads), and each thread
    //    then adds the rows it owns. A point with upper row iy has key iy + 1 in [0, bin_rows].
    const double x0 = g.region.min_x, y0 = g.region.max_y;
    const size_t n = in.positions.size();
    const int keys = bin_rows + 1;
    auto locate = [&](size_t i, BinEntry& e) -> int {
        if (!passes(in, i)) return -1;
        const XY p = in.positions[i];
        // Continuous bin coordinates, 0 at the first bin's centre.
        const double gx = (p.x - x0) / cell - 0.5 + px;
        const double gy = (y0 - p.y) / cell - 0.5 + py;
        if (!(gy > -1.0 && gy < bin_rows) || !(gx > -1.0 && gx < bin_stride)) return -1;
        const double fx = std::floor(gx), fy = std::floor(gy);
        e = {static_cast<int32_t>(fx), static_cast<float>(gx - fx), static_cast<float>(gy - fy),
             static_cast<float>(weight_of(in, i))};
        return static_cast<int>(fy) + 1;
    };
    std::vector<size_t> counts(static_cast<size_t>(threads) * keys, 0);
    run_threads(threads, [&](int t) {
        size_t* count = counts.data() + static_cast<size_t>(t) * keys;
        BinEntry e;
        for (size_t i = n * t / threads, end = n * (t + 1) / threads; i < end; ++i) {
            if ((i & 0xffff) == 0 && stopped()) return;
            const int key = locate(i, e);
            if (key >= 0) ++count[key];
        }
    });
    if (stopped()) return {};
    // Offsets: by key, then by thread (whose runs are in input order).
    std::vector<size_t> key_start(keys + 1, 0);
    {
        size_t at = 0;
        for (int key = 0; key < keys; ++key) {
            key_start[key] = at;
            for (int t = 0; t < threads; ++t) {
                const size_t c = counts[static_cast<size_t>(t) * keys + key];
                counts[static_cast<size_t>(t) * keys + key] = at;
                at += c;
            }
        }
        key_start[keys] = at;
    }
    std::vector<BinEntry> entries(key_start[keys]);
    run_threads(threads, [&](int t) {
        size_t* next = counts.data() + static_cast<size_t>(t) * keys;
        BinEntry e;
        for (size_t i = n * t / threads, end = n * (t + 1) / threads; i < end; ++i) {
            if ((i & 0xffff) == 0 && stopped()) return;
            const int key = locate(i, e);
            if (key >= 0) entries[next[key]++] = e;
        }
    });
    if (stopped()) return {};
    std::vector<float> bins(static_cast<size_t>(bin_stride) * bin_rows, 0.0f);
    run_threads(threads, [&](int t) {
        std::vector<double> row(bin_stride + 2);
        for (int r = bin_rows * t / threads, end = bin_rows * (t + 1) / threads; r < end; ++r) {
            if (stopped()) return;
            std::fill(row.begin(), row.end(), 0.0);
            // Row r holds the lower share of the points of key r (upper row r − 1) and the upper
            // share of those of key r + 1. row[0] is column −1.
            for (int part = 0; part < 2; ++part) {
                const int key = r + part;
                for (size_t j = key_start[key]; j < key_start[key + 1]; ++j) {
                    const BinEntry& e = entries[j];
                    const double wy = static_cast<double>(e.w) * (part == 0 ? e.fy : 1.0 - e.fy);
                    row[e.ix + 1] += wy * (1.0 - e.fx);
                    row[e.ix + 2] += wy * e.fx;
                }
            }
            float* b = bins.data() + static_cast<size_t>(r) * bin_stride;
            for (int c = 0; c < bin_stride; ++c)
                b[c] = static_cast<float>(row[c + 1]);
        }
    });
    if (stopped()) return {};

    // 2. Convolution, a contiguous block of rows per thread (every row costs the same). Output row
    //    r is bin row r + py; tap (dx, dy) reads bin (c + px + dx, r + py + dy). Each pass keeps
    //    16 output columns in registers over all the taps.
    g.values.assign(static_cast<size_t>(g.width) * g.height, 0.0f);
    run_threads(threads, [&](int t) {
        const int r0 = g.height * t / threads, r1 = g.height * (t + 1) / threads;
        std::vector<float> out(out_stride);
        KernelTable table;
        int table_band = -1;
        for (int r = r0; r < r1; ++r) {
            if (stopped()) return;
            if (band_of_row[r] != table_band) {
                table_band = band_of_row[r];
                table = build_table(spec, cell, band_scale[table_band], px - 1, py - 1);
            }
            for (int c = 0; c < out_stride; c += kBlock) {
                F4 a0{}, a1{}, a2{}, a3{};
                for (int dy = -table.ry; dy <= table.ry; ++dy) {
                    const int ti = dy + table.ry;
                    const float* tap = table.taps.data() + table.start[ti];
                    const float* src = bins.data() + static_cast<size_t>(r + py + dy) * bin_stride + px + c;
                    for (int dx = table.lo[ti]; dx <= table.hi[ti]; ++dx) {
                        const float k = *tap++;
                        const F4 kv = {k, k, k, k};
                        const float* s = src + dx;
                        a0 += kv * load4(s);
                        a1 += kv * load4(s + 4);
                        a2 += kv * load4(s + 8);
                        a3 += kv * load4(s + 12);
                    }
                }
                std::memcpy(out.data() + c, &a0, sizeof a0);
                std::memcpy(out.data() + c + 4, &a1, sizeof a1);
                std::memcpy(out.data() + c + 8, &a2, sizeof a2);
                std::memcpy(out.data() + c + 12, &a3, sizeof a3);
            }
            std::memcpy(g.values.data() + static_cast<size_t>(r) * g.width, out.data(), sizeof(float) * g.width);
        }
    });
    if (stopped()) return {};
    return g;
}

} // namespace

DensityGrid kernel_density(const DensityInput& input, const DensityOptions& options) {
    check_input(input, options);
    DensityGrid grid = make_grid(options);
    if (cancelled(options.cancel)) return {};
    return options.method == DensityMethod::exact ? exact_density(input, options, std::move(grid))
                                                  : binned_density(input, options, std::move(grid));
}

BBox density_extent(const DensityInput& input, const KernelSpec& kernel, bool mercator) {
    BBox box;
    for (size_t i = 0; i < input.positions.size(); ++i)
        if (passes(input, i)) box.extend(input.positions[i]);
    if (box.empty()) return box;
    const double support = kernel.support_m();
    GroundScale low = smallest_scale(box.min_y, box.max_y, mercator);
    const double reach = 2 * support / low.ky;
    low = smallest_scale(box.min_y - reach, box.max_y + reach, mercator);
    const double ex = support / low.kx, ey = support / low.ky;
    return {box.min_x - ex, box.min_y - ey, box.max_x + ex, box.max_y + ey};
}

namespace {

// density_peak's exact sums at single places: the passing points counted into square buckets of
// the kernel's reach, so that a place sums the points of its bucket and the eight around it.
class PointBuckets {
public:
    // The passing points within the kernel's reach of `region`; at() is exact inside `region`.
    PointBuckets(const DensityInput& in, const KernelSpec& kernel, const BBox& region, bool mercator)
        : m_kernel(kernel), m_support2(kernel.support_m() * kernel.support_m()), m_mercator(mercator) {
        // The reach in CRS units where the ground scale is smallest, so that no bucket is too
        // small; larger buckets where the region would need more than about 1M of them.
        const GroundScale low = smallest_scale(region.min_y, region.max_y, mercator);
        const double reach = kernel.support_m() / std::min(low.kx, low.ky);
        const BBox box{region.min_x - reach, region.min_y - reach, region.max_x + reach, region.max_y + reach};
        m_size = std::max(reach, std::sqrt(box.width() * box.height() / kPeakCells));
        m_x0 = box.min_x;
        m_y0 = box.min_y;
        m_cols = std::max(1, static_cast<int>(std::ceil(box.width() / m_size)));
        m_rows = std::max(1, static_cast<int>(std::ceil(box.height() / m_size)));
        std::vector<uint32_t> count(static_cast<size_t>(m_cols) * m_rows + 1, 0);
        std::vector<std::pair<uint32_t, uint32_t>> inside; // (bucket, point)
        for (size_t i = 0; i < in.positions.size(); ++i)
            if (box.contains(in.positions[i]) && passes(in, i)) {
                inside.push_back({bucket(in.positions[i]), static_cast<uint32_t>(i)});
                ++count[inside.back().first + 1];
            }
        std::partial_sum(count.begin(), count.end(), count.begin());
        m_start = count;
        m_points.resize(inside.size());
        for (const auto& [b, i] : inside)
            m_points[count[b]++] = {in.positions[i], weight_of(in, i)};
    }

    // The surface at `q` in cameras per km², as the exact surface computes a cell centre but with
    // the ground scale of `q` for every pair (within 1e-5 of the mean of both over a kernel).
    double at(XY q) const {
        const GroundScale k = scale_at(q.y, m_mercator);
        const int bx = std::clamp(static_cast<int>(std::floor((q.x - m_x0) / m_size)), 0, m_cols - 1);
        const int by = std::clamp(static_cast<int>(std::floor((q.y - m_y0) / m_size)), 0, m_rows - 1);
        double sum = 0;
        for (int y = std::max(0, by - 1); y <= std::min(m_rows - 1, by + 1); ++y) {
            const size_t row = static_cast<size_t>(y) * m_cols;
            const size_t first = m_start[row + std::max(0, bx - 1)];
            const size_t last = m_start[row + std::min(m_cols - 1, bx + 1) + 1];
            for (size_t j = first; j < last; ++j) {
                const double dx = (q.x - m_points[j].p.x) * k.kx, dy = (q.y - m_points[j].p.y) * k.ky;
                const double d2 = dx * dx + dy * dy;
                if (d2 < m_support2) sum += m_points[j].w * kernel_value(m_kernel, std::sqrt(d2));
            }
        }
        return sum * kPerKm2;
    }

private:
    struct Weighted {
        XY p;
        double w;
    };
    uint32_t bucket(XY p) const {
        const int bx = std::clamp(static_cast<int>(std::floor((p.x - m_x0) / m_size)), 0, m_cols - 1);
        const int by = std::clamp(static_cast<int>(std::floor((p.y - m_y0) / m_size)), 0, m_rows - 1);
        return static_cast<uint32_t>(static_cast<size_t>(by) * m_cols + bx);
    }
    KernelSpec m_kernel;
    double m_support2; // m²: K is 0 from the support on
    bool m_mercator;
    double m_size = 1, m_x0 = 0, m_y0 = 0;
    int m_cols = 1, m_rows = 1;
    std::vector<uint32_t> m_start; // per bucket (row-major), its first point; one more at the end
    std::vector<Weighted> m_points;
};

} // namespace

double density_peak(const DensityInput& input, const KernelSpec& kernel, bool mercator) {
    return density_peak(input, kernel, mercator, density_extent(input, kernel, mercator));
}

double density_peak(const DensityInput& input, const KernelSpec& kernel, bool mercator, const BBox& extent) {
    if (extent.empty() || !(kernel.radius_m > 0)) return 0.0;
    // 1. Where the peak may be: a binned surface at a quarter of the radius (coarser when that would
    //    exceed about 1M cells). Its cells within kPeakShare of its top are the candidates: the
    //    true peak is at most half a cell's diagonal from a cell centre, where even a single
    //    quartic kernel keeps 94 % of its height at a quarter radius (a triangular one 82 %).
    const GroundScale k = scale_at(extent.center().y, mercator);
    double cell = kernel.radius_m / 4 / k.kx;
    const double cells = std::ceil(extent.width() / cell) * std::ceil(extent.height() / cell);
    if (cells > kPeakCells) cell *= std::sqrt(cells / kPeakCells) * 1.0001;
    DensityOptions opt;
    opt.kernel = kernel;
    opt.region = extent;
    opt.cell = cell;
    opt.mercator = mercator;
    opt.method = DensityMethod::binned;
    const DensityGrid coarse = kernel_density(input, opt);
    const double top = coarse.max_value();
    if (!(top > 0)) return 0.0;
    std::vector<std::pair<float, uint32_t>> candidates;
    for (size_t i = 0; i < coarse.values.size(); ++i)
        if (coarse.values[i] >= kPeakShare * top) candidates.push_back({coarse.values[i], static_cast<uint32_t>(i)});
    // Highest first, ties by place, so that the same points give the same candidates.
    const auto higher = [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    };
    if (candidates.size() > kPeakCandidates) {
        std::partial_sort(candidates.begin(), candidates.begin() + kPeakCandidates, candidates.end(), higher);
        candidates.resize(kPeakCandidates);
    } else {
        std::sort(candidates.begin(), candidates.end(), higher);
    }

    // 2. The exact surface at every candidate's centre; from the best kPeakClimbs of them, a climb
    //    on the exact surface: the best of the eight neighbours at a step, halved when none is
    //    higher, from half a cell down to a 256th of the radius.
    // Every climb ends within a cell of its candidate: the exact sums are needed there only.
    BBox near;
    for (const auto& c : candidates)
        near.extend(
            coarse.cell_centre(static_cast<int>(c.second % coarse.width), static_cast<int>(c.second / coarse.width)));
    near = {near.min_x - cell, near.min_y - cell, near.max_x + cell, near.max_y + cell};
    const PointBuckets points(input, kernel, near, mercator);
    std::vector<std::pair<double, XY>> starts(candidates.size());
    const int threads = thread_count(0, static_cast<int>(candidates.size()));
    run_threads(threads, [&](int t) {
        for (size_t i = t; i < candidates.size(); i += threads) {
            const int col = static_cast<int>(candidates[i].second % coarse.width);
            const int row = static_cast<int>(candidates[i].second / coarse.width);
            const XY c = coarse.cell_centre(col, row);
            starts[i] = {points.at(c), c};
        }
    });
    std::stable_sort(starts.begin(), starts.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    starts.resize(std::min(starts.size(), kPeakClimbs));
    const double finest = kernel.radius_m / 256 / k.kx;
    std::vector<double> climbed(starts.size());
    run_threads(thread_count(0, static_cast<int>(starts.size())), [&](int t) {
        const int n = thread_count(0, static_cast<int>(starts.size()));
        for (size_t i = t; i < starts.size(); i += n) {
            auto [best, at] = starts[i];
            for (double step = cell / 2; step >= finest;) {
                double next = best;
                XY next_at = at;
                for (int dy = -1; dy <= 1; ++dy)
                    for (int dx = -1; dx <= 1; ++dx) {
                        if (dx == 0 && dy == 0) continue;
                        const XY q{std::clamp(at.x + dx * step, near.min_x, near.max_x),
                                   std::clamp(at.y + dy * step, near.min_y, near.max_y)};
                        const double v = points.at(q);
                        if (v > next) {
                            next = v;
                            next_at = q;
                        }
                    }
                if (next > best) {
                    best = next;
                    at = next_at;
                } else {
                    step /= 2;
                }
            }
            climbed[i] = best;
        }
    });
    return *std::max_element(climbed.begin(), climbed.end());
}

double cell_ground_area_m2(const DensityGrid& grid, int row, bool mercator) {
    const GroundScale k = scale_at(grid.cell_centre(0, row).y, mercator);
    return grid.cell * grid.cell * k.kx * k.ky;
}

} // namespace oko::geo
