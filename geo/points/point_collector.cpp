#include "geo/points/point_collector.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "geo/base/error.hpp"
#include "geo/base/limits.hpp"
#include "geo/text/csv_writer.hpp"
#include "geo/text/field_values.hpp"

namespace oko::geo {

namespace {

// Rows held back to find where the data lies before the swap check can judge any of them.
constexpr size_t reference_rows = 1000;
constexpr size_t min_reference_rows = 5;
constexpr double mean_earth_radius_m = 6'371'008.8;

// The squared chord between a position and a unit vector: a cheap monotonic stand-in for the
// distance, which only needs to be compared with a threshold tens of kilometres wide.
double chord2(double lon, double lat, const double (&unit)[3]) {
    const double la = lat * M_PI / 180, lo = lon * M_PI / 180;
    const double x = std::cos(la) * std::cos(lo) - unit[0];
    const double y = std::cos(la) * std::sin(lo) - unit[1];
    const double z = std::sin(la) - unit[2];
    return x * x + y * y + z * z;
}

std::string format_number(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

ImportIssue sidecar_not_written(const std::filesystem::path& path) {
    return {IssueCode::rejected_file_not_written,
            0,
            {},
            {},
            "cannot write the rejected rows to " + path.string(),
            "make the folder writable or choose another file for the rejected rows"};
}

std::filesystem::path sidecar_path_for(const std::filesystem::path& input, const PointImportOptions& options) {
    if (!options.rejected_file.empty()) return options.rejected_file;
    // "cameras.csv" -> "cameras.rejected.csv", and "cameras.shp.zip" -> "cameras.shp.rejected.csv".
    auto path = input;
    return path.replace_filename(input.stem().string() + ".rejected.csv");
}

} // namespace

PointCollector::PointCollector(const std::filesystem::path& input, const PointImportOptions& options,
                               PointImportReport& report, const PointBatchHandler& on_batch,
                               std::vector<std::string> sidecar_columns)
    : m_options(options), m_report(report), m_on_batch(on_batch), m_sidecar_path(sidecar_path_for(input, options)),
      m_sidecar_columns(std::move(sidecar_columns)), m_duplicates(options.duplicate_distance_m),
      m_far(options.map_area, options.far_from_map_distance_m) {
    const auto table = options.vendor_table.empty() ? default_vendor_table_path() : options.vendor_table;
    if (std::filesystem::exists(table)) {
        m_vendors = VendorTable::load(table);
    } else {
        warn({IssueCode::vendor_table_missing,
              0,
              {},
              {},
              "vendor table " + table.string() + " not found: vendor names are kept as written",
              "create it (columns alias,vendor) or pass another table"});
    }
    const auto models = options.model_table.empty() ? default_model_table_path() : options.model_table;
    if (std::filesystem::exists(models)) {
        m_models = ModelTable::load(models);
        m_model_table_name = models.filename().string();
    } else {
        warn({IssueCode::model_table_missing,
              0,
              {},
              {},
              "model table " + models.string() + " not found: camera models name no vendor",
              "create it (columns model,match,vendor,source) or pass another table"});
    }
    for (const auto& p : options.existing_points)
        m_duplicates.insert(p.position.lon, p.position.lat, p.id, true);
    m_batch.reserve(options.batch_size);
}

PointCollector::~PointCollector() {
    // Not finished: the read failed, and its rejected rows go with it (AtomicFile removes its
    // temporary file when it is not committed).
}

std::optional<ImportIssue> PointCollector::check_position(double lon, double lat, bool projected_input) {
    ImportIssue issue;
    if (!std::isfinite(lon) || !std::isfinite(lat)) {
        issue.code = IssueCode::position_not_transformed;
        issue.reason = "the position could not be transformed to WGS84";
        issue.fix = "check the coordinates and the --crs given for them";
        return issue;
    }
    if (lon == 0 && lat == 0) {
        issue.code = IssueCode::position_zero;
        issue.reason = "the position is 0, 0 (an empty cell saved as zero?)";
        issue.fix = "enter the camera's position or delete the row";
        return issue;
    }
    if (std::abs(lat) <= 90 && std::abs(lon) <= 180) return std::nullopt;
    const std::string where = "longitude " + format_number(lon, 6) + ", latitude " + format_number(lat, 6);
    if (!projected_input && (std::abs(lon) > 1000 || std::abs(lat) > 1000)) {
        issue.code = IssueCode::position_not_degrees;
        issue.reason = where + " are not degrees";
        issue.fix =
            "these look like projected metres: import with --crs and their CRS, e.g. --crs EPSG:32634 for UTM zone 34N";
    } else if (std::abs(lat) > 90 && std::abs(lat) <= 180 && std::abs(lon) <= 90) {
        issue.code = IssueCode::latitude_longitude_swapped;
        issue.field = "latitude";
        issue.reason = "latitude " + format_number(lat, 6) + " is out of range [-90, 90]";
        issue.fix = "latitude and longitude look swapped: swap the two values of this row (or the two columns)";
    } else {
        issue.code = IssueCode::position_out_of_range;
        issue.field = std::abs(lat) > 90 ? "latitude" : "longitude";
        issue.reason = where + " is out of range";
        issue.fix = "latitude must lie between -90 and 90 and longitude between -180 and 180; correct the value";
    }
    return issue;
}

std::string PointCollector::coordinate_fix(std::string_view text, bool pair) {
    if (text.find("\xC2\xB0") != std::string_view::npos || text.find('\'') != std::string_view::npos ||
        text.find('"') != std::string_view::npos)
        return std::string("write degrees, minutes and seconds as 45\xC2\xB0") + "15'20.2\"N" +
               (pair ? " 19\xC2\xB0"
                       "50'47\"E"
                     : "") +
               ": minutes and seconds run from 0 to 59, latitudes to 90\xC2\xB0 and longitudes to 180\xC2\xB0";
    if (pair) return "write both coordinates as latitude, longitude, e.g. 45.2571, 19.8465";
    if (text.find(',') != std::string_view::npos && text.find('.') != std::string_view::npos)
        return "use a single decimal mark and no thousands separator (44.8176 or 44,8176)";
    return "enter the coordinate as a decimal number, e.g. 44.8176";
}

void PointCollector::set_vendor(PointRecord& record, std::string_view raw) {
    raw = trim_field(raw);
    record.vendor_raw.assign(raw);
    if (raw.empty()) {
        record.vendor.clear();
        return;
    }
    auto it = m_vendor_cache.find(record.vendor_raw);
    if (it == m_vendor_cache.end()) it = m_vendor_cache.emplace(record.vendor_raw, m_vendors.canonical(raw)).first;
    record.vendor = it->second;
}

void PointCollector::set_year(PointRecord& record, std::string_view raw, std::string_view field) {
    raw = trim_field(raw);
    record.year_raw.assign(raw);
    if (raw.empty()) return;
    record.year = parse_year(raw);
    if (record.year) return;
    if (month_in(raw))
        warn({IssueCode::year_not_understood, record.source_row, record.source_layer, std::string(field),
              "\"" + excerpt(raw) + "\" names a month but no year: the year is unknown; kept as written",
              "add the year with four digits, e.g. \"мај 2020\" or 15.05.2020."});
    else
        warn({IssueCode::year_not_understood, record.source_row, record.source_layer, std::string(field),
              "year \"" + excerpt(raw) + "\" not understood; kept as written",
              "write the year as 2020 or the date as 2020-06-15 or 15.06.2020."});
}

void PointCollector::set_model(PointRecord& record, std::string_view raw, std::string_view field) {
    raw = trim_field(raw);
    if (raw.empty()) return;
    auto it = m_model_cache.find(std::string(raw));
    if (it == m_model_cache.end()) {
        ModelVendor named;
        if (const auto* entry = m_models.find(raw)) {
            named.vendor = entry->vendor;
            named.from_table = true;
        } else {
            // A model that begins with its brand, as Axis and many others print it.
            const auto space = raw.find_first_of(" \t");
            named.vendor = m_vendors.exact(raw.substr(0, space));
        }
        it = m_model_cache.emplace(std::string(raw), std::move(named)).first;
    }
    ModelVendor& named = it->second;
    if (named.vendor.empty()) return;
    if (record.vendor.empty()) {
        record.vendor = named.vendor;
        if (named.counted == SIZE_MAX) {
            named.counted = m_report.vendors_from_models.size();
            m_report.vendors_from_models.push_back({named.vendor, std::string(raw), 0});
        }
        ++m_report.vendors_from_models[named.counted].rows;
    } else if (record.vendor != named.vendor) {
        warn({IssueCode::vendor_model_conflict, record.source_row, record.source_layer, std::string(field),
              "vendor " + excerpt(record.vendor) + ", but model \"" + excerpt(raw) + "\" " +
                  (named.from_table ? "is " + named.vendor + "'s (" + m_model_table_name + ")"
                                    : "begins with " + named.vendor) +
                  "; the vendor is kept",
              "check this camera's vendor and model, and correct the one that is wrong"});
    }
}

void PointCollector::warn(ImportIssue issue) {
    ++m_report.warning_count;
    if (m_report.warnings.size() < m_options.max_listed_issues) m_report.warnings.push_back(std::move(issue));
}

void PointCollector::reject(ImportIssue issue, const std::vector<std::string>& raw) {
    ++m_report.rejected_count;
    if (m_options.write_rejected_file && !m_sidecar_failed) {
        if (!m_sidecar) {
            // Written beside and renamed when the read is through (atomic_file.hpp): a cancelled
            // or failed read leaves no sidecar, and the one of an earlier import stays as it was.
            try {
                m_sidecar = std::make_unique<AtomicFile>(m_sidecar_path);
                std::string header = "\xEF\xBB\xBF"; // so that spreadsheets read it as UTF-8
                for (const auto& c : m_sidecar_columns) {
                    append_csv_field(header, c);
                    header += ',';
                }
                header += "oko_row,oko_reason,oko_fix";
                header += csv_line_end;
                m_sidecar->write(header);
                m_report.rejected_file = m_sidecar_path;
            } catch (const Error&) {
                m_sidecar_failed = true;
                warn(sidecar_not_written(m_sidecar_path));
            }
        }
        if (m_sidecar) {
            std::string line;
            for (size_t i = 0; i < std::max(raw.size(), m_sidecar_columns.size()); ++i) {
                if (i < raw.size()) append_csv_field(line, raw[i]);
                line += ',';
            }
            line += std::to_string(issue.row);
            line += ',';
            append_csv_field(line, issue.reason);
            line += ',';
            append_csv_field(line, issue.fix);
            line += csv_line_end;
            m_sidecar->write(line);
        }
    }
    if (m_report.rejected.size() < m_options.max_listed_issues) m_report.rejected.push_back(std::move(issue));
}

void PointCollector::accept(PointRecord&& record, const RawRow& raw) {
    if (!m_reference_ready) {
        m_held.push_back({std::move(record), raw()});
        if (m_held.size() >= reference_rows) settle_reference();
        return;
    }
    if (auto issue = judge_swap(record))
        reject(std::move(*issue), raw());
    else
        emit(std::move(record));
}

void PointCollector::settle_reference() {
    m_reference_ready = true;
    if (m_held.size() >= min_reference_rows) {
        std::vector<double> lons, lats, distances;
        for (const auto& h : m_held) {
            lons.push_back(h.record.lon);
            lats.push_back(h.record.lat);
        }
        const auto median = [](std::vector<double>& v) {
            std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
            return v[v.size() / 2];
        };
        m_ref_lon = median(lons);
        m_ref_lat = median(lats);
        for (const auto& h : m_held)
            distances.push_back(geodesic_distance_m(h.record.lon, h.record.lat, m_ref_lon, m_ref_lat));
        // Ten times the typical distance from the centre: a city's reports pass, a point on
        // another continent does not.
        m_swap_threshold_m = std::max(m_options.swap_check_min_distance_m, 10 * median(distances));
        const double la = m_ref_lat * M_PI / 180, lo = m_ref_lon * M_PI / 180;
        m_ref_unit[0] = std::cos(la) * std::cos(lo);
        m_ref_unit[1] = std::cos(la) * std::sin(lo);
        m_ref_unit[2] = std::sin(la);
        const double chord = 2 * std::sin(std::min(M_PI / 2, m_swap_threshold_m / (2 * mean_earth_radius_m)));
        m_swap_threshold_chord2 = chord * chord;
        m_have_reference = true;
    }
    auto held = std::move(m_held);
    m_held.clear();
    for (auto& h : held) {
        if (auto issue = judge_swap(h.record))
            reject(std::move(*issue), h.raw);
        else
            emit(std::move(h.record));
    }
}

std::optional<ImportIssue> PointCollector::judge_swap(const PointRecord& record) const {
    if (!m_have_reference || std::abs(record.lon) > 90) return std::nullopt;
    if (chord2(record.lon, record.lat, m_ref_unit) <= m_swap_threshold_chord2 ||
        chord2(record.lat, record.lon, m_ref_unit) > m_swap_threshold_chord2)
        return std::nullopt;
    const double d = geodesic_distance_m(record.lon, record.lat, m_ref_lon, m_ref_lat);
    const double swapped = geodesic_distance_m(record.lat, record.lon, m_ref_lon, m_ref_lat);
    return ImportIssue{IssueCode::far_from_others,
                       record.source_row,
                       record.source_layer,
                       "latitude",
                       "latitude " + format_number(record.lat, 6) + ", longitude " + format_number(record.lon, 6) +
                           " lies " + format_number(d / 1000, 0) + " km from the other rows, but only " +
                           format_number(swapped / 1000, 1) + " km with the two swapped",
                       "latitude and longitude look swapped: swap the two values of this row"};
}

void PointCollector::emit(PointRecord&& record) {
    record.index = m_next_index++;
    m_source_rows.push_back(record.source_row);
    if (auto match = m_duplicates.nearest(record.lon, record.lat)) {
        record.duplicate_of = DuplicateLink{match->existing, match->ref, match->distance_m};
        ++m_report.duplicate_count;
        // Past the listing limit a warning is only counted: skip writing its text.
        if (m_report.warnings.size() >= m_options.max_listed_issues)
            ++m_report.warning_count;
        else
            warn({IssueCode::duplicate,
                  record.source_row,
                  record.source_layer,
                  {},
                  "duplicate: " + format_number(match->distance_m, 1) + " m from " +
                      (match->existing ? "existing point " + std::to_string(match->ref)
                                       : "row " + std::to_string(m_source_rows[static_cast<size_t>(match->ref)])),
                  "kept and linked to it; delete one of the two if they are the same camera"});
    } else {
        m_duplicates.insert(record.lon, record.lat, record.index, false);
    }
    m_far.add(record);
    ++m_report.imported;
    m_batch.push_back(std::move(record));
    if (m_batch.size() >= m_options.batch_size) {
        if (m_on_batch) m_on_batch(m_batch);
        m_batch.clear();
        m_batch.reserve(m_options.batch_size); // the handler may have taken the storage along
    }
}

void PointCollector::expect_rows(size_t rows) {
    // Beyond a few million the estimate is not worth the memory it would claim at once.
    if (m_options.duplicate_distance_m > 0) m_duplicates.reserve(std::min<size_t>(rows + rows / 8, 4'000'000));
}

void PointCollector::finish() {
    if (!m_reference_ready) settle_reference();
    // The far points concern the whole file: the first warning.
    if ((m_report.far_from_map = m_far.result())) {
        ++m_report.warning_count;
        m_report.warnings.insert(m_report.warnings.begin(), far_from_map_warning(*m_report.far_from_map));
    }
    if (!m_batch.empty()) {
        if (m_on_batch) m_on_batch(m_batch);
        m_batch.clear();
    }
    if (!m_sidecar) return;
    auto sidecar = std::move(m_sidecar);
    if (m_report.cancelled) {
        sidecar->discard();
        m_report.rejected_file.clear();
        return;
    }
    try {
        if (!m_options.defer_rejected_file) {
            sidecar->commit();
            return;
        }
        // Written and synced now, so that a full disk shows in this report; renamed once the
        // import has committed (commit_rejected_file).
        sidecar->flush_to_disk();
        m_report.pending_rejected_file = std::shared_ptr<AtomicFile>(sidecar.release());
    } catch (const Error&) {
        m_report.rejected_file.clear();
        warn(sidecar_not_written(m_sidecar_path));
    }
}

void commit_rejected_file(PointImportReport& report) {
    const auto pending = std::move(report.pending_rejected_file);
    if (!pending) return;
    try {
        pending->commit();
    } catch (const Error&) {
        report.rejected_file.clear();
        ++report.warning_count;
        report.warnings.push_back(sidecar_not_written(pending->target()));
    }
}

} // namespace oko::geo
