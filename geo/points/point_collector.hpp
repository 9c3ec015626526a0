#pragma once
// The stage every point reader feeds: it checks coordinates, normalises vendor and year,
// judges swapped latitude/longitude against the rows around, flags duplicates, writes the
// rejected rows to the sidecar CSV and hands records out in batches. Readers only say what
// they read.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "geo/base/atomic_file.hpp"
#include "geo/points/point_duplicates.hpp"
#include "geo/points/point_import.hpp"
#include "geo/points/point_map_area.hpp"
#include "geo/text/model_table.hpp"
#include "geo/text/vendor_table.hpp"

namespace oko::geo {

class PointCollector {
public:
    // `sidecar_columns` names the raw values each rejected row is written with.
    PointCollector(const std::filesystem::path& input, const PointImportOptions& options, PointImportReport& report,
                   const PointBatchHandler& on_batch, std::vector<std::string> sidecar_columns);
    ~PointCollector();

    // Why the position cannot be used, with a fix, or nothing when it is fine.
    static std::optional<ImportIssue> check_position(double lon, double lat, bool projected_input);

    // What to do about a coordinate that cannot be read, judged by what it looks like; `pair`:
    // the value should hold both coordinates.
    static std::string coordinate_fix(std::string_view text, bool pair = false);

    void set_vendor(PointRecord& record, std::string_view raw);
    void set_year(PointRecord& record, std::string_view raw, std::string_view field);
    // After set_vendor: a model the model table knows, or one that begins with a vendor's name
    // ("AXIS P1448-LE"), names the vendor when the row has none (counted in the report's
    // vendors_from_models); when the row names another vendor, that vendor is kept and the row
    // gets a vendor_model_conflict warning. The model itself stays an attribute.
    void set_model(PointRecord& record, std::string_view raw, std::string_view field);

    // The raw values of the row being read, made only when a row is rejected or held back.
    using RawRow = std::function<std::vector<std::string>()>;

    // A record with a valid position; `raw` is what the sidecar gets should it be rejected later.
    void accept(PointRecord&& record, const RawRow& raw);
    void reject(ImportIssue issue, const std::vector<std::string>& raw);
    void warn(ImportIssue issue);

    // A reader's estimate of how many rows are coming, so the duplicate index grows once.
    void expect_rows(size_t rows);

    // Flushes what is held back for the swap check and the last batch.
    void finish();

private:
    struct Held {
        PointRecord record;
        std::vector<std::string> raw;
    };

    std::optional<ImportIssue> judge_swap(const PointRecord& record) const;
    void emit(PointRecord&& record);
    void settle_reference();

    const PointImportOptions& m_options;
    PointImportReport& m_report;
    const PointBatchHandler& m_on_batch;
    std::filesystem::path m_sidecar_path;
    std::vector<std::string> m_sidecar_columns;
    std::unique_ptr<AtomicFile> m_sidecar; // written beside the target, renamed by finish()
    bool m_sidecar_failed = false;         // it could not be created, and the report says so

    VendorTable m_vendors;
    std::unordered_map<std::string, std::string> m_vendor_cache;
    ModelTable m_models;
    std::string m_model_table_name; // its file name, as warnings cite it
    // By model as written: the vendor it names ("" for none) and its index in vendors_from_models.
    struct ModelVendor {
        std::string vendor;
        bool from_table = false; // or the model begins with the vendor's name
        size_t counted = SIZE_MAX;
    };
    std::unordered_map<std::string, ModelVendor> m_model_cache;
    DuplicateIndex m_duplicates;
    FarFromMapCheck m_far;
    std::vector<PointRecord> m_batch;
    int64_t m_next_index = 0;
    std::vector<int64_t> m_source_rows; // by record index, to name the row a duplicate repeats

    // The swap check's reference: the median position of the first rows and their spread.
    std::vector<Held> m_held;
    bool m_reference_ready = false;
    bool m_have_reference = false;
    double m_ref_lon = 0, m_ref_lat = 0, m_swap_threshold_m = 0;
    double m_ref_unit[3] = {0, 0, 0};
    double m_swap_threshold_chord2 = 0;
};

} // namespace oko::geo
