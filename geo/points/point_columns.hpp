#pragma once
// Which columns of a table (CSV, spreadsheet) hold the position, when their names do not say:
// one column holding both coordinates ("koordinate": "45.257, 19.8465"), or two columns found by
// their values (an export with empty header cells over latitude and longitude). The first rows'
// values decide, and the choice says why, for the report.

#include <optional>
#include <string>
#include <vector>

#include "geo/base/types.hpp"
#include "geo/points/point_import.hpp"
#include "geo/text/field_values.hpp"

namespace oko::geo {

// The first rows of a table, by column index, as written.
using SampleRows = std::vector<std::vector<std::string>>;

struct PositionColumns {
    std::optional<size_t> x, y;  // two columns
    std::optional<size_t> pair;  // or one holding both
    bool pair_lon_first = false; // where a pair's values carry no hemisphere letters
    std::vector<ColumnChoice> choices;
};

// A column named for the position (FieldRole::position) whose first values read as pairs of
// coordinates, or the column `given` (an option: taken whatever its values). Columns in `taken`
// are skipped.
std::optional<PositionColumns> find_pair_column(const std::vector<std::string>& names, const std::vector<bool>& unnamed,
                                                const SampleRows& sample, const std::vector<bool>& taken,
                                                const BBox& area, std::optional<size_t> given = std::nullopt);

// Two columns whose values are latitudes and longitudes, or one whose values are pairs, among
// the columns not taken, by their values alone.
std::optional<PositionColumns> find_position_by_values(const std::vector<std::string>& names,
                                                       const std::vector<bool>& unnamed, const SampleRows& sample,
                                                       const std::vector<bool>& taken, const BBox& area);

// The choice for columns the user or their names gave: found_by "option" or "name".
ColumnChoice named_choice(const std::string& role, const std::vector<std::string>& names,
                          const std::vector<bool>& unnamed, size_t column, bool by_option);

// Longitude and latitude from the two coordinates read from a row: by their hemisphere letters
// where given, else `lon_first` says. False, with the problem in words, when the letters
// contradict ("two latitudes (N/S)").
bool assign_lon_lat(const Coordinate& first, const Coordinate& second, bool lon_first, double& lon, double& lat,
                    std::string& problem);

// The area the points are expected in: the options' expected_area, else the existing points',
// else the project's basemap (map_area).
BBox expected_area(const PointImportOptions& options);

} // namespace oko::geo
