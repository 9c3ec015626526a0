#pragma once
// What a filter asks of a layer that the layer does not have: a vendor it has no point of, a year
// range none of its points lies in. Such a filter counts zero, which is true but rarely what was
// meant, so `oko stats`, `oko render` and the window say so, with the nearest names the layer has:
//   no vendor 'Huwei' in layer cameras; did you mean Huawei?
//   no camera in layer cameras has a year in 2030..2031; its years are 2016..2021
//   no camera in layer cameras is verified; its statuses are unverified

#include "geo/map/point_layer.hpp"
#include "geo/scene/filter.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace oko::geo {

class VendorTable;

// The vendors and years a layer has, whichever way it is stored.
struct LayerValues {
    std::string name;                 // or several, "cameras, izvoz" (see merge_layer_values)
    std::string kind;                 // "cameras", "points", "sites", "mixed": "camera", "site" or "point" in messages
    std::vector<std::string> vendors; // distinct canonical vendors; unknown ones are ignored
    std::vector<int> years;           // distinct known years, any order
    size_t layers = 1;                // how many layers `name` lists
    uint8_t statuses = kAllStatuses;  // the statuses its points have, one bit each (all: not known)
};
LayerValues layer_values(const PointLayerData& layer);
// Layers under one filter (`oko render --filter` applies it to every layer) as one: a vendor is
// missing only when none of them has it.
LayerValues merge_layer_values(const std::vector<LayerValues>& layers);

// One line per vendor the layer lacks and for a year range it has no point in; none when every
// criterion names something the layer has. Names are compared as the filter compares them
// (case-insensitively); the nearest are found through `vendors` (the vendor table: "Хуавеј" is
// Huawei) and else by edit distance over the folded names (text_fold.hpp). Without a table, the
// shipped one is used when it can be read.
std::vector<std::string> filter_warnings(const Filter& filter, const LayerValues& layer,
                                         const VendorTable* vendors = nullptr);

// The names nearest to `query` by optimal string alignment distance over their folded keys
// (VendorTable::key), nearest first, ties in the order given; only names within a third of the
// query's length (at least one edit), or that start with it.
std::vector<std::string> nearest_names(std::string_view query, const std::vector<std::string>& names,
                                       size_t at_most = 3);

} // namespace oko::geo
