#pragma once
// A point layer as the renderer, the window and the statistics hold it in memory.

#include "geo/base/types.hpp"
#include "geo/map/point_status.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace oko::geo {

// A point layer as the renderer and the statistics read it: parallel arrays, one entry per
// camera (reports deleted or merged into another camera are not loaded).
struct PointLayerData {
    std::string name;
    std::string kind;
    std::vector<int64_t> ids;
    std::vector<XY> positions;            // Web Mercator
    std::vector<std::string> vendors;     // distinct canonical vendors, most frequent first; "" = unknown
    std::vector<uint16_t> vendor_index;   // per point, into `vendors`
    std::vector<int16_t> years;           // per point; 0 = unknown
    std::vector<std::string> search_text; // per point: folded attribute text for the text filter
    std::vector<uint8_t> statuses;        // per point: its PointStatus (missing at the end: unverified)
    std::vector<std::string> sources;     // the files its points came from (names), for the credits
};

} // namespace oko::geo
