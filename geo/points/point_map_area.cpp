#include "geo/points/point_map_area.hpp"

#include "geo/map/feature_class.hpp"
#include "geo/points/point_duplicates.hpp"
#include "geo/store/sqlite_statement.hpp"
#include "geo/store/store_geometry.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>

namespace oko::geo {

namespace {

// The smallest value of f on [a, b] by golden-section search; f is the distance from a point to
// a meridian or parallel segment, which has one minimum along it for boxes of a city's size.
double minimum_on(const std::function<double(double)>& f, double a, double b) {
    const double r = (std::sqrt(5.0) - 1) / 2;
    double c = b - r * (b - a), d = a + r * (b - a);
    double fc = f(c), fd = f(d);
    for (int i = 0; i < 60 && b - a > 1e-9; ++i) {
        if (fc < fd) {
            b = d;
            d = c;
            fd = fc;
            c = b - r * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + r * (b - a);
            fd = f(d);
        }
    }
    return std::min({fc, fd, f(a), f(b)});
}

} // namespace

double distance_to_area_m(double lon, double lat, const BBox& b) {
    if (lon >= b.min_x && lon <= b.max_x && lat >= b.min_y && lat <= b.max_y) return 0;
    double best = std::numeric_limits<double>::infinity();
    const auto along_parallel = [&](double edge_lat) {
        return minimum_on([&](double x) { return geodesic_distance_m(lon, lat, x, edge_lat); }, b.min_x, b.max_x);
    };
    const auto along_meridian = [&](double edge_lon) {
        return minimum_on([&](double y) { return geodesic_distance_m(lon, lat, edge_lon, y); }, b.min_y, b.max_y);
    };
    // Only the edges that face the point can hold its nearest point of the box.
    if (lat > b.max_y) best = std::min(best, along_parallel(b.max_y));
    if (lat < b.min_y) best = std::min(best, along_parallel(b.min_y));
    if (lon > b.max_x) best = std::min(best, along_meridian(b.max_x));
    if (lon < b.min_x) best = std::min(best, along_meridian(b.min_x));
    return best;
}

FarFromMapCheck::FarFromMapCheck(std::optional<MapArea> area, double threshold_m)
    : m_area(std::move(area)), m_threshold_m(threshold_m) {}

void FarFromMapCheck::add(const PointRecord& r) {
    if (!m_area || m_threshold_m <= 0) return;
    const BBox& b = m_area->bbox;
    // Most points of a file lie on its map: nothing to measure, on every row of an import.
    if (r.lon >= b.min_x && r.lon <= b.max_x && r.lat >= b.min_y && r.lat <= b.max_y) return;
    // The distance to the nearest corner or edge point by clamping is never less than the true
    // one: a point it puts within the threshold is not far, and needs no search.
    const double clamped =
        geodesic_distance_m(r.lon, r.lat, std::clamp(r.lon, b.min_x, b.max_x), std::clamp(r.lat, b.min_y, b.max_y));
    if (clamped <= m_threshold_m) return;
    const double d = distance_to_area_m(r.lon, r.lat, b);
    if (d <= m_threshold_m) return;
    if (m_far.points == 0) {
        m_far.first_row = r.source_row;
        m_far.min_m = m_far.max_m = d;
    }
    ++m_far.points;
    m_far.min_m = std::min(m_far.min_m, d);
    m_far.max_m = std::max(m_far.max_m, d);
}

std::optional<FarFromMap> FarFromMapCheck::result() const {
    if (m_far.points == 0) return std::nullopt;
    FarFromMap far = m_far;
    far.area_name = m_area->name;
    far.area = m_area->bbox;
    return far;
}

std::string format_km(double metres) {
    const std::string digits = std::to_string(static_cast<int64_t>(std::llround(metres / 1000)));
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out + " km";
}

ImportIssue far_from_map_warning(const FarFromMap& far) {
    const std::string nearest = format_km(far.min_m), farthest = format_km(far.max_m);
    // "1,922 to 1,927 km", or one figure when both round alike.
    const std::string span = nearest == farthest ? nearest : nearest.substr(0, nearest.size() - 3) + " to " + farthest;
    const std::string what = far.points == 1 ? "1 point (row " + std::to_string(far.first_row) + ") lies "
                                             : std::to_string(far.points) + " points (the first in row " +
                                                   std::to_string(far.first_row) + ") lie ";
    return {IssueCode::far_from_map,
            0,
            {},
            {},
            what + span + " from the map's area (" + far.area_name + "): imported, but outside the map",
            "check their coordinates and CRS, or import an OSM extract of the area they are in"};
}

std::optional<MapArea> map_area(const Store& store) {
    const auto text = store.meta("basemap_bbox");
    if (!text) return std::nullopt;
    MapArea area;
    if (std::sscanf(text->c_str(), "%lf,%lf,%lf,%lf", &area.bbox.min_x, &area.bbox.min_y, &area.bbox.max_x,
                    &area.bbox.max_y) != 4 ||
        area.bbox.empty())
        return std::nullopt;
    // The city (else the town) nearest the middle of the extract names it.
    const auto centre = area.bbox.center();
    double best = std::numeric_limits<double>::infinity();
    int best_rank = 3;
    // The geometry is decoded here: read-only connections have no SpatiaLite functions.
    Statement q(store, "SELECT name, name_latin, class, geom FROM basemap_points WHERE class IN ('" +
                           std::string(info(FeatureClass::PlaceCity).code) + "', '" +
                           std::string(info(FeatureClass::PlaceTown).code) + "')");
    while (q.step()) {
        const std::string name = q.column_text(0), latin = q.column_text(1), cls = q.column_text(2);
        const int rank = cls == info(FeatureClass::PlaceCity).code ? 1 : 2;
        GeometryParts g;
        const auto* blob = static_cast<const uint8_t*>(sqlite3_column_blob(q.get(), 3));
        if (!blob || !decode_geometry(blob, static_cast<size_t>(sqlite3_column_bytes(q.get(), 3)), g) ||
            g.points.empty())
            continue;
        const double d = geodesic_distance_m(g.points[0].lon, g.points[0].lat, centre.x, centre.y);
        if ((latin.empty() && name.empty()) || rank > best_rank || (rank == best_rank && d >= best)) continue;
        best_rank = rank;
        best = d;
        area.name = latin.empty() ? name : latin;
    }
    if (area.name.empty()) area.name = store.meta("basemap_source").value_or("the basemap");
    return area;
}

} // namespace oko::geo
