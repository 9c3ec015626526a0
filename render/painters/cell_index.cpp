#include "render/painters/cell_index.hpp"

#include <algorithm>
#include <cmath>

namespace oko::render {

CellGrid CellGrid::over(const geo::BBox& box, int cells) {
    CellGrid g;
    g.extent = box;
    if (box.empty()) return g;
    const double w = std::max(box.width(), 1.0);
    const double h = std::max(box.height(), 1.0);
    const double side = std::sqrt(w * h / std::max(cells, 1));
    g.nx = std::clamp(static_cast<int>(std::ceil(w / side)), 1, 1024);
    g.ny = std::clamp(static_cast<int>(std::ceil(h / side)), 1, 1024);
    return g;
}

uint32_t CellGrid::cell_of(const geo::XY& p) const {
    if (extent.empty()) return 0;
    const double fx = (p.x - extent.min_x) / std::max(extent.width(), 1.0) * nx;
    const double fy = (p.y - extent.min_y) / std::max(extent.height(), 1.0) * ny;
    const int cx = std::clamp(static_cast<int>(fx), 0, nx - 1);
    const int cy = std::clamp(static_cast<int>(fy), 0, ny - 1);
    return static_cast<uint32_t>(cy * nx + cx);
}

void CellIndex::build(const CellGrid& grid, const std::vector<Feature>& features,
                      const std::function<uint32_t(uint32_t)>& emit) {
    struct Keyed {
        uint32_t cell;
        float size;
        uint32_t at;
    };
    std::vector<Keyed> keys;
    keys.reserve(features.size());
    for (uint32_t i = 0; i < features.size(); ++i) {
        const auto& b = features[i].bounds;
        if (b.empty()) continue;
        keys.push_back({grid.cell_of(b.center()), static_cast<float>(std::max(b.width(), b.height())), i});
    }
    std::stable_sort(keys.begin(), keys.end(), [](const Keyed& a, const Keyed& b) {
        return a.cell != b.cell ? a.cell < b.cell : a.size > b.size;
    });
    m_cells.clear();
    m_feature_size.clear();
    m_feature_end.clear();
    m_bounds = {};
    for (size_t k = 0; k < keys.size(); ++k) {
        if (m_cells.empty() || k == 0 || keys[k].cell != keys[k - 1].cell) {
            Cell c;
            c.first_feature = static_cast<uint32_t>(m_feature_size.size());
            m_cells.push_back(c);
        }
        const auto& f = features[keys[k].at];
        Cell& cell = m_cells.back();
        cell.bounds.extend(f.bounds);
        ++cell.feature_count;
        m_bounds.extend(f.bounds);
        m_feature_size.push_back(keys[k].size);
        m_feature_end.push_back(emit(f.source));
    }
}

void CellIndex::visible_features(const geo::BBox& view, double min_size, double split_size,
                                 std::vector<CellSplit>& out) const {
    out.clear();
    const auto* sizes = m_feature_size.data();
    for (const Cell& c : m_cells) {
        if (!c.bounds.intersects(view)) continue;
        const uint32_t begin = c.first_feature;
        const uint32_t last = begin + c.feature_count;
        auto below = [&](double threshold) {
            return static_cast<uint32_t>(
                std::partition_point(sizes + begin, sizes + last, [&](float s) { return s >= threshold; }) - sizes);
        };
        const uint32_t end = min_size > 0 ? below(min_size) : last;
        const uint32_t split = std::min(end, below(split_size));
        if (end > begin) out.push_back({begin, split, end});
    }
}

void CellIndex::visible(const geo::BBox& view, double min_size, std::vector<ElementRange>& out) const {
    out.clear();
    for (const Cell& c : m_cells) {
        if (!c.bounds.intersects(view)) continue;
        const uint32_t begin = c.first_feature;
        uint32_t end = begin + c.feature_count;
        if (min_size > 0) {
            // Sizes fall within a cell: the first feature below the threshold ends the range.
            const auto* sizes = m_feature_size.data();
            end = static_cast<uint32_t>(
                std::partition_point(sizes + begin, sizes + end, [&](float s) { return s >= min_size; }) - sizes);
        }
        if (end == begin) continue;
        const uint32_t first = begin == 0 ? 0 : m_feature_end[begin - 1];
        const uint32_t last = m_feature_end[end - 1];
        if (last == first) continue;
        if (!out.empty() && out.back().first + out.back().count == first)
            out.back().count += last - first;
        else
            out.push_back({first, last - first});
    }
}

} // namespace oko::render
