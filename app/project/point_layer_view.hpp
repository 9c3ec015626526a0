#pragma once
// The window's view of one point layer: which points pass its filter (for hover, counts and the
// statistics table), the vendor counts under the other criteria (so the vendor list shows what
// choosing a vendor would give) and the year histogram under the other criteria.
//
// A filter change must cost less than a frame with a million points. Every count depends on a
// point only through (vendor, year, status, text match), so the points matching the text are
// counted once per (vendor, year, status) cell; a vendor or year change then sums those cells, not the points. Only a
// text change walks the points, and a text that narrows the last one (typing on) walks only the
// points that matched it. Which points pass is the filter compiled for the layer
// (geo::CompiledFilter), the same form the painter and the municipality counts apply.

#include "geo/scene/compiled_filter.hpp"
#include "geo/store/store_points.hpp"

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

    // The layer's data changed at `points` (in increasing order: an edit patched in place,
    // geo::patch_point_layer): their text matches are made again (when `texts` changed) and the
    // counts taken again, under the same filter. A pass over the points, no compile.
    void patched(const std::vector<uint32_t>& points, bool texts);

    const geo::PointLayerData& data() const { return *m_data; }
    bool passes(size_t i) const { return m_compiled.passes(*m_data, i); }
    // The last filter compiled for this layer (the empty filter before the first update()).
    const geo::CompiledFilter& compiled() const { return m_compiled; }
    size_t passing() const { return m_passing; }
    const std::vector<int64_t>& vendor_counts() const { return m_vendor_counts; } // by vendor index
    const std::map<int, int64_t>& year_counts() const { return m_year_counts; }   // 0 = unknown
    int year_min() const { return m_year_min; } // over the whole layer; 0 when no year is known
    int year_max() const { return m_year_max; }
    // vendor index -> year -> count, over the passing points
    const std::map<uint16_t, std::map<int, int64_t>>& vendor_year() const { return m_vendor_year; }

    // The text criterion's mask (1 = the point's text matches), as compiled(); empty when there is
    // no text criterion. Valid after update().
    const std::vector<uint8_t>& text_mask() const { return m_compiled.text ? m_compiled.text->mask : m_no_mask; }

private:
    void fill_cells();
    void find_years();
    void count_cells();

    struct Cell {
        uint16_t vendor;
        int16_t year;
        uint8_t status;
        int64_t count;
    };

    const geo::PointLayerData* m_data;
    std::optional<geo::Filter> m_last;
    geo::SearchTexts m_texts;
    geo::CompiledFilter m_compiled;
    std::vector<uint8_t> m_no_mask;
    std::vector<Cell> m_cells; // non-empty (vendor, year, status) cells of the text-passing points

    size_t m_passing = 0;
    std::vector<int64_t> m_vendor_counts;
    std::map<int, int64_t> m_year_counts;
    std::map<uint16_t, std::map<int, int64_t>> m_vendor_year;
    int m_year_min = 0, m_year_max = 0;
};

} // namespace oko::app
