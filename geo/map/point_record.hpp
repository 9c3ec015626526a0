#pragma once
// One point of a point layer as an importer reads it and the store writes it: position (WGS84),
// vendor and year as normalised and as written, every other attribute, and where in its source
// it came from.

#include "geo/base/types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace oko::geo {

// A point close to another one, which the report therefore probably describes again.
struct DuplicateLink {
    bool existing = false; // true: `ref` is an id from the layer's existing points;
                           // false: `ref` is the `index` of an earlier record of this import
    int64_t ref = 0;
    double distance_m = 0; // geodesic, on the WGS84 ellipsoid
};

struct PointRecord {
    double lon = 0; // WGS84 degrees
    double lat = 0;
    std::string vendor;      // canonical (vendor table); as written when unknown to it; empty: unknown
    std::string vendor_raw;  // as written in the file
    std::optional<int> year; // installation year, when the file says one we can read
    std::string year_raw;    // as written in the file
    std::vector<std::pair<std::string, std::string>> attributes; // every other non-empty column, in file order
    // CSV: the physical line where the row starts (the header is line 1); XLSX/ODS: the
    // spreadsheet row; other formats: the feature's number in its layer, from 1. A multipoint
    // gives several records with the same source_row.
    int64_t source_row = 0;
    std::string source_layer; // the layer a GDAL format read it from; empty for CSV
    int64_t index = 0;        // 0-based position among the records this import produced
    std::optional<DuplicateLink> duplicate_of;
};

// A point already in a layer: its id in the project and where it is.
struct LayerPoint {
    int64_t id = 0;
    LonLat position;
};

} // namespace oko::geo
