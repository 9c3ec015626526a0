#pragma once
// Reading camera reports from whatever file a volunteer sent: CSV (any delimiter, encoding and
// decimal mark; see csv_reader.hpp), and through GDAL/OGR GeoJSON, KML/KMZ, GPX waypoints,
// GeoPackage, zipped Shapefiles and spreadsheets (XLSX, ODS: tables with coordinate columns,
// read like CSV). Every row either becomes a PointRecord (WGS84, vendor normalised, year
// parsed, every other column kept) or is rejected with a reason and a suggested fix, in the
// report and in a sidecar CSV next to the input: nothing is lost.
//
// Records are handed out in batches as they are read, so a store writer can insert a million
// rows without holding them all; read_points() without a handler collects them for small files.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "geo/base/types.hpp"
#include "geo/map/point_record.hpp"

namespace oko::geo {

class AtomicFile;

// What kind of issue an ImportIssue is, for code to act on (the reason's wording is for people
// and may change). to_string() gives each a stable snake_case name, as written in `oko import
// --json`. Whether an issue rejects its row or only warns is noted by group.
enum class IssueCode {
    other, // not made by the readers: the code of an issue made without one

    // The file as a whole (row 0), warnings.
    vendor_table_missing, // the vendor table was not found: vendor names are kept as written
    model_table_missing,  // the model table was not found: models name no vendor
    no_vendor_column,
    no_year_column,
    column_not_found,          // a layer has no column of the name given for a role (--x, --map ...)
    gpx_layer_skipped,         // GPX routes and tracks: only waypoints are read
    rejected_file_not_written, // the sidecar CSV of rejected rows could not be written

    // How a CSV row was read.
    unclosed_quote,  // rejected: a quote never closed ran several lines into one row
    not_utf8,        // warning: values read as Windows-1250 or -1251
    invalid_utf8,    // warning: bytes that are not UTF-8 in UTF-8 text, kept as U+FFFD
    too_many_values, // warning: a row wider than the header

    // The position, rejected unless noted.
    no_coordinate_columns, // a table layer (XLSX, ODS) without coordinate columns
    position_missing,      // no coordinates, an empty WKT cell, a feature without geometry
    coordinate_not_number,
    coordinate_invalid,  // reads as a coordinate that cannot be: minutes of 60 or more, a latitude (N/S) beyond 90, ...
    coordinates_as_text, // GeoJSON coordinates written as strings ("19.84") instead of numbers
    wkt_invalid,
    geometry_empty,           // WKT of an empty geometry (POINT EMPTY, ...)
    geometry_not_point,       // a line, an area, or a collection of more than points
    multipoint_split,         // warning: a multipoint became one point per part
    position_not_transformed, // the CRS transformation to WGS84 failed
    position_zero,            // 0, 0: an empty cell saved as zero
    position_not_degrees,     // projected coordinates (metres) read as degrees: a CRS is missing
    position_out_of_range,
    latitude_longitude_swapped, // a latitude out of range that is a longitude's value
    far_from_others,            // far from the other rows, but close with latitude and longitude swapped
    far_from_map,               // warning (row 0): points far from the project's basemap, imported

    // Other values, warnings.
    year_not_understood,
    vendor_model_conflict, // the vendor column names another vendor than the model: the vendor is kept
    duplicate,             // near an earlier row or an existing point: kept and linked to it
};

// The code's stable name: "position_not_degrees".
std::string_view to_string(IssueCode code);

// A rejected row or a warning: what kind, where, what, and what the volunteer can do about it.
struct ImportIssue {
    IssueCode code = IssueCode::other;
    int64_t row = 0; // as PointRecord::source_row; 0 for the whole file
    std::string layer;
    std::string field; // the column concerned, when one is
    std::string reason;
    std::string fix; // a suggested fix, in words
};

// A column the import took for the position, and why: named so (an option or a known header) or
// found by its values.
struct ColumnChoice {
    std::string role;     // "longitude", "latitude", "wkt" or "position" (both coordinates in one column)
    std::string column;   // as in PointImportReport::columns
    size_t number = 0;    // 1-based, in the file's order
    bool unnamed = false; // its header cell is empty (or the file has no header row)
    std::string found_by; // "option", "name" or "values"
    std::string order;    // "position" only: "lat, lon" or "lon, lat" (where the values carry no N/E letters)
    std::string why;      // "values look like latitudes 45.77–45.83"
};

// "latitude from column 3 (empty header): values look like latitudes 45.77–45.83", "position from
// column 2 'koordinate' holding 'lat, lon': ...".
std::string describe(const ColumnChoice& choice);

// Where the project's map is (point_map_area.hpp: map_area()), to tell a volunteer that points lie
// far from it.
struct MapArea {
    BBox bbox;        // WGS84 degrees: x longitude, y latitude
    std::string name; // the basemap's city or town (its Latin name when it has one), else its source file
};

// The points of one import that lie farther than a threshold from the map area.
struct FarFromMap {
    std::string area_name;
    BBox area;
    int64_t points = 0;    // how many lie farther than the threshold
    double min_m = 0;      // the nearest of them
    double max_m = 0;      // the farthest
    int64_t first_row = 0; // the first such row of the file
};

// Rows whose empty vendor a known model named ("vendor Huawei from model IPC6625-Z30 in 12 rows").
struct VendorFromModel {
    std::string vendor;
    std::string model; // as first written in the file
    int64_t rows = 0;
};

struct PointImportReport {
    std::string format;                    // "CSV" or the GDAL driver's short name
    std::string encoding;                  // CSV only: "UTF-8", "UTF-8 with BOM", "Windows-1250", "Windows-1251"
    char delimiter = 0;                    // CSV only
    std::string crs;                       // the source CRS coordinates were transformed from ("EPSG:4326" when none)
    std::vector<std::string> columns_used; // "longitude=lon", "position=koordinate", "vendor=Proizvođač", ...
    std::vector<ColumnChoice> position_columns; // the columns the position comes from, and why (tables only)
    // Every column as named in the file, in order (CSV without a header: column_1, ...; GDAL
    // formats: the union of the layers' fields).
    std::vector<std::string> columns;
    // Every attribute column in file order (for GDAL formats, the union over layers), including
    // columns empty in every row: records leave empty values out.
    std::vector<std::string> attribute_columns;

    int64_t rows_read = 0; // data rows or features seen (blank CSV lines not counted)
    int64_t imported = 0;  // records handed out (a multipoint gives one per point)
    int64_t rejected_count = 0;
    int64_t warning_count = 0;
    int64_t duplicate_count = 0;
    std::vector<VendorFromModel> vendors_from_models; // in the order first met
    // The points farther than PointImportOptions::far_from_map_distance_m from the map area (also
    // the first warning, code far_from_map); nothing when none, or without a map area.
    std::optional<FarFromMap> far_from_map;
    std::vector<ImportIssue> rejected;   // each rejected row, up to PointImportOptions::max_listed_issues
    std::vector<ImportIssue> warnings;   // up to the same limit
    std::filesystem::path rejected_file; // the sidecar CSV with the rejected rows; empty when none was written
    // With PointImportOptions::defer_rejected_file: the sidecar, written and synced beside its
    // target but not yet in place (commit_rejected_file). Dropped uncommitted, it is removed and the
    // sidecar of an earlier import stays as it was.
    std::shared_ptr<AtomicFile> pending_rejected_file;
    bool cancelled = false; // the progress callback asked to stop; the counts cover the rows read
};

// A column override saying "there is no such column": do not look for one by name.
inline constexpr std::string_view no_column = "-";

struct PointImportOptions {
    // Column overrides (`--x COL --y COL --map vendor=COL --map year=COL`): a header name or a
    // 1-based column number. Empty: found by name (field_names.hpp). `no_column`: none, so that
    // `--x - --y -` reads the WKT column even where x/y columns exist.
    std::string x_column;
    std::string y_column;
    std::string wkt_column;
    std::string position_column; // one column holding both coordinates (`--position COL`)
    std::string vendor_column;
    std::string year_column;
    std::string model_column; // `--map model=COL`: a known model names an empty vendor (model_table.hpp)

    // The CRS of the coordinates ("EPSG:32634", any PROJ/OGR definition). Empty: WGS84 for CSV,
    // the layer's own CRS for the other formats. Used for layers that have none.
    std::string crs;

    // Where the points are expected (the project's extent): decides which of two columns, or which
    // number of a pair, is the latitude when the values fit either way. Empty: the points already in
    // the layer (existing_points), if any, else the project's map area (map_area below), else
    // "lat, lon" order.
    BBox expected_area; // x longitude, y latitude

    // Vendor aliases; default_vendor_table_path() when empty. A missing table is a warning.
    std::filesystem::path vendor_table;
    // Camera models and their vendors; default_model_table_path() when empty. A missing table is
    // a warning.
    std::filesystem::path model_table;

    // Reports within this distance of an earlier point (or an existing one) are flagged as
    // duplicates and linked to it, never dropped. 0 turns the check off.
    double duplicate_distance_m = 3.0;
    // Points of the target layer already in the project, checked for duplicates too.
    using ExistingPoint = LayerPoint;
    std::vector<ExistingPoint> existing_points;

    // Rows are judged for swapped latitude/longitude against the median of the first rows;
    // a row more than this far from it, which swapping would bring close, is rejected.
    double swap_check_min_distance_m = 50'000.0;

    // The project's map area (map_area() in point_map_area.hpp; the import fills it in from the
    // project): points farther than far_from_map_distance_m from it (geodesic, from its extent)
    // are imported with a far_from_map warning. Nothing, or a distance of 0, turns the check off.
    std::optional<MapArea> map_area;
    double far_from_map_distance_m = 50'000.0;

    // Where rejected rows go; empty: `<input stem>.rejected.csv` next to the input.
    std::filesystem::path rejected_file;
    bool write_rejected_file = true;
    // Leave the sidecar pending in the report (PointImportReport::pending_rejected_file) instead of
    // putting it in place once the file is read: an import replaces it only when the project has
    // committed the rows, so that a failed import leaves the earlier sidecar as it was.
    bool defer_rejected_file = false;

    // Lines and polygons go to reference layers (reference_import.hpp): the point reader passes
    // over them instead of rejecting them.
    bool skip_lines_and_areas = false;

    size_t batch_size = 4096;
    size_t max_listed_issues = 100'000;

    // Called now and then from the reading thread with the fraction done (0..1); returning
    // false stops the import after the records already read have been handed out.
    std::function<bool(double fraction)> progress;

    // Stop after this many data rows or features (0: read all): a preview judges the first
    // rows exactly as the import will.
    int64_t max_rows = 0;
    // Called with every data row as read, before it is judged: its number (as
    // PointRecord::source_row), its layer (GDAL formats), and its values by column name.
    using RowObserver = std::function<void(int64_t row, const std::string& layer, const std::vector<std::string>& names,
                                           const std::vector<std::string>& values)>;
    RowObserver on_row;
};

// Receives records as they are ready, in order; it may move them out of the batch.
using PointBatchHandler = std::function<void(std::vector<PointRecord>& batch)>;

// Streams the records of `file` to `on_batch` and returns the report. Throws oko::geo::Error
// when the file as a whole cannot be read (unknown format, no coordinate columns, bad CRS);
// problems of single rows are in the report instead.
PointImportReport read_points(const std::filesystem::path& file, const PointImportOptions& options,
                              const PointBatchHandler& on_batch);

// Puts a pending sidecar (defer_rejected_file) in place, over the earlier one; when it cannot, the
// report says so (a rejected_file_not_written warning). Nothing happens without one.
void commit_rejected_file(PointImportReport& report);

struct PointImport {
    std::vector<PointRecord> points;
    PointImportReport report;
};

// Reads the whole file into memory.
PointImport read_points(const std::filesystem::path& file, const PointImportOptions& options = {});

} // namespace oko::geo
