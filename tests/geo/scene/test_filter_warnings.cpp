// Warnings for a filter that names what a layer does not have, and the edit distance behind
// "did you mean", checked against distances worked out by hand and a brute-force search.

#include "geo/scene/filter_warnings.hpp"
#include "geo/text/vendor_table.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string_view>

using namespace oko;

namespace {

geo::LayerValues cameras() {
    return {"cameras", "cameras", {"Huawei", "Dahua", "Hikvision"}, {2016, 2018, 2021, 2017}, 1};
}

// The least number of single edits (insert, delete, change, swap of neighbours) that turns a into
// b when edits may build on each other, found breadth-first over every string reachable from a:
// the unrestricted Damerau distance, never more than the optimal string alignment distance.
size_t distance_by_search(const std::string& a, const std::string& b) {
    std::string alphabet;
    for (char c : a + b)
        if (alphabet.find(c) == std::string::npos) alphabet += c;
    std::vector<std::string> frontier{a};
    std::set<std::string> seen{a};
    for (size_t d = 0;; ++d) {
        if (std::find(frontier.begin(), frontier.end(), b) != frontier.end()) return d;
        std::vector<std::string> next;
        const auto visit = [&](const std::string& s) {
            if (s.size() > std::max(a.size(), b.size()) + 1 || !seen.insert(s).second) return;
            next.push_back(s);
        };
        for (const auto& s : frontier) {
            for (size_t i = 0; i <= s.size(); ++i)
                for (char c : alphabet)
                    visit(s.substr(0, i) + c + s.substr(i));
            for (size_t i = 0; i < s.size(); ++i) {
                visit(s.substr(0, i) + s.substr(i + 1));
                for (char c : alphabet)
                    visit(s.substr(0, i) + c + s.substr(i + 1));
                if (i + 1 < s.size()) visit(s.substr(0, i) + s[i + 1] + s[i] + s.substr(i + 2));
            }
        }
        frontier = std::move(next);
    }
}

// The optimal string alignment distance by trying every alignment of a with b, where each letter
// is in one column: kept, changed, left out, added, or swapped with its neighbour (two columns).
size_t distance_by_alignments(std::string_view a, std::string_view b) {
    if (a.empty() || b.empty()) return a.size() + b.size();
    size_t best = std::min({distance_by_alignments(a.substr(1), b) + 1, distance_by_alignments(a, b.substr(1)) + 1,
                            distance_by_alignments(a.substr(1), b.substr(1)) + (a[0] == b[0] ? 0 : 1)});
    if (a.size() > 1 && b.size() > 1 && a[0] == b[1] && a[1] == b[0])
        best = std::min(best, distance_by_alignments(a.substr(2), b.substr(2)) + 1);
    return best;
}

} // namespace

TEST_CASE("The edit distance equals the best alignment of the two names", "[filter]") {
    CHECK(geo::edit_distance("kitten", "sitting") == 3);
    CHECK(geo::edit_distance("huwei", "huawei") == 1);
    CHECK(geo::edit_distance("hikvsion", "hikvision") == 1); // one letter left out
    CHECK(geo::edit_distance("dahau", "dahua") == 1);        // neighbours swapped
    CHECK(geo::edit_distance("", "axis") == 4);
    const std::vector<std::string> words = {"", "a", "ab", "ba", "abc", "acb", "bca", "dahua", "dauha", "hua", "huwei"};
    for (const auto& a : words)
        for (const auto& b : words) {
            INFO(a << " / " << b);
            CHECK(geo::edit_distance(a, b) == distance_by_alignments(a, b));
            // Edits that build on each other can only do better ("ab" -> "ba" -> "bca" is 2, the
            // alignment 3), and never worse than without swaps.
            if (a.size() + b.size() <= 8) CHECK(geo::edit_distance(a, b) >= distance_by_search(a, b));
            CHECK(geo::edit_distance(a, b) <= std::max(a.size(), b.size()));
        }
}

TEST_CASE("A vendor the layer lacks is named with the nearest vendors it has", "[filter]") {
    CHECK(geo::filter_warnings(geo::Filter::parse({"vendor=Huwei"}), cameras()) ==
          std::vector<std::string>{"no vendor 'Huwei' in layer cameras; did you mean Huawei?"});
    // The vendor table knows other spellings of the same vendor.
    geo::VendorTable table;
    table.add("хуавеј", "Huawei");
    CHECK(geo::filter_warnings(geo::Filter::parse({"vendor=Хуавеј"}), cameras(), &table) ==
          std::vector<std::string>{"no vendor 'Хуавеј' in layer cameras; did you mean Huawei?"});
    // Nothing near: the vendors the layer has.
    CHECK(geo::filter_warnings(geo::Filter::parse({"vendor=Axis"}), cameras(), &table) ==
          std::vector<std::string>{"no vendor 'Axis' in layer cameras; its vendors are Huawei, Dahua, Hikvision"});
    // Case does not matter, as it does not to the filter; the window's "None" is no mistake.
    CHECK(geo::filter_warnings(geo::Filter::parse({"vendor=HUAWEI,dahua"}), cameras()).empty());
    geo::Filter none;
    none.vendors = {geo::Filter::kNoVendor};
    CHECK(geo::filter_warnings(none, cameras()).empty());
    CHECK(geo::filter_warnings(geo::Filter::parse({"vendor=Huawei"}), {"x", "points", {}, {}, 1}, &table) ==
          std::vector<std::string>{"no vendor 'Huawei' in layer x; it has no point of known vendor"});
}

TEST_CASE("A year range the layer has no point in is named with the years it has", "[filter]") {
    CHECK(geo::filter_warnings(geo::Filter::parse({"year=2030..2031"}), cameras()) ==
          std::vector<std::string>{"no camera in layer cameras has a year in 2030..2031; its years are 2016..2021"});
    CHECK(geo::filter_warnings(geo::Filter::parse({"year=2019"}), cameras()) ==
          std::vector<std::string>{"no camera in layer cameras has a year in 2019; its years are 2016..2021"});
    CHECK(geo::filter_warnings(geo::Filter::parse({"year=2020.."}), cameras()).empty()); // 2021
    CHECK(geo::filter_warnings(geo::Filter::parse({"year=..2016"}), cameras()).empty());
    CHECK(geo::filter_warnings(geo::Filter::parse({"year=..2015"}), {"sites", "sites", {}, {}, 1}) ==
          std::vector<std::string>{"no site in layer sites has a year in ..2015; none of its years is known"});
    // Both at once, vendor first.
    CHECK(geo::filter_warnings(geo::Filter::parse({"vendor=Dahau", "year=2030"}), cameras()).size() == 2);
}

TEST_CASE("A layer's values are its distinct known vendors and years", "[filter]") {
    geo::PointLayerData d;
    d.name = "cameras";
    d.kind = "points";
    d.vendors = {"Huawei", "", "Dahua"};
    d.years = {2019, 0, 2019, 2021, 0};
    const auto v = geo::layer_values(d);
    CHECK(v.vendors == std::vector<std::string>{"Huawei", "Dahua"});
    auto years = v.years;
    std::sort(years.begin(), years.end());
    CHECK(years == std::vector<int>{2019, 2021});
}

TEST_CASE("Layers under one filter lack a vendor only when none of them has it", "[filter]") {
    const geo::LayerValues sites{"smart_city_sites", "sites", {"Huawei", "ZTE"}, {2009, 2014}, 1};
    const auto both = geo::merge_layer_values({cameras(), sites});
    CHECK(both.name == "cameras, smart_city_sites");
    CHECK(both.layers == 2);
    CHECK(geo::filter_warnings(geo::Filter::parse({"vendor=ZTE,Dahua"}), both).empty());
    CHECK(geo::filter_warnings(geo::Filter::parse({"vendor=Hikvison", "year=2030"}), both) ==
          std::vector<std::string>{
              "no vendor 'Hikvison' in layers cameras, smart_city_sites; did you mean Hikvision?",
              "no point in layers cameras, smart_city_sites has a year in 2030; its years are 2009..2021"});
}
