#include "geo/analysis/stats.hpp"

#include "geo/base/error.hpp"
#include "geo/base/utf8.hpp"
#include "geo/scene/filter_warnings.hpp"
#include "geo/store/sqlite_statement.hpp"
#include "geo/store/store_geometry.hpp"
#include "geo/store/store_points.hpp"
#include "geo/text/csv_writer.hpp"

#include <sqlite3.h>

#include "geo/base/mercator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <tuple>
#include <fstream>
#include <map>
#include <numeric>
#include <unistd.h>

namespace oko::geo {

namespace {

PointLayerSummary find_layer(const Store& store, const std::string& layer) {
    const auto layers = list_point_layers(store);
    for (const auto& l : layers)
        if (l.name == layer) return l;
    std::string names;
    for (const auto& l : layers)
        names += (names.empty() ? "" : ", ") + l.name;
    throw Error("no point layer '" + layer + "' (" +
                    (names.empty() ? "the project has no point layers" : "point layers: " + names) + ")",
                store.path().string());
}

int64_t layer_id(const Store& store, const std::string& layer) { return find_layer(store, layer).id; }

// Calls `visit(vendor, year, lon, lat)` for each camera of the layer that passes the filter.
template <typename Visit>
void for_each_point(const Store& store, const std::string& layer, const Filter& filter, bool positions, Visit&& visit) {
    const int64_t id = layer_id(store, layer);
    // Cameras only (a merged group once, a deleted report not at all), of the statuses asked for.
    const auto curation = curation_sql(store, "p");
    const auto where = filter.to_sql("p.vendor", "p.year", "p.search_text", curation.status);
    Statement q(store, std::string("SELECT p.vendor, p.year") + (positions ? ", p.geom" : "") +
                           " FROM points p WHERE p.layer_id = ? AND " + curation.live + " AND (" + where.where + ")");
    sqlite3_bind_int64(q.get(), 1, id);
    for (size_t i = 0; i < where.parameters.size(); ++i)
        sqlite3_bind_text(q.get(), static_cast<int>(i + 2), where.parameters[i].c_str(), -1, SQLITE_TRANSIENT);
    GeometryParts geometry;
    while (q.step()) {
        const auto* v = sqlite3_column_text(q.get(), 0);
        std::string vendor = v ? reinterpret_cast<const char*>(v) : "";
        std::string lower = vendor;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (lower == "unknown") vendor.clear();
        std::optional<int> year;
        if (sqlite3_column_type(q.get(), 1) != SQLITE_NULL) year = sqlite3_column_int(q.get(), 1);
        LonLat p;
        if (positions) {
            // The BLOB is decoded here: SQL functions would need SpatiaLite loaded, and a parse per row.
            geometry.points.clear();
            const auto* blob = static_cast<const uint8_t*>(sqlite3_column_blob(q.get(), 2));
            if (!blob || !decode_geometry(blob, static_cast<size_t>(sqlite3_column_bytes(q.get(), 2)), geometry) ||
                geometry.points.empty())
                throw Error("a point without a readable geometry", store.path().string(), 0, "geom");
            p = geometry.points.front();
        }
        visit(vendor, year, p);
    }
}

std::string year_text(const std::optional<int>& year) { return year ? std::to_string(*year) : "unknown"; }

std::string fixed(double value, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

// Columns of the table, as headers and per-row cells: the same for text and CSV.
std::vector<std::string> headers(GroupBy by) {
    switch (by) {
    case GroupBy::vendor:
        return {"vendor", "count"};
    case GroupBy::year:
        return {"year", "count"};
    case GroupBy::vendor_year:
        return {"vendor", "year", "count"};
    case GroupBy::municipality:
        return {"municipality", "admin_level", "area_km2", "count", "per_km2"};
    case GroupBy::cell:
        return {"col", "row", "lon", "lat", "area_km2", "count", "per_km2"};
    }
    return {};
}

std::vector<std::string> cells(GroupBy by, const StatsRow& r) {
    switch (by) {
    case GroupBy::vendor:
        return {r.vendor, std::to_string(r.count)};
    case GroupBy::year:
        return {year_text(r.year), std::to_string(r.count)};
    case GroupBy::vendor_year:
        return {r.vendor, year_text(r.year), std::to_string(r.count)};
    case GroupBy::municipality:
        if (r.outside) return {"(outside)", "", "", std::to_string(r.count), ""};
        return {r.municipality, r.admin_level ? std::to_string(r.admin_level) : "", fixed(r.area_km2, 3),
                std::to_string(r.count), r.area_km2 > 0 ? fixed(r.per_km2(), 2) : ""}; // no area, no density
    case GroupBy::cell:
        return {std::to_string(r.cell.col), std::to_string(r.cell.row), fixed(r.centre.lon, 6), fixed(r.centre.lat, 6),
                fixed(r.area_km2, 4),       std::to_string(r.count),    fixed(r.per_km2(), 2)};
    }
    return {};
}

// With a comparison, the second layer's count, the difference and the ratio follow the columns
// of the first layer: text names the two counts after their layers, CSV keeps fixed names.
std::vector<std::string> table_headers(const StatsTable& table, bool text) {
    auto head = headers(table.by);
    if (table.compare_layer.empty()) return head;
    if (text) *std::find(head.begin(), head.end(), "count") = table.layer;
    head.insert(head.end(), {text ? table.compare_layer : std::string("compare_count"), "difference", "ratio"});
    return head;
}

std::string ratio_text(const std::optional<double>& ratio) { return ratio ? fixed(*ratio, 3) : ""; }

std::vector<std::string> table_cells(const StatsTable& table, const StatsRow& r) {
    auto record = cells(table.by, r);
    if (table.compare_layer.empty()) return record;
    const auto d = r.difference();
    record.insert(record.end(), {r.compare_count ? std::to_string(*r.compare_count) : "", d ? std::to_string(*d) : "",
                                 ratio_text(r.ratio())});
    return record;
}

// The order of rows: vendor, most points first; year, ascending; vendor-year, by vendor then
// year; unknown last. Municipality: most points first, then by name, the points outside last.
// Cell: north to south, west to east.
void sort_rows(StatsTable& table) {
    const GroupBy by = table.by;
    if (by == GroupBy::cell) {
        std::stable_sort(table.rows.begin(), table.rows.end(), [](const StatsRow& a, const StatsRow& b) {
            return a.cell.row != b.cell.row ? a.cell.row > b.cell.row : a.cell.col < b.cell.col;
        });
        return;
    }
    if (by == GroupBy::municipality) {
        std::stable_sort(table.rows.begin(), table.rows.end(), [](const StatsRow& a, const StatsRow& b) {
            if (a.outside != b.outside) return b.outside;
            return a.count != b.count ? a.count > b.count : a.municipality < b.municipality;
        });
        return;
    }
    const auto unknown_rank = [](const StatsRow& r, GroupBy by) {
        return (by != GroupBy::year && r.vendor == "unknown" ? 2 : 0) + (by != GroupBy::vendor && !r.year ? 1 : 0);
    };
    std::stable_sort(table.rows.begin(), table.rows.end(), [&](const StatsRow& a, const StatsRow& b) {
        if (by == GroupBy::vendor) {
            if (unknown_rank(a, by) != unknown_rank(b, by)) return unknown_rank(a, by) < unknown_rank(b, by);
            return a.count != b.count ? a.count > b.count : a.vendor < b.vendor;
        }
        if (by == GroupBy::year)
            return unknown_rank(a, by) < unknown_rank(b, by) ||
                   (unknown_rank(a, by) == unknown_rank(b, by) && a.year < b.year);
        const bool au = a.vendor == "unknown", bu = b.vendor == "unknown";
        if (au != bu) return bu;
        if (a.vendor != b.vendor) return a.vendor < b.vendor;
        if (!a.year != !b.year) return !b.year;
        return a.year < b.year;
    });
}

// What identifies a row's group across two tables of the same grouping.
std::tuple<std::string, int, int64_t, int64_t> group_key(GroupBy by, const StatsRow& r) {
    switch (by) {
    case GroupBy::vendor:
        return {r.vendor, 0, 0, 0};
    case GroupBy::year:
        return {"", r.year.value_or(std::numeric_limits<int>::min()), 0, 0};
    case GroupBy::vendor_year:
        return {r.vendor, r.year.value_or(std::numeric_limits<int>::min()), 0, 0};
    case GroupBy::municipality:
        return {"", 0, r.outside ? -1 : r.boundary, 0};
    case GroupBy::cell:
        return {"", 0, r.cell.col, r.cell.row};
    }
    return {};
}

// Display width of UTF-8 text: code points, not bytes (Cyrillic and diacritics are two bytes).
size_t width(const std::string& s) { return utf8::count_code_points(s); }

} // namespace

std::optional<int64_t> StatsRow::difference() const {
    if (!compare_count) return std::nullopt;
    return count - *compare_count;
}

std::optional<double> StatsRow::ratio() const {
    if (!compare_count || *compare_count == 0) return std::nullopt;
    return static_cast<double>(count) / static_cast<double>(*compare_count);
}

std::optional<GroupBy> parse_group_by(const std::string& text, CellBinSpec* cells) {
    const auto colon = text.find(':');
    if (colon != std::string::npos) {
        const auto shape = parse_cell_shape(std::string_view(text).substr(0, colon));
        const std::string size = text.substr(colon + 1);
        char* end = nullptr;
        const double metres = std::strtod(size.c_str(), &end);
        if (!shape || size.empty() || end != size.c_str() + size.size() || !std::isfinite(metres)) return std::nullopt;
        if (cells) *cells = {*shape, metres};
        return GroupBy::cell;
    }
    if (text == "vendor") return GroupBy::vendor;
    if (text == "year") return GroupBy::year;
    if (text == "vendor-year" || text == "vendor_year") return GroupBy::vendor_year;
    if (text == "municipality") return GroupBy::municipality;
    return std::nullopt;
}

const char* to_string(GroupBy by) {
    switch (by) {
    case GroupBy::vendor:
        return "vendor";
    case GroupBy::year:
        return "year";
    case GroupBy::vendor_year:
        return "vendor-year";
    case GroupBy::municipality:
        return "municipality";
    case GroupBy::cell:
        return "cell";
    }
    return "";
}

void fill_municipality_rows(StatsTable& table, const std::vector<Boundary>& boundaries,
                            const std::vector<int64_t>& per_boundary, int64_t outside, const std::string& source) {
    table.by = GroupBy::municipality;
    table.boundaries = source;
    table.rows.clear();
    table.outside = outside;
    table.total = outside;
    for (size_t i = 0; i < per_boundary.size(); ++i) {
        const auto& b = boundaries[i];
        StatsRow row;
        row.municipality = b.name;
        row.admin_level = b.admin_level;
        row.area_km2 = b.area_km2;
        row.count = per_boundary[i];
        row.boundary = static_cast<int>(i);
        table.total += row.count;
        table.rows.push_back(row);
    }
    StatsRow out;
    out.outside = true;
    out.count = outside;
    table.rows.push_back(out);
    sort_rows(table);
    if (table.total > 0 && outside == table.total)
        table.warnings.push_back("none of the " + std::to_string(table.total) + " points of layer " + table.layer +
                                 " lies in any of the " + std::to_string(boundaries.size()) + " polygons of " + source);
}

LayerValues stored_layer_values(const Store& store, const std::string& layer) {
    const auto summary = find_layer(store, layer);
    LayerValues out{summary.name, summary.kind, {}, {}, 1};
    const std::string live = curation_sql(store, "").live;
    Statement vendors(store,
                      "SELECT DISTINCT vendor FROM points WHERE layer_id = ? AND vendor IS NOT NULL AND " + live);
    sqlite3_bind_int64(vendors.get(), 1, summary.id);
    while (vendors.step()) {
        const std::string v = reinterpret_cast<const char*>(sqlite3_column_text(vendors.get(), 0));
        if (!Filter::is_unknown_vendor(v)) out.vendors.push_back(v);
    }
    Statement years(store, "SELECT DISTINCT year FROM points WHERE layer_id = ? AND year IS NOT NULL AND " + live);
    sqlite3_bind_int64(years.get(), 1, summary.id);
    while (years.step())
        out.years.push_back(sqlite3_column_int(years.get(), 0));
    const auto curation = curation_sql(store, "");
    Statement statuses(store, "SELECT DISTINCT " + curation.status + " FROM points WHERE layer_id = ? AND " + live);
    sqlite3_bind_int64(statuses.get(), 1, summary.id);
    out.statuses = 0;
    while (statuses.step())
        if (const auto s = status_from_name(reinterpret_cast<const char*>(sqlite3_column_text(statuses.get(), 0))))
            out.statuses |= status_bit(*s);
    return out;
}

std::vector<LonLat> filtered_positions(const Store& store, const std::string& layer, const Filter& filter) {
    std::vector<LonLat> out;
    for_each_point(store, layer, filter, true,
                   [&](const std::string&, const std::optional<int>&, LonLat p) { out.push_back(p); });
    return out;
}

namespace {

// The span of a layer's latitudes, all its points; lo > hi when it has none.
void extend_latitudes(const Store& store, const std::string& layer, double& lo, double& hi) {
    for_each_point(store, layer, Filter{}, true, [&](const std::string&, const std::optional<int>&, LonLat p) {
        lo = std::min(lo, p.lat);
        hi = std::max(hi, p.lat);
    });
}

// The middle of the layers' latitudes: where their cells are sized (0 without points: no cells).
double centre_lat(const Store& store, const std::vector<std::string>& layers) {
    double lo = 90, hi = -90;
    for (const auto& layer : layers)
        extend_latitudes(store, layer, lo, hi);
    if (lo > hi) return 0.0;
    return std::clamp((lo + hi) / 2, -kMercatorMaxLat, kMercatorMaxLat);
}

} // namespace

StatsTable compute_stats(const Store& store, const std::string& layer, const Filter& filter, GroupBy by,
                         const BoundarySet* boundaries, const CellBinSpec& cell_spec,
                         std::optional<double> reference_lat) {
    if (by == GroupBy::municipality && !boundaries)
        throw Error("counting per municipality needs boundaries", store.path().string());
    StatsTable table;
    table.layer = layer;
    table.by = by;
    table.filter = filter.describe();
    table.unknown_included = filter.unknown_included();
    table.warnings = filter_warnings(filter, stored_layer_values(store, layer));
    if (!filter.status_passes(PointStatus::rejected)) {
        const auto curation = curation_sql(store, "p");
        Statement rejected(store, "SELECT count(*) FROM points p WHERE p.layer_id = ? AND " + curation.live + " AND " +
                                      curation.status + " = 'rejected'");
        sqlite3_bind_int64(rejected.get(), 1, layer_id(store, layer));
        if (rejected.step()) table.rejected_left_out = sqlite3_column_int64(rejected.get(), 0);
    }

    // Unknown sorts last: "" after every name, no year after every year.
    std::map<std::pair<std::string, int>, int64_t> counts;
    std::vector<int64_t> per_boundary(boundaries ? boundaries->size() : 0, 0);
    std::vector<XY> mercator;
    const bool positions = by == GroupBy::municipality || by == GroupBy::cell;
    for_each_point(store, layer, filter, positions,
                   [&](const std::string& vendor, const std::optional<int>& year, LonLat p) {
                       ++table.total;
                       switch (by) {
                       case GroupBy::vendor:
                           ++counts[{vendor, 0}];
                           break;
                       case GroupBy::year:
                           ++counts[{"", year.value_or(0)}];
                           break;
                       case GroupBy::vendor_year:
                           ++counts[{vendor, year.value_or(0)}];
                           break;
                       case GroupBy::municipality: {
                           const int i = boundaries->locate(p);
                           if (i < 0)
                               ++table.outside;
                           else
                               ++per_boundary[static_cast<size_t>(i)];
                           break;
                       }
                       case GroupBy::cell:
                           mercator.push_back(to_mercator(p));
                           break;
                       }
                   });

    const auto vendor_name = [](const std::string& v) { return v.empty() ? std::string("unknown") : v; };
    const auto year_value = [](int y) { return y ? std::optional<int>(y) : std::nullopt; };
    if (by == GroupBy::municipality) {
        fill_municipality_rows(table, boundaries->boundaries(), per_boundary, table.outside, boundaries->source());
        return table;
    }
    if (by == GroupBy::cell) {
        table.reference_lat = reference_lat ? *reference_lat : centre_lat(store, {layer});
        const auto bins = bin_points(mercator, {}, {}, cell_spec, table.reference_lat);
        table.cells = cell_spec;
        table.method = bins.method;
        for (const auto& c : bins.cells) {
            StatsRow row;
            row.cell = c.id;
            row.centre = from_mercator(c.centre);
            row.area_km2 = c.area_km2;
            row.count = c.count;
            table.rows.push_back(row);
        }
        return table; // bins come north to south, west to east
    }
    for (const auto& [key, count] : counts) {
        StatsRow row;
        if (by != GroupBy::year) row.vendor = vendor_name(key.first);
        if (by != GroupBy::vendor) row.year = year_value(key.second);
        row.count = count;
        table.rows.push_back(row);
    }
    sort_rows(table);
    return table;
}

StatsTable merge_comparison(StatsTable table, const StatsTable& other) {
    if (other.by != table.by)
        throw Error(std::string("cannot compare a table by ") + to_string(table.by) + " with one by " +
                    to_string(other.by));
    if (other.boundaries != table.boundaries)
        throw Error("cannot compare counts in " + table.boundaries + " with counts in " + other.boundaries);
    if (table.by == GroupBy::cell && (!(other.cells == table.cells) || other.reference_lat != table.reference_lat))
        throw Error("cannot compare cells of two lattices: " + table.method + " / " + other.method);
    std::map<std::tuple<std::string, int, int64_t, int64_t>, size_t> index;
    for (size_t i = 0; i < table.rows.size(); ++i) {
        index[group_key(table.by, table.rows[i])] = i;
        table.rows[i].compare_count = 0;
    }
    for (const auto& r : other.rows) {
        const auto it = index.find(group_key(table.by, r));
        if (it != index.end()) {
            table.rows[it->second].compare_count = r.count;
            continue;
        }
        StatsRow only = r; // a group the first layer has no point in
        only.count = 0;
        only.compare_count = r.count;
        table.rows.push_back(only);
    }
    sort_rows(table);
    table.compare_layer = other.layer;
    table.compare_total = other.total;
    table.compare_outside = other.outside;
    for (const auto& w : other.warnings)
        if (std::find(table.warnings.begin(), table.warnings.end(), w) == table.warnings.end())
            table.warnings.push_back(w);
    return table;
}

StatsTable compare_stats(const Store& store, const std::string& layer, const std::string& compare_layer,
                         const Filter& filter, GroupBy by, const BoundarySet* boundaries, const CellBinSpec& cells) {
    // By cell, one lattice for both, sized at the middle of both layers' latitudes.
    std::optional<double> lat;
    if (by == GroupBy::cell) lat = centre_lat(store, {layer, compare_layer});
    auto table = compute_stats(store, layer, filter, by, boundaries, cells, lat);
    const auto other = compute_stats(store, compare_layer, filter, by, boundaries, cells, lat);
    return merge_comparison(std::move(table), other);
}

std::string to_text(const StatsTable& table) {
    const auto head = table_headers(table, true);
    std::vector<std::vector<std::string>> lines{head};
    for (const auto& r : table.rows)
        lines.push_back(table_cells(table, r));
    std::vector<std::string> total(head.size());
    total[0] = "total";
    const auto plain = headers(table.by);
    const size_t count_column = std::find(plain.begin(), plain.end(), "count") - plain.begin();
    total[count_column] = std::to_string(table.total);
    if (!table.compare_layer.empty()) {
        StatsRow sum;
        sum.count = table.total;
        sum.compare_count = table.compare_total;
        total[plain.size()] = std::to_string(table.compare_total);
        total[plain.size() + 1] = std::to_string(*sum.difference());
        total[plain.size() + 2] = ratio_text(sum.ratio());
    }
    lines.push_back(total);
    std::vector<size_t> widths(head.size(), 0);
    for (const auto& l : lines)
        for (size_t i = 0; i < l.size(); ++i)
            widths[i] = std::max(widths[i], width(l[i]));
    const std::string compared = table.compare_layer.empty()
                                     ? ""
                                     : " compared with layer " + table.compare_layer +
                                           " (the same filter for both; difference = " + table.layer + " − " +
                                           table.compare_layer + ", ratio = " + table.layer + " / " +
                                           table.compare_layer + ", none where " + table.compare_layer +
                                           " has no point)";
    const std::string rejected =
        table.rejected_left_out > 0 ? "; " + std::to_string(table.rejected_left_out) + " rejected left out" : "";
    std::string out = "layer " + table.layer + compared + (table.filter.empty() ? "" : "; " + table.filter) + rejected +
                      (table.boundaries.empty() ? "" : "; boundaries: " + table.boundaries) +
                      (table.method.empty() ? "" : "; " + table.method) + "\n";
    for (size_t n = 0; n < lines.size(); ++n) {
        if (n + 1 == lines.size())
            out +=
                std::string(std::accumulate(widths.begin(), widths.end(), size_t{0}) + 2 * (widths.size() - 1), '-') +
                "\n";
        std::string line;
        for (size_t i = 0; i < lines[n].size(); ++i) {
            const auto& cell = lines[n][i];
            const std::string pad(widths[i] - width(cell), ' ');
            // Text columns to the left, numbers to the right.
            const bool text = i == 0 && table.by != GroupBy::year && table.by != GroupBy::cell;
            line += (i ? "  " : "") + (text ? cell + pad : pad + cell);
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out += line + "\n";
    }
    return out;
}

std::string to_csv(const StatsTable& table) {
    // Every row says which filter it counts and whether unknowns are in it, so a CSV read without
    // the command that made it still tells.
    // With a comparison, each row names both layers (the filter applies to both); by cell, the
    // method says how the cells were sized and measured.
    std::string out;
    auto head = table_headers(table, false);
    head.insert(head.end(), {"filter", "unknown_included"});
    const bool compared = !table.compare_layer.empty(), by_cell = table.by == GroupBy::cell;
    if (compared) head.insert(head.end(), {"layer", "compare_layer"});
    if (by_cell) head.push_back("method");
    append_csv_record(out, head);
    const std::string included = table.unknown_included ? "true" : "false";
    for (const auto& r : table.rows) {
        auto record = table_cells(table, r);
        record.insert(record.end(), {table.filter, included});
        if (compared) record.insert(record.end(), {table.layer, table.compare_layer});
        if (by_cell) record.push_back(table.method);
        append_csv_record(out, record);
    }
    return out;
}

nlohmann::json to_json(const StatsTable& table) {
    // One shape for every --by (docs/JSON.md): each row has every key, null where the grouping
    // does not have it or the value is unknown (a vendor or year not known, a density without area).
    const nlohmann::json null;
    const bool by_vendor = table.by == GroupBy::vendor || table.by == GroupBy::vendor_year;
    const bool by_year = table.by == GroupBy::year || table.by == GroupBy::vendor_year;
    const bool by_municipality = table.by == GroupBy::municipality;
    const bool by_cell = table.by == GroupBy::cell;
    const bool compared = !table.compare_layer.empty();
    const auto optional = [&](const auto& v) { return v ? nlohmann::json(*v) : null; };
    auto rows = nlohmann::json::array();
    for (const auto& r : table.rows) {
        const bool place = by_municipality && !r.outside;
        const bool area = place || by_cell;
        rows.push_back({{"vendor", by_vendor && !Filter::is_unknown_vendor(r.vendor) ? nlohmann::json(r.vendor) : null},
                        {"year", by_year && r.year ? nlohmann::json(*r.year) : null},
                        {"municipality", place ? nlohmann::json(r.municipality) : null},
                        {"admin_level", place && r.admin_level ? nlohmann::json(r.admin_level) : null},
                        {"col", by_cell ? nlohmann::json(r.cell.col) : null},
                        {"row", by_cell ? nlohmann::json(r.cell.row) : null},
                        {"lon", by_cell ? nlohmann::json(r.centre.lon) : null},
                        {"lat", by_cell ? nlohmann::json(r.centre.lat) : null},
                        {"area_km2", area ? nlohmann::json(r.area_km2) : null},
                        {"per_km2", area && r.area_km2 > 0 ? nlohmann::json(r.per_km2()) : null},
                        {"outside", r.outside},
                        {"count", r.count},
                        {"compare_count", optional(r.compare_count)},
                        {"difference", optional(r.difference())},
                        {"ratio", optional(r.ratio())}});
    }
    StatsRow sum;
    sum.count = table.total;
    if (compared) sum.compare_count = table.compare_total;
    return {{"layer", table.layer},
            {"by", to_string(table.by)},
            {"filter", table.filter},
            {"unknown_included", table.unknown_included},
            {"warnings", table.warnings},
            {"rows", rows},
            {"total", table.total},
            {"rejected_left_out", table.rejected_left_out},
            {"boundaries", by_municipality ? nlohmann::json(table.boundaries) : null},
            {"outside", by_municipality ? nlohmann::json(table.outside) : null},
            {"cell_shape", by_cell ? nlohmann::json(std::string(cell_shape_name(table.cells.shape))) : null},
            {"cell_size_m", by_cell ? nlohmann::json(table.cells.size_m) : null},
            {"reference_lat", by_cell ? nlohmann::json(table.reference_lat) : null},
            {"method", by_cell ? nlohmann::json(table.method) : null},
            {"compare_layer", compared ? nlohmann::json(table.compare_layer) : null},
            {"compare_filter", compared ? nlohmann::json(table.filter) : null},
            {"compare_total", compared ? nlohmann::json(table.compare_total) : null},
            {"compare_outside", compared && by_municipality ? nlohmann::json(table.compare_outside) : null},
            {"total_difference", optional(sum.difference())},
            {"total_ratio", optional(sum.ratio())}};
}

} // namespace oko::geo
