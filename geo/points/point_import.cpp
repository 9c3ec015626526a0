#include "geo/points/point_import.hpp"

#include <algorithm>

#include "geo/base/error.hpp"
#include "geo/base/limits.hpp"
#include "geo/base/ogr_dataset.hpp"
#include "geo/points/point_readers.hpp"

namespace oko::geo {

std::string_view to_string(IssueCode code) {
    switch (code) {
    case IssueCode::other:
        return "other";
    case IssueCode::vendor_table_missing:
        return "vendor_table_missing";
    case IssueCode::model_table_missing:
        return "model_table_missing";
    case IssueCode::no_vendor_column:
        return "no_vendor_column";
    case IssueCode::no_year_column:
        return "no_year_column";
    case IssueCode::column_not_found:
        return "column_not_found";
    case IssueCode::gpx_layer_skipped:
        return "gpx_layer_skipped";
    case IssueCode::rejected_file_not_written:
        return "rejected_file_not_written";
    case IssueCode::unclosed_quote:
        return "unclosed_quote";
    case IssueCode::not_utf8:
        return "not_utf8";
    case IssueCode::invalid_utf8:
        return "invalid_utf8";
    case IssueCode::too_many_values:
        return "too_many_values";
    case IssueCode::no_coordinate_columns:
        return "no_coordinate_columns";
    case IssueCode::position_missing:
        return "position_missing";
    case IssueCode::coordinate_not_number:
        return "coordinate_not_number";
    case IssueCode::coordinate_invalid:
        return "coordinate_invalid";
    case IssueCode::coordinates_as_text:
        return "coordinates_as_text";
    case IssueCode::wkt_invalid:
        return "wkt_invalid";
    case IssueCode::geometry_empty:
        return "geometry_empty";
    case IssueCode::geometry_not_point:
        return "geometry_not_point";
    case IssueCode::multipoint_split:
        return "multipoint_split";
    case IssueCode::position_not_transformed:
        return "position_not_transformed";
    case IssueCode::position_zero:
        return "position_zero";
    case IssueCode::position_not_degrees:
        return "position_not_degrees";
    case IssueCode::position_out_of_range:
        return "position_out_of_range";
    case IssueCode::latitude_longitude_swapped:
        return "latitude_longitude_swapped";
    case IssueCode::far_from_others:
        return "far_from_others";
    case IssueCode::far_from_map:
        return "far_from_map";
    case IssueCode::vendor_model_conflict:
        return "vendor_model_conflict";
    case IssueCode::year_not_understood:
        return "year_not_understood";
    case IssueCode::duplicate:
        return "duplicate";
    }
    return "other"; // not an enumerator: a value cast from a number
}

std::string describe(const ColumnChoice& choice) {
    std::string out = choice.role + " from column " + std::to_string(choice.number);
    if (choice.unnamed)
        out += " (empty header)";
    else
        out += " '" + excerpt(choice.column) + "'";
    if (!choice.order.empty()) out += " holding '" + choice.order + "'";
    if (!choice.why.empty()) out += ": " + choice.why;
    return out;
}

PointImportReport read_points(const std::filesystem::path& file, const PointImportOptions& options,
                              const PointBatchHandler& on_batch) {
    PointImportReport report;
    refuse_virtual_path(file);
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) throw Error("no such file", file.string());
    if (is_csv_file(file))
        read_csv_points(file, options, report, on_batch);
    else
        read_ogr_points(file, options, report, on_batch);
    return report;
}

bool is_csv_file(const std::filesystem::path& file) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
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
