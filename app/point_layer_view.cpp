#include "app/point_layer_view.hpp"

#include <algorithm>

namespace oko::app {

namespace {
bool same(const geo::Filter& a, const geo::Filter& b) {
    return a.vendors == b.vendors && a.year_min == b.year_min && a.year_max == b.year_max &&
           a.include_unknown == b.include_unknown && a.text == b.text;
}
} // namespace

bool PointLayerView::update(const geo::Filter& filter) {
    if (m_last && same(*m_last, filter)) return false;
    const auto& d = *m_data;
    const size_t n = d.positions.size();
    if (filter.text != m_last_text) {
        m_text_pass.assign(n, 1);
        if (!filter.text.empty()) {
            const auto words = filter.text_words();
            for (size_t i = 0; i < n; ++i) m_text_pass[i] = geo::Filter::contains_all_words(d.search_text[i], words);
        }
        m_last_text = filter.text;
    }
    std::vector<uint8_t> vendor_ok(d.vendors.size());
    for (size_t v = 0; v < d.vendors.size(); ++v) vendor_ok[v] = filter.vendor_passes(d.vendors[v]);

    m_pass.assign(n, 0);
    m_passing = 0;
    m_vendor_counts.assign(d.vendors.size(), 0);
    m_year_counts.clear();
    m_vendor_year.clear();
    m_year_min = m_year_max = 0;
    // What a vendor would give: every criterion but the vendor one (the unknown toggle still
    // applies to unknown years).
    geo::Filter no_vendor = filter;
    no_vendor.vendors.clear();
    for (size_t i = 0; i < n; ++i) {
        const int year = d.years[i];
        const std::optional<int> y = year ? std::optional<int>(year) : std::nullopt;
        if (year) {
            m_year_min = m_year_min ? std::min(m_year_min, year) : year;
            m_year_max = std::max(m_year_max, year);
        }
        if (!m_text_pass[i]) continue;
        const uint16_t v = d.vendor_index[i];
        const bool year_ok = filter.year_passes(y);
        if (year_ok && (no_vendor.vendor_passes(d.vendors[v]) || geo::Filter::is_unknown_vendor(d.vendors[v])))
            ++m_vendor_counts[v];
        if (vendor_ok[v]) ++m_year_counts[year];
        if (vendor_ok[v] && year_ok) {
            m_pass[i] = 1;
            ++m_passing;
            ++m_vendor_year[v][year];
        }
    }
    m_last = filter;
    return true;
}

} // namespace oko::app
