#include "geo/analysis/stats.hpp"

#include "geo/base/error.hpp"
#include "geo/base/utf8.hpp"
#include "geo/scene/filter_warnings.hpp"
#include "geo/store/sqlite_statement.hpp"
#include "geo/store/store_geometry.hpp"
#include "geo/store/store_points.hpp"
#include "geo/text/csv_writer.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
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

// The distinct vendors and known years of a stored layer, for filter_warnings().
LayerValues stored_layer_values(const Store& store, const std::string& layer) {
    const auto summary = find_layer(store, layer);
    LayerValues out{summary.name, summary.kind, {}, {}, 1};
    Statement vendors(store, "SELECT DISTINCT vendor FROM points WHERE layer_id = ? AND vendor IS NOT NULL");
    sqlite3_bind_int64(vendors.get(), 1, summary.id);
    while (vendors.step()) {
        const std::string v = reinterpret_cast<const char*>(sqlite3_column_text(vendors.get(), 0));
        if (!Filter::is_unknown_vendor(v)) out.vendors.push_back(v);
    }
    Statement years(store, "SELECT DISTINCT year FROM points WHERE layer_id = ? AND year IS NOT NULL");
    sqlite3_bind_int64(years.get(), 1, summary.id);
    while (years.step())
        out.years.push_back(sqlite3_column_int(years.get(), 0));
    return out;
}

// Calls `visit(vendor, year, lon, lat)` for each point of the layer that passes the filter.
template <typename Visit>
void for_each_point(const Store& store, const std::string& layer, const Filter& filter, bool positions, Visit&& visit) {
    const int64_t id = layer_id(store, layer);
    const auto where = filter.to_sql("p.vendor", "p.year", "p.search_text");
    Statement q(store, std::string("SELECT p.vendor, p.year") + (positions ? ", p.geom" : "") +
                           " FROM points p WHERE p.layer_id = ? AND (" + where.where + ")");
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
    }
    return {};
}

// Display width of UTF-8 text: code points, not bytes (Cyrillic and diacritics are two bytes).
size_t width(const std::string& s) { return utf8::count_code_points(s); }

} // namespace

std::optional<GroupBy> parse_group_by(const std::string& text) {
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
    }
    return "";
}

void fill_municipality_rows(StatsTable& table, const std::vector<Boundary>& boundaries,
                            const std::vector<int64_t>& per_boundary, int64_t outside, const std::string& source) {
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
        table.total += row.count;
        table.rows.push_back(row);
    }
    std::stable_sort(table.rows.begin(), table.rows.end(), [](const StatsRow& a, const StatsRow& b) {
        return a.count != b.count ? a.count > b.count : a.municipality < b.municipality;
    });
    StatsRow out;
    out.outside = true;
    out.count = outside;
    table.rows.push_back(out);
    if (table.total > 0 && outside == table.total)
        table.warnings.push_back("none of the " + std::to_string(table.total) + " points of layer " + table.layer +
                                 " lies in any of the " + std::to_string(boundaries.size()) + " polygons of " + source);
}

std::vector<LonLat> filtered_positions(const Store& store, const std::string& layer, const Filter& filter) {
    std::vector<LonLat> out;
    for_each_point(store, layer, filter, true,
                   [&](const std::string&, const std::optional<int>&, LonLat p) { out.push_back(p); });
    return out;
}

StatsTable compute_stats(const Store& store, const std::string& layer, const Filter& filter, GroupBy by,
                         const BoundarySet* boundaries) {
    if (by == GroupBy::municipality && !boundaries)
        throw Error("counting per municipality needs boundaries", store.path().string());
    StatsTable table;
    table.layer = layer;
    table.by = by;
    table.filter = filter.describe();
    table.unknown_included = filter.unknown_included();
    table.warnings = filter_warnings(filter, stored_layer_values(store, layer));

    // Unknown sorts last: "" after every name, no year after every year.
    std::map<std::pair<std::string, int>, int64_t> counts;
    std::vector<int64_t> per_boundary(boundaries ? boundaries->size() : 0, 0);
    const bool positions = by == GroupBy::municipality;
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
                       }
                   });

    const auto vendor_name = [](const std::string& v) { return v.empty() ? std::string("unknown") : v; };
    const auto year_value = [](int y) { return y ? std::optional<int>(y) : std::nullopt; };
    if (by == GroupBy::municipality) {
        fill_municipality_rows(table, boundaries->boundaries(), per_boundary, table.outside, boundaries->source());
        return table;
    }
    for (const auto& [key, count] : counts) {
        StatsRow row;
        if (by != GroupBy::year) row.vendor = vendor_name(key.first);
        if (by != GroupBy::vendor) row.year = year_value(key.second);
        row.count = count;
        table.rows.push_back(row);
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
    return table;
}

std::string to_text(const StatsTable& table) {
    const auto head = headers(table.by);
    std::vector<std::vector<std::string>> lines{head};
    for (const auto& r : table.rows)
        lines.push_back(cells(table.by, r));
    std::vector<std::string> total(head.size());
    total[0] = "total";
    const size_t count_column = std::find(head.begin(), head.end(), "count") - head.begin();
    total[count_column] = std::to_string(table.total);
    lines.push_back(total);
    std::vector<size_t> widths(head.size(), 0);
    for (const auto& l : lines)
        for (size_t i = 0; i < l.size(); ++i)
            widths[i] = std::max(widths[i], width(l[i]));
    std::string out = "layer " + table.layer + (table.filter.empty() ? "" : "; " + table.filter) +
                      (table.boundaries.empty() ? "" : "; boundaries: " + table.boundaries) + "\n";
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
            const bool text = i == 0 && table.by != GroupBy::year;
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
    std::string out;
    auto head = headers(table.by);
    head.insert(head.end(), {"filter", "unknown_included"});
    append_csv_record(out, head);
    const std::string included = table.unknown_included ? "true" : "false";
    for (const auto& r : table.rows) {
        auto record = cells(table.by, r);
        record.insert(record.end(), {table.filter, included});
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
    auto rows = nlohmann::json::array();
    for (const auto& r : table.rows) {
        const bool place = by_municipality && !r.outside;
        rows.push_back({{"vendor", by_vendor && !Filter::is_unknown_vendor(r.vendor) ? nlohmann::json(r.vendor) : null},
                        {"year", by_year && r.year ? nlohmann::json(*r.year) : null},
                        {"municipality", place ? nlohmann::json(r.municipality) : null},
                        {"admin_level", place && r.admin_level ? nlohmann::json(r.admin_level) : null},
                        {"area_km2", place ? nlohmann::json(r.area_km2) : null},
                        {"per_km2", place && r.area_km2 > 0 ? nlohmann::json(r.per_km2()) : null},
                        {"outside", r.outside},
                        {"count", r.count}});
    }
    return {{"layer", table.layer},
            {"by", to_string(table.by)},
            {"filter", table.filter},
            {"unknown_included", table.unknown_included},
            {"warnings", table.warnings},
            {"rows", rows},
            {"total", table.total},
            {"boundaries", by_municipality ? nlohmann::json(table.boundaries) : null},
            {"outside", by_municipality ? nlohmann::json(table.outside) : null}};
}

} // namespace oko::geo
