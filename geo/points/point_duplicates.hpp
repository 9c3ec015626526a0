#pragma once
// Finding the earlier point a new report lies close to, in true metres at any latitude:
// points are hashed into cells of a latitude/longitude grid whose columns widen towards the
// poles so that every cell is about the same size on the ground, a query looks at about two
// cells, and candidates are measured on the WGS84 ellipsoid.

#include <cstdint>
#include <cstdlib>
#include <new>
#include <optional>
#include <vector>

namespace oko::geo {

// Geodesic distance on the WGS84 ellipsoid, in metres.
double geodesic_distance_m(double lon1, double lat1, double lon2, double lat2);

namespace detail {

// Memory in 2 MiB pages where the kernel allows it: the index is read at random, and with 4 KiB
// pages nearly every lookup of a large index also misses the TLB.
void* allocate_huge(size_t bytes);

template <typename T> struct HugePageAllocator {
    using value_type = T;
    HugePageAllocator() = default;
    template <typename U> explicit HugePageAllocator(const HugePageAllocator<U>&) {}
    T* allocate(size_t n) { return static_cast<T*>(allocate_huge(n * sizeof(T))); }
    void deallocate(T* p, size_t) { std::free(p); }
    bool operator==(const HugePageAllocator&) const { return true; }
};

} // namespace detail

class DuplicateIndex {
public:
    explicit DuplicateIndex(double distance_m);

    struct Match {
        int64_t ref = 0;
        bool existing = false;
        double distance_m = 0;
    };

    // The nearest indexed point within the distance, if any.
    std::optional<Match> nearest(double lon, double lat) const;
    void insert(double lon, double lat, int64_t ref, bool existing);
    size_t size() const { return m_entries.size(); }
    // Makes room for about this many points, saving the rehashing on the way there.
    void reserve(size_t points);

private:
    struct Entry {
        double lon, lat;
        int64_t ref;
        int32_t next;
        bool existing;
    };
    // A cell keeps the position of its newest point: most cells hold one or two points, and
    // the table is read at random, so this saves a cache miss per cell on most queries.
    struct Cell {
        int32_t row = 0, column = 0;
        int32_t head = -1;       // -1: the slot is free
        int32_t second = -1;     // the entry after `head`
        double lon = 0, lat = 0; // of `head`
    };

    double column_width(int32_t row) const;
    size_t slot_of(int32_t row, int32_t column) const;
    void rehash(size_t slots);

    double m_distance;
    double m_cell_deg; // cell height in degrees of latitude
    std::vector<Entry, detail::HugePageAllocator<Entry>> m_entries;
    std::vector<Cell, detail::HugePageAllocator<Cell>> m_cells;
    size_t m_used = 0;
};

} // namespace oko::geo
