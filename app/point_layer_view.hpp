#pragma once
// The window's view of one point layer: which points pass its filter (for hover, counts and the
// statistics table), the vendor counts under the other criteria (so the vendor list shows what
// choosing a vendor would give) and the year histogram under the other criteria. Recomputed only
// when the filter changes.

#include "geo/filter.hpp"
#include "geo/store_points.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace oko::app {

class PointLayerView {
public:
    explicit PointLayerView(const geo::PointLayerData& data) : m_data(&data) {}

    // Recomputes if `filter` differs from the last one; returns whether it did.
    bool update(const geo::Filter& filter);

    const geo::PointLayerData& data() const { return *m_data; }
    bool passes(size_t i) const { return m_pass[i] != 0; }
    size_t passing() const { return m_passing; }
    const std::vector<int64_t>& vendor_counts() const { return m_vendor_counts; }  // by vendor index
    const std::map<int, int64_t>& year_counts() const { return m_year_counts; }     // 0 = unknown
    int year_min() const { return m_year_min; }  // over the whole layer; 0 when no year is known
    int year_max() const { return m_year_max; }
    // vendor index -> year -> count, over the passing points
    const std::map<uint16_t, std::map<int, int64_t>>& vendor_year() const { return m_vendor_year; }

private:
    const geo::PointLayerData* m_data;
    std::optional<geo::Filter> m_last;
    std::string m_last_text = "\x01";
    std::vector<uint8_t> m_text_pass;
    std::vector<uint8_t> m_pass;
    size_t m_passing = 0;
    std::vector<int64_t> m_vendor_counts;
    std::map<int, int64_t> m_year_counts;
    std::map<uint16_t, std::map<int, int64_t>> m_vendor_year;
    int m_year_min = 0, m_year_max = 0;
};

} // namespace oko::app
