#include "app/project/point_layer_view.hpp"

#include <algorithm>
#include <thread>

namespace oko::app {

namespace {

// Whatever contains all of `narrow` contains all of `wide`: each word of `wide` is part of a word
// of `narrow` (as when typing on).
bool narrows(const std::vector<std::string>& narrow, const std::vector<std::string>& wide) {
    return std::all_of(wide.begin(), wide.end(), [&](const std::string& w) {
        return std::any_of(narrow.begin(), narrow.end(), [&](const std::string& n) { return n.find(w) != std::string::npos; });
    });
}

} // namespace

PointLayerView::PointLayerView(const geo::PointLayerData& data) : m_data(&data) {
    for (const int16_t year : data.years) {
        if (!year) continue;
        m_year_min = m_year_min ? std::min<int>(m_year_min, year) : year;
        m_year_max = std::max<int>(m_year_max, year);
    }
    m_vendor_ok.assign(data.vendors.size(), 1);
    size_t total = 0;
    for (const auto& t : data.search_text) total += t.size();
    m_texts.reserve(total);
    m_text_begin.reserve(data.positions.size() + 1);
    for (size_t i = 0; i < data.positions.size(); ++i) {
        m_text_begin.push_back(m_texts.size());
        if (i < data.search_text.size()) m_texts += data.search_text[i];
    }
    m_text_begin.push_back(m_texts.size());
}

void PointLayerView::match_text(const std::string& text) {
    const auto& d = *m_data;
    const size_t n = d.positions.size();
    geo::Filter criterion;
    criterion.text = text;
    const auto words = criterion.text_words();
    if (m_words && *m_words == words) return;
    if (words.empty()) {
        m_text_all = true;
        m_text_pass.clear();
        m_text_hits.clear();
    } else {
        // Only what matched the last text can match a longer one; else every point is a candidate.
        const bool narrowing = !m_text_all && m_words && narrows(words, *m_words);
        std::vector<uint32_t> candidates;
        if (narrowing) {
            candidates = std::move(m_text_hits);
        } else {
            m_text_all = false;
            m_text_pass.assign(n, 0);
        }
        const size_t count = narrowing ? candidates.size() : n;
        auto candidate = [&](size_t k) { return narrowing ? candidates[k] : static_cast<uint32_t>(k); };
        // Matching a million texts takes a frame's worth of time: both cores share it, each
        // writing its own run of the pass mask and its own hits, joined in order.
        const size_t parts = count > 100000 ? 2 : 1;
        std::vector<std::vector<uint32_t>> hits(parts);
        auto match = [&](size_t part) {
            for (size_t k = count * part / parts, end = count * (part + 1) / parts; k < end; ++k) {
                const uint32_t i = candidate(k);
                const bool pass = geo::Filter::contains_all_words(text_of(i), words);
                m_text_pass[i] = pass;
                if (pass) hits[part].push_back(i);
            }
        };
        if (parts == 1) {
            match(0);
        } else {
            std::thread other(match, 1);
            match(0);
            other.join();
        }
        m_text_hits = std::move(hits[0]);
        for (size_t part = 1; part < parts; ++part)
            m_text_hits.insert(m_text_hits.end(), hits[part].begin(), hits[part].end());
    }
    m_words = words;

    // Count the matching points per (vendor, year): slot 0 is the unknown year.
    const size_t years = m_year_min ? static_cast<size_t>(m_year_max - m_year_min) + 2 : 1;
    std::vector<uint32_t> table(d.vendors.size() * years, 0);
    auto add = [&](size_t i) {
        const int year = d.years[i];
        ++table[d.vendor_index[i] * years + (year ? static_cast<size_t>(year - m_year_min) + 1 : 0)];
    };
    if (m_text_all)
        for (size_t i = 0; i < n; ++i) add(i);
    else
        for (const uint32_t i : m_text_hits) add(i);
    m_cells.clear();
    for (size_t v = 0; v < d.vendors.size(); ++v)
        for (size_t s = 0; s < years; ++s)
            if (const uint32_t count = table[v * years + s])
                m_cells.push_back({static_cast<uint16_t>(v), static_cast<int16_t>(s ? m_year_min + static_cast<int>(s) - 1 : 0), count});
}

bool PointLayerView::update(const geo::Filter& filter) {
    if (m_last && *m_last == filter) return false;
    const auto& d = *m_data;
    if (!m_last || m_last->text != filter.text) match_text(filter.text);

    for (size_t v = 0; v < d.vendors.size(); ++v) m_vendor_ok[v] = filter.vendor_passes(d.vendors[v]);
    m_year_lo = filter.year_min.value_or(INT_MIN);
    m_year_hi = filter.year_max.value_or(INT_MAX);
    m_unknown_year_ok = filter.include_unknown;
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
        const bool year_ok = c.year == 0 ? m_unknown_year_ok : c.year >= m_year_lo && c.year <= m_year_hi;
        // What a vendor would give: every criterion but the vendor one (the unknown toggle still
        // applies to unknown years).
        if (year_ok) m_vendor_counts[c.vendor] += c.count;
        if (!m_vendor_ok[c.vendor]) continue;
        m_year_counts[c.year] += c.count;
        if (year_ok) {
            m_passing += static_cast<size_t>(c.count);
            m_vendor_year[c.vendor][c.year] += c.count;
        }
    }
}

} // namespace oko::app
