#include "geo/point_duplicates.hpp"

#include <cmath>

#include <geodesic.h>

namespace oko::geo {

namespace {

constexpr double earth_radius_m = 6'371'008.8;
constexpr double deg = M_PI / 180.0;

const geod_geodesic& wgs84() {
    static const geod_geodesic g = [] {
        geod_geodesic init{};
        geod_init(&init, 6'378'137.0, 1 / 298.257223563);
        return init;
    }();
    return g;
}

uint64_t mix(int32_t ix, int32_t iy, int32_t iz) {
    uint64_t h = static_cast<uint32_t>(ix);
    h = h * 0x9E3779B97F4A7C15ULL ^ static_cast<uint32_t>(iy);
    h = h * 0x9E3779B97F4A7C15ULL ^ static_cast<uint32_t>(iz);
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 32);
}

} // namespace

double geodesic_distance_m(double lon1, double lat1, double lon2, double lat2) {
    double s12 = 0;
    geod_inverse(&wgs84(), lat1, lon1, lat2, lon2, &s12, nullptr, nullptr);
    return s12;
}

// Cubes twice the distance wide: the box of half-width `distance` around a point then meets at
// most two cells along each axis. Chords are shorter than arcs, so no neighbour is missed;
// the sphere differs from the ellipsoid by less than 0.5 %, which the margin absorbs.
DuplicateIndex::DuplicateIndex(double distance_m)
    : m_distance(distance_m), m_cell(2.0 * distance_m * 1.01), m_cells(1024) {}

size_t DuplicateIndex::slot_of(int32_t ix, int32_t iy, int32_t iz) const {
    const size_t mask = m_cells.size() - 1;
    size_t slot = mix(ix, iy, iz) & mask;
    while (m_cells[slot].head >= 0 &&
           !(m_cells[slot].ix == ix && m_cells[slot].iy == iy && m_cells[slot].iz == iz))
        slot = (slot + 1) & mask;
    return slot;
}

void DuplicateIndex::grow() {
    std::vector<Cell> old(m_cells.size() * 2);
    old.swap(m_cells);
    for (const auto& cell : old)
        if (cell.head >= 0) m_cells[slot_of(cell.ix, cell.iy, cell.iz)] = cell;
}

std::optional<DuplicateIndex::Match> DuplicateIndex::nearest(double lon, double lat) const {
    if (m_distance <= 0 || m_entries.empty()) return std::nullopt;
    const double x = earth_radius_m * std::cos(lat * deg) * std::cos(lon * deg);
    const double y = earth_radius_m * std::cos(lat * deg) * std::sin(lon * deg);
    const double z = earth_radius_m * std::sin(lat * deg);
    const double r = m_distance * 1.01;
    const auto lo = [&](double v) { return static_cast<int32_t>(std::floor((v - r) / m_cell)); };
    const auto hi = [&](double v) { return static_cast<int32_t>(std::floor((v + r) / m_cell)); };
    std::optional<Match> best;
    for (int32_t ix = lo(x); ix <= hi(x); ++ix)
        for (int32_t iy = lo(y); iy <= hi(y); ++iy)
            for (int32_t iz = lo(z); iz <= hi(z); ++iz) {
                const auto& cell = m_cells[slot_of(ix, iy, iz)];
                for (int32_t e = cell.head; e >= 0; e = m_entries[static_cast<size_t>(e)].next) {
                    const auto& entry = m_entries[static_cast<size_t>(e)];
                    const double dx = entry.x - x, dy = entry.y - y, dz = entry.z - z;
                    if (dx * dx + dy * dy + dz * dz > r * r) continue;
                    const double d = geodesic_distance_m(lon, lat, entry.lon, entry.lat);
                    if (d <= m_distance && (!best || d < best->distance_m)) best = Match{entry.ref, entry.existing, d};
                }
            }
    return best;
}

void DuplicateIndex::insert(double lon, double lat, int64_t ref, bool existing) {
    if (m_distance <= 0) return;
    Entry entry{lon, lat,
                earth_radius_m * std::cos(lat * deg) * std::cos(lon * deg),
                earth_radius_m * std::cos(lat * deg) * std::sin(lon * deg),
                earth_radius_m * std::sin(lat * deg), ref, -1, existing};
    const auto ix = static_cast<int32_t>(std::floor(entry.x / m_cell));
    const auto iy = static_cast<int32_t>(std::floor(entry.y / m_cell));
    const auto iz = static_cast<int32_t>(std::floor(entry.z / m_cell));
    if ((m_used + 1) * 2 > m_cells.size()) grow();
    auto& cell = m_cells[slot_of(ix, iy, iz)];
    if (cell.head < 0) {
        cell.ix = ix; cell.iy = iy; cell.iz = iz;
        ++m_used;
    }
    entry.next = cell.head;
    cell.head = static_cast<int32_t>(m_entries.size());
    m_entries.push_back(entry);
}

} // namespace oko::geo
