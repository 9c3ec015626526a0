#pragma once
// Importing a point file into a project: the reader (point_import.hpp) on one thread, the store's
// writer (store_points.hpp) on the caller's, in one transaction; and the import's report for
// people and as JSON.

#include "geo/points/point_import.hpp"
#include "geo/store/store.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace oko::geo {

// A point flagged as a probable repeat of another one: kept, and linked to it.
struct FlaggedDuplicate {
    int64_t row = 0;          // row or feature number in the source file
    int64_t point_id = 0;     // the new point's id in the project
    int64_t duplicate_of = 0; // id of the point it repeats
    double distance_m = 0;
};

struct PointFileImport {
    PointImportReport report;
    std::vector<FlaggedDuplicate> duplicates;
    std::string layer;
    std::string sha256;
    bool already_imported = false; // the same file (by SHA-256) is in this layer: nothing changed
    // Records of another version of a file already in the layer that repeat rows it brought
    // before (ImportedRows): not added again, the rows left as curation made them.
    int64_t kept = 0;
    int64_t kept_curated = 0; // of those, the rows curated (edited, moved, merged or deleted)
    bool dry_run = false;
};

// Reads `input` and adds its points to `layer` of the project at `store_path`, in one
// transaction: an error or a kill leaves the project as it was, and the rejected-rows file too (it
// is replaced only once the rows are committed). A project that does not exist yet is created
// (with the shipped layers), all-or-nothing; should another process create it meanwhile, the file
// is imported into that project instead, as into any existing one. Importing a file already in the
// layer (same SHA-256) changes nothing; another version of it adds only its new rows (`kept`). With dry_run the file is
// read and judged, nothing written (and no sidecar file either).
PointFileImport import_point_file(const std::filesystem::path& input, const std::filesystem::path& store_path,
                                  const std::string& layer, PointImportOptions options, bool dry_run = false,
                                  const std::string& kind = "points");

// The same into an open project, inside the caller's transaction (no dry run). The rejected rows
// are written aside and left pending in the result's report: the caller puts them in place with
// commit_rejected_file() once its transaction has committed.
PointFileImport import_points_into(Store& store, const std::filesystem::path& input, const std::string& layer,
                                   PointImportOptions options, const std::string& kind = "points");

// The report of an import, for people and as JSON (`oko import --json`).
std::string to_text(const PointFileImport& result, const std::filesystem::path& input);
nlohmann::json to_json(const PointFileImport& result, const std::filesystem::path& input);

} // namespace oko::geo
