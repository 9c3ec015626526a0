#pragma once
// The readers behind read_points(), one per family of formats. Each turns rows into
// PointRecords and problems into issues, and leaves the rest to the PointCollector.

#include "geo/point_import.hpp"

namespace oko::geo {

void read_csv_points(const std::filesystem::path& file, const PointImportOptions& options,
                     PointImportReport& report, const PointBatchHandler& on_batch);

void read_ogr_points(const std::filesystem::path& file, const PointImportOptions& options,
                     PointImportReport& report, const PointBatchHandler& on_batch);

} // namespace oko::geo
