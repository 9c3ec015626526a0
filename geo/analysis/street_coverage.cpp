#include "geo/analysis/street_coverage.hpp"

#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/base/utf8.hpp"
#include "geo/scene/compiled_filter.hpp"
#include "geo/scene/filter_warnings.hpp"
#include "geo/store/store_points.hpp"
#include "geo/text/camera_fields.hpp"
#include "geo/text/csv_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cctype>
#include <cstdlib>
#include <numeric>

namespace oko::geo {

namespace {

constexpr double kPi = 3.14159265358979323846;

struct Interval {
    double lo, hi;
};

// Cameras in metric coordinates, bucketed in square cells (compressed rows: cell → range).
struct CameraGrid {
    double x0 = 0, y0 = 0, cell = 1;
    int nx = 0, ny = 0;
    std::vector<uint32_t> start; // nx*ny + 1
    std::vector<uint32_t> items; // camera indices, grouped by cell

    int cx(double x) const { return std::clamp(static_cast<int>(std::floor((x - x0) / cell)), 0, nx - 1); }
    int cy(double y) const { return std::clamp(static_cast<int>(std::floor((y - y0) / cell)), 0, ny - 1); }
};

// A bearing's unit vector in (east, north).
XY bearing_vector(double deg) {
    const double r = deg * kPi / 180.0;
    return {std::sin(r), std::cos(r)};
}

double cross(XY a, XY b) { return a.x * b.y - a.y * b.x; }

// The t in [lo, hi] where f(t) = f0 + t·f1 ≥ 0, as an interval (empty: lo > hi).
Interval half_line(double f0, double f1, Interval range) {
    if (f1 == 0) return f0 >= 0 ? range : Interval{1, 0};
    const double root = -f0 / f1;
    if (f1 > 0) return {std::max(range.lo, root), range.hi};
    return {range.lo, std::min(range.hi, root)};
}

// The camera's wedge (half-angle h around bearing β, apex c) on the segment's interval `in` (the
// part inside its disc): up to two intervals appended to `out`. With q(t) = a − c + t·d, the
// wedge's counter-clockwise edge r1 = v(β − h) and clockwise edge r2 = v(β + h), a point is
// inside when cross(r1, q) ≤ 0 and cross(r2, q) ≥ 0 (h ≤ 90°), or when either holds (h > 90°).
void wedge_intervals(XY q0, XY d, double bearing, double half, Interval in, std::vector<Interval>& out) {
    const XY r1 = bearing_vector(bearing - half), r2 = bearing_vector(bearing + half);
    // -cross(r1, q(t)) ≥ 0 and cross(r2, q(t)) ≥ 0.
    const Interval a = half_line(-cross(r1, q0), -cross(r1, d), in);
    const Interval b = half_line(cross(r2, q0), cross(r2, d), in);
    if (half <= 90.0) {
        const Interval both{std::max(a.lo, b.lo), std::min(a.hi, b.hi)};
        if (both.lo < both.hi) out.push_back(both);
    } else {
        if (a.lo < a.hi) out.push_back(a);
        if (b.lo < b.hi) out.push_back(b);
    }
}

void add_part(Geometry& g, const std::vector<XY>& mercator, size_t i, double t0, double t1, bool joins) {
    const XY a = mercator[i], b = mercator[i + 1];
    const XY p0{a.x + t0 * (b.x - a.x), a.y + t0 * (b.y - a.y)};
    const XY p1{a.x + t1 * (b.x - a.x), a.y + t1 * (b.y - a.y)};
    if (!joins) {
        g.parts.push_back(static_cast<uint32_t>(g.points.size()));
        g.points.push_back(p0);
    }
    g.points.push_back(p1);
}

std::string fixed(double value, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

} // namespace

CoverageResult compute_coverage(const StreetNetwork& streets, std::span<const CoverageCamera> cameras,
                                const CoverageOptions& options, const BoundarySet* districts) {
    const double R = options.radius_m;
    if (!(R >= kMinCoverageRadius && R <= kMaxCoverageRadius))
        throw Error("the coverage radius must be from " + fixed(kMinCoverageRadius, 0) + " to " +
                    fixed(kMaxCoverageRadius, 0) + " metres, not " + fixed(R, 1));
    if (options.sector_deg && !(*options.sector_deg > 0 && *options.sector_deg <= 360))
        throw Error("the sector must be an angle above 0 and up to 360 degrees, not " + fixed(*options.sector_deg, 1));
    if (districts && !streets.split())
        throw Error("the streets must be split by the districts before coverage is counted per district");

    CoverageResult result;
    const size_t nd = districts ? districts->size() : 0;
    result.districts.assign(nd, {});

    // Cameras in metres, and in which district each is.
    std::vector<XY> at(cameras.size());
    std::vector<double> bearing(cameras.size(), std::nan(""));
    const bool sectors = options.sector_deg && *options.sector_deg < 360.0;
    for (size_t i = 0; i < cameras.size(); ++i) {
        at[i] = streets.to_metric(cameras[i].at);
        const bool dir = cameras[i].bearing_deg.has_value();
        if (dir && sectors) bearing[i] = *cameras[i].bearing_deg;
        CoverageFigures* f = nullptr;
        if (districts) {
            const int d = districts->locate(cameras[i].at);
            f = d < 0 ? &result.outside : &result.districts[static_cast<size_t>(d)];
        }
        ++result.whole.cameras;
        result.whole.cameras_with_direction += dir;
        if (f) {
            ++f->cameras;
            f->cameras_with_direction += dir;
        }
    }

    // The grid over the streets' extent, cells of R (at most 4096 a side).
    BBox box;
    for (const auto& p : streets.metric())
        box.extend(p);
    CameraGrid grid;
    if (!box.empty()) {
        grid.cell = std::max(R, std::max(box.width(), box.height()) / 4096.0);
        grid.x0 = box.min_x - R;
        grid.y0 = box.min_y - R;
        grid.nx = static_cast<int>((box.width() + 2 * R) / grid.cell) + 1;
        grid.ny = static_cast<int>((box.height() + 2 * R) / grid.cell) + 1;
        grid.start.assign(static_cast<size_t>(grid.nx) * grid.ny + 1, 0);
        std::vector<int64_t> cell_of(at.size(), -1);
        for (size_t i = 0; i < at.size(); ++i) {
            const XY p = at[i];
            if (p.x < box.min_x - R || p.x > box.max_x + R || p.y < box.min_y - R || p.y > box.max_y + R) continue;
            cell_of[i] = static_cast<int64_t>(grid.cy(p.y)) * grid.nx + grid.cx(p.x);
            ++grid.start[static_cast<size_t>(cell_of[i]) + 1];
        }
        std::partial_sum(grid.start.begin(), grid.start.end(), grid.start.begin());
        grid.items.resize(grid.start.back());
        std::vector<uint32_t> fill(grid.start.begin(), grid.start.end() - 1);
        for (size_t i = 0; i < at.size(); ++i)
            if (cell_of[i] >= 0) grid.items[fill[static_cast<size_t>(cell_of[i])]++] = static_cast<uint32_t>(i);
    }

    const double half = options.sector_deg ? *options.sector_deg / 2.0 : 180.0;
    const auto& v = streets.metric();
    std::vector<Interval> intervals;
    for (const auto& piece : streets.pieces()) {
        CoverageFigures* f = piece.district < 0 ? (districts ? &result.outside : nullptr)
                                                : &result.districts[static_cast<size_t>(piece.district)];
        bool covered_open = false, uncovered_open = false; // the last part reaches the segment's end
        for (size_t i = piece.begin; i + 1 < piece.end; ++i) {
            const XY a = v[i], b = v[i + 1];
            const XY d{b.x - a.x, b.y - a.y};
            const double dd = d.x * d.x + d.y * d.y;
            const double len = std::sqrt(dd);
            intervals.clear();
            if (dd > 0 && grid.nx > 0) {
                const int gx0 = grid.cx(std::min(a.x, b.x) - R), gx1 = grid.cx(std::max(a.x, b.x) + R);
                const int gy0 = grid.cy(std::min(a.y, b.y) - R), gy1 = grid.cy(std::max(a.y, b.y) + R);
                for (int gy = gy0; gy <= gy1; ++gy)
                    for (int gx = gx0; gx <= gx1; ++gx) {
                        const size_t cell = static_cast<size_t>(gy) * grid.nx + gx;
                        for (uint32_t k = grid.start[cell]; k < grid.start[cell + 1]; ++k) {
                            const uint32_t c = grid.items[k];
                            // |q0 + t·d|² ≤ R², q0 = a − c: dd·t² + 2(q0·d)·t + |q0|² − R² ≤ 0.
                            const XY q0{a.x - at[c].x, a.y - at[c].y};
                            const double bq = q0.x * d.x + q0.y * d.y;
                            const double cq = q0.x * q0.x + q0.y * q0.y - R * R;
                            const double disc = bq * bq - dd * cq;
                            if (disc <= 0) continue;
                            const double s = std::sqrt(disc);
                            const Interval in{std::max(0.0, (-bq - s) / dd), std::min(1.0, (-bq + s) / dd)};
                            if (in.lo >= in.hi) continue;
                            if (std::isnan(bearing[c]) || half >= 180.0)
                                intervals.push_back(in);
                            else
                                wedge_intervals(q0, d, bearing[c], half, in, intervals);
                        }
                    }
            }
            // The union of the intervals, in order.
            std::sort(intervals.begin(), intervals.end(),
                      [](const Interval& x, const Interval& y) { return x.lo < y.lo; });
            double covered = 0, cursor = 0;
            bool first = true;
            for (size_t k = 0; k < intervals.size();) {
                Interval u = intervals[k++];
                while (k < intervals.size() && intervals[k].lo <= u.hi)
                    u.hi = std::max(u.hi, intervals[k++].hi);
                covered += u.hi - u.lo;
                // A part that starts where the last segment's part ended continues it.
                if (options.uncovered_pieces && u.lo > cursor)
                    add_part(result.uncovered, streets.mercator(), i, cursor, u.lo, uncovered_open && cursor == 0);
                if (options.pieces)
                    add_part(result.covered, streets.mercator(), i, u.lo, u.hi, first && covered_open && u.lo == 0);
                first = false;
                cursor = u.hi;
            }
            covered_open = !first && cursor >= 1.0;
            if (options.uncovered_pieces && cursor < 1.0) {
                add_part(result.uncovered, streets.mercator(), i, cursor, 1.0, uncovered_open && cursor == 0);
                uncovered_open = true;
            } else {
                uncovered_open = false;
            }
            result.whole.street_m += len;
            result.whole.covered_m += covered * len;
            if (f) {
                f->street_m += len;
                f->covered_m += covered * len;
            }
        }
    }
    result.covered.kind = result.uncovered.kind = GeomKind::Line;
    return result;
}

namespace {

std::string layer_names(const Store& store) {
    std::string names;
    for (const auto& l : list_point_layers(store))
        names += (names.empty() ? "" : ", ") + l.name;
    return names.empty() ? "the project has no point layers" : "point layers: " + names;
}

} // namespace

const std::vector<std::string>& default_direction_fields() { return camera_field_named("direction").names; }

std::vector<std::optional<double>> layer_bearings(const Store& store, const std::string& layer,
                                                  const std::vector<std::string>& direction_fields) {
    if (!find_point_layer(store, layer))
        throw Error("no point layer '" + layer + "' (" + layer_names(store) + ")", store.path().string(), 0, "--layer");
    const std::vector<std::string> keys = direction_fields.empty() ? default_direction_fields() : direction_fields;
    std::vector<std::string> names;
    const auto values = layer_attribute_values(store, layer, keys, &names);
    for (const auto& k : direction_fields)
        if (std::find(names.begin(), names.end(), k) == names.end()) {
            std::string list;
            for (const auto& n : names)
                list += (list.empty() ? "" : ", ") + n;
            throw Error("layer '" + layer + "' has no attribute '" + k + "' for the cameras' direction (" +
                            (list.empty() ? "it has no attributes" : "its attributes: " + list) + ")",
                        store.path().string(), 0, "--direction-field");
        }
    std::vector<std::optional<double>> out;
    out.reserve(values.size());
    for (const auto& v : values)
        out.push_back(parse_bearing(v));
    return out;
}

std::vector<CoverageCamera> coverage_cameras(const PointLayerData& layer, const CompiledFilter& filter,
                                             std::span<const std::optional<double>> bearings) {
    std::vector<CoverageCamera> out;
    for (size_t i = 0; i < layer.ids.size(); ++i) {
        if (!filter.passes(layer, i)) continue;
        CoverageCamera c;
        c.at = from_mercator(layer.positions[i]);
        if (i < bearings.size()) c.bearing_deg = bearings[i];
        out.push_back(c);
    }
    return out;
}

std::vector<CoverageCamera> coverage_cameras(const Store& store, const std::string& layer, const Filter& filter,
                                             const std::vector<std::string>& direction_fields,
                                             std::vector<std::string>* warnings) {
    const auto bearings = layer_bearings(store, layer, direction_fields);
    const auto data = load_point_layer(store, layer);
    if (!data)
        throw Error("no point layer '" + layer + "' (" + layer_names(store) + ")", store.path().string(), 0, "--layer");
    if (warnings) *warnings = filter_warnings(filter, layer_values(*data));
    return coverage_cameras(*data, compile(filter, *data), bearings);
}

CoverageTable coverage_table(const CoverageResult& result, const StreetNetwork& streets, const CoverageOptions& options,
                             const BoundarySet* districts) {
    CoverageTable t;
    t.radius_m = options.radius_m;
    t.sector_deg = options.sector_deg;
    t.streets = streets.classes();
    t.crs = "EPSG:" + std::to_string(streets.epsg());
    t.whole = result.whole;
    if (!districts) return t;
    t.boundaries = districts->source();
    for (size_t i = 0; i < districts->size(); ++i) {
        const auto& b = districts->boundaries()[i];
        t.rows.push_back({b.name, b.admin_level, false, result.districts[i]});
    }
    std::stable_sort(t.rows.begin(), t.rows.end(), [](const CoverageRow& a, const CoverageRow& b) {
        return a.figures.covered_m != b.figures.covered_m ? a.figures.covered_m > b.figures.covered_m
                                                          : a.district < b.district;
    });
    t.rows.push_back({"", 0, true, result.outside});
    return t;
}

namespace {

std::string classes_text(const std::vector<std::string>& classes) {
    std::string s;
    for (const auto& c : classes)
        s += (s.empty() ? "" : ",") + c;
    return s;
}

std::string sector_text(const std::optional<double>& sector) {
    return sector ? fixed(*sector, 0) + "° sectors where a camera has a direction" : "full discs";
}

std::vector<std::string> coverage_cells(const std::string& name, const CoverageFigures& f) {
    return {name,
            fixed(f.street_m / 1000, 3),
            fixed(f.covered_m / 1000, 3),
            fixed(f.share() * 100, 2),
            std::to_string(f.cameras),
            std::to_string(f.cameras_with_direction),
            f.street_m > 0 ? fixed(f.cameras_per_street_km(), 3) : ""};
}

const std::vector<std::string> kCoverageHeaders{
    "district", "street_km", "covered_km", "share_pct", "cameras", "cameras_with_direction", "cameras_per_street_km"};

std::string row_name(const CoverageRow& r) { return r.outside ? "(outside)" : r.district; }

} // namespace

std::string to_text(const CoverageTable& table) {
    std::string out = "layer " + table.layer + (table.filter.empty() ? "" : "; " + table.filter) + "\n";
    out += "street coverage within " + fixed(table.radius_m, 0) + " m of a camera (" + sector_text(table.sector_deg) +
           "), lengths in " + table.crs + "\n";
    out += "streets: highway=" + classes_text(table.streets) + "\n";
    if (!table.boundaries.empty()) out += "boundaries: " + table.boundaries + "\n";
    std::vector<std::vector<std::string>> lines{kCoverageHeaders};
    for (const auto& r : table.rows)
        lines.push_back(coverage_cells(row_name(r), r.figures));
    lines.push_back(coverage_cells("total", table.whole));
    std::vector<size_t> widths(kCoverageHeaders.size(), 0);
    for (const auto& l : lines)
        for (size_t i = 0; i < l.size(); ++i)
            widths[i] = std::max(widths[i], utf8::count_code_points(l[i]));
    for (size_t n = 0; n < lines.size(); ++n) {
        if (n + 1 == lines.size() && lines.size() > 2)
            out +=
                std::string(std::accumulate(widths.begin(), widths.end(), size_t{0}) + 2 * (widths.size() - 1), '-') +
                "\n";
        std::string line;
        for (size_t i = 0; i < lines[n].size(); ++i) {
            const auto& cell = lines[n][i];
            const std::string pad(widths[i] - utf8::count_code_points(cell), ' ');
            line += (i ? "  " : "") + (i == 0 ? cell + pad : pad + cell);
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out += line + "\n";
    }
    return out;
}

std::string to_csv(const CoverageTable& table) {
    // Every row says what it measured, so that a CSV read without the command still tells.
    std::string out;
    auto head = kCoverageHeaders;
    head.insert(head.end(), {"radius_m", "sector_deg", "streets", "crs", "filter", "unknown_included"});
    append_csv_record(out, head);
    const auto add = [&](const std::string& name, const CoverageFigures& f) {
        auto record = coverage_cells(name, f);
        record.insert(record.end(), {fixed(table.radius_m, 1), table.sector_deg ? fixed(*table.sector_deg, 1) : "",
                                     classes_text(table.streets), table.crs, table.filter,
                                     table.unknown_included ? "true" : "false"});
        append_csv_record(out, record);
    };
    for (const auto& r : table.rows)
        add(row_name(r), r.figures);
    add("total", table.whole);
    return out;
}

nlohmann::json to_json(const CoverageTable& table) {
    const nlohmann::json null;
    const auto figures = [&](const CoverageFigures& f) {
        return nlohmann::json{
            {"share", f.share()},
            {"street_km", f.street_m / 1000},
            {"covered_km", f.covered_m / 1000},
            {"radius_m", table.radius_m},
            {"streets", table.streets},
            {"crs", table.crs},
            {"cameras", f.cameras},
            {"cameras_with_direction", f.cameras_with_direction},
            {"sector_deg", table.sector_deg ? nlohmann::json(*table.sector_deg) : null},
            {"cameras_per_street_km", f.street_m > 0 ? nlohmann::json(f.cameras_per_street_km()) : null}};
    };
    auto rows = nlohmann::json::array();
    for (const auto& r : table.rows) {
        auto row = figures(r.figures);
        row["district"] = r.outside ? null : nlohmann::json(r.district);
        row["admin_level"] = !r.outside && r.admin_level ? nlohmann::json(r.admin_level) : null;
        row["outside"] = r.outside;
        rows.push_back(row);
    }
    auto out = figures(table.whole);
    out["layer"] = table.layer;
    out["filter"] = table.filter;
    out["unknown_included"] = table.unknown_included;
    out["warnings"] = table.warnings;
    out["boundaries"] = table.boundaries.empty() ? null : nlohmann::json(table.boundaries);
    out["rows"] = rows;
    return out;
}

} // namespace oko::geo
