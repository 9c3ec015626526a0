// CSV rows to points: find the columns, then read each row with the collector's checks.

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ogr_geometry.h>

#include "geo/text/csv_reader.hpp"
#include "geo/base/error.hpp"
#include "geo/base/limits.hpp"
#include "geo/text/field_names.hpp"
#include "geo/text/field_values.hpp"
#include "geo/points/point_collector.hpp"
#include "geo/points/point_columns.hpp"
#include "geo/points/point_crs.hpp"
#include "geo/points/point_readers.hpp"

namespace oko::geo {

namespace {

struct Columns {
    std::optional<size_t> x, y, wkt, pair, vendor, year;
    std::optional<size_t> model; // not taken: it stays an attribute
    bool pair_lon_first = false;
};

// Up to `rows` non-blank data rows from the start of the file, read aside.
SampleRows csv_sample_rows(const std::filesystem::path& file, bool header, size_t rows) {
    SampleRows out;
    CsvReader reader(file);
    CsvRecord record;
    if (header && !reader.next(record)) return out;
    while (out.size() < rows && reader.next(record)) {
        if (std::all_of(record.fields.begin(), record.fields.end(),
                        [](std::string_view f) { return trim_field(f).empty(); }))
            continue;
        out.emplace_back(record.fields.begin(), record.fields.end());
    }
    return out;
}

std::optional<size_t> named_or_found(const std::string& wanted, FieldRole role, const std::vector<std::string>& names,
                                     const std::vector<bool>& taken, const std::filesystem::path& file) {
    if (wanted == no_column) return std::nullopt;
    if (!wanted.empty()) {
        auto found = find_named_field(wanted, names);
        if (!found)
            throw Error("no column \"" + excerpt(wanted) + "\" for the " + field_role_name(role) +
                            "; the columns are: " + list_names(names),
                        file.string(), 1);
        return found;
    }
    return find_field(role, names, taken);
}

bool looks_like_header(const std::vector<std::string_view>& fields, const PointImportOptions& options) {
    std::vector<std::string> names(fields.begin(), fields.end());
    for (auto role : {FieldRole::longitude, FieldRole::latitude, FieldRole::wkt, FieldRole::position, FieldRole::vendor,
                      FieldRole::year})
        if (find_field(role, names)) return true;
    for (const auto* wanted : {&options.x_column, &options.y_column, &options.wkt_column, &options.position_column})
        if (!wanted->empty())
            for (const auto& n : names)
                if (n == *wanted) return true;
    for (auto f : fields)
        if (parse_coordinate(f)) return false;
    return true;
}

} // namespace

CsvHeader csv_header(const std::vector<std::string_view>& first, const PointImportOptions& options) {
    CsvHeader header;
    header.present = looks_like_header(first, options);
    for (size_t i = 0; i < first.size(); ++i) {
        const auto name = header.present ? trim_field(first[i]) : std::string_view();
        header.names.push_back(name.empty() ? "column_" + std::to_string(i + 1) : std::string(name));
        header.unnamed.push_back(name.empty());
    }
    return header;
}

void read_csv_points(const std::filesystem::path& file, const PointImportOptions& options, PointImportReport& report,
                     const PointBatchHandler& on_batch) {
    CsvReader reader(file);
    report.format = "CSV";
    report.encoding = encoding_name(reader.dialect().encoding);
    report.delimiter = reader.dialect().delimiter;

    CsvRecord record;
    if (!reader.next(record)) throw Error("the file holds no rows", file.string());
    const auto max_columns = static_cast<size_t>(limit(Limit::columns));
    const size_t max_field = static_cast<size_t>(limit(Limit::field_kb)) * 1024;
    const int64_t max_rows = limit(Limit::features);
    // Every record is held to the limits before anything else looks at it.
    const auto check_limits = [&] {
        if (record.fields.size() > max_columns)
            throw limit_error(Limit::columns, "the row has " + std::to_string(record.fields.size()) + " columns, which",
                              file.string(), record.line);
        for (size_t i = 0; i < record.fields.size(); ++i)
            if (record.fields[i].size() > max_field)
                throw limit_error(Limit::field_kb,
                                  "value " + std::to_string(i + 1) + " (\"" + excerpt(record.fields[i]) + "\")",
                                  file.string(), record.line);
    };
    check_limits();

    // Not a structured binding: lambdas below use the names, and clang before 16 cannot capture one.
    CsvHeader parsed_header = csv_header(record.fields, options);
    std::vector<std::string>& names = parsed_header.names;
    const bool header = parsed_header.present;
    report.columns = names;

    Columns columns;
    std::vector<bool> taken(names.size(), false);
    const auto take = [&](std::optional<size_t> c) {
        if (c) taken[*c] = true;
        return c;
    };
    // The first rows, read aside, for the columns found by their values.
    std::optional<SampleRows> sample_rows;
    const auto sample = [&]() -> const SampleRows& {
        if (!sample_rows) sample_rows = csv_sample_rows(file, header, 200);
        return *sample_rows;
    };
    const BBox area = expected_area(options);
    const auto given = [](const std::string& option) { return !option.empty() && option != no_column; };
    columns.x = take(named_or_found(options.x_column, FieldRole::longitude, names, taken, file));
    columns.y = take(named_or_found(options.y_column, FieldRole::latitude, names, taken, file));
    if (columns.x && columns.y) {
        report.position_columns.push_back(
            named_choice("longitude", names, parsed_header.unnamed, *columns.x, given(options.x_column)));
        report.position_columns.push_back(
            named_choice("latitude", names, parsed_header.unnamed, *columns.y, given(options.y_column)));
    } else {
        if (columns.x) taken[*columns.x] = false;
        if (columns.y) taken[*columns.y] = false;
        columns.x = columns.y = std::nullopt;
        std::optional<PositionColumns> found;
        // What the options name comes first; then names (WKT, a column of both), then values.
        if (given(options.position_column) && !given(options.wkt_column))
            found = find_pair_column(names, parsed_header.unnamed, sample(), taken, area,
                                     named_or_found(options.position_column, FieldRole::position, names, taken, file));
        if (!found) columns.wkt = take(named_or_found(options.wkt_column, FieldRole::wkt, names, taken, file));
        if (columns.wkt)
            report.position_columns.push_back(
                named_choice("wkt", names, parsed_header.unnamed, *columns.wkt, given(options.wkt_column)));
        if (!found && !columns.wkt && options.position_column != no_column)
            found = find_pair_column(names, parsed_header.unnamed, sample(), taken, area);
        if (!found && !columns.wkt && !given(options.x_column) && !given(options.y_column))
            found = find_position_by_values(names, parsed_header.unnamed, sample(), taken, area);
        if (found) {
            columns.x = take(found->x);
            columns.y = take(found->y);
            columns.pair = take(found->pair);
            columns.pair_lon_first = found->pair_lon_first;
            for (auto& c : found->choices)
                report.position_columns.push_back(std::move(c));
        }
    }
    if (!columns.x && !columns.wkt && !columns.pair)
        throw Error("no coordinate columns among: " + list_names(names) +
                        "; name them lat/lon (širina/dužina, y/x), a column of both (koordinate: \"45.2571, "
                        "19.8465\") or a WKT column, or pass --x COLUMN --y COLUMN",
                    file.string(), 1);
    columns.vendor = take(named_or_found(options.vendor_column, FieldRole::vendor, names, taken, file));
    columns.year = take(named_or_found(options.year_column, FieldRole::year, names, taken, file));
    columns.model = named_or_found(options.model_column, FieldRole::model, names, taken, file);
    const auto used = [&](const char* role, std::optional<size_t> c) {
        if (c) report.columns_used.push_back(std::string(role) + "=" + names[*c]);
    };
    for (size_t i = 0; i < names.size(); ++i)
        if (!taken[i]) report.attribute_columns.push_back(names[i]);
    used("longitude", columns.x);
    used("latitude", columns.y);
    used("wkt", columns.wkt);
    used("position", columns.pair);
    used("vendor", columns.vendor);
    used("year", columns.year);
    used("model", columns.model);

    const PointTransform transform = options.crs.empty() ? PointTransform() : PointTransform(options.crs);
    report.crs = transform.name();

    PointCollector collector(file, options, report, on_batch, names);
    if (!columns.vendor)
        collector.warn({IssueCode::no_vendor_column,
                        0,
                        {},
                        {},
                        columns.model ? "no vendor column: vendors come only from the models that name one"
                                      : "no vendor column: every camera's vendor is unknown",
                        "name the column vendor or proizvođač, or pass --map vendor=COLUMN"});
    if (!columns.year)
        collector.warn({IssueCode::no_year_column,
                        0,
                        {},
                        {},
                        "no year column: no camera has an installation year",
                        "name the column year or godina, or pass --map year=COLUMN"});

    const auto raw = [&record]() { return std::vector<std::string>(record.fields.begin(), record.fields.end()); };
    bool warned_width = false;

    const auto build = [&](double lon, double lat) {
        PointRecord point;
        point.lon = lon;
        point.lat = lat;
        point.source_row = record.line;
        if (columns.vendor && *columns.vendor < record.fields.size())
            collector.set_vendor(point, record.fields[*columns.vendor]);
        if (columns.year && *columns.year < record.fields.size())
            collector.set_year(point, record.fields[*columns.year], names[*columns.year]);
        if (columns.model && *columns.model < record.fields.size())
            collector.set_model(point, record.fields[*columns.model], names[*columns.model]);
        for (size_t i = 0; i < record.fields.size(); ++i) {
            if (i < taken.size() && taken[i]) continue;
            if (record.fields[i].empty()) continue;
            point.attributes.emplace_back(i < names.size() ? names[i] : "column_" + std::to_string(i + 1),
                                          std::string(record.fields[i]));
        }
        return point;
    };

    bool have_row = !header;
    int64_t records = 0;
    while (have_row || reader.next(record)) {
        if (!have_row) check_limits();
        have_row = false;
        if (++records > max_rows)
            throw limit_error(Limit::features, "the number of rows (more than " + std::to_string(max_rows) + ")",
                              file.string(), record.line);
        bool empty = true;
        for (auto f : record.fields)
            if (!trim_field(f).empty()) {
                empty = false;
                break;
            }
        if (empty) continue; // spreadsheets pad their exports with rows of bare delimiters
        if (options.max_rows > 0 && report.rows_read >= options.max_rows) break;
        if (++report.rows_read == 256)
            collector.expect_rows(static_cast<size_t>(static_cast<double>(reader.size()) / reader.position() * 256));
        if (options.progress && report.rows_read % 8192 == 0 &&
            !options.progress(static_cast<double>(reader.position()) / static_cast<double>(reader.size()))) {
            --report.rows_read; // this row stays unread
            report.cancelled = true;
            break;
        }
        if (options.on_row) options.on_row(record.line, {}, names, raw());

        if (record.unterminated_quote) {
            collector.reject({IssueCode::unclosed_quote,
                              record.line,
                              {},
                              {},
                              "a quote opened in this row is never closed, so lines " + std::to_string(record.line) +
                                  " to " + std::to_string(record.last_line) + " were read as one row",
                              "close the quoted value with \" or remove the stray quote"},
                             raw());
            continue;
        }
        // Every row with bytes that are not UTF-8 is named, and kept.
        if (record.recoded)
            collector.warn({IssueCode::not_utf8,
                            record.line,
                            {},
                            {},
                            "a value in this row is not UTF-8 and was read as Windows-1250 or -1251",
                            "check its letters, or save the file as \"CSV UTF-8\""});
        if (record.invalid_utf8)
            collector.warn({IssueCode::invalid_utf8,
                            record.line,
                            {},
                            {},
                            "a value in this row has bytes that are not UTF-8; each was kept as \"\xEF\xBF\xBD\"",
                            "correct the letters shown as \"\xEF\xBF\xBD\", or save the file as \"CSV UTF-8\" again"});
        if (record.fields.size() > names.size() && !warned_width) {
            warned_width = true;
            collector.warn({IssueCode::too_many_values,
                            record.line,
                            {},
                            {},
                            "the row has " + std::to_string(record.fields.size()) + " values but the header " +
                                std::to_string(names.size()) + " columns; the extra values are kept as column_N",
                            "check for an unquoted delimiter inside a value"});
        }

        if (columns.wkt) {
            const std::string_view text =
                *columns.wkt < record.fields.size() ? trim_field(record.fields[*columns.wkt]) : std::string_view();
            const std::string& field = names[*columns.wkt];
            if (text.empty()) {
                collector.reject({IssueCode::position_missing,
                                  record.line,
                                  {},
                                  field,
                                  "the geometry is missing",
                                  "enter the camera's position"},
                                 raw());
                continue;
            }
            OGRGeometry* geometry = nullptr;
            const std::string wkt(text);
            if (OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geometry) != OGRERR_NONE || !geometry) {
                collector.reject({IssueCode::wkt_invalid,
                                  record.line,
                                  {},
                                  field,
                                  "the geometry is not valid WKT",
                                  "write the position as POINT (longitude latitude)"},
                                 raw());
                continue;
            }
            std::unique_ptr<OGRGeometry> owned(geometry);
            std::vector<std::pair<double, double>> positions;
            const auto flat = wkbFlatten(geometry->getGeometryType());
            if (flat == wkbPoint && !geometry->IsEmpty()) {
                positions.emplace_back(geometry->toPoint()->getX(), geometry->toPoint()->getY());
            } else if (flat == wkbMultiPoint && !geometry->IsEmpty()) {
                for (const auto* p : *geometry->toMultiPoint())
                    positions.emplace_back(p->getX(), p->getY());
                if (positions.size() > 1)
                    collector.warn(
                        {IssueCode::multipoint_split,
                         record.line,
                         {},
                         field,
                         "a multipoint of " + std::to_string(positions.size()) + " points became as many points",
                         "check that each point is a separate camera"});
            } else {
                collector.reject(
                    {geometry->IsEmpty() ? IssueCode::geometry_empty : IssueCode::geometry_not_point,
                     record.line,
                     {},
                     field,
                     geometry->IsEmpty()
                         ? std::string("the geometry is empty")
                         : std::string("a ") + OGRGeometryTypeToName(geometry->getGeometryType()) + " is not a point",
                     "cameras are points: give the position as POINT (longitude latitude)"},
                    raw());
                continue;
            }
            // All points of a row enter, or the row is rejected whole.
            std::optional<ImportIssue> issue;
            for (auto& [lon, lat] : positions) {
                if (!transform.apply(lon, lat)) lon = lat = std::numeric_limits<double>::quiet_NaN();
                if ((issue = PointCollector::check_position(lon, lat, !transform.identity()))) break;
            }
            if (issue) {
                issue->row = record.line;
                issue->field = field;
                collector.reject(std::move(*issue), raw());
                continue;
            }
            for (auto [lon, lat] : positions)
                collector.accept(build(lon, lat), raw);
            continue;
        }

        // Where the row's position stands and what it says: one column of both, or two.
        const auto text_of = [&](size_t column) {
            return column < record.fields.size() ? trim_field(record.fields[column]) : std::string_view();
        };
        const auto reject_value = [&](size_t column, std::string_view text, const std::string& problem, bool impossible,
                                      const std::string& fix) {
            collector.reject({impossible ? IssueCode::coordinate_invalid : IssueCode::coordinate_not_number,
                              record.line,
                              {},
                              names[column],
                              "the " + excerpt(names[column]) + " value \"" + excerpt(text) + "\" " + problem,
                              fix},
                             raw());
        };
        double lon = 0, lat = 0;
        std::string problem;
        size_t lat_column = 0, lon_column = 0;
        if (columns.pair) {
            lat_column = lon_column = *columns.pair;
            const std::string_view text = text_of(*columns.pair);
            if (text.empty()) {
                collector.reject({IssueCode::position_missing,
                                  record.line,
                                  {},
                                  names[*columns.pair],
                                  "the position is missing",
                                  "enter the camera's position or delete the row"},
                                 raw());
                continue;
            }
            const auto read = read_coordinate_pair(text);
            if (!read.pair) {
                reject_value(*columns.pair, text, read.problem, read.impossible,
                             PointCollector::coordinate_fix(text, true));
                continue;
            }
            if (!assign_lon_lat((*read.pair)[0], (*read.pair)[1], columns.pair_lon_first, lon, lat, problem)) {
                reject_value(*columns.pair, text, "gives " + problem, true, PointCollector::coordinate_fix(text, true));
                continue;
            }
        } else {
            lat_column = *columns.y;
            lon_column = *columns.x;
            const std::string_view x_text = text_of(*columns.x);
            const std::string_view y_text = text_of(*columns.y);
            if (x_text.empty() || y_text.empty()) {
                const bool both = x_text.empty() && y_text.empty();
                const std::string& field = names[x_text.empty() ? *columns.x : *columns.y];
                collector.reject({IssueCode::position_missing,
                                  record.line,
                                  {},
                                  both ? names[*columns.y] + ", " + names[*columns.x] : field,
                                  both ? "the position is missing" : "the " + excerpt(field) + " value is missing",
                                  "enter the camera's position or delete the row"},
                                 raw());
                continue;
            }
            const auto x = read_coordinate(x_text);
            const auto y = read_coordinate(y_text);
            if (!x.coordinate || !y.coordinate) {
                const auto& bad = !y.coordinate ? y : x;
                const std::string_view text = !y.coordinate ? y_text : x_text;
                reject_value(!y.coordinate ? *columns.y : *columns.x, text, bad.problem, bad.impossible,
                             PointCollector::coordinate_fix(text, false));
                continue;
            }
            // Hemisphere letters say which is which, whatever the columns' names.
            if (!assign_lon_lat(*x.coordinate, *y.coordinate, true, lon, lat, problem)) {
                reject_value(*columns.y, y_text,
                             "and the " + excerpt(names[*columns.x]) + " value \"" + excerpt(x_text) + "\" give " +
                                 problem,
                             true, "give one latitude (N/S) and one longitude (E/W)");
                continue;
            }
        }
        if (!transform.apply(lon, lat)) lon = lat = std::numeric_limits<double>::quiet_NaN();
        if (auto issue = PointCollector::check_position(lon, lat, !transform.identity())) {
            issue->row = record.line;
            if (issue->field == "latitude")
                issue->field = names[lat_column];
            else if (issue->field == "longitude")
                issue->field = names[lon_column];
            collector.reject(std::move(*issue), raw());
            continue;
        }
        collector.accept(build(lon, lat), raw);
    }
    collector.finish();
    if (options.progress && !report.cancelled) options.progress(1.0);
}

} // namespace oko::geo
