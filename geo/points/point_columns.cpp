#include "geo/points/point_columns.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "geo/text/field_names.hpp"

namespace oko::geo {

namespace {

// What a column's first values are, as coordinates.
struct Values {
    size_t filled = 0; // non-empty values
    size_t read = 0;   // read as coordinates
    size_t lat_letters = 0, lon_letters = 0;
    std::vector<double> values;

    void add(const Coordinate& c) {
        ++read;
        lat_letters += c.axis == CoordinateAxis::latitude;
        lon_letters += c.axis == CoordinateAxis::longitude;
        values.push_back(c.value);
    }
    double min() const { return *std::min_element(values.begin(), values.end()); }
    double max() const { return *std::max_element(values.begin(), values.end()); }
    double max_abs() const { return std::max(std::abs(min()), std::abs(max())); }
    double median() const {
        auto v = values;
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
        return v[v.size() / 2];
    }
    // Could be latitudes: within ±90 and no E/W letter.
    bool latitude_fits() const { return !values.empty() && max_abs() <= 90 && lon_letters == 0; }
    bool longitude_fits() const { return !values.empty() && max_abs() <= 180 && lat_letters == 0; }
    bool lettered() const { return lat_letters + lon_letters == read && read > 0; }
    // The range of the values near the others (within 2 degrees of the median), and how many lie
    // far off: one swapped row should not make "latitudes 19.85–45.27".
    std::string range() const {
        const double m = median();
        double lo = m, hi = m;
        size_t far = 0;
        for (const double v : values) {
            if (std::abs(v - m) > 2) {
                ++far;
                continue;
            }
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        char buf[96];
        std::snprintf(buf, sizeof buf, "%.2f\xE2\x80\x93%.2f", lo, hi);
        std::string out = buf;
        if (far > 0) out += far == 1 ? " (1 value far off)" : " (" + std::to_string(far) + " values far off)";
        return out;
    }
};

// Where both could be latitudes and nothing else tells: in Europe and the Americas, where Oko's
// users map, the latitude is the larger number (Novi Sad 45.25, 19.85; New York 40.7, -74.0).
constexpr const char* larger_is_latitude =
    "either could be latitude: the larger numbers are taken, as in Europe and the Americas";

bool mostly(size_t part, size_t whole, double fraction) {
    return whole > 0 && part > 0 && static_cast<double>(part) >= fraction * static_cast<double>(whole);
}

// A value that is a coordinate in degrees, not a number that happens to be small (a row number,
// a count): it has a hemisphere letter, minutes, or the decimals of a position.
bool looks_like_degrees(const Coordinate& c) {
    return std::abs(c.value) <= 180 && (c.axis != CoordinateAxis::unknown || c.sexagesimal || c.decimals >= 3);
}

Values single_values(const SampleRows& sample, size_t column) {
    Values v;
    for (const auto& row : sample) {
        if (column >= row.size() || trim_field(row[column]).empty()) continue;
        ++v.filled;
        const auto read = read_coordinate(row[column]);
        if (read.coordinate && looks_like_degrees(*read.coordinate)) v.add(*read.coordinate);
    }
    return v;
}

struct PairValues {
    Values first, second;
    size_t filled = 0, read = 0;
};

PairValues pair_values(const SampleRows& sample, size_t column) {
    PairValues v;
    for (const auto& row : sample) {
        if (column >= row.size() || trim_field(row[column]).empty()) continue;
        ++v.filled;
        const auto read = read_coordinate_pair(row[column]);
        if (!read.pair || !looks_like_degrees((*read.pair)[0]) || !looks_like_degrees((*read.pair)[1])) continue;
        ++v.read;
        v.first.add((*read.pair)[0]);
        v.second.add((*read.pair)[1]);
    }
    return v;
}

// Whether the area puts latitude in `lat` rather than in `lon`: 1 yes, -1 the other way, 0 it
// cannot tell (no area, or both or neither inside).
int area_vote(const BBox& area, const Values& lat, const Values& lon) {
    if (area.empty()) return 0;
    // A margin of a tenth of a degree: points at the edge of a city's extract.
    BBox wide = area;
    wide.extend(area.min_x - 0.1, area.min_y - 0.1);
    wide.extend(area.max_x + 0.1, area.max_y + 0.1);
    const bool as_is = wide.contains({lon.median(), lat.median()});
    const bool swapped = wide.contains({lat.median(), lon.median()});
    return as_is == swapped ? 0 : as_is ? 1 : -1;
}

// The order of a column named for both ("lonlat", "xy"): lon first, lat first, or unsaid.
std::optional<bool> name_says_lon_first(const std::string& name) {
    const std::string n = normalise_field_name(name);
    if (n.rfind("lon", 0) == 0 || n.rfind("lng", 0) == 0 || n == "xy" || n == "x_y") return true;
    if (n.rfind("lat", 0) == 0 || n == "yx" || n == "y_x") return false;
    return std::nullopt;
}

PositionColumns decide_pair(size_t column, const PairValues& v, const std::vector<std::string>& names,
                            const std::vector<bool>& unnamed, const BBox& area, const std::string& found_by) {
    PositionColumns out;
    out.pair = column;
    ColumnChoice c;
    c.role = "position";
    c.column = names[column];
    c.number = column + 1;
    c.unnamed = column < unnamed.size() && unnamed[column];
    c.found_by = found_by;
    std::string how;
    if (v.read == 0) {
        how = "no value of the first rows reads as a pair of coordinates";
        out.pair_lon_first = name_says_lon_first(names[column]).value_or(false);
    } else if (v.first.lat_letters + v.first.lon_letters + v.second.lat_letters + v.second.lon_letters > 0) {
        // Rows with letters are read by them; the others follow the order those give.
        out.pair_lon_first = v.first.lon_letters + v.second.lat_letters > v.first.lat_letters + v.second.lon_letters;
        how = v.first.lettered() && v.second.lettered()
                  ? "each value names its hemispheres (N/S, E/W)"
                  : "the values with hemisphere letters (N/S, E/W) give this order";
    } else if (v.first.latitude_fits() != v.second.latitude_fits()) {
        out.pair_lon_first = !v.first.latitude_fits();
        how = std::string("only the ") + (out.pair_lon_first ? "second" : "first") + " numbers fit latitudes";
    } else if (const auto named = name_says_lon_first(names[column])) {
        out.pair_lon_first = *named;
        how = "its name says the order";
    } else if (const int vote = area_vote(area, v.first, v.second)) {
        out.pair_lon_first = vote < 0;
        how = "that order puts the points in the project's area";
    } else {
        out.pair_lon_first = v.first.median() < v.second.median();
        how = larger_is_latitude;
    }
    c.order = out.pair_lon_first ? "lon, lat" : "lat, lon";
    if (v.read > 0) {
        const Values& lat = out.pair_lon_first ? v.second : v.first;
        const Values& lon = out.pair_lon_first ? v.first : v.second;
        c.why = (found_by == "name"     ? "its name, and values "
                 : found_by == "option" ? "as asked; values "
                                        : "values ") +
                std::string("look like latitudes ") + lat.range() + " and longitudes " + lon.range() + "; " + how;
    } else {
        c.why = (found_by == "option" ? "as asked; " : "") + how;
    }
    out.choices.push_back(c);
    return out;
}

} // namespace

ColumnChoice named_choice(const std::string& role, const std::vector<std::string>& names,
                          const std::vector<bool>& unnamed, size_t column, bool by_option) {
    ColumnChoice c;
    c.role = role;
    c.column = names[column];
    c.number = column + 1;
    c.unnamed = column < unnamed.size() && unnamed[column];
    c.found_by = by_option ? "option" : "name";
    c.why = by_option ? "as asked" : "its name";
    return c;
}

std::optional<PositionColumns> find_pair_column(const std::vector<std::string>& names, const std::vector<bool>& unnamed,
                                                const SampleRows& sample, const std::vector<bool>& taken,
                                                const BBox& area, std::optional<size_t> given) {
    if (given) return decide_pair(*given, pair_values(sample, *given), names, unnamed, area, "option");
    // By name, in the order of the role's names; a column so named that holds something else (a
    // street under "Lokacija") is an attribute.
    const auto& wanted_names = field_role_names(FieldRole::position);
    for (const auto& wanted : wanted_names)
        for (size_t i = 0; i < names.size(); ++i) {
            if ((i < taken.size() && taken[i]) || normalise_field_name(names[i]) != wanted) continue;
            const auto v = pair_values(sample, i);
            if (mostly(v.read, v.filled, 0.5)) return decide_pair(i, v, names, unnamed, area, "name");
        }
    return std::nullopt;
}

std::optional<PositionColumns> find_position_by_values(const std::vector<std::string>& names,
                                                       const std::vector<bool>& unnamed, const SampleRows& sample,
                                                       const std::vector<bool>& taken, const BBox& area) {
    const auto free = [&](size_t i) { return i >= taken.size() || !taken[i]; };
    // Two columns of single coordinates: the first two whose values are all degrees.
    std::vector<size_t> candidates;
    std::vector<Values> values(names.size());
    for (size_t i = 0; i < names.size(); ++i) {
        if (!free(i)) continue;
        values[i] = single_values(sample, i);
        if (mostly(values[i].read, values[i].filled, 0.9) && (values[i].longitude_fits() || values[i].latitude_fits()))
            candidates.push_back(i);
    }
    for (size_t a = 0; a < candidates.size(); ++a)
        for (size_t b = a + 1; b < candidates.size(); ++b) {
            const size_t left = candidates[a], right = candidates[b];
            const Values& l = values[left];
            const Values& r = values[right];
            std::optional<bool> left_is_lat;
            std::string how;
            if ((l.lat_letters > 0 || r.lon_letters > 0) && l.latitude_fits() && r.longitude_fits()) {
                left_is_lat = true;
                how = "hemisphere letters";
            } else if ((l.lon_letters > 0 || r.lat_letters > 0) && r.latitude_fits() && l.longitude_fits()) {
                left_is_lat = false;
                how = "hemisphere letters";
            } else if (l.latitude_fits() && r.longitude_fits() && !(r.latitude_fits() && l.longitude_fits())) {
                left_is_lat = true;
                how = "only column " + std::to_string(left + 1) + " fits latitudes";
            } else if (r.latitude_fits() && l.longitude_fits() && !(l.latitude_fits() && r.longitude_fits())) {
                left_is_lat = false;
                how = "only column " + std::to_string(right + 1) + " fits latitudes";
            } else if (l.latitude_fits() && r.latitude_fits()) {
                const int vote = area_vote(area, l, r);
                left_is_lat = vote != 0 ? vote > 0 : l.median() >= r.median();
                how = vote != 0 ? "that way round the points lie in the project's area" : larger_is_latitude;
            }
            if (!left_is_lat) continue;
            const size_t lat = *left_is_lat ? left : right, lon = *left_is_lat ? right : left;
            PositionColumns out;
            out.x = lon;
            out.y = lat;
            for (const size_t column : {lat, lon}) {
                ColumnChoice c;
                c.role = column == lat ? "latitude" : "longitude";
                c.column = names[column];
                c.number = column + 1;
                c.unnamed = column < unnamed.size() && unnamed[column];
                c.found_by = "values";
                c.why = "values look like " + std::string(column == lat ? "latitudes " : "longitudes ") +
                        values[column].range();
                if (column == lat) c.why += " (" + how + ")";
                out.choices.push_back(c);
            }
            return out;
        }
    // One column of pairs.
    for (size_t i = 0; i < names.size(); ++i) {
        if (!free(i)) continue;
        const auto v = pair_values(sample, i);
        if (mostly(v.read, v.filled, 0.9)) return decide_pair(i, v, names, unnamed, area, "values");
    }
    return std::nullopt;
}

bool assign_lon_lat(const Coordinate& first, const Coordinate& second, bool lon_first, double& lon, double& lat,
                    std::string& problem) {
    using A = CoordinateAxis;
    if (first.axis != A::unknown && first.axis == second.axis) {
        problem = first.axis == A::latitude ? "two latitudes (N/S)" : "two longitudes (E/W)";
        return false;
    }
    // A letter on either decides; else the column's order.
    if (first.axis == A::longitude || second.axis == A::latitude)
        lon_first = true;
    else if (first.axis == A::latitude || second.axis == A::longitude)
        lon_first = false;
    lon = lon_first ? first.value : second.value;
    lat = lon_first ? second.value : first.value;
    return true;
}

BBox expected_area(const PointImportOptions& options) {
    if (!options.expected_area.empty()) return options.expected_area;
    BBox box;
    for (const auto& p : options.existing_points)
        box.extend(p.position.lon, p.position.lat);
    if (box.empty() && options.map_area) return options.map_area->bbox;
    return box;
}

} // namespace oko::geo
