#pragma once
// The window's view of one point layer: which points pass its filter (for hover, counts and the
// statistics table), the vendor counts under the other criteria (so the vendor list shows what
// choosing a vendor would give) and the year histogram under the other criteria.
//
// A filter change must cost less than a frame with a million points. Every count depends on a
// point only through (vendor, year, text match), so the points matching the text are counted once
// per (vendor, year) cell; a vendor or year change then sums those cells, not the points. Only a
// text change walks the points, and a text that narrows the last one (typing on) walks only the
// points that matched it.

#include "geo/scene/filter.hpp"
#include "geo/store/store_points.hpp"

#include <climits>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oko::app {

class PointLayerView {
public:
    explicit PointLayerView(const geo::PointLayerData& data);

    // Recomputes if `filter` differs from the last one; returns whether it did.
    bool update(const geo::Filter& filter);

    const geo::PointLayerData& data() const { return *m_data; }
    bool passes(size_t i) const {
        if (!m_text_all && !m_text_pass[i]) return false;
        if (!m_vendor_ok[m_data->vendor_index[i]]) return false;
        const int year = m_data->years[i];
        return year == 0 ? m_unknown_year_ok : year >= m_year_lo && year <= m_year_hi;
    }
    size_t passing() const { return m_passing; }
    const std::vector<int64_t>& vendor_counts() const { return m_vendor_counts; }  // by vendor index
    const std::map<int, int64_t>& year_counts() const { return m_year_counts; }     // 0 = unknown
    int year_min() const { return m_year_min; }  // over the whole layer; 0 when no year is known
    int year_max() const { return m_year_max; }
    // vendor index -> year -> count, over the passing points
    const std::map<uint16_t, std::map<int, int64_t>>& vendor_year() const { return m_vendor_year; }

    // The text criterion's mask (1 = the point's text matches), for the GPU; empty when there is
    // no text criterion. Valid after update().
    const std::vector<uint8_t>& text_mask() const { return m_text_all ? m_no_mask : m_text_pass; }

private:
    void match_text(const std::string& text);
    void count_cells();

    struct Cell {
        uint16_t vendor;
        int16_t year;
        int64_t count;
    };

    const geo::PointLayerData* m_data;
    std::optional<geo::Filter> m_last;
    // Text criterion: the words matched last, the mask, and the points that passed it.
    std::optional<std::vector<std::string>> m_words;
    bool m_text_all = true;
    std::vector<uint8_t> m_text_pass;
    std::vector<uint32_t> m_text_hits;
    std::vector<uint8_t> m_no_mask;
    // The points' search texts end to end: a million short strings, each in its own allocation,
    // cost a cache miss apiece to match; in one buffer they are read in order.
    std::string m_texts;
    std::vector<size_t> m_text_begin; // per point, and one past the last
    std::string_view text_of(size_t i) const {
        return {m_texts.data() + m_text_begin[i], m_text_begin[i + 1] - m_text_begin[i]};
    }
    std::vector<Cell> m_cells;  // non-empty (vendor, year) cells of the text-passing points
    // The rest of the filter, per vendor and as a year range, for passes().
    std::vector<uint8_t> m_vendor_ok;
    int m_year_lo = INT_MIN, m_year_hi = INT_MAX;
    bool m_unknown_year_ok = true;

    size_t m_passing = 0;
    std::vector<int64_t> m_vendor_counts;
    std::map<int, int64_t> m_year_counts;
    std::map<uint16_t, std::map<int, int64_t>> m_vendor_year;
    int m_year_min = 0, m_year_max = 0;
};

} // namespace oko::app
