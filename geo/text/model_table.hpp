#pragma once
// Camera models that name their vendor: a report that says "IPC6625-Z30" but leaves the vendor
// empty still says Huawei. The models come from an editable table (datasets/camera_models.csv,
// columns model,match,vendor,source), like the vendor names (vendor_table.hpp): each row is one
// model (`exact`) or a family of models whose names begin the same way (`prefix`), with the source
// that says so. Model names are compared ignoring case, spaces, dashes and other punctuation
// ("ipc 6625 z30" is IPC6625-Z30); in a pattern, `#` stands for one digit ("SD#" is SD49225, not
// "SD card").

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oko::geo {

class ModelTable {
public:
    enum class Match { exact, prefix };

    struct Entry {
        std::string model; // as the table writes it: "IPC6625-Z30", "DS-2CD"
        Match match = Match::exact;
        std::string vendor; // canonical, as in vendors.csv
        std::string source; // who says this model is this vendor's
        std::string key;    // the model compared: "ipc6625z30", "ds2cd"
    };

    ModelTable() = default;

    // Reads a `model,match,vendor,source` CSV (header required). Throws oko::geo::Error naming the
    // file, line and field of a bad row: an unknown match, an empty vendor or source, a model two
    // rows give to different vendors.
    static ModelTable load(const std::filesystem::path& file);

    // Adds one entry; throws Error when the same model (or family) already has another vendor.
    void add(std::string_view model, Match match, std::string_view vendor, std::string_view source);

    // The entry for what a volunteer wrote in a model column: an exact model first, else the
    // longest family whose pattern begins the model. Nothing for an unknown model.
    const Entry* find(std::string_view model) const;

    const std::vector<Entry>& entries() const { return m_entries; }

    // The comparison key of a model: the text fold (text_fold.hpp), then only letters and digits.
    static std::string key(std::string_view model);

private:
    std::vector<Entry> m_entries;
};

// datasets/camera_models.csv of the datasets folder (geo/base/datasets.hpp).
std::filesystem::path default_model_table_path();

} // namespace oko::geo
