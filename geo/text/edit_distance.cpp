#include "geo/text/edit_distance.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

namespace oko::geo {

size_t edit_distance(std::string_view a, std::string_view b, size_t limit) {
    const size_t n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > limit) return limit + 1;
    // Three rows of the table: two back (for swaps), one back, this one.
    std::vector<size_t> two(m + 1), one(m + 1), row(m + 1);
    std::iota(one.begin(), one.end(), size_t{0});
    for (size_t i = 1; i <= n; ++i) {
        row[0] = i;
        size_t lowest = row[0];
        for (size_t j = 1; j <= m; ++j) {
            const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t d = std::min({one[j] + 1, row[j - 1] + 1, one[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, two[j - 2] + 1);
            row[j] = d;
            lowest = std::min(lowest, d);
        }
        if (lowest > limit) return limit + 1;
        std::swap(two, one);
        std::swap(one, row);
    }
    return std::min(one[m], limit + 1);
}

} // namespace oko::geo
