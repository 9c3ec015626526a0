#pragma once
// Spatial culling and level of detail for one GPU batch. The batch's elements (triangle indices,
// line segments) are stored grouped by grid cell and, inside a cell, biggest feature first; a
// frame then draws the cells it sees, and only the features big enough to show.

#include "geo/base/types.hpp"

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace oko::render {

// A regular grid over the basemap's extent.
struct CellGrid {
    geo::BBox extent;
    int nx = 1, ny = 1;

    // About `cells` square cells over the box.
    static CellGrid over(const geo::BBox& box, int cells = 256);
    uint32_t cell_of(const geo::XY& p) const;
};

struct ElementRange {
    uint32_t first = 0;
    uint32_t count = 0;
};

class CellIndex {
public:
    struct Feature {
        uint32_t source = 0; // the caller's index
        geo::BBox bounds;
    };

    // Orders `features` by cell and size; `emit(source)` appends that feature's elements to the
    // caller's buffers and returns how many elements the buffers now hold.
    void build(const CellGrid& grid, const std::vector<Feature>& features,
               const std::function<uint32_t(uint32_t)>& emit);

    // The element ranges to draw for a view; features smaller than `min_size` metres are left out.
    void visible(const geo::BBox& view, double min_size, std::vector<ElementRange>& out) const;

    // Per visible cell, its features in three runs: [begin, split) at least `split_size` metres,
    // [split, end) smaller but at least `min_size`. Features are numbered in stored order.
    struct CellSplit {
        uint32_t begin, split, end;
    };
    void visible_features(const geo::BBox& view, double min_size, double split_size, std::vector<CellSplit>& out) const;
    uint32_t element_begin(uint32_t feature) const { return feature == 0 ? 0 : m_feature_end[feature - 1]; }
    uint32_t feature_count() const { return static_cast<uint32_t>(m_feature_end.size()); }

    const geo::BBox& bounds() const { return m_bounds; }
    uint32_t element_count() const { return m_feature_end.empty() ? 0 : m_feature_end.back(); }

private:
    struct Cell {
        geo::BBox bounds;
        uint32_t first_feature = 0;
        uint32_t feature_count = 0;
    };
    std::vector<Cell> m_cells;
    std::vector<float> m_feature_size;   // metres, the longer side of the bounding box
    std::vector<uint32_t> m_feature_end; // one past the feature's last element
    geo::BBox m_bounds;
};

} // namespace oko::render
