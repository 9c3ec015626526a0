#pragma once
// A look at a point file before it is imported: its columns, its first rows, what the import
// would take as position, vendor and year, and what it would do with each of those rows. The
// preview runs the import's own readers on the first rows (nothing written), so what it shows
// is what the import will do, for the import dialog to show and let the user correct.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "geo/points/point_import.hpp"

namespace oko::geo {

struct PreviewRow {
    int64_t row = 0;                 // as PointRecord::source_row
    std::string layer;               // GDAL formats with several layers
    std::vector<std::string> values; // one per PointPreview::columns, as written ("" where none)
    bool judged = false;             // false: the file cannot be imported as set, rows shown as read
    std::vector<PointRecord> points; // what the import makes of the row (a multipoint gives several)
    std::optional<ImportIssue> rejected;
    std::vector<ImportIssue> warnings; // duplicates, years not understood, ...
};

struct PointPreview {
    std::string format;               // "CSV" or the GDAL driver's short name
    std::vector<std::string> columns; // every column, in file order

    // The columns the import uses, by name (empty: none): found by name or given in the options.
    std::string x_column, y_column, wkt_column, position_column, vendor_column, year_column;
    // position_column (both coordinates in one column): "lat, lon" or "lon, lat". Why each position
    // column was taken is in sample.position_columns (describe() words it).
    std::string position_order;
    // Positions come from the features' geometry (GeoJSON, KML, GPX, GeoPackage, ...), not from columns.
    bool geometry_positions = false;
    std::string crs; // the CRS the coordinates are read in ("EPSG:4326" for WGS84)

    // CSV only: how the text was read.
    std::string encoding;
    char delimiter = 0;
    bool decimal_comma = false; // the coordinates of the preview rows are written 44,8176

    // How many rows the file holds: exact when the preview read them all, else an estimate
    // (CSV, from the bytes the first rows take) or nothing.
    std::optional<int64_t> total_rows;
    bool total_rows_estimated = false;

    std::vector<PreviewRow> rows; // the first rows, in file order
    // The import's report on the rows the preview read (up to preview_sample_rows): counts of
    // accepted and rejected rows, and the warnings that concern the whole file (row 0).
    PointImportReport sample;
    // Why the file cannot be imported as set (no coordinate columns, unknown CRS, ...); the rows
    // then show the values as read, unjudged.
    std::string error;
};

// The preview reads this many rows even to show fewer, so that the checks that look at the
// rows around (swapped coordinates, duplicates) judge the first rows as the import will.
inline constexpr int64_t preview_sample_rows = 1000;

// Never throws for a file it can open; a file that cannot be opened at all throws oko::geo::Error.
// The options are the import's (column overrides, CRS, duplicate distance, ...); nothing is
// written, not even the rejected-rows file.
PointPreview preview_point_file(const std::filesystem::path& file, const PointImportOptions& options, size_t rows = 20);

// A CRS as the user typed it ("EPSG:32634"): its name from PROJ, or why it cannot be used.
struct CrsDescription {
    bool valid = false;
    std::string name; // "WGS 84 / UTM zone 34N"
    std::string error;
};
CrsDescription describe_crs(const std::string& definition);

} // namespace oko::geo
