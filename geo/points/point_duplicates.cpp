#include "geo/points/point_duplicates.hpp"

#include <algorithm>
#include <cmath>

#include <geodesic.h>
#include <sys/mman.h>

namespace oko::geo {

namespace {

constexpr double deg = M_PI / 180.0;
// A degree of the mean-radius sphere. The ellipsoid's degrees differ by under 0.6 %, which the
// margins below absorb.
constexpr double metres_per_degree = 6'371'008.8 * deg;
constexpr double margin = 1.02;
constexpr double wgs84_a = 6'378'137.0;
constexpr double wgs84_f = 1 / 298.257223563;
constexpr double wgs84_e2 = wgs84_f * (2 - wgs84_f);

const geod_geodesic& wgs84() {
    static const geod_geodesic g = [] {
        geod_geodesic init{};
        geod_init(&init, wgs84_a, wgs84_f);
        return init;
    }();
    return g;
}

// splitmix64's finaliser over the cell's row and column.
uint64_t mix(int32_t row, int32_t column) {
    uint64_t h = (static_cast<uint64_t>(static_cast<uint32_t>(row)) << 32) ^ static_cast<uint32_t>(column);
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ULL;
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBULL;
    return h ^ (h >> 31);
}

} // namespace

void* detail::allocate_huge(size_t bytes) {
    constexpr size_t huge = size_t{2} << 20;
    void* p = nullptr;
    if (bytes >= huge) {
        p = std::aligned_alloc(huge, (bytes + huge - 1) / huge * huge);
        if (p) ::madvise(p, bytes, MADV_HUGEPAGE);
    } else {
        p = std::malloc(bytes);
    }
    if (!p) throw std::bad_alloc();
    return p;
}

double geodesic_distance_m(double lon1, double lat1, double lon2, double lat2) {
    double s12 = 0;
    geod_inverse(&wgs84(), lat1, lon1, lat2, lon2, &s12, nullptr, nullptr);
    return s12;
}

// Cells twice the distance high: a query box of twice the distance then meets two rows and
// two columns. Larger cells mean fewer probes but longer chains, and where reports crowd (a
// district where every new point is a duplicate) each link of a chain is a cache miss; at
// twice the distance a crowded cell holds about four points.
DuplicateIndex::DuplicateIndex(double distance_m)
    : m_distance(distance_m), m_cell_deg(std::max(2.0 * distance_m * margin, 1.0) / metres_per_degree), m_cells(1024) {}

// Columns are as wide as the cell is high at the row's edge nearest the pole, so wider in
// degrees towards the poles; near a pole one column spans the whole circle.
double DuplicateIndex::column_width(int32_t row) const {
    const double edge = std::min(90.0, std::max(std::abs(row * m_cell_deg), std::abs((row + 1) * m_cell_deg)));
    const double c = std::cos(edge * deg);
    return c * 360.0 <= m_cell_deg ? 360.0 : std::min(360.0, m_cell_deg / c);
}

size_t DuplicateIndex::slot_of(int32_t row, int32_t column) const {
    const size_t mask = m_cells.size() - 1;
    size_t slot = mix(row, column) & mask;
    while (m_cells[slot].head >= 0 && !(m_cells[slot].row == row && m_cells[slot].column == column))
        slot = (slot + 1) & mask;
    return slot;
}

void DuplicateIndex::rehash(size_t slots) {
    std::vector<Cell, detail::HugePageAllocator<Cell>> old(slots);
    old.swap(m_cells);
    for (const auto& cell : old)
        if (cell.head >= 0) m_cells[slot_of(cell.row, cell.column)] = cell;
}

void DuplicateIndex::reserve(size_t points) {
    m_entries.reserve(points);
    size_t slots = m_cells.size();
    while (slots * 7 < points * 10)
        slots *= 2;
    if (slots > m_cells.size()) rehash(slots);
}

std::optional<DuplicateIndex::Match> DuplicateIndex::nearest(double lon, double lat) const {
    if (m_distance <= 0 || m_entries.empty()) return std::nullopt;
    const double reach_lat = m_distance * margin / metres_per_degree;
    const double lon0 = lon + 180.0;
    const double cos_lat = std::cos(lat * deg);
    const double c = std::cos(std::min(90.0, std::abs(lat) + reach_lat) * deg);
    const double reach_lon = c * 360.0 <= reach_lat ? 360.0 : reach_lat / c;

    // The cells are scattered through a table far larger than the caches: find them all and
    // ask for their memory first, so that the waits overlap.
    constexpr int max_cells = 16;
    struct Key {
        int32_t row, column;
    };
    Key keys[max_cells];
    int count = 0;
    const size_t mask = m_cells.size() - 1;
    const auto first_row = static_cast<int32_t>(std::floor((lat - reach_lat) / m_cell_deg));
    const auto last_row = static_cast<int32_t>(std::floor((lat + reach_lat) / m_cell_deg));
    for (int32_t row = first_row; row <= last_row && count < max_cells; ++row) {
        const double width = column_width(row);
        const auto n = static_cast<int32_t>(std::ceil(360.0 / width - 1e-9));
        const auto first = static_cast<int64_t>(std::floor((lon0 - reach_lon) / width));
        const auto last =
            std::min<int64_t>(static_cast<int64_t>(std::floor((lon0 + reach_lon) / width)), first + n - 1);
        for (int64_t k = first; k <= last && count < max_cells; ++k) {
            const auto column = static_cast<int32_t>(((k % n) + n) % n);
            keys[count++] = {row, column};
            __builtin_prefetch(&m_cells[mix(row, column) & mask]);
        }
    }

    // A flat-earth estimate on the ellipsoid's radii of curvature at this latitude rules out
    // most candidates before the geodesic is solved. Within the distances a duplicate check
    // uses it is good to far better than the 1 % allowed here; near the poles and beyond
    // 100 km only the loose test in degrees is trusted.
    const bool flat = std::abs(lat) < 89 && m_distance <= 100'000;
    const double sin_lat = std::sin(lat * deg);
    const double w = 1 - wgs84_e2 * sin_lat * sin_lat;
    const double normal_m = wgs84_a / std::sqrt(w) * deg * cos_lat;                // per degree of longitude
    const double meridian_m = wgs84_a * (1 - wgs84_e2) / (w * std::sqrt(w)) * deg; // per degree of latitude
    const double flat_reach2 = (m_distance * 1.01) * (m_distance * 1.01);

    std::optional<Match> best;
    const auto consider = [&](int32_t e, double entry_lon, double entry_lat) {
        double dlon = std::abs(entry_lon - lon);
        if (dlon > 180) dlon = 360 - dlon;
        if (flat) {
            const double x = dlon * normal_m, y = (entry_lat - lat) * meridian_m;
            if (x * x + y * y > flat_reach2) return;
        }
        const double dx = dlon * cos_lat, dy = entry_lat - lat;
        if (dx * dx + dy * dy > 4 * reach_lat * reach_lat && std::abs(lat) < 89) return;
        const double d = geodesic_distance_m(lon, lat, entry_lon, entry_lat);
        if (d <= m_distance && (!best || d < best->distance_m)) {
            const auto& entry = m_entries[static_cast<size_t>(e)];
            best = Match{entry.ref, entry.existing, d};
        }
    };
    const Cell* cells[max_cells];
    for (int i = 0; i < count; ++i) {
        cells[i] = &m_cells[slot_of(keys[i].row, keys[i].column)];
        if (cells[i]->second >= 0) __builtin_prefetch(&m_entries[static_cast<size_t>(cells[i]->second)]);
    }
    for (int i = 0; i < count; ++i) {
        const Cell& cell = *cells[i];
        if (cell.head < 0) continue;
        consider(cell.head, cell.lon, cell.lat);
        for (int32_t e = cell.second; e >= 0; e = m_entries[static_cast<size_t>(e)].next) {
            const auto& entry = m_entries[static_cast<size_t>(e)];
            consider(e, entry.lon, entry.lat);
        }
    }
    return best;
}

void DuplicateIndex::insert(double lon, double lat, int64_t ref, bool existing) {
    if (m_distance <= 0) return;
    const auto row = static_cast<int32_t>(std::floor(lat / m_cell_deg));
    const double width = column_width(row);
    const auto n = static_cast<int32_t>(std::ceil(360.0 / width - 1e-9));
    const auto column =
        static_cast<int32_t>(std::clamp<int64_t>(static_cast<int64_t>(std::floor((lon + 180.0) / width)), 0, n - 1));
    if ((m_used + 1) * 10 > m_cells.size() * 7) rehash(m_cells.size() * 2);
    auto& cell = m_cells[slot_of(row, column)];
    if (cell.head < 0) {
        cell.row = row;
        cell.column = column;
        ++m_used;
    }
    m_entries.push_back({lon, lat, ref, cell.head, existing});
    cell.second = cell.head;
    cell.head = static_cast<int32_t>(m_entries.size() - 1);
    cell.lon = lon;
    cell.lat = lat;
}

} // namespace oko::geo
