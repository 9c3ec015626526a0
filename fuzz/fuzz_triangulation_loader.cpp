// Any bytes as a stored feature: the first byte splits the rest into a geometry BLOB and a
// triangulation BLOB, read and checked as the project loader reads them. Reading never goes past
// either BLOB; a triangulation that passes names only points of its geometry, in whole
// triangles; a geometry that passes is written and read again unchanged.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "geo/store/store_geometry.hpp"

using namespace oko::geo;

namespace {

void require_at(bool condition, int line) {
    if (condition) return;
    std::fprintf(stderr, "broken invariant at %s:%d\n", __FILE__, line);
    std::abort();
}

bool same(const GeometryParts& a, const GeometryParts& b) {
    if (a.points.size() != b.points.size() || a.parts != b.parts || a.polygons != b.polygons) return false;
    return a.points.empty() || std::memcmp(a.points.data(), b.points.data(), a.points.size() * sizeof(LonLat)) == 0;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const size_t split = std::min<size_t>(size - 1, size_t{data[0]} * 4);
    // Copies of exactly their size, so that the sanitizer sees any read past them.
    const std::vector<uint8_t> geometry(data + 1, data + 1 + split);
    const std::vector<uint8_t> triangles(data + 1 + split, data + size);

    GeometryParts g;
    const bool decoded = decode_geometry(geometry.data(), geometry.size(), g);
    const size_t point_count = decoded ? g.points.size() : 0;
    std::vector<uint32_t> out;
    const auto why = read_triangles(triangles.empty() ? nullptr : triangles.data(), triangles.size(), point_count, out);
    if (why.empty()) {
        require_at(out.size() % 3 == 0, __LINE__);
        for (const uint32_t i : out)
            require_at(i < point_count, __LINE__);
    } else {
        require_at(out.empty(), __LINE__);
    }
    if (!decoded || !geometry_problem(g).empty()) return 0;
    // What passes the checks is what the writer writes.
    std::vector<uint8_t> again;
    if (!g.polygons.empty())
        again = encode_multipolygon(g.points, g.parts, g.polygons);
    else if (g.points.size() == 1 && g.parts.size() == 1 && geometry.size() == 60)
        again = encode_point(g.points[0]);
    else
        again = encode_multilinestring(g.points, g.parts);
    GeometryParts back;
    require_at(decode_geometry(again.data(), again.size(), back), __LINE__);
    require_at(same(g, back), __LINE__);
    return 0;
}
