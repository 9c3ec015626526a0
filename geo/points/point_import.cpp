#include "geo/points/point_import.hpp"

#include <algorithm>

#include "geo/base/error.hpp"
#include "geo/points/point_readers.hpp"

namespace oko::geo {

PointImportReport read_points(const std::filesystem::path& file, const PointImportOptions& options,
                              const PointBatchHandler& on_batch) {
    PointImportReport report;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) throw Error("no such file", file.string());
    if (is_csv_file(file)) read_csv_points(file, options, report, on_batch);
    else read_ogr_points(file, options, report, on_batch);
    return report;
}

bool is_csv_file(const std::filesystem::path& file) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // CSV goes through Oko's own reader, which knows volunteers' spreadsheets better than OGR's.
    return ext == ".csv" || ext == ".tsv" || ext == ".txt";
}

PointImport read_points(const std::filesystem::path& file, const PointImportOptions& options) {
    PointImport result;
    result.report = read_points(file, options, [&result](std::vector<PointRecord>& batch) {
        std::move(batch.begin(), batch.end(), std::back_inserter(result.points));
    });
    return result;
}

} // namespace oko::geo
