#pragma once
// Point layers in the project file: cameras, smart-city sites, any imported reports. One table
// `points` (SpatiaLite POINT, SRID 4326, spatial index) holds every layer's points with their
// canonical vendor, year, all other attributes (JSON, in file order) and provenance: the source
// file (name and SHA-256, in `point_sources`), the row or feature number and the import time.
// A duplicate keeps its own row and links to the point it repeats. For QGIS and GDAL each layer
// is also a view with its attributes as columns (store_point_views.hpp).

#include "geo/map/point_layer.hpp"
#include "geo/map/point_record.hpp"
#include "geo/map/point_status.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_rtree.hpp"
#include "geo/base/types.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace oko::geo {

struct PointLayerSummary {
    int64_t id = 0;
    std::string name;
    std::string kind;                 // "cameras", "sites" or "points"
    int64_t points = 0;               // cameras: reports deleted or merged into another are not counted
    std::vector<std::string> sources; // file names
};

// Creates the point tables if the project has none yet, and brings those of an older project up
// to date (the columns and history table of curation, curation.hpp).
void ensure_point_tables(Store& store);
// Whether the point tables (if any) are as ensure_point_tables() leaves them; false for a project
// from before curation, which Store::open upgrades when it opens it for writing.
bool point_tables_current(const Store& store);
// The SQL text table `points` had in each earlier form that ensure_point_tables() upgrades, newest
// first, given its `current` text: what the schema check accepts besides the current one.
std::vector<std::string> earlier_points_table_sql(const std::string& current);

// SQL over the points table (under `alias`, e.g. "p") for a point's curation state: `live` holds
// for a camera (a report neither deleted nor merged into another), `status` is its status name.
// In a project from before curation (read without an upgrade) every point is a live,
// unverified camera.
struct CurationSql {
    std::string live;
    std::string status;
};
CurationSql curation_sql(const Store& store, const std::string& alias);

std::vector<PointLayerSummary> list_point_layers(const Store& store);

// Replaces the points of `layer` (created if new) with `records` from one source, inside the
// caller's transaction: how a basemap import refreshes the osm_cameras layer. Curation survives
// it: a record the layer has already, as a file of the same name gave it (ImportedRows), keeps
// its row and id as curated, and a row the history names stays even when the new file lacks it. The records'
// `index` numbers them from 0, as read_points() does. The layers' views follow
// (store_point_views.hpp).
void replace_point_layer(Store& store, const std::string& layer, const std::string& kind,
                         const std::string& source_file, const std::string& sha256,
                         const std::vector<PointRecord>& records);

// The id of `layer`, 0 when the project has no such point layer.
int64_t find_point_layer(const Store& store, const std::string& layer);

// Whether a source file with this SHA-256 is in the layer already.
bool layer_has_source(const Store& store, int64_t layer_id, const std::string& sha256);

// Every point of a layer (none when the project has no point tables or no such layer).
std::vector<LayerPoint> layer_points(const Store& store, const std::string& layer);

// What earlier imports of a file (any version under the same name) put into a layer, row by row,
// as the file had it: position, vendor and year as written, and attributes, before curation
// changed any of them (the history's oldest value). Importing the file again adds only records not
// among these, so corrections, merges and deletions stand. Read from the store once; take()
// touches no database and may run on a reading thread.
class ImportedRows {
public:
    ImportedRows() = default;
    ImportedRows(const Store& store, int64_t layer_id, const std::string& file_name);
    // The id of a stored row the record repeats exactly, taken so that each row matches one record;
    // 0 when there is none.
    int64_t take(const PointRecord& r);
    // Whether the row has been curated (a change not undone: edited, moved, merged or deleted).
    bool curated(int64_t id) const { return m_curated.count(id) > 0; }

private:
    std::unordered_map<std::string, std::vector<int64_t>> m_ids; // key of a row -> ids, last taken first
    std::unordered_set<int64_t> m_curated;
};

// Writes the points of one source file into a layer, as an importer reads them, inside the
// caller's transaction. Constructing it creates the layer when new and records the source;
// write() stores a record; finish() completes the spatial index and the source's report.
//
// SpatiaLite's per-row triggers on `points` (geometry checks, R*Tree upkeep) parse and run SQL
// for every row and cost several times the insert itself. While the source goes in they are set
// aside; finish() then rebuilds the R*Tree in one bulk load (store_rtree.hpp) from the points
// stored before and the boxes of the new ones, and puts the triggers back. A failure before
// finish() rolls back with the caller's transaction.
//
// Threads: prepare(), id_of(), add_to_index() and pack_index() touch no database and may run on
// a reading thread (add_to_index() from one thread only, before pack_index()); write() and
// finish() run on the thread that owns the store.
class PointSourceWriter {
public:
    PointSourceWriter(Store& store, const std::string& layer, const std::string& kind, const std::string& file_name,
                      const std::string& sha256);
    ~PointSourceWriter();
    PointSourceWriter(const PointSourceWriter&) = delete;
    PointSourceWriter& operator=(const PointSourceWriter&) = delete;

    // Records with the text the store keeps for them (attributes as JSON, folded search text).
    struct Batch {
        std::vector<PointRecord> records;
        std::vector<std::string> attributes;
        std::vector<std::string> search_text;
        std::vector<std::string> attribute_names; // every record's, each once, in the order first seen
    };
    // Moves the records out of `records` into the batch.
    static Batch prepare(std::vector<PointRecord>& records);

    // The id record `r` is stored under: records are numbered from the layer's next free id by
    // their `index`, so that a duplicate's link to an earlier record needs no lookup.
    int64_t id_of(const PointRecord& r) const;
    // The id of the point a record repeats (0 when unknown).
    int64_t duplicate_ref(const PointRecord& r) const;

    void add_to_index(int64_t id, LonLat position);
    PackedRTree pack_index();

    // Stores one record of a prepared batch; returns its id.
    int64_t write(const Batch& batch, size_t i);
    int64_t write(const PointRecord& r);

    // Writes the R*Tree, restores the triggers, stores the source's checksum and report, and the
    // layer's new attribute names, and brings the layers' views up to date (store_point_views.hpp).
    void finish(const PackedRTree& index, const std::string& sha256, const std::string& report_json);

private:
    struct State;
    Store& m_store;
    std::unique_ptr<State> m_state;
};

// The folded text the text filter searches (points.search_text): what was written for the vendor
// and the year, and the attributes' values, in order.
std::string point_search_text(std::string_view vendor_raw, std::string_view year_raw,
                              const std::vector<std::string_view>& values);

std::optional<PointLayerData> load_point_layer(const Store& store, const std::string& layer);

// The cameras of `layer` among `ids` (ids of other layers, deleted or merged reports and ids the
// project lacks are left out), read as load_point_layer() reads them, by id: their positions,
// vendors, years, search texts and statuses. `vendors` lists theirs in the order first seen (not by
// frequency; vendor_index points into it). Nothing when the project has no such layer.
std::optional<PointLayerData> load_layer_points(const Store& store, const std::string& layer,
                                                const std::vector<int64_t>& ids);

// Brings `layer` (as load_point_layer() gave it) up to date after a change to the points `ids`,
// given `points`, what load_layer_points() reads of them now: each camera's entries replaced in
// place. Returns what differs, or nothing, leaving `layer` as it was, when the change is more than
// that: a camera added, deleted or merged (the cameras among `ids` are others than the layer's), a
// vendor the layer has not got, or the vendors' counts in another order (load_point_layer() would
// give other indices and colours). The layer is then what load_point_layer() would read.
struct PointLayerChanges {
    std::vector<uint32_t> points; // the indices of the points that differ, in increasing order
    bool positions = false, vendors = false, years = false, texts = false, statuses = false;
};
std::optional<PointLayerChanges> patch_point_layer(PointLayerData& layer, const std::vector<int64_t>& ids,
                                                   const PointLayerData& points);

// Per point of `layer`, in id order (aligned with load_point_layer()'s ids), the value of the first
// of `keys` its attributes hold, as text ("" when it has none of them). `names`, when given,
// receives every attribute name the layer's points have, each once, in the order first seen.
std::vector<std::string> layer_attribute_values(const Store& store, const std::string& layer,
                                                const std::vector<std::string>& keys,
                                                std::vector<std::string>* names = nullptr);
// One attribute of every point of `layer` as numbers, in load_point_layer's order (by id): a
// density's weights. A value is a JSON number or a string holding one ("12", " 2.5 ", "1e3"; the
// decimal point is '.'). Points with `only[i] == 0` (when `only` is given, one flag per point)
// are not read and get NaN. Throws geo::Error, naming the project and the attribute, when the
// layer has no such attribute, and for the first point read whose value is missing, empty, not a
// number, negative or not finite: its id, its value and how many points have such values.
struct PointNumbers {
    std::vector<int64_t> ids;
    std::vector<double> values;
};
PointNumbers point_numbers(const Store& store, const std::string& layer, const std::string& attribute,
                           const std::vector<uint8_t>& only = {});
// The attributes of `layer` that point_numbers() reads at every point without an error (a number
// of 0 or more at each of them): what a density can be weighted by, in the order first seen.
// Throws geo::Error when the project has no such layer.
std::vector<std::string> weight_attributes(const Store& store, const std::string& layer);

// Everything known about one point, for the inspect panel: vendor and year as read and as
// normalised, every attribute, and its provenance (source file, SHA-256, row, import time).
std::vector<std::pair<std::string, std::string>> point_details(const Store& store, int64_t point_id);

// What curation can change of one point, as the window's point inspector edits it: the vendor and
// the year as stored (empty: unknown) and every attribute, in the names Curation::edit takes
// (FieldValues: "vendor", "year", then the attributes in their order, then each known camera field
// (geo/text/camera_fields.hpp) that none of them holds, empty), its status and its status note.
// Nothing when the project has no such point.
struct PointFields {
    std::vector<std::pair<std::string, std::string>> fields;
    PointStatus status = PointStatus::unverified;
    std::string note;
};
std::optional<PointFields> point_fields(const Store& store, int64_t point_id);

} // namespace oko::geo
