#include "geo/density/class_breaks.hpp"

#include "geo/base/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace oko::geo {

namespace {

// Appends an interior edge only when it is above the last one (a run of equal values is not split).
void push_interior(std::vector<double>& edges, double e) {
    if (e > edges.back()) edges.push_back(e);
}

// Fisher's exact optimal grouping of sorted distinct values `v` (with counts `w`) into at most
// `classes` contiguous groups, least within-group sum of squares. Returns the index in `v` where
// each group after the first starts.
std::vector<size_t> fisher_groups(const std::vector<double>& v, const std::vector<double>& w, int classes) {
    const size_t m = v.size();
    const auto k = static_cast<size_t>(classes);
    // Prefix sums of w, w·x, w·x² about the mean (less cancellation).
    double mean = 0, total = 0;
    for (size_t i = 0; i < m; ++i) {
        mean += w[i] * v[i];
        total += w[i];
    }
    mean /= total;
    std::vector<double> sw(m + 1, 0), sx(m + 1, 0), sxx(m + 1, 0);
    for (size_t i = 0; i < m; ++i) {
        const double x = v[i] - mean;
        sw[i + 1] = sw[i] + w[i];
        sx[i + 1] = sx[i] + w[i] * x;
        sxx[i + 1] = sxx[i] + w[i] * x * x;
    }
    // The sum of squared deviations of values a..b-1 from their mean.
    const auto ssd = [&](size_t a, size_t b) {
        const double n = sw[b] - sw[a], s = sx[b] - sx[a];
        return std::max(0.0, sxx[b] - sxx[a] - s * s / n);
    };
    // cost[g][j]: the least sum for the first j values in g + 1 groups; from[g][j]: where the last
    // of those groups starts.
    constexpr double inf = std::numeric_limits<double>::infinity();
    std::vector<std::vector<double>> cost(k, std::vector<double>(m + 1, inf));
    std::vector<std::vector<size_t>> from(k, std::vector<size_t>(m + 1, 0));
    for (size_t j = 1; j <= m; ++j)
        cost[0][j] = ssd(0, j);
    for (size_t g = 1; g < k; ++g)
        for (size_t j = g + 1; j <= m; ++j)
            for (size_t i = g; i < j; ++i) { // the last group is values i..j-1
                const double c = cost[g - 1][i] + ssd(i, j);
                if (c < cost[g][j]) {
                    cost[g][j] = c;
                    from[g][j] = i;
                }
            }
    std::vector<size_t> starts;
    size_t j = m;
    for (size_t g = k - 1; g > 0; --g) {
        j = from[g][j];
        starts.push_back(j);
    }
    std::reverse(starts.begin(), starts.end());
    return starts;
}

} // namespace

std::string_view class_method_name(ClassMethod method) {
    switch (method) {
    case ClassMethod::quantile:
        return "quantile";
    case ClassMethod::equal_interval:
        return "equal-interval";
    case ClassMethod::natural_breaks:
        return "natural-breaks";
    }
    return "";
}

std::optional<ClassMethod> parse_class_method(std::string_view name) {
    if (name == "quantile" || name == "quantiles") return ClassMethod::quantile;
    if (name == "equal-interval" || name == "equal_interval" || name == "equal") return ClassMethod::equal_interval;
    if (name == "natural-breaks" || name == "natural_breaks" || name == "jenks") return ClassMethod::natural_breaks;
    return std::nullopt;
}

std::vector<double> class_breaks(std::span<const double> values, ClassMethod method, int classes) {
    if (classes < 1 || classes > kMaxClasses)
        throw Error("the number of classes must be from 1 to " + std::to_string(kMaxClasses) + ", not " +
                    std::to_string(classes));
    std::vector<double> x;
    x.reserve(values.size());
    for (double v : values)
        if (std::isfinite(v)) x.push_back(v);
    if (x.empty()) return {};
    std::sort(x.begin(), x.end());
    const double lo = x.front(), hi = x.back();
    size_t distinct = 1;
    for (size_t i = 1; i < x.size(); ++i)
        distinct += x[i] != x[i - 1];
    const int k = static_cast<int>(std::min<size_t>(static_cast<size_t>(classes), distinct));
    std::vector<double> edges{lo};
    if (k == 1) {
        edges.push_back(hi);
        return edges;
    }
    switch (method) {
    case ClassMethod::equal_interval:
        for (int i = 1; i < k; ++i)
            push_interior(edges, lo + (hi - lo) * i / k);
        break;
    case ClassMethod::quantile: {
        const size_t n = x.size();
        for (int i = 1; i < k; ++i) {
            double e = x[static_cast<size_t>(i) * n / static_cast<size_t>(k)];
            if (e <= edges.back()) { // inside the run the previous class starts with: after it
                const auto next = std::upper_bound(x.begin(), x.end(), edges.back());
                if (next == x.end()) break;
                e = *next;
            }
            push_interior(edges, e);
        }
        break;
    }
    case ClassMethod::natural_breaks: {
        std::vector<double> sample;
        if (x.size() <= kNaturalBreaksExact) {
            sample = x;
        } else {
            sample.resize(kNaturalBreaksExact);
            for (size_t i = 0; i < kNaturalBreaksExact; ++i)
                sample[i] = x[i * (x.size() - 1) / (kNaturalBreaksExact - 1)];
        }
        std::vector<double> v, w;
        for (double s : sample) {
            if (v.empty() || s != v.back()) {
                v.push_back(s);
                w.push_back(0);
            }
            ++w.back();
        }
        const int groups = static_cast<int>(std::min<size_t>(static_cast<size_t>(k), v.size()));
        for (size_t start : fisher_groups(v, w, groups))
            push_interior(edges, v[start]);
        break;
    }
    }
    edges.push_back(hi);
    return edges;
}

int class_of(const std::vector<double>& edges, double value) {
    if (edges.size() < 2) return 0;
    const auto last = static_cast<int>(edges.size()) - 2;
    const auto i = static_cast<int>(std::upper_bound(edges.begin(), edges.end(), value) - edges.begin()) - 1;
    return std::clamp(i, 0, last);
}

} // namespace oko::geo
