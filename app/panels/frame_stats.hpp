#pragma once
// Frame-time statistics over a sliding window, for the overlay and for `--print-frame-times`.

#include <algorithm>
#include <cstddef>
#include <vector>

namespace oko::app {

class FrameStats {
public:
    void add(double seconds) {
        m_all.push_back(seconds);
        m_recent[m_next] = seconds;
        m_next = (m_next + 1) % m_recent.size();
        m_filled = std::min(m_filled + 1, m_recent.size());
    }
    double recent_mean() const {
        double sum = 0;
        for (size_t i = 0; i < m_filled; ++i)
            sum += m_recent[i];
        return m_filled ? sum / m_filled : 0.0;
    }
    const std::vector<double>& all() const { return m_all; }
    double median() const {
        if (m_all.empty()) return 0;
        auto v = m_all;
        std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
        return v[v.size() / 2];
    }

private:
    std::vector<double> m_recent = std::vector<double>(60, 0.0);
    std::vector<double> m_all;
    size_t m_next = 0;
    size_t m_filled = 0;
};

} // namespace oko::app
