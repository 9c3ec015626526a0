#include "render/labels/collision_grid.hpp"

#include <algorithm>
#include <cmath>

namespace oko::render {

CollisionGrid::CollisionGrid(double width, double height, double cell_px)
    : m_width(width), m_height(height), m_cell(cell_px),
      m_nx(std::max(1, static_cast<int>(std::ceil(width / cell_px)))),
      m_ny(std::max(1, static_cast<int>(std::ceil(height / cell_px)))), m_boxes(static_cast<size_t>(m_nx) * m_ny) {}

template <typename F> void CollisionGrid::cells(const geo::BBox& box, F&& f) const {
    const int x0 = std::clamp(static_cast<int>(std::floor(box.min_x / m_cell)), 0, m_nx - 1);
    const int x1 = std::clamp(static_cast<int>(std::floor(box.max_x / m_cell)), 0, m_nx - 1);
    const int y0 = std::clamp(static_cast<int>(std::floor(box.min_y / m_cell)), 0, m_ny - 1);
    const int y1 = std::clamp(static_cast<int>(std::floor(box.max_y / m_cell)), 0, m_ny - 1);
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x)
            if (!f(static_cast<size_t>(y) * m_nx + x)) return;
}

bool CollisionGrid::free(const geo::BBox& box) const {
    bool clear = true;
    cells(box, [&](size_t i) {
        for (const auto& b : m_boxes[i])
            if (b.intersects(box)) {
                clear = false;
                return false;
            }
        return true;
    });
    return clear;
}

void CollisionGrid::insert(const geo::BBox& box) {
    cells(box, [&](size_t i) {
        m_boxes[i].push_back(box);
        return true;
    });
}

} // namespace oko::render
