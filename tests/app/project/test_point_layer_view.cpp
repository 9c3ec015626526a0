#include "app/project/point_layer_view.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

using namespace oko;

namespace {

geo::PointLayerData random_layer(size_t n) {
    geo::PointLayerData d;
    d.name = "cameras";
    d.vendors = {"Huawei", "Dahua", "", "Hikvision", "unknown", "Axis"};
    const char* words[] = {"dunavska", "futoska", "zmaj jovina", "bulevar", "dome", "ptz", "anpr", "kej"};
    std::mt19937 rng(3);
    for (size_t i = 0; i < n; ++i) {
        d.ids.push_back(static_cast<int64_t>(i));
        d.positions.push_back({static_cast<double>(i), 0.0});
        d.vendor_index.push_back(static_cast<uint16_t>(rng() % d.vendors.size()));
        d.years.push_back(rng() % 5 == 0 ? 0 : static_cast<int16_t>(2010 + rng() % 12));
        d.statuses.push_back(static_cast<uint8_t>(rng() % geo::kPointStatusCount));
        d.search_text.push_back(std::string(words[rng() % 8]) + " " + words[rng() % 8] + " " +
                                std::to_string(rng() % 50));
    }
    return d;
}

// The same figures point by point, straight from geo::Filter.
void check_against_filter(const app::PointLayerView& view, const geo::Filter& f) {
    const auto& d = view.data();
    size_t passing = 0;
    std::vector<int64_t> vendor_counts(d.vendors.size(), 0);
    std::map<int, int64_t> year_counts;
    std::map<uint16_t, std::map<int, int64_t>> vendor_year;
    for (size_t i = 0; i < d.positions.size(); ++i) {
        const auto& vendor = d.vendors[d.vendor_index[i]];
        const std::optional<int> year = d.years[i] ? std::optional<int>(d.years[i]) : std::nullopt;
        const bool text = f.text_passes_folded(d.search_text[i]);
        const bool status = f.status_passes(static_cast<geo::PointStatus>(d.statuses[i]));
        const bool pass = f.vendor_passes(vendor) && f.year_passes(year) && text && status;
        REQUIRE(view.passes(i) == pass);
        if (!text || !status) continue;
        passing += pass;
        if (f.year_passes(year)) ++vendor_counts[d.vendor_index[i]];
        if (f.vendor_passes(vendor)) ++year_counts[d.years[i]];
        if (pass) ++vendor_year[d.vendor_index[i]][d.years[i]];
    }
    CHECK(view.passing() == passing);
    CHECK(view.vendor_counts() == vendor_counts);
    CHECK(view.year_counts() == year_counts);
    CHECK(view.vendor_year() == vendor_year);
    const auto& mask = view.text_mask();
    if (f.text_words().empty()) {
        CHECK(mask.empty());
    } else {
        REQUIRE(mask.size() == d.positions.size());
        for (size_t i = 0; i < mask.size(); ++i)
            REQUIRE((mask[i] != 0) == f.text_passes_folded(d.search_text[i]));
    }
}

} // namespace

TEST_CASE("A layer's counts follow every kind of filter change", "[points][filter]") {
    const auto layer = random_layer(5000);
    app::PointLayerView view(layer);
    CHECK(view.year_min() == 2010);
    CHECK(view.year_max() == 2021);
    geo::Filter f;
    REQUIRE(view.update(f));
    CHECK_FALSE(view.update(f));
    check_against_filter(view, f);
    // By default every camera but the rejected ones.
    CHECK(view.passing() ==
          static_cast<size_t>(std::count_if(layer.statuses.begin(), layer.statuses.end(), [](uint8_t s) {
              return s != static_cast<uint8_t>(geo::PointStatus::rejected);
          })));
    CHECK(view.passing() < layer.positions.size());
    f.statuses = geo::status_bit(geo::PointStatus::verified);
    REQUIRE(view.update(f));
    check_against_filter(view, f);
    f.statuses = geo::Filter::kDefaultStatuses;

    f.vendors = {"huawei", "Axis"};
    REQUIRE(view.update(f));
    check_against_filter(view, f);
    f.year_min = 2013;
    f.year_max = 2016;
    REQUIRE(view.update(f));
    check_against_filter(view, f);
    f.include_unknown = true; // unknowns asked for (off by default)
    REQUIRE(view.update(f));
    check_against_filter(view, f);
    // Typing on narrows the last match; a different word starts again; clearing shows all.
    for (const char* text : {"d", "du", "dun", "dun kej", "dun ke", "ptz", "PTZ 4", ""}) {
        f.text = text;
        view.update(f);
        check_against_filter(view, f);
    }
    f = {};
    f.vendors = {"\x01none"};
    REQUIRE(view.update(f));
    check_against_filter(view, f);
    CHECK(view.passing() == 0); // "None": a vendor list that names no vendor, unknowns not asked for
    f.include_unknown = true;
    REQUIRE(view.update(f));
    check_against_filter(view, f);
    CHECK(view.passing() > 0); // asked for, the points of unknown vendor pass it
}

TEST_CASE("A text typed over a large layer matches on two threads as on one", "[points][filter]") {
    // Past 100,000 candidates the matching is split in two runs; the mask and the counts must be
    // those of geo::Filter point by point, as the text narrows and starts again.
    const auto layer = random_layer(240000);
    app::PointLayerView view(layer);
    geo::Filter f;
    for (const char* text : {"d", "du", "dun", "dunavska kej", "f", ""}) {
        f.text = text;
        REQUIRE(view.update(f));
        check_against_filter(view, f);
    }
}
