#pragma once
// SpatiaLite geometry BLOBs, written and read directly: the format is a small fixed header
// (SRID, bounding box) and plain little-endian doubles, so going through WKB and SQL functions
// would only add a copy and a parse per row. Reference: "BLOB-Geometry" in the SpatiaLite docs.

#include "geo/base/types.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace oko::geo {

// The geometry of one stored feature: points, starts of each line or ring, and for areas the
// index in `parts` of each polygon's outer ring.
struct GeometryParts {
    std::vector<LonLat> points;
    std::vector<uint32_t> parts;
    std::vector<uint32_t> polygons;
};

std::vector<uint8_t> encode_point(LonLat p, int srid = 4326);
std::vector<uint8_t> encode_multilinestring(std::span<const LonLat> points, std::span<const uint32_t> parts,
                                            int srid = 4326);
std::vector<uint8_t> encode_multipolygon(std::span<const LonLat> points, std::span<const uint32_t> parts,
                                         std::span<const uint32_t> polygons, int srid = 4326);

// Appends the decoded geometry to `out`; returns false if the BLOB is not a SpatiaLite
// POINT, MULTILINESTRING or MULTIPOLYGON (XY).
bool decode_geometry(const uint8_t* blob, size_t size, GeometryParts& out);

// What is wrong with a decoded geometry that Oko never writes (empty when nothing): a coordinate
// that is not finite or outside WGS84's range, a part or polygon without points.
std::string geometry_problem(const GeometryParts& g);

// Reads a stored triangulation (uint32 indices into the feature's points, three a triangle) into
// `out`, checking it against the feature's `point_count`; returns what is wrong (empty when
// nothing): a size that is not whole triangles, an index past the points.
std::string read_triangles(const void* blob, size_t bytes, size_t point_count, std::vector<uint32_t>& out);

} // namespace oko::geo
