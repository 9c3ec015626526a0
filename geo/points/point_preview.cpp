#include "geo/points/point_preview.hpp"

#include <algorithm>
#include <exception>
#include <map>
#include <utility>

#include <cpl_error.h>
#include <ogr_spatialref.h>

#include "geo/text/csv_reader.hpp"
#include "geo/base/error.hpp"
#include "geo/points/point_crs.hpp"
#include "geo/points/point_readers.hpp"

namespace oko::geo {

namespace {

using RowKey = std::pair<std::string, int64_t>; // layer, row

struct Collected {
    PointPreview& preview;
    size_t wanted;
    std::map<RowKey, size_t> index; // into preview.rows

    void add_row(int64_t row, const std::string& layer, const std::vector<std::string>& names,
                 const std::vector<std::string>& values) {
        if (preview.rows.size() >= wanted) return;
        PreviewRow r;
        r.row = row;
        r.layer = layer;
        r.values.resize(preview.columns.size());
        for (size_t i = 0; i < values.size(); ++i) {
            // A CSV row wider than its header keeps its extra values as column_N, as the import does.
            const std::string name = i < names.size() ? names[i] : "column_" + std::to_string(i + 1);
            auto it = std::find(preview.columns.begin(), preview.columns.end(), name);
            if (it == preview.columns.end()) {
                preview.columns.push_back(name);
                for (auto& other : preview.rows)
                    other.values.resize(preview.columns.size());
                r.values.resize(preview.columns.size());
                it = preview.columns.end() - 1;
            }
            r.values[static_cast<size_t>(it - preview.columns.begin())] = values[i];
        }
        index.emplace(RowKey{layer, row}, preview.rows.size());
        preview.rows.push_back(std::move(r));
    }

    PreviewRow* find(const std::string& layer, int64_t row) {
        const auto it = index.find({layer, row});
        return it == index.end() ? nullptr : &preview.rows[it->second];
    }
};

// "longitude=Dužina" -> the role's column in the preview.
void take_columns_used(PointPreview& preview, const std::vector<std::string>& used) {
    for (const auto& entry : used) {
        const auto eq = entry.find('=');
        if (eq == std::string::npos) continue;
        const std::string role = entry.substr(0, eq), column = entry.substr(eq + 1);
        std::string* target = role == "longitude"  ? &preview.x_column
                              : role == "latitude" ? &preview.y_column
                              : role == "wkt"      ? &preview.wkt_column
                              : role == "position" ? &preview.position_column
                              : role == "vendor"   ? &preview.vendor_column
                              : role == "year"     ? &preview.year_column
                                                   : nullptr;
        // Several layers may each name their own; the first layer's choice is shown.
        if (target && target->empty()) *target = column;
    }
}

// The rows of a CSV file as read, for a file that cannot be imported as set: the user needs to
// see its columns to say which hold the position.
void read_csv_rows_unjudged(const std::filesystem::path& file, const PointImportOptions& options,
                            Collected& collected) {
    CsvReader reader(file);
    CsvRecord record;
    if (!reader.next(record)) return;
    const auto header = csv_header(record.fields, options);
    if (collected.preview.columns.empty()) collected.preview.columns = header.names;
    bool have_row = !header.present;
    while (collected.preview.rows.size() < collected.wanted && (have_row || reader.next(record))) {
        have_row = false;
        collected.add_row(record.line, {}, header.names,
                          std::vector<std::string>(record.fields.begin(), record.fields.end()));
    }
}

// Beyond the rows the preview read, the file's size tells roughly how many more there are.
std::optional<int64_t> estimate_csv_rows(const std::filesystem::path& file, int64_t last_line, int64_t rows_read) {
    CsvReader reader(file);
    CsvRecord record;
    while (reader.next(record))
        if (record.line >= last_line) break;
    if (reader.position() == 0) return std::nullopt;
    return static_cast<int64_t>(static_cast<double>(rows_read) * static_cast<double>(reader.size()) /
                                static_cast<double>(reader.position()));
}

} // namespace

PointPreview preview_point_file(const std::filesystem::path& file, const PointImportOptions& options, size_t rows) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) throw Error("no such file", file.string());
    PointPreview preview;
    Collected collected{preview, rows, {}};

    PointImportOptions o = options;
    o.write_rejected_file = false;
    o.progress = nullptr;
    o.max_rows = std::max<int64_t>(preview_sample_rows, static_cast<int64_t>(rows));
    int64_t last_line = 0;
    o.on_row = [&](int64_t row, const std::string& layer, const std::vector<std::string>& names,
                   const std::vector<std::string>& values) {
        if (preview.columns.empty()) preview.columns = names;
        collected.add_row(row, layer, names, values);
        last_line = row;
    };
    std::vector<PointRecord> records;
    const PointBatchHandler keep = [&](std::vector<PointRecord>& batch) {
        for (auto& r : batch)
            if (collected.find(r.source_layer, r.source_row)) records.push_back(std::move(r));
    };

    const bool csv = is_csv_file(file);
    PointImportReport& report = preview.sample;
    try {
        if (csv)
            read_csv_points(file, o, report, keep);
        else
            read_ogr_points(file, o, report, keep);
    } catch (const Error& e) {
        // Nothing can be read at all: there is no preview to show.
        if (report.format.empty()) throw;
        preview.error = e.reason();
    } catch (const std::exception& e) {
        if (report.format.empty()) throw Error(e.what(), file.string());
        preview.error = e.what();
    }

    preview.format = report.format;
    preview.encoding = report.encoding;
    preview.delimiter = report.delimiter;
    preview.crs = report.crs.empty() ? (options.crs.empty() ? "EPSG:4326" : options.crs) : report.crs;
    for (const auto& c : report.columns)
        if (std::find(preview.columns.begin(), preview.columns.end(), c) == preview.columns.end()) {
            preview.columns.push_back(c);
            for (auto& r : preview.rows)
                r.values.resize(preview.columns.size());
        }
    take_columns_used(preview, report.columns_used);
    for (const auto& c : report.position_columns)
        if (c.role == "position") preview.position_order = c.order;
    // Spreadsheets are tables (positions in columns, as in CSV); the other GDAL formats have geometry.
    preview.geometry_positions = !csv && preview.x_column.empty() && report.format != "XLSX" && report.format != "ODS";

    if (!preview.error.empty()) {
        if (preview.rows.empty()) {
            if (csv) {
                read_csv_rows_unjudged(file, o, collected);
            } else if (!options.crs.empty()) {
                // A CRS the import cannot use stops it before the first feature: read the
                // features without it, to show them.
                PointImportOptions plain = o;
                plain.crs.clear();
                PointImportReport ignored;
                try {
                    read_ogr_points(file, plain, ignored, nullptr);
                } catch (const std::exception&) {
                }
            }
        }
        return preview;
    }

    for (auto& row : preview.rows)
        row.judged = true;
    for (auto& r : records)
        if (auto* row = collected.find(r.source_layer, r.source_row)) row->points.push_back(std::move(r));
    for (const auto& issue : report.rejected)
        if (auto* row = collected.find(issue.layer, issue.row)) row->rejected = issue;
    for (const auto& issue : report.warnings)
        if (issue.row != 0)
            if (auto* row = collected.find(issue.layer, issue.row)) row->warnings.push_back(issue);

    const auto x = std::find(preview.columns.begin(), preview.columns.end(), preview.x_column);
    const auto y = std::find(preview.columns.begin(), preview.columns.end(), preview.y_column);
    const auto pair = std::find(preview.columns.begin(), preview.columns.end(), preview.position_column);
    if (x != preview.columns.end() && y != preview.columns.end())
        for (const auto& row : preview.rows)
            for (auto c : {x, y}) {
                const auto& text = row.values[static_cast<size_t>(c - preview.columns.begin())];
                if (text.find(',') != std::string::npos && text.find('.') == std::string::npos)
                    preview.decimal_comma = true;
            }
    // Both in one column: "45,254 19,855" has decimal commas, "45.25, 19.84" a separating one.
    if (pair != preview.columns.end())
        for (const auto& row : preview.rows) {
            const auto& text = row.values[static_cast<size_t>(pair - preview.columns.begin())];
            const size_t comma = text.find(',');
            if (comma != std::string::npos && comma + 1 < text.size() && text[comma + 1] >= '0' &&
                text[comma + 1] <= '9' && text.find('.') == std::string::npos)
                preview.decimal_comma = true;
        }

    if (report.rows_read < o.max_rows) {
        preview.total_rows = report.rows_read;
    } else if (csv && last_line > 0) {
        preview.total_rows = estimate_csv_rows(file, last_line, report.rows_read);
        preview.total_rows_estimated = preview.total_rows.has_value();
    }
    return preview;
}

CrsDescription describe_crs(const std::string& definition) {
    CrsDescription out;
    if (definition.empty()) {
        out.error = "no CRS given";
        return out;
    }
    OGRSpatialReference srs;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    const OGRErr status = srs.SetFromUserInput(definition.c_str());
    CPLPopErrorHandler();
    if (status != OGRERR_NONE) {
        out.error = "PROJ does not know \"" + definition + "\"; give it as EPSG:N, e.g. EPSG:32634 for UTM zone 34N";
        return out;
    }
    // The import's own transformation, so that what is valid here is valid there.
    try {
        PointTransform transform(definition);
    } catch (const Error& e) {
        out.error = e.reason();
        return out;
    }
    out.valid = true;
    out.name = srs.GetName() ? srs.GetName() : definition;
    return out;
}

} // namespace oko::geo
