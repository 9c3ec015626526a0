// Warnings for a filter that names what a layer does not have, with the nearest names (the edit
// distance behind them is tested in tests/geo/text/test_edit_distance.cpp).

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

} // namespace

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

TEST_CASE("Statuses no point of the layer has are named with those it has", "[filter]") {
    geo::PointLayerData layer;
    layer.name = "cameras";
    layer.kind = "cameras";
    layer.ids = {1, 2, 3};
    layer.statuses = {0, 0, 2}; // unverified, unverified, rejected
    const auto values = geo::layer_values(layer);
    CHECK(values.statuses ==
          (geo::status_bit(geo::PointStatus::unverified) | geo::status_bit(geo::PointStatus::rejected)));
    CHECK(geo::filter_warnings(geo::Filter::parse({"status=verified"}), values) ==
          std::vector<std::string>{"no camera in layer cameras is verified; its statuses are unverified, rejected"});
    CHECK(geo::filter_warnings(geo::Filter::parse({"status=verified,rejected"}), values).empty());
    CHECK(geo::filter_warnings(geo::Filter{}, values).empty());
    // A layer whose statuses are not known warns of none.
    CHECK(geo::filter_warnings(geo::Filter::parse({"status=verified"}), cameras()).empty());
    // Two layers: only a status neither has.
    auto other = values;
    other.name = "izvoz";
    other.statuses = geo::status_bit(geo::PointStatus::verified);
    const auto both = geo::merge_layer_values({values, other});
    CHECK(geo::filter_warnings(geo::Filter::parse({"status=verified"}), both).empty());
    layer.statuses = {0, 0, 0};
    CHECK(geo::filter_warnings(geo::Filter::parse({"status=rejected"}), geo::layer_values(layer)) ==
          std::vector<std::string>{"no camera in layer cameras is rejected; its statuses are unverified"});
}
