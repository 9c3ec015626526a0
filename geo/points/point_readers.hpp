#pragma once
// The readers behind read_points(), one per family of formats. Each turns rows into
// PointRecords and problems into issues, and leaves the rest to the PointCollector.

#include <string>
#include <string_view>
#include <vector>

#include "geo/points/point_import.hpp"

namespace oko::geo {

// Whether read_points() reads `file` with the CSV reader (by its extension) or through GDAL.
bool is_csv_file(const std::filesystem::path& file);

void read_csv_points(const std::filesystem::path& file, const PointImportOptions& options, PointImportReport& report,
                     const PointBatchHandler& on_batch);

// A CSV file's column names from its first record: the record itself when it is a header,
// else column_1, column_2, ...
struct CsvHeader {
    std::vector<std::string> names;
    std::vector<bool> unnamed; // the header cell is empty (or there is no header): the name is column_N
    bool present = false;
};
CsvHeader csv_header(const std::vector<std::string_view>& first, const PointImportOptions& options);

void read_ogr_points(const std::filesystem::path& file, const PointImportOptions& options, PointImportReport& report,
                     const PointBatchHandler& on_batch);

} // namespace oko::geo
