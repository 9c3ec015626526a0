#pragma once
// Curation of point layers: the operations that correct, verify, move, add, delete, merge and
// mark distinct camera reports, with a history that can be undone and redone. The interface (Curation) is what
// the command line and the window call; StoreCuration implements it on the project file, and
// another store (PostGIS) could implement it too.
//
// Every operation is one transaction and one change set (one user action): the rows of table
// curation_changes that share its number, one a column of one point changed, with the column's
// old and new value exactly as stored (a year as a number, a position as its geometry), who made
// it and when (UTC). Undo puts the old values of the last change set not undone back; redo the new
// values of the change set undone last. A change set made after an undo ends what can be redone.
//
// Nothing is erased: a deleted report keeps its row with deleted_at set, a merged report keeps
// its row and provenance with merged_into naming the camera it now belongs to (the lowest id of
// the group). Counts, the window and `oko render` see cameras only (curation_sql() in
// store_points.hpp).

#include "geo/base/types.hpp"
#include "geo/map/point_status.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace oko::geo {

class Store;
class Statement;

// FIELD=VALUE pairs: "vendor" (normalised as the importer does, datasets/vendors.csv), "year"
// (a year or a date holding one; empty: unknown) or any attribute the layer's points were
// imported with (empty: the attribute is removed).
using FieldValues = std::vector<std::pair<std::string, std::string>>;

// What one edit changes, for one or many points of a layer.
struct PointEdit {
    FieldValues fields;
    std::optional<PointStatus> status;
    std::optional<std::string> note; // the status note (empty: none)
    std::optional<LonLat> position;  // WGS84
    bool empty() const { return fields.empty() && !status && !note && !position; }
};

// One change as the history lists it. A change to the attributes is listed once per attribute
// that changed, under its name; a position as "lon,lat".
struct CurationChange {
    int64_t change_set = 0;
    std::string layer;
    int64_t point = 0;
    std::string field;
    std::optional<std::string> old_value, new_value; // nothing: none (NULL, or an attribute absent)
    std::string who;
    std::string at;
    bool undone = false;
};

// One report of a camera: the camera's own row or one merged into it.
struct CameraReport {
    int64_t point = 0;
    std::string source_file; // empty for a camera added by hand
    std::string sha256;
    int64_t source_row = 0;
    std::string imported_at;
    std::string added_by, added_at; // for a camera added by hand
    bool merged = false;            // merged into the camera (false for the camera itself)
};

// A report's columns in a query over `points AS p LEFT JOIN point_sources AS s` (a project from
// before curation has no added_by or added_at: select NULL for them), and the report they give,
// read from column `first` on; `merged` is left to the caller. The one reading of a report, for
// camera_reports() and the row reader (store_point_rows.hpp).
constexpr const char* kReportColumns =
    "p.id, s.file_name, s.sha256, p.source_row, s.imported_at, p.added_by, p.added_at";
CameraReport report_at(const Statement& q, int first);
// A report as the user reads it: "cameras.csv row 40", or "added by hand by ana at
// 2026-12-04T10:00:00Z".
std::string report_text(const CameraReport& report);

class Curation {
public:
    virtual ~Curation() = default;
    // Each operation returns the number of the change set it made. Errors (geo::Error) name the
    // option they concern (--layer, --id, --set, --at, ...) and leave the project as it was.
    virtual int64_t edit(const std::string& layer, const std::vector<int64_t>& ids, const PointEdit& edit) = 0;
    // A camera added by hand at `at`, with its status note `note` (empty: none) in the same change
    // set; `id` receives its id.
    virtual int64_t add(const std::string& layer, LonLat at, const FieldValues& fields, int64_t& id,
                        const std::string& note = {}) = 0;
    virtual int64_t remove(const std::string& layer, int64_t id) = 0;
    // The lowest id stays; the others, and the reports merged into them, now belong to it.
    virtual int64_t merge(const std::string& layer, const std::vector<int64_t>& ids) = 0;
    // The user says the duplicates the import flagged among `ids` are distinct cameras: each of
    // them flagged against another of them (points.duplicate_of) is no longer, and
    // flagged_duplicates() lists them apart. Refused (--ids) for fewer than two ids, an id that is
    // not a camera of the layer, and an id flagged against none of the others nor they against it.
    virtual int64_t mark_distinct(const std::string& layer, const std::vector<int64_t>& ids) = 0;
    // A new change set that puts back the values change set `change_set` (any one, not only the
    // last) changed: itself in the history, undone and redone as any other. A camera it added is
    // deleted (as remove() deletes it); a deletion or a merge it made is undone. Refused (field
    // --change), the project as it was, for a change set that does not exist, one undone, and one
    // whose change to a point a later change set not undone has changed again (that point, field
    // and change set named).
    virtual int64_t revert(int64_t change_set) = 0;
    // Change sets in order, every change of each; only those of `layer` when it is given.
    virtual std::vector<CurationChange> history(const std::string& layer = {}) const = 0;
    // The reports of camera `id`: its own first, then those merged into it, by id.
    virtual std::vector<CameraReport> reports(const std::string& layer, int64_t id) const = 0;
    // The change set undone (redone); nothing when there is none to undo (redo).
    virtual std::optional<int64_t> undo() = 0;
    virtual std::optional<int64_t> redo() = 0;
};

class StoreCuration final : public Curation {
public:
    // `who` is recorded with every change; the store must be open for writing.
    StoreCuration(Store& store, std::string who);

    int64_t edit(const std::string& layer, const std::vector<int64_t>& ids, const PointEdit& edit) override;
    int64_t add(const std::string& layer, LonLat at, const FieldValues& fields, int64_t& id,
                const std::string& note = {}) override;
    int64_t remove(const std::string& layer, int64_t id) override;
    int64_t merge(const std::string& layer, const std::vector<int64_t>& ids) override;
    int64_t mark_distinct(const std::string& layer, const std::vector<int64_t>& ids) override;
    int64_t revert(int64_t change_set) override;
    std::vector<CurationChange> history(const std::string& layer = {}) const override;
    std::vector<CameraReport> reports(const std::string& layer, int64_t id) const override;
    std::optional<int64_t> undo() override;
    std::optional<int64_t> redo() override;

private:
    Store& m_store;
    std::string m_who;
};

// The history of a project (StoreCuration::history), read without writing: none in a project
// from before curation; only those of one change set when it is given. Throws geo::Error (field
// --layer) when `layer` is given and not there.
std::vector<CurationChange> curation_history(const Store& store, const std::string& layer = {},
                                             std::optional<int64_t> change_set = std::nullopt);

// The reports of camera `id` of `layer` (StoreCuration::reports), read without writing; for a
// report merged into another, that camera's. Throws geo::Error (--layer, --id) for a layer or id
// the project does not have.
std::vector<CameraReport> camera_reports(const Store& store, const std::string& layer, int64_t id);

// The cameras the import flagged as duplicates of camera `id` (points.duplicate_of), and the one it
// was flagged a duplicate of with that one's other duplicates: what could be merged with it, by
// id, each with its distance in metres as the import measured it. Deleted and merged reports are
// not listed.
std::vector<std::pair<int64_t, double>> flagged_duplicates(const Store& store, int64_t id);

// The groups of flagged duplicates of a point layer, for going through them one by one: each
// group is what flagged_duplicates() gives of any of its points, with that point: the camera the
// others were flagged against (first, distance 0) if it is still a camera, then those flagged
// against it, by id, each with its distance in metres. Groups of fewer than two cameras (the rest
// merged, deleted or marked distinct) are not listed; groups come by their first id. Throws
// geo::Error (--layer) for a layer the project does not have.
struct DuplicateGroup {
    std::vector<std::pair<int64_t, double>> points; // id, metres
    std::vector<std::string> vendors;               // each point's vendor as stored ("" not known)
    // The group's known vendors, each once, in the order of its points: "Hikvision", "Axis / Dahua".
    std::string known_vendors() const;
};
std::vector<DuplicateGroup> flagged_duplicate_groups(const Store& store, const std::string& layer);

// The name changes are recorded under when none is given: $OKO_USER, else the system user.
std::string default_curator();

} // namespace oko::geo
