#pragma once
// Reference layers: lines and polygons from any file a GIS user has (municipal boundaries, a
// city's main roads from OSM), shown between the basemap and the point layers so that a city
// without a full OSM extract still gets a map. Features keep every attribute and where they came
// from; polygons are triangulated once, at import, and stored with their triangles.

#include "geo/map/basemap.hpp"
#include "geo/base/types.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oko::geo {

enum class ReferenceKind : uint8_t { Lines, Areas };

std::string_view kind_name(ReferenceKind kind); // "lines", "areas"
std::optional<ReferenceKind> reference_kind_from_name(std::string_view name);

// One feature as read from a file and as stored (WGS84).
struct ReferenceFeature {
    int64_t source_feature = 0; // the feature's number in its layer of the file, from 1
    std::string source_layer;   // the layer of the file it came from
    std::vector<std::pair<std::string, std::string>> attributes; // every non-null field, in file order
    std::vector<LonLat> points;      // lines: every part; areas: every ring, closed (last == first)
    std::vector<uint32_t> parts;     // start in `points` of each line or ring
    std::vector<uint32_t> polygons;  // areas: index in `parts` of each polygon's outer ring; its holes follow
    std::vector<uint32_t> triangles; // areas: indices into `points`, three per triangle
};

// What a file holds, by geometry kind: how `oko import` decides where each feature goes.
struct GeometryCensus {
    std::string format; // the GDAL driver's short name
    std::string crs;    // of the first layer with one ("EPSG:4326" when none)
    int64_t features = 0;
    int64_t points = 0; // features with points (multipoints, collections holding points)
    int64_t lines = 0;  // ... with (multi)linestrings or curves
    int64_t areas = 0;  // ... with (multi)polygons or curved surfaces
    int64_t empty = 0;  // no geometry, or an empty one
    int64_t mixed = 0;  // geometry collections mixing kinds: counted under each, their parts split
};

// Counts the features of `file` by geometry kind. Throws Error when GDAL cannot open the file,
// when it holds no features, or when a feature's geometry is one a map cannot draw (TIN,
// polyhedral surface: the message names the feature).
GeometryCensus census_geometries(const std::filesystem::path& file);

struct ReferenceRead {
    GeometryCensus census;
    std::vector<ReferenceFeature> lines;
    std::vector<ReferenceFeature> areas;
    std::vector<std::string> fields;  // every attribute field, in file order (union over layers)
    std::vector<std::string> skipped; // why features were left out (one line each, "layer #N: reason")
    int64_t skipped_count = 0;
};

// Reads the lines and polygons of `file`, reprojected to WGS84 (`crs` for layers that have
// none; empty: WGS84), polygons triangulated. Points are left to the point import. `census`:
// the file's, when the caller has it already (it costs a pass over the file).
ReferenceRead read_reference_features(const std::filesystem::path& file, const std::string& crs = {},
                                      const GeometryCensus* census = nullptr);

// A reference layer as the renderer and the window take it: geometry in Web Mercator with its
// stored triangles, and per feature the value of every field ("" when unset).
struct ReferenceLayerData {
    std::string name;
    ReferenceKind kind = ReferenceKind::Lines;
    std::vector<std::string> fields;
    std::vector<Geometry> features;
    std::vector<std::vector<std::string>> values; // per feature, aligned with `fields`
    std::vector<std::string> sources;             // file names
    BBox extent;                                  // Web Mercator

    std::optional<size_t> field_index(std::string_view field) const;
    // Distinct values of a field with their counts, most frequent first ("" for unset is left out).
    std::vector<std::pair<std::string, int64_t>> value_counts(size_t field) const;
};

} // namespace oko::geo
