#include "app/project/point_layer_view.hpp"

#include <algorithm>

namespace oko::app {

PointLayerView::PointLayerView(const geo::PointLayerData& data)
    : m_data(&data), m_texts(data.search_text, data.positions.size()),
      m_compiled(geo::compile(geo::Filter{}, data.vendors, m_texts)) {
    find_years();
}

void PointLayerView::find_years() {
    m_year_min = m_year_max = 0;
    for (const int16_t year : m_data->years) {
        if (!year) continue;
        m_year_min = m_year_min ? std::min<int>(m_year_min, year) : year;
        m_year_max = std::max<int>(m_year_max, year);
    }
}

void PointLayerView::patched(const std::vector<uint32_t>& points, bool texts) {
    if (points.empty()) return;
    if (texts) {
        std::vector<std::string> changed;
        changed.reserve(points.size());
        for (const uint32_t i : points)
            changed.push_back(m_data->search_text[i]);
        m_texts = m_texts.with(points, changed);
        m_compiled = m_compiled.rematched(m_texts, points);
    }
    find_years();
    if (!m_last) return; // the first update() counts
    fill_cells();
    count_cells();
}

void PointLayerView::fill_cells() {
    // Count the text-matching points per (vendor, year, status): year slot 0 is the unknown year.
    const auto& d = *m_data;
    const size_t n = d.positions.size();
    const size_t years = m_year_min ? static_cast<size_t>(m_year_max - m_year_min) + 2 : 1;
    constexpr size_t statuses = geo::kPointStatusCount;
    std::vector<uint32_t> table(d.vendors.size() * years * statuses, 0);
    auto add = [&](size_t i) {
        const int year = d.years[i];
        const size_t status = std::min<size_t>(geo::CompiledFilter::status_of(d, i), statuses - 1);
        ++table[(d.vendor_index[i] * years + (year ? static_cast<size_t>(year - m_year_min) + 1 : 0)) * statuses +
                status];
    };
    if (!m_compiled.text)
        for (size_t i = 0; i < n; ++i)
            add(i);
    else
        for (const uint32_t i : m_compiled.text->hits)
            add(i);
    m_cells.clear();
    for (size_t v = 0; v < d.vendors.size(); ++v)
        for (size_t s = 0; s < years; ++s)
            for (size_t st = 0; st < statuses; ++st)
                if (const uint32_t count = table[(v * years + s) * statuses + st])
                    m_cells.push_back({static_cast<uint16_t>(v),
                                       static_cast<int16_t>(s ? m_year_min + static_cast<int>(s) - 1 : 0),
                                       static_cast<uint8_t>(st), count});
}

bool PointLayerView::update(const geo::Filter& filter) {
    if (m_last && *m_last == filter) return false;
    const auto matched_before = m_compiled.text;
    m_compiled = geo::compile(filter, m_data->vendors, m_texts, &m_compiled);
    // The cells depend on the text criterion only: a vendor or year change sums them again.
    if (!m_last || m_compiled.text != matched_before) fill_cells();
    count_cells();
    m_last = filter;
    return true;
}

void PointLayerView::count_cells() {
    m_passing = 0;
    m_vendor_counts.assign(m_data->vendors.size(), 0);
    m_year_counts.clear();
    m_vendor_year.clear();
    for (const Cell& c : m_cells) {
        if (!m_compiled.status_passes(c.status)) continue; // every count is of the statuses shown
        const bool year_ok = m_compiled.year_passes(c.year);
        // What a vendor would give: every criterion but the vendor one (the unknown toggle still
        // applies to unknown years).
        if (year_ok) m_vendor_counts[c.vendor] += c.count;
        if (!m_compiled.vendor_passes(c.vendor)) continue;
        m_year_counts[c.year] += c.count;
        if (year_ok) {
            m_passing += static_cast<size_t>(c.count);
            m_vendor_year[c.vendor][c.year] += c.count;
        }
    }
}

} // namespace oko::app
