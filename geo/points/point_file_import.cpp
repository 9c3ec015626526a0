#include "geo/points/point_file_import.hpp"

#include "geo/base/error.hpp"
#include "geo/base/limits.hpp"
#include "geo/base/sha256.hpp"
#include "geo/points/point_map_area.hpp"
#include "geo/points/shipped_layers.hpp"
#include "geo/store/store_errors.hpp"
#include "geo/store/store_points.hpp"

#include <condition_variable>
#include <deque>
#include <unordered_map>
#include <unordered_set>
#include <exception>
#include <iomanip>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

namespace oko::geo {

namespace {

using Batch = PointSourceWriter::Batch;

// Batches handed from the reading thread to the writing one; bounded, so that a fast reader
// cannot fill the memory with a file the store is still writing.
class BatchQueue {
public:
    explicit BatchQueue(size_t capacity) : m_capacity(capacity) {}

    // Waits for room; false when the writer has stopped and the batch will never be written.
    bool push(Batch&& batch) {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_stopped || m_batches.size() < m_capacity; });
        if (m_stopped) return false;
        m_batches.push_back(std::move(batch));
        m_changed.notify_all();
        return true;
    }
    // The next batch, or nothing once the reader has closed the queue and it is empty.
    std::optional<Batch> pop() {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_closed || !m_batches.empty(); });
        if (m_batches.empty()) return std::nullopt;
        Batch batch = std::move(m_batches.front());
        m_batches.pop_front();
        m_changed.notify_all();
        return batch;
    }
    void close() {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_changed.notify_all();
    }
    void stop() {
        std::lock_guard lock(m_mutex);
        m_stopped = true;
        m_batches.clear();
        m_changed.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Batch> m_batches;
    size_t m_capacity;
    bool m_closed = false;
    bool m_stopped = false;
};

// Thrown through the reader when the writer has given up, to end the reading early.
struct WriterStopped {};

} // namespace

PointFileImport import_points_into(Store& store, const std::filesystem::path& input, const std::string& layer,
                                   PointImportOptions options, const std::string& kind) {
    if (layer.empty()) throw Error("a layer name is needed (--layer NAME)", input.string());
    if (!std::filesystem::exists(input)) throw Error("no such file", input.string());
    options.defer_rejected_file = true; // the caller commits it after the rows (point_file_import.hpp)
    PointFileImport result;
    result.layer = layer;

    const int64_t layer_id = find_point_layer(store, layer);
    // A new layer cannot hold the file already: its checksum is then worked out on the
    // reading thread once the rows are read, while the writing catches up.
    const bool sha_first = layer_id != 0;
    if (sha_first) {
        result.sha256 = sha256_file(input);
        if (layer_has_source(store, layer_id, result.sha256)) {
            result.already_imported = true;
            result.report.format = "unchanged";
            return result;
        }
        options.existing_points = layer_points(store, layer);
    }
    // The rows an earlier version of the file brought are not added again: the layer keeps them
    // as curation left them (ImportedRows).
    ImportedRows earlier = sha_first ? ImportedRows(store, layer_id, input.filename().string()) : ImportedRows();
    std::unordered_map<int64_t, int64_t> kept_as; // record index -> the stored row it repeats
    int64_t kept_duplicates = 0;
    std::unordered_set<int64_t> kept_rows; // rows of records kept that were flagged as repeats

    PointSourceWriter writer(store, layer, kind, input.filename().string(), result.sha256);
    // Reading, checking and preparing the rows runs on its own thread while this one writes
    // them: the two halves cost about the same, and SQLite is used from this thread only. The
    // reading thread, done first, also packs the R*Tree.
    BatchQueue queue(8);
    std::exception_ptr read_error;
    PackedRTree rtree;
    if (!options.map_area) options.map_area = map_area(store);
    std::thread reader([&] {
        try {
            result.report = read_points(input, options, [&](std::vector<PointRecord>& batch) {
                std::erase_if(batch, [&](PointRecord& r) {
                    if (const int64_t id = earlier.take(r)) {
                        kept_as.emplace(r.index, id);
                        ++result.kept;
                        if (earlier.curated(id)) ++result.kept_curated;
                        if (r.duplicate_of) {
                            ++kept_duplicates;
                            kept_rows.insert(r.source_row);
                        }
                        return true;
                    }
                    // A repeat of a record kept repeats the row it was kept as.
                    if (r.duplicate_of && !r.duplicate_of->existing)
                        if (const auto k = kept_as.find(r.duplicate_of->ref); k != kept_as.end())
                            *r.duplicate_of = DuplicateLink{true, k->second, r.duplicate_of->distance_m};
                    return false;
                });
                for (const auto& r : batch)
                    writer.add_to_index(writer.id_of(r), {r.lon, r.lat});
                if (!queue.push(PointSourceWriter::prepare(batch))) throw WriterStopped{};
            });
            queue.close();
            if (!sha_first) result.sha256 = sha256_file(input);
            rtree = writer.pack_index();
        } catch (const WriterStopped&) {
        } catch (...) {
            read_error = std::current_exception();
        }
        queue.close();
    });
    try {
        while (auto batch = queue.pop()) {
            for (size_t i = 0; i < batch->records.size(); ++i) {
                const auto& r = batch->records[i];
                const int64_t point_id = writer.write(*batch, i);
                if (r.duplicate_of)
                    result.duplicates.push_back(
                        {r.source_row, point_id, writer.duplicate_ref(r), r.duplicate_of->distance_m});
            }
        }
    } catch (...) {
        queue.stop();
        reader.join();
        throw;
    }
    reader.join();
    if (read_error) std::rethrow_exception(read_error);
    if (result.report.cancelled) throw Error("the import was cancelled; the project is unchanged", input.string());
    result.report.imported -= result.kept;
    result.report.duplicate_count -= kept_duplicates;
    // A record kept repeats its own row, which is no news: its duplicate warning (one each, listed
    // or only counted) goes.
    std::erase_if(result.report.warnings,
                  [&](const ImportIssue& w) { return w.code == IssueCode::duplicate && kept_rows.count(w.row) > 0; });
    result.report.warning_count -= kept_duplicates;
    const nlohmann::json report = {{"format", result.report.format},
                                   {"rows_read", result.report.rows_read},
                                   {"imported", result.report.imported},
                                   {"rejected", result.report.rejected_count},
                                   {"duplicates", result.report.duplicate_count},
                                   {"warnings", result.report.warning_count},
                                   {"kept", result.kept},
                                   {"kept_curated", result.kept_curated}};
    writer.finish(rtree, result.sha256, report.dump());
    return result;
}

PointFileImport import_point_file(const std::filesystem::path& input, const std::filesystem::path& store_path,
                                  const std::string& layer, PointImportOptions options, bool dry_run,
                                  const std::string& kind) {
    if (layer.empty()) throw Error("a layer name is needed (--layer NAME)", input.string());
    if (!std::filesystem::exists(input)) throw Error("no such file", input.string());
    if (dry_run) {
        // Judge the file as the import would, against the layer's existing points, writing nothing.
        PointFileImport result;
        result.layer = layer;
        result.dry_run = true;
        result.sha256 = sha256_file(input);
        options.write_rejected_file = false;
        if (std::filesystem::exists(store_path)) {
            const auto store = Store::open(store_path);
            options.existing_points = layer_points(store, layer);
            if (const int64_t layer_id = find_point_layer(store, layer))
                result.already_imported = layer_has_source(store, layer_id, result.sha256);
            if (!options.map_area) options.map_area = map_area(store);
        }
        result.report = read_points(input, options, [&](std::vector<PointRecord>& batch) {
            for (const auto& r : batch)
                if (r.duplicate_of)
                    result.duplicates.push_back({r.source_row, 0, r.duplicate_of->existing ? r.duplicate_of->ref : 0,
                                                 r.duplicate_of->distance_m});
        });
        return result;
    }
    PointFileImport result;
    try {
        // A project another process creates meanwhile is not replaced: create_atomically()
        // declines, and the file goes into that project as into any existing one.
        if (!std::filesystem::exists(store_path) && Store::create_atomically(store_path, [&](Store& store) {
                add_shipped_layers(store);
                result = import_points_into(store, input, layer, options, kind);
            })) {
            commit_rejected_file(result.report);
            return result;
        }
        result = {}; // what a declined creation read is dropped, its rejected rows with it
        auto store = Store::open(store_path, true);
        Store::Transaction tx(store);
        result = import_points_into(store, input, layer, options, kind);
        tx.commit();
    } catch (const Error& e) {
        throw import_error_in_users_words(e, store_path);
    }
    commit_rejected_file(result.report);
    return result;
}

namespace {
nlohmann::json issues_json(const std::vector<ImportIssue>& issues) {
    auto arr = nlohmann::json::array();
    for (const auto& i : issues) {
        nlohmann::json j = {{"row", i.row}, {"code", to_string(i.code)}, {"reason", i.reason}};
        if (!i.layer.empty()) j["layer"] = i.layer;
        if (!i.field.empty()) j["field"] = i.field;
        if (!i.fix.empty()) j["fix"] = i.fix;
        arr.push_back(j);
    }
    return arr;
}
} // namespace

nlohmann::json to_json(const PointFileImport& result, const std::filesystem::path& input) {
    const auto& r = result.report;
    nlohmann::json j = {{"file", input.filename().string()},
                        {"sha256", result.sha256},
                        {"layer", result.layer},
                        {"dry_run", result.dry_run},
                        {"already_imported", result.already_imported},
                        {"format", r.format},
                        {"crs", r.crs},
                        {"columns_used", r.columns_used},
                        {"attribute_columns", r.attribute_columns},
                        {"rows_read", r.rows_read},
                        {"imported", result.dry_run || result.already_imported ? 0 : r.imported},
                        {"accepted", r.imported},
                        {"rejected", r.rejected_count},
                        {"duplicates", r.duplicate_count},
                        {"warnings", r.warning_count},
                        {"kept", result.kept},
                        {"kept_curated", result.kept_curated},
                        {"rejected_rows", issues_json(r.rejected)},
                        {"warning_rows", issues_json(r.warnings)}};
    auto position = nlohmann::json::array();
    for (const auto& c : r.position_columns) {
        nlohmann::json pc = {{"role", c.role},       {"column", c.column},     {"number", c.number},
                             {"unnamed", c.unnamed}, {"found_by", c.found_by}, {"why", c.why},
                             {"text", describe(c)}};
        if (!c.order.empty()) pc["order"] = c.order;
        position.push_back(pc);
    }
    j["position_columns"] = position;
    if (!r.encoding.empty()) j["encoding"] = r.encoding;
    if (r.delimiter) j["delimiter"] = std::string(1, r.delimiter);
    if (!r.rejected_file.empty()) j["rejected_file"] = r.rejected_file.string();
    auto dups = nlohmann::json::array();
    for (const auto& d : result.duplicates)
        dups.push_back(
            {{"row", d.row}, {"point_id", d.point_id}, {"duplicate_of", d.duplicate_of}, {"distance_m", d.distance_m}});
    j["duplicate_rows"] = dups;
    auto from_models = nlohmann::json::array();
    for (const auto& v : r.vendors_from_models)
        from_models.push_back({{"vendor", v.vendor}, {"model", v.model}, {"rows", v.rows}});
    j["vendors_from_models"] = from_models;
    if (const auto& far = r.far_from_map)
        j["far_from_map"] = {{"points", far->points},
                             {"min_km", far->min_m / 1000},
                             {"max_km", far->max_m / 1000},
                             {"first_row", far->first_row},
                             {"map_area", far->area_name},
                             {"map_bbox", {far->area.min_x, far->area.min_y, far->area.max_x, far->area.max_y}}};
    return j;
}

std::string to_text(const PointFileImport& result, const std::filesystem::path& input) {
    const auto& r = result.report;
    std::ostringstream out;
    if (result.already_imported) {
        out << input.string() << " is already in layer '" << result.layer << "' (same SHA-256): nothing changed\n";
        return out.str();
    }
    out << (result.dry_run ? "Dry run (nothing written): " : "Imported ") << input.string() << " into layer '"
        << result.layer << "'\n";
    out << "  format " << r.format;
    if (!r.encoding.empty()) out << ", " << r.encoding;
    if (r.delimiter)
        out << ", delimiter '" << (r.delimiter == '\t' ? std::string("\\t") : std::string(1, r.delimiter)) << "'";
    out << ", CRS " << r.crs << "\n";
    if (!r.columns_used.empty()) {
        out << "  columns:";
        for (const auto& c : r.columns_used)
            out << " " << c;
        out << "\n";
    }
    for (const auto& c : r.position_columns)
        out << "  " << describe(c) << "\n";
    out << "  rows read " << r.rows_read << ", " << (result.dry_run ? "would import " : "imported ") << r.imported
        << ", rejected " << r.rejected_count << ", duplicates " << r.duplicate_count << ", warnings " << r.warning_count
        << "\n";
    if (result.kept > 0)
        out << "  kept " << result.kept << (result.kept == 1 ? " row" : " rows")
            << " already in the layer from an earlier import of " << input.filename().string() << ", as they are"
            << (result.kept_curated > 0
                    ? " (" + std::to_string(result.kept_curated) + " of them curated: edited, moved, merged or deleted)"
                    : std::string())
            << "\n";
    const size_t shown = 20;
    for (size_t i = 0; i < r.vendors_from_models.size() && i < shown; ++i) {
        const auto& v = r.vendors_from_models[i];
        out << "  vendor " << v.vendor << " from model " << v.model << " in " << v.rows
            << (v.rows == 1 ? " row" : " rows") << "\n";
    }
    if (r.vendors_from_models.size() > shown)
        out << "  ... " << r.vendors_from_models.size() - shown << " more models that named a vendor (see --json)\n";
    for (size_t i = 0; i < r.rejected.size() && i < shown; ++i) {
        const auto& e = r.rejected[i];
        out << "  rejected row " << e.row << (e.field.empty() ? "" : " (" + excerpt(e.field) + ")") << ": " << e.reason;
        if (!e.fix.empty()) out << " (" << e.fix << ")";
        out << "\n";
    }
    if (r.rejected.size() > shown) out << "  ... " << r.rejected.size() - shown << " more rejected rows (see --json)\n";
    for (size_t i = 0; i < result.duplicates.size() && i < shown; ++i) {
        const auto& d = result.duplicates[i];
        out << "  duplicate row " << d.row << ": " << std::fixed << std::setprecision(1) << d.distance_m
            << " m from point #" << d.duplicate_of << "\n";
    }
    if (result.duplicates.size() > shown)
        out << "  ... " << result.duplicates.size() - shown << " more duplicates (see --json)\n";
    for (size_t i = 0; i < r.warnings.size() && i < shown; ++i) {
        // Row 0 is the whole file (no vendor column, points far from the map).
        if (r.warnings[i].row == 0)
            out << "  warning: " << r.warnings[i].reason << "\n";
        else
            out << "  warning row " << r.warnings[i].row << ": " << r.warnings[i].reason << "\n";
    }
    if (!r.rejected_file.empty()) out << "  rejected rows saved to " << r.rejected_file.string() << "\n";
    return out.str();
}

} // namespace oko::geo
