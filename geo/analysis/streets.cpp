#include "geo/analysis/streets.hpp"

#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/store/sqlite_statement.hpp"
#include "geo/store/store_geometry.hpp"
#include "geo/text/json_text.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace oko::geo {

const std::vector<std::string>& default_street_classes() {
    static const std::vector<std::string> classes{"motorway",      "motorway_link", "trunk",        "trunk_link",
                                                  "primary",       "primary_link",  "secondary",    "secondary_link",
                                                  "tertiary",      "tertiary_link", "unclassified", "residential",
                                                  "living_street", "pedestrian"};
    return classes;
}

namespace {

double polyline_m(const std::vector<XY>& v, size_t begin, size_t end) {
    double m = 0;
    for (size_t i = begin + 1; i < end; ++i)
        m += std::hypot(v[i].x - v[i - 1].x, v[i].y - v[i - 1].y);
    return m;
}

std::string km_text(double km) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", km);
    return buf;
}

} // namespace

StreetNetwork::StreetNetwork() = default;
StreetNetwork::StreetNetwork(StreetNetwork&&) noexcept = default;
StreetNetwork& StreetNetwork::operator=(StreetNetwork&&) noexcept = default;
StreetNetwork::~StreetNetwork() = default;

XY StreetNetwork::to_metric(LonLat p) const { return m_crs->from_lonlat(p); }

double StreetNetwork::length_m() const {
    double m = 0;
    for (const auto& p : m_pieces)
        m += polyline_m(m_metric, p.begin, p.end);
    return m;
}

StreetNetwork StreetNetwork::from_lines(const std::vector<std::vector<LonLat>>& lines,
                                        const std::vector<std::string>& highway, std::span<const std::string> classes) {
    if (lines.size() != highway.size()) throw Error("one highway class per street line is needed");
    // Every class the lines have, measured, so that an unknown name can be answered with them.
    BBox box;
    for (const auto& l : lines)
        for (const auto& p : l)
            box.extend(p.lon, p.lat);
    if (box.empty()) throw Error("the project has no streets (no OSM ways with a highway tag among its lines)");
    StreetNetwork net;
    net.m_epsg = utm_epsg({box.center().x, box.center().y});
    net.m_crs.emplace(DensityCrs::utm_for({box.center().x, box.center().y}));

    std::map<std::string, double> km;
    for (size_t i = 0; i < lines.size(); ++i) {
        double m = 0;
        XY last{};
        for (size_t k = 0; k < lines[i].size(); ++k) {
            const XY p = net.to_metric(lines[i][k]);
            if (k) m += std::hypot(p.x - last.x, p.y - last.y);
            last = p;
        }
        km[highway[i]] += m / 1000.0;
    }
    for (const auto& [name, value] : km)
        net.m_available.push_back({name, value});
    std::sort(net.m_available.begin(), net.m_available.end(),
              [](const StreetClassLength& a, const StreetClassLength& b) { return a.km > b.km; });

    const std::vector<std::string> wanted =
        classes.empty() ? default_street_classes() : std::vector<std::string>(classes.begin(), classes.end());
    std::vector<std::string> unknown;
    for (const auto& c : wanted)
        if (!km.count(c) && !(classes.empty())) unknown.push_back(c);
    const auto list = [&] {
        std::string s;
        for (const auto& a : net.m_available)
            s += (s.empty() ? "" : ", ") + a.highway + " " + km_text(a.km) + " km";
        return s;
    };
    if (!unknown.empty()) {
        std::string names;
        for (const auto& u : unknown)
            names += (names.empty() ? "'" : ", '") + u + "'";
        throw Error("no streets of class " + names + " in the project; it has: " + list());
    }
    net.m_classes = wanted;
    std::vector<std::vector<LonLat>> kept;
    std::vector<uint16_t> cls;
    for (size_t i = 0; i < lines.size(); ++i) {
        const auto it = std::find(wanted.begin(), wanted.end(), highway[i]);
        if (it == wanted.end() || lines[i].size() < 2) continue;
        kept.push_back(lines[i]);
        cls.push_back(static_cast<uint16_t>(it - wanted.begin()));
    }
    if (kept.empty()) throw Error("the project has no streets of the classes counted; it has: " + list());
    net.build(kept, cls);
    return net;
}

void StreetNetwork::build(const std::vector<std::vector<LonLat>>& lines, const std::vector<uint16_t>& cls) {
    m_lonlat.clear();
    m_metric.clear();
    m_mercator.clear();
    m_pieces.clear();
    for (size_t i = 0; i < lines.size(); ++i) {
        StreetPiece piece;
        piece.begin = static_cast<uint32_t>(m_lonlat.size());
        for (const auto& p : lines[i]) {
            m_lonlat.push_back(p);
            m_metric.push_back(to_metric(p));
            m_mercator.push_back(to_mercator(p));
        }
        piece.end = static_cast<uint32_t>(m_lonlat.size());
        piece.highway = cls[i];
        m_pieces.push_back(piece);
    }
}

void StreetNetwork::split_by(const BoundarySet& districts) {
    std::vector<std::vector<LonLat>> lines;
    std::vector<uint16_t> cls;
    std::vector<int> district;
    for (const auto& piece : m_pieces) {
        const std::span<const LonLat> line(m_lonlat.data() + piece.begin, piece.end - piece.begin);
        for (auto& [index, part] : districts.clip_line(line)) {
            if (part.size() < 2) continue;
            lines.push_back(std::move(part));
            cls.push_back(piece.highway);
            district.push_back(index);
        }
    }
    build(lines, cls);
    for (size_t i = 0; i < m_pieces.size(); ++i)
        m_pieces[i].district = district[i];
    m_split = true;
}

StreetNetwork StreetNetwork::load(const Store& store, std::span<const std::string> classes) {
    // Ways only: relations (routes, multipolygons) are not streets of their own.
    Statement s(store, "SELECT tags, geom FROM basemap_lines WHERE osm_type = 'w' AND tags LIKE '%\"highway\"%'");
    std::vector<std::vector<LonLat>> lines;
    std::vector<std::string> highway;
    GeometryParts g;
    while (s.step()) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0));
        if (!text) continue;
        std::string value;
        for_each_json_string_member(std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(s.get(), 0))),
                                    [&](std::string_view key, std::string_view v) {
                                        if (key == "highway") value.assign(v);
                                    });
        if (value.empty()) continue;
        g.points.clear();
        g.parts.clear();
        g.polygons.clear();
        const auto* blob = static_cast<const uint8_t*>(sqlite3_column_blob(s.get(), 1));
        if (!blob || !decode_geometry(blob, static_cast<size_t>(sqlite3_column_bytes(s.get(), 1)), g))
            throw Error("a street line whose geometry Oko cannot read", store.path().string(), 0, "basemap_lines");
        const size_t parts = std::max<size_t>(g.parts.size(), 1); // a LINESTRING may come without parts
        for (size_t part = 0; part < parts; ++part) {
            const size_t b = g.parts.empty() ? 0 : g.parts[part];
            const size_t e = part + 1 < g.parts.size() ? g.parts[part + 1] : g.points.size();
            lines.emplace_back(g.points.begin() + static_cast<std::ptrdiff_t>(b),
                               g.points.begin() + static_cast<std::ptrdiff_t>(e));
            highway.push_back(value);
        }
    }
    return from_lines(lines, highway, classes);
}

} // namespace oko::geo
