#pragma once
// Finding the earlier point a new report lies close to, in true metres at any latitude:
// points are hashed into cubes of an Earth-centred grid, so a query looks at no more than
// eight cells, and candidates are measured on the WGS84 ellipsoid.

#include <cstdint>
#include <optional>
#include <vector>

namespace oko::geo {

// Geodesic distance on the WGS84 ellipsoid, in metres.
double geodesic_distance_m(double lon1, double lat1, double lon2, double lat2);

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

private:
    struct Entry {
        double lon, lat;
        double x, y, z;
        int64_t ref;
        int32_t next;
        bool existing;
    };
    struct Cell {
        int32_t ix = 0, iy = 0, iz = 0;
        int32_t head = -1;   // -1: the slot is free
    };

    size_t slot_of(int32_t ix, int32_t iy, int32_t iz) const;
    void grow();

    double m_distance;
    double m_cell;
    std::vector<Entry> m_entries;
    std::vector<Cell> m_cells;
    size_t m_used = 0;
};

} // namespace oko::geo
