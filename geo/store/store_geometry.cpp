#include "geo/store/store_geometry.hpp"

#include <bit>
#include <cmath>
#include <cstring>

namespace oko::geo {

namespace {

static_assert(std::endian::native == std::endian::little, "the BLOBs are written in host order, tagged little-endian");

constexpr uint8_t kStart = 0x00;
constexpr uint8_t kLittleEndian = 0x01;
constexpr uint8_t kMbrEnd = 0x7C;
constexpr uint8_t kEntity = 0x69;
constexpr uint8_t kEnd = 0xFE;
constexpr int32_t kPoint = 1;
constexpr int32_t kLineString = 2;
constexpr int32_t kPolygon = 3;
constexpr int32_t kMultiLineString = 5;
constexpr int32_t kMultiPolygon = 6;

class Writer {
public:
    explicit Writer(size_t reserve) { m_out.reserve(reserve); }
    void u8(uint8_t v) { m_out.push_back(v); }
    void i32(int32_t v) { raw(&v, 4); }
    void f64(double v) { raw(&v, 8); }
    void raw(const void* p, size_t n) {
        const auto* b = static_cast<const uint8_t*>(p);
        m_out.insert(m_out.end(), b, b + n);
    }
    void header(int srid, const BBox& box, int32_t type) {
        u8(kStart);
        u8(kLittleEndian);
        i32(srid);
        f64(box.min_x);
        f64(box.min_y);
        f64(box.max_x);
        f64(box.max_y);
        u8(kMbrEnd);
        i32(type);
    }
    void coords(std::span<const LonLat> pts) {
        for (const auto& p : pts) {
            f64(p.lon);
            f64(p.lat);
        }
    }
    std::vector<uint8_t> finish() {
        u8(kEnd);
        return std::move(m_out);
    }

private:
    std::vector<uint8_t> m_out;
};

BBox bounds(std::span<const LonLat> pts) {
    BBox b;
    for (const auto& p : pts)
        b.extend(p.lon, p.lat);
    return b;
}

uint32_t part_end(std::span<const uint32_t> parts, size_t i, size_t n) {
    return i + 1 < parts.size() ? parts[i + 1] : n;
}

// Reads with a count of the bytes left, never a pointer past the end (an empty BLOB may be null).
class Reader {
public:
    Reader(const uint8_t* p, size_t n) : m_p(p), m_left(p ? n : 0) {}
    bool ok() const { return m_ok; }
    uint8_t u8() {
        if (m_left < 1) return fail();
        --m_left;
        return *m_p++;
    }
    int32_t i32() {
        int32_t v = 0;
        if (m_left < 4) return fail();
        std::memcpy(&v, m_p, 4);
        advance(4);
        return v;
    }
    void skip(size_t n) {
        if (m_left < n)
            fail();
        else
            advance(n);
    }
    bool coords(int32_t n, std::vector<LonLat>& out) {
        if (n < 0 || size_t(n) > m_left / 16) return fail();
        const size_t at = out.size();
        out.resize(at + size_t(n));
        if (n > 0) std::memcpy(out.data() + at, m_p, size_t(n) * 16); // LonLat is two packed doubles
        advance(size_t(n) * 16);
        return true;
    }

private:
    void advance(size_t n) {
        m_p += n;
        m_left -= n;
    }
    uint8_t fail() {
        m_ok = false;
        m_left = 0;
        return 0;
    }
    const uint8_t* m_p;
    size_t m_left;
    bool m_ok = true;
};

static_assert(sizeof(LonLat) == 16, "LonLat is read from the BLOB as two doubles");

} // namespace

std::vector<uint8_t> encode_point(LonLat p, int srid) {
    Writer w(64);
    BBox b;
    b.extend(p.lon, p.lat);
    w.header(srid, b, kPoint);
    w.f64(p.lon);
    w.f64(p.lat);
    return w.finish();
}

std::vector<uint8_t> encode_multilinestring(std::span<const LonLat> points, std::span<const uint32_t> parts, int srid) {
    Writer w(48 + parts.size() * 9 + points.size() * 16);
    w.header(srid, bounds(points), kMultiLineString);
    w.i32(static_cast<int32_t>(parts.size()));
    for (size_t i = 0; i < parts.size(); ++i) {
        const uint32_t b = parts[i];
        const uint32_t e = part_end(parts, i, points.size());
        w.u8(kEntity);
        w.i32(kLineString);
        w.i32(static_cast<int32_t>(e - b));
        w.coords(points.subspan(b, e - b));
    }
    return w.finish();
}

std::vector<uint8_t> encode_multipolygon(std::span<const LonLat> points, std::span<const uint32_t> parts,
                                         std::span<const uint32_t> polygons, int srid) {
    Writer w(48 + polygons.size() * 13 + parts.size() * 4 + points.size() * 16);
    w.header(srid, bounds(points), kMultiPolygon);
    w.i32(static_cast<int32_t>(polygons.size()));
    for (size_t p = 0; p < polygons.size(); ++p) {
        const uint32_t first = polygons[p];
        const uint32_t last = p + 1 < polygons.size() ? polygons[p + 1] : static_cast<uint32_t>(parts.size());
        w.u8(kEntity);
        w.i32(kPolygon);
        w.i32(static_cast<int32_t>(last - first));
        for (uint32_t r = first; r < last; ++r) {
            const uint32_t b = parts[r];
            const uint32_t e = part_end(parts, r, points.size());
            w.i32(static_cast<int32_t>(e - b));
            w.coords(points.subspan(b, e - b));
        }
    }
    return w.finish();
}

bool decode_geometry(const uint8_t* blob, size_t size, GeometryParts& out) {
    Reader r(blob, size);
    if (r.u8() != kStart || r.u8() != kLittleEndian) return false;
    r.skip(4 + 32); // SRID, MBR
    if (r.u8() != kMbrEnd) return false;
    const int32_t type = r.i32();
    if (type == kPoint) {
        out.parts.push_back(static_cast<uint32_t>(out.points.size()));
        r.coords(1, out.points);
    } else if (type == kMultiLineString) {
        const int32_t n = r.i32();
        for (int32_t i = 0; i < n && r.ok(); ++i) {
            if (r.u8() != kEntity || r.i32() != kLineString) return false;
            out.parts.push_back(static_cast<uint32_t>(out.points.size()));
            r.coords(r.i32(), out.points);
        }
    } else if (type == kMultiPolygon) {
        const int32_t n = r.i32();
        for (int32_t i = 0; i < n && r.ok(); ++i) {
            if (r.u8() != kEntity || r.i32() != kPolygon) return false;
            out.polygons.push_back(static_cast<uint32_t>(out.parts.size()));
            const int32_t rings = r.i32();
            for (int32_t k = 0; k < rings && r.ok(); ++k) {
                out.parts.push_back(static_cast<uint32_t>(out.points.size()));
                r.coords(r.i32(), out.points);
            }
        }
    } else {
        return false;
    }
    return r.ok() && r.u8() == kEnd;
}

std::string geometry_problem(const GeometryParts& g) {
    for (const auto& p : g.points)
        if (!std::isfinite(p.lon) || !std::isfinite(p.lat) || std::abs(p.lon) > 180 || std::abs(p.lat) > 90)
            return "a coordinate outside WGS84 (" + std::to_string(p.lon) + ", " + std::to_string(p.lat) + ")";
    for (size_t i = 0; i < g.parts.size(); ++i) {
        const size_t end = i + 1 < g.parts.size() ? g.parts[i + 1] : g.points.size();
        if (g.parts[i] >= end) return "a line or ring without points";
    }
    for (size_t i = 0; i < g.polygons.size(); ++i) {
        const size_t end = i + 1 < g.polygons.size() ? g.polygons[i + 1] : g.parts.size();
        if (g.polygons[i] >= end) return "a polygon without rings";
    }
    return {};
}

std::string read_triangles(const void* blob, size_t bytes, size_t point_count, std::vector<uint32_t>& out) {
    out.clear();
    if (!blob || bytes == 0) return {};
    if (bytes % (3 * sizeof(uint32_t)) != 0)
        return "its triangulation is " + std::to_string(bytes) + " bytes, not whole triangles of three 4-byte indices";
    out.resize(bytes / sizeof(uint32_t));
    std::memcpy(out.data(), blob, bytes);
    for (const uint32_t i : out)
        if (i >= point_count) {
            const std::string why = "its triangulation names point " + std::to_string(i) + " of a geometry with " +
                                    std::to_string(point_count) + " points";
            out.clear();
            return why;
        }
    return {};
}

} // namespace oko::geo
