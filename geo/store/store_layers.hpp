#pragma once
// What a project holds, layer by layer: for `oko layers` and the window's layer panel.

#include "geo/store/store.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace oko::geo {

struct LayerSummary {
    std::string name; // "roads", "buildings", ..., or a point layer's name
    std::string kind; // "basemap", "points" (or the point layer's kind), "lines" or "areas"
    int64_t features = 0;
    std::string source;                     // the file it came from
    std::map<std::string, int64_t> classes; // basemap: features per class code
};

std::vector<LayerSummary> list_layers(const Store& store);

} // namespace oko::geo
