// Class breaks, checked against brute force: natural breaks against the least within-class sum of
// squares over every assignment of the values to classes; quantiles by counting each class's
// values; equal intervals by their widths.

#include "geo/base/error.hpp"
#include "geo/density/class_breaks.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <ctime>
#include <cmath>
#include <limits>
#include <random>
#include <set>

using namespace oko;
using geo::ClassMethod;

namespace {

// Within-class sum of squares of values labelled into classes.
double within_ss(const std::vector<double>& values, const std::vector<int>& label, int classes) {
    double total = 0;
    for (int c = 0; c < classes; ++c) {
        double sum = 0, n = 0;
        for (size_t i = 0; i < values.size(); ++i)
            if (label[i] == c) {
                sum += values[i];
                ++n;
            }
        if (n == 0) continue;
        const double mean = sum / n;
        for (size_t i = 0; i < values.size(); ++i)
            if (label[i] == c) total += (values[i] - mean) * (values[i] - mean);
    }
    return total;
}

// The least within-class sum of squares over every assignment of the values to `classes` labels
// (classes^n of them; empty classes allowed: they never help).
double brute_force_minimum(const std::vector<double>& values, int classes) {
    const size_t n = values.size();
    std::vector<int> label(n, 0);
    double best = std::numeric_limits<double>::infinity();
    while (true) {
        best = std::min(best, within_ss(values, label, classes));
        size_t i = 0;
        while (i < n && ++label[i] == classes)
            label[i++] = 0;
        if (i == n) break;
    }
    return best;
}

std::vector<int> labels(const std::vector<double>& values, const std::vector<double>& edges) {
    std::vector<int> out;
    for (double v : values)
        out.push_back(geo::class_of(edges, v));
    return out;
}

} // namespace

TEST_CASE("Class methods have names that parse back", "[density][classes]") {
    for (auto m : {ClassMethod::quantile, ClassMethod::equal_interval, ClassMethod::natural_breaks})
        CHECK(geo::parse_class_method(geo::class_method_name(m)) == m);
    CHECK(geo::parse_class_method("jenks") == ClassMethod::natural_breaks);
    CHECK(geo::parse_class_method("equal_interval") == ClassMethod::equal_interval);
    CHECK_FALSE(geo::parse_class_method("kmeans"));
}

TEST_CASE("Natural breaks have the least within-class sum of squares of every partition", "[density][classes]") {
    std::mt19937 rng(2026);
    for (int trial = 0; trial < 60; ++trial) {
        const int n = 4 + trial % 5;       // 4..8 values
        const int classes = 2 + trial % 3; // 2..4 classes
        std::vector<double> values(static_cast<size_t>(n));
        // Half the trials on small integers (ties), half on continuous values.
        for (auto& v : values)
            v = trial % 2 ? std::floor(std::uniform_real_distribution<double>(0, 6)(rng))
                          : std::exponential_distribution<double>(0.1)(rng);
        const auto edges = geo::class_breaks(values, ClassMethod::natural_breaks, classes);
        const int used = static_cast<int>(edges.size()) - 1;
        const std::set<double> distinct(values.begin(), values.end());
        INFO("trial " << trial << ": " << n << " values, " << classes << " classes");
        CHECK(used == std::min<int>(classes, static_cast<int>(distinct.size())));
        CHECK(edges.front() == *distinct.begin());
        CHECK(edges.back() == *distinct.rbegin());
        CHECK(within_ss(values, labels(values, edges), used) ==
              Approx(brute_force_minimum(values, classes)).margin(1e-9));
    }
}

TEST_CASE("Natural breaks of well separated groups fall between the groups", "[density][classes]") {
    std::vector<double> values;
    std::mt19937 rng(5);
    std::normal_distribution<double> noise(0, 1);
    for (double centre : {10.0, 50.0, 200.0})
        for (int i = 0; i < 2000; ++i) // 6,000 values: the sampled path
            values.push_back(centre + noise(rng));
    const auto edges = geo::class_breaks(values, ClassMethod::natural_breaks, 3);
    REQUIRE(edges.size() == 4);
    CHECK(edges[1] > 20);
    CHECK(edges[1] < 50);
    CHECK(edges[2] > 60);
    CHECK(edges[2] < 200);
    CHECK(edges[0] == *std::min_element(values.begin(), values.end()));
    CHECK(edges[3] == *std::max_element(values.begin(), values.end()));
}

TEST_CASE("Quantile classes hold equal counts, within one without ties", "[density][classes]") {
    const int n = GENERATE(10, 97, 1000);
    const int classes = GENERATE(3, 5, 7);
    std::mt19937 rng(static_cast<unsigned>(n * 31 + classes));
    std::vector<double> values(static_cast<size_t>(n));
    for (auto& v : values)
        v = std::uniform_real_distribution<double>(0, 100)(rng);
    const auto edges = geo::class_breaks(values, ClassMethod::quantile, classes);
    REQUIRE(edges.size() == static_cast<size_t>(classes) + 1);
    std::vector<int> counts(static_cast<size_t>(classes), 0);
    for (double v : values)
        ++counts[static_cast<size_t>(geo::class_of(edges, v))];
    const auto [lo, hi] = std::minmax_element(counts.begin(), counts.end());
    CHECK(*hi - *lo <= 1);
    CHECK(std::is_sorted(edges.begin(), edges.end()));
}

TEST_CASE("Quantiles keep a run of equal values in one class", "[density][classes]") {
    // 1 ×6, then 2..5: the run of ones is the first class whole.
    const std::vector<double> values{1, 1, 1, 1, 1, 1, 2, 3, 4, 5};
    const auto edges = geo::class_breaks(values, ClassMethod::quantile, 2);
    REQUIRE(edges == std::vector<double>{1, 2, 5});
    CHECK(geo::class_of(edges, 1) == 0);
    CHECK(geo::class_of(edges, 2) == 1);
    // Three distinct values, four classes asked: three, the maximum alone in the last.
    const std::vector<double> ones{1, 1, 1, 1, 1, 1, 1, 1, 2, 3};
    const auto three = geo::class_breaks(ones, ClassMethod::quantile, 4);
    CHECK(three == std::vector<double>{1, 2, 3, 3});
    CHECK(geo::class_of(three, 3) == 2);
    CHECK(geo::class_of(three, 2) == 1);
}

TEST_CASE("Equal intervals have equal widths from the minimum to the maximum", "[density][classes]") {
    const std::vector<double> values{3, 7, 8, 15, 23};
    const auto edges = geo::class_breaks(values, ClassMethod::equal_interval, 4);
    REQUIRE(edges.size() == 5);
    for (size_t i = 0; i < 5; ++i)
        CHECK(edges[i] == Approx(3 + 5.0 * static_cast<double>(i)));
    CHECK(geo::class_of(edges, 3) == 0);
    CHECK(geo::class_of(edges, 7.999) == 0);
    CHECK(geo::class_of(edges, 8) == 1);
    CHECK(geo::class_of(edges, 23) == 3);
    CHECK(geo::class_of(edges, 1000) == 3);
    CHECK(geo::class_of(edges, -1) == 0);
}

TEST_CASE("Class breaks of degenerate values", "[density][classes]") {
    for (auto m : {ClassMethod::quantile, ClassMethod::equal_interval, ClassMethod::natural_breaks}) {
        INFO(geo::class_method_name(m));
        CHECK(geo::class_breaks({}, m, 5).empty());
        const std::vector<double> one{4.5};
        CHECK(geo::class_breaks(one, m, 5) == std::vector<double>{4.5, 4.5});
        const std::vector<double> same{2, 2, 2, 2};
        CHECK(geo::class_breaks(same, m, 3) == std::vector<double>{2, 2});
        const std::vector<double> nan_only{NAN, INFINITY};
        CHECK(geo::class_breaks(nan_only, m, 3).empty());
        // More classes than distinct values: one class a value, the maximum alone in the last.
        const std::vector<double> two{1, 1, 1, 9, 9};
        const auto edges = geo::class_breaks(two, m, 5);
        CHECK(edges.size() == 3);
        CHECK(edges.front() == 1);
        CHECK(edges.back() == 9);
        CHECK(geo::class_of(edges, 1) == 0);
        CHECK(geo::class_of(edges, 9) == 1);
        CHECK_THROWS_WITH(geo::class_breaks(two, m, 0), Catch::Contains("from 1 to 100, not 0"));
    }
    CHECK(geo::class_of({}, 3) == 0);
}

// Speed is measured, not asserted: run it with `oko_tests_geo "[bench]"`.
TEST_CASE("Natural breaks of a few thousand values: their time", "[.][bench][density][classes]") {
    std::mt19937 rng(9);
    std::vector<double> values(100000);
    for (auto& v : values)
        v = std::lognormal_distribution<double>(2, 1)(rng);
    // CPU time of this single-threaded process: other processes on the machine do not count.
    const std::clock_t c0 = std::clock();
    const auto edges = geo::class_breaks(values, ClassMethod::natural_breaks, 7);
    const double ms = 1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    WARN("natural breaks, 7 classes of 100,000 values (3,000 sampled): " << ms << " ms CPU");
    CHECK(edges.size() == 8);
}
