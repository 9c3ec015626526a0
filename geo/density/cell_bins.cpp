#include "geo/density/cell_bins.hpp"

#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/density/density_grid.hpp"

#include <geodesic.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>

namespace oko::geo {

namespace {

constexpr double kSqrt3 = 1.7320508075688772;

std::string format(const char* pattern, double a, double b = 0, double c = 0, double d = 0) {
    const int n = std::snprintf(nullptr, 0, pattern, a, b, c, d);
    std::string out(static_cast<size_t>(std::max(n, 0)) + 1, '\0');
    std::snprintf(out.data(), out.size(), pattern, a, b, c, d);
    out.resize(static_cast<size_t>(std::max(n, 0)));
    return out;
}

// Floor division by two of a signed row, and its parity, for the odd-r offset coordinates.
int64_t half_floor(int64_t r) { return r >= 0 ? r / 2 : -((-r + 1) / 2); }
bool odd(int64_t r) { return (r % 2) != 0; }

} // namespace

std::string_view cell_shape_name(CellShape shape) {
    switch (shape) {
    case CellShape::hexagon:
        return "hexagon";
    case CellShape::square:
        return "square";
    }
    return "";
}

std::optional<CellShape> parse_cell_shape(std::string_view name) {
    if (name == "hexagon" || name == "hex") return CellShape::hexagon;
    if (name == "square" || name == "grid") return CellShape::square;
    return std::nullopt;
}

CellLattice::CellLattice(const CellBinSpec& spec, double reference_lat) : m_spec(spec), m_reference_lat(reference_lat) {
    if (!(spec.size_m >= kMinCellSizeM && spec.size_m <= kMaxCellSizeM))
        throw Error(format("a cell's size must be between %.0f m and %.0f m, not %g m", kMinCellSizeM, kMaxCellSizeM,
                           spec.size_m));
    if (!(std::abs(reference_lat) <= kMercatorMaxLat))
        throw Error(
            format("the bins' reference latitude must be within ±%.2f°, not %g°", kMercatorMaxLat, reference_lat));
    // Mercator on the ellipsoid is not quite conformal (east and north scales differ by 0.3 % at
    // 45°): the geometric mean of the two makes the cell's ground area the nominal one there.
    const auto scale = mercator_ground_scale(to_mercator({0.0, reference_lat}).y);
    m_size = spec.size_m / std::sqrt(scale.kx * scale.ky);
    m_width = kSqrt3 * m_size;
}

CellId CellLattice::cell_at(XY p) const {
    if (m_spec.shape == CellShape::square)
        return {static_cast<int64_t>(std::floor(p.x / m_size)), static_cast<int64_t>(std::floor(p.y / m_size))};
    // Pointy-topped hexagons in axial coordinates (q along a row, r northwards), rounded in cube
    // coordinates (q + r + s = 0): the nearest centre, as in A. Patel, "Hexagonal Grids" (Red Blob
    // Games, 2013), from the lattice's definition.
    const double fq = (p.x * (kSqrt3 / 3.0) - p.y / 3.0) / m_size;
    const double fr = (p.y * (2.0 / 3.0)) / m_size;
    const double fs = -fq - fr;
    double q = std::round(fq), r = std::round(fr);
    const double s = std::round(fs);
    const double dq = std::abs(q - fq), dr = std::abs(r - fr), ds = std::abs(s - fs);
    if (dq > dr && dq > ds)
        q = -r - s;
    else if (dr > ds)
        r = -q - s;
    const auto row = static_cast<int64_t>(r);
    return {static_cast<int64_t>(q) + half_floor(row), row};
}

XY CellLattice::centre(CellId c) const {
    if (m_spec.shape == CellShape::square) return {(c.col + 0.5) * m_size, (c.row + 0.5) * m_size};
    return {m_width * (static_cast<double>(c.col) + (odd(c.row) ? 0.5 : 0.0)),
            1.5 * m_size * static_cast<double>(c.row)};
}

std::array<XY, 6> CellLattice::corners(CellId c) const {
    std::array<XY, 6> out{};
    const XY o = centre(c);
    if (m_spec.shape == CellShape::square) {
        const double h = m_size / 2;
        out[0] = {o.x - h, o.y - h};
        out[1] = {o.x + h, o.y - h};
        out[2] = {o.x + h, o.y + h};
        out[3] = {o.x - h, o.y + h};
        return out;
    }
    // Corners at 30° + 60°·i: the two at 90° and 270° make it pointy-topped.
    const double h = m_width / 2, q = m_size / 2;
    out[0] = {o.x + h, o.y + q};
    out[1] = {o.x, o.y + m_size};
    out[2] = {o.x - h, o.y + q};
    out[3] = {o.x - h, o.y - q};
    out[4] = {o.x, o.y - m_size};
    out[5] = {o.x + h, o.y - q};
    return out;
}

double CellLattice::area_km2(CellId c) const {
    // Mercator's ground scale does not change along a row, so column 0 stands for every cell of it
    // (the corners' longitudes then stay within ±180°).
    const auto pts = corners({odd(c.row) ? -1 : 0, c.row});
    const int n = corner_count();
    double lats[6], lons[6];
    for (int i = 0; i < n; ++i) {
        const LonLat ll = from_mercator(pts[static_cast<size_t>(i)]);
        lats[i] = ll.lat;
        lons[i] = ll.lon;
    }
    geod_geodesic g;
    geod_init(&g, 6378137.0, 1.0 / 298.257223563);
    double area = 0, perimeter = 0;
    geod_polygonarea(&g, lats, lons, n, &area, &perimeter);
    return std::abs(area) / 1e6;
}

std::string describe_method(const CellLattice& lattice) {
    const auto& spec = lattice.spec();
    const double metres_per_mercator = spec.size_m / lattice.mercator_size();
    const std::string shape =
        spec.shape == CellShape::hexagon
            ? format("hexagons of %g m side (pointy-topped, %.0f m flat to flat)", spec.size_m, kSqrt3 * spec.size_m)
            : format("squares of %g m side", spec.size_m);
    const double lat = lattice.reference_lat();
    return shape + ", regular in Web Mercator, anchored at Web Mercator (0, 0), sized at " +
           format("%.4f°", std::abs(lat)) + (lat < 0 ? "S" : "N") +
           format(" (1 Mercator metre = %.4f ground metres there); edges straight in Web Mercator; each cell's "
                  "area geodesic on the WGS84 ellipsoid (PROJ geod_polygonarea of its corners)",
                  metres_per_mercator);
}

CellBins bin_points(std::span<const XY> points, std::span<const uint8_t> pass, std::span<const float> weights,
                    const CellBinSpec& spec, double reference_lat) {
    if (!pass.empty() && pass.size() != points.size())
        throw Error("the pass flags (" + std::to_string(pass.size()) + ") are not one per point (" +
                    std::to_string(points.size()) + ")");
    if (!weights.empty() && weights.size() != points.size())
        throw Error("the weights (" + std::to_string(weights.size()) + ") are not one per point (" +
                    std::to_string(points.size()) + ")");
    const CellLattice lattice(spec, reference_lat);
    CellBins out;
    out.spec = spec;
    out.reference_lat = reference_lat;
    out.mercator_size = lattice.mercator_size();
    out.method = describe_method(lattice);

    // First pass: each counted point's cell, and their extent.
    std::vector<CellId> ids;
    std::vector<uint32_t> index; // the point of each id, for its weight
    ids.reserve(points.size());
    if (!weights.empty()) index.reserve(points.size());
    int64_t min_col = std::numeric_limits<int64_t>::max(), max_col = std::numeric_limits<int64_t>::min();
    int64_t min_row = min_col, max_row = max_col;
    for (size_t i = 0; i < points.size(); ++i) {
        if (!pass.empty() && !pass[i]) continue;
        const XY p = points[i];
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
        const CellId c = lattice.cell_at(p);
        ids.push_back(c);
        if (!weights.empty()) index.push_back(static_cast<uint32_t>(i));
        min_col = std::min(min_col, c.col);
        max_col = std::max(max_col, c.col);
        min_row = std::min(min_row, c.row);
        max_row = std::max(max_row, c.row);
    }
    out.points = static_cast<int64_t>(ids.size());
    if (ids.empty()) return out;

    // Keys in output order: north to south, then west to east.
    const auto cols = static_cast<uint64_t>(max_col - min_col) + 1;
    const auto rows = static_cast<uint64_t>(max_row - min_row) + 1;
    const auto key = [&](CellId c) {
        return static_cast<uint64_t>(max_row - c.row) * cols + static_cast<uint64_t>(c.col - min_col);
    };
    const auto weight_of = [&](size_t n) {
        if (weights.empty()) return 1.0;
        const float w = weights[index[n]];
        return std::isfinite(w) ? static_cast<double>(w) : 0.0;
    };

    int64_t area_row = std::numeric_limits<int64_t>::min();
    double area = 0;
    const auto emit = [&](uint64_t k, int64_t count, double weight) {
        BinCell cell;
        cell.id = {min_col + static_cast<int64_t>(k % cols), max_row - static_cast<int64_t>(k / cols)};
        cell.corners = lattice.corners(cell.id);
        cell.corner_count = lattice.corner_count();
        cell.centre = lattice.centre(cell.id);
        cell.count = count;
        cell.weight = weight;
        if (cell.id.row != area_row) { // rows come in order: one area per row
            area_row = cell.id.row;
            area = lattice.area_km2(cell.id);
        }
        cell.area_km2 = area;
        out.cells.push_back(cell);
    };

    const uint64_t dense_limit = std::min<uint64_t>(uint64_t{1} << 24, std::max<uint64_t>(4 * ids.size(), 1 << 16));
    if (rows <= dense_limit / cols) {
        std::vector<uint32_t> counts(cols * rows, 0);
        std::vector<double> sums(weights.empty() ? 0 : cols * rows, 0.0);
        for (size_t n = 0; n < ids.size(); ++n) {
            const uint64_t k = key(ids[n]);
            ++counts[k];
            if (!weights.empty()) sums[k] += weight_of(n);
        }
        for (uint64_t k = 0; k < counts.size(); ++k)
            if (counts[k]) emit(k, counts[k], weights.empty() ? counts[k] : sums[k]);
        return out;
    }
    // Spread out: sort the keys (with the point each came from, for its weight).
    std::vector<std::pair<uint64_t, uint32_t>> keyed(ids.size());
    for (size_t n = 0; n < ids.size(); ++n)
        keyed[n] = {key(ids[n]), static_cast<uint32_t>(n)};
    std::sort(keyed.begin(), keyed.end());
    for (size_t a = 0; a < keyed.size();) {
        size_t b = a;
        double sum = 0;
        while (b < keyed.size() && keyed[b].first == keyed[a].first)
            sum += weight_of(keyed[b++].second);
        emit(keyed[a].first, static_cast<int64_t>(b - a), sum);
        a = b;
    }
    return out;
}

double estimate_cells(const BBox& region, const CellBinSpec& spec, double reference_lat) {
    if (region.empty()) return 0.0;
    const CellLattice lattice(spec, reference_lat);
    const double s = lattice.mercator_size();
    if (spec.shape == CellShape::square)
        return (std::floor(region.width() / s) + 2) * (std::floor(region.height() / s) + 2);
    return (std::floor(region.width() / (kSqrt3 * s)) + 2) * (std::floor(region.height() / (1.5 * s)) + 2);
}

double reference_latitude(std::span<const XY> points) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto& p : points) {
        if (!std::isfinite(p.y)) continue;
        lo = std::min(lo, p.y);
        hi = std::max(hi, p.y);
    }
    if (lo > hi) return 0.0;
    return (from_mercator({0, lo}).lat + from_mercator({0, hi}).lat) / 2;
}

} // namespace oko::geo
