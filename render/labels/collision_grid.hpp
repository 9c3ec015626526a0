#pragma once
// Which parts of the picture labels already cover: boxes in pixels, bucketed in a coarse grid so
// that testing a candidate costs the same with ten labels placed or ten thousand.

#include "geo/base/types.hpp"

#include <vector>

namespace oko::render {

class CollisionGrid {
public:
    CollisionGrid(double width, double height, double cell_px = 64);

    bool free(const geo::BBox& box) const;
    void insert(const geo::BBox& box);
    bool inside(const geo::BBox& box) const {
        return box.min_x >= 0 && box.min_y >= 0 && box.max_x <= m_width && box.max_y <= m_height;
    }

private:
    template <typename F> void cells(const geo::BBox& box, F&& f) const;

    double m_width, m_height, m_cell;
    int m_nx, m_ny;
    std::vector<std::vector<geo::BBox>> m_boxes;
};

} // namespace oko::render
