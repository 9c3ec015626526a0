#include "geo/store/store_points.hpp"

#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/base/utc_time.hpp"
#include "geo/base/utf8.hpp"
#include "geo/store/bulk_insert.hpp"
#include "geo/store/curation.hpp"
#include "geo/store/sqlite_statement.hpp"
#include "geo/store/store_geometry.hpp"
#include "geo/store/store_point_views.hpp"
#include "geo/store/store_rtree.hpp"
#include "geo/text/camera_fields.hpp"
#include "geo/text/json_text.hpp"
#include "geo/text/text_fold.hpp"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

namespace oko::geo {

std::string point_search_text(std::string_view vendor_raw, std::string_view year_raw,
                              const std::vector<std::string_view>& values) {
    std::string s;
    s.append(vendor_raw).append(1, ' ').append(year_raw);
    for (const auto v : values)
        s.append(1, ' ').append(v);
    return fold_for_search(s);
}

namespace {

// A stored POINT, decoded directly: read-only connections have no SpatiaLite functions.
LonLat point_at(sqlite3_stmt* q, int column) {
    GeometryParts g;
    const auto* blob = static_cast<const uint8_t*>(sqlite3_column_blob(q, column));
    if (!blob || !decode_geometry(blob, sqlite3_column_bytes(q, column), g) || g.points.empty()) return {};
    return g.points.front();
}

bool has_table(sqlite3* db, const char* name) {
    Statement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    q.text(1, name);
    return q.step();
}

// The attributes as a JSON object, written as nlohmann::json would (json_text.hpp) without
// building a json value per row.
// Appends `text` as a JSON string; bytes that are not UTF-8 (rare: readers decode legacy code
// pages) become U+FFFD, as nlohmann's replace handler writes them.
void append_json_text(std::string& out, std::string_view text) {
    if (utf8::is_valid(text))
        append_json_string(out, text);
    else
        out += nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string attributes_json(const PointRecord& r) {
    if (r.attributes.empty()) return "{}";
    // A JSON object keeps one value per key: the last one, at the place of the first. Linear in
    // the number of columns (a file may have thousands): a few keys are compared in place, many
    // go through a hash of the keys seen.
    std::vector<std::pair<std::string_view, std::string_view>> kept;
    kept.reserve(r.attributes.size());
    constexpr size_t kFewKeys = 16;
    std::unordered_map<std::string_view, size_t> index;
    if (r.attributes.size() > kFewKeys) index.reserve(r.attributes.size());
    for (const auto& attribute : r.attributes) {
        const std::string_view k = attribute.first, v = attribute.second; // not bindings: a lambda uses k
        if (r.attributes.size() <= kFewKeys) {
            const auto same = std::find_if(kept.begin(), kept.end(), [&](const auto& e) { return e.first == k; });
            if (same == kept.end())
                kept.emplace_back(k, v);
            else
                same->second = v;
            continue;
        }
        const auto [it, added] = index.try_emplace(k, kept.size());
        if (added)
            kept.emplace_back(k, v);
        else
            kept[it->second].second = v;
    }
    std::string out = "{";
    for (const auto& [k, v] : kept) {
        if (out.size() > 1) out += ',';
        append_json_text(out, k);
        out += ':';
        append_json_text(out, v);
    }
    out += '}';
    return out;
}

std::string search_text_of(const PointRecord& r) {
    std::vector<std::string_view> values;
    values.reserve(r.attributes.size());
    for (const auto& attribute : r.attributes)
        values.push_back(attribute.second);
    return point_search_text(r.vendor_raw, r.year_raw, values);
}

// A SpatiaLite POINT BLOB (store_geometry.hpp) written in place: a million rows need no
// allocation for it.
constexpr size_t kPointBlobBytes = 60;
void encode_point_blob(LonLat p, uint8_t (&out)[kPointBlobBytes]) {
    const int32_t srid = 4326, type = 1;
    out[0] = 0x00;
    out[1] = 0x01; // little-endian
    std::memcpy(out + 2, &srid, 4);
    const double box[4] = {p.lon, p.lat, p.lon, p.lat};
    std::memcpy(out + 6, box, sizeof box);
    out[38] = 0x7C;
    std::memcpy(out + 39, &type, 4);
    std::memcpy(out + 43, &p.lon, 8);
    std::memcpy(out + 51, &p.lat, 8);
    out[59] = 0xFE;
}

// The per-row triggers set aside and the R*Tree rebuilt in one bulk load (PointSourceWriter).
class BulkPointInsert {
public:
    explicit BulkPointInsert(Store& store) : m_store(store), m_triggers(store, "points") {
        Statement stored(store.handle(), "SELECT id, geom FROM points");
        while (stored.step())
            add(stored.column_int(0), point_at(stored.get(), 1));
        m_node_size = create_empty_rtree(store.handle(), kIndex, store.path());
    }
    void add(int64_t id, LonLat p) { m_entries.push_back({id, p.lon, p.lat, p.lon, p.lat}); }
    // The packing needs no database: another thread may do it.
    PackedRTree pack() { return pack_rtree(std::move(m_entries), m_node_size); }
    void finish(const PackedRTree& tree) {
        write_rtree(m_store.handle(), kIndex, tree, m_store.path());
        m_triggers.restore();
    }
    void finish() { finish(pack()); }

private:
    static constexpr const char* kIndex = "idx_points_geom";
    Store& m_store;
    TriggersSetAside m_triggers;
    std::vector<RTreeEntry> m_entries;
    size_t m_node_size = 0;
};

// Inserts point records of one source, linking duplicates to the points they repeat.
class PointWriter {
public:
    PointWriter(Store& store, int64_t layer_id, int64_t source_id)
        : m_insert(store.handle(), "INSERT INTO points(id, layer_id, source_id, source_row, source_layer, vendor, "
                                   "vendor_raw, year, year_raw,"
                                   " attributes, search_text, duplicate_of, duplicate_distance_m, geom)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") {
        // Record i of this import becomes point m_first_id + i: a duplicate's link to an
        // earlier record is then known without a lookup table.
        // Past the ids of cameras added by hand and undone too: a redo puts them back.
        Statement last(store.handle(), "SELECT max(coalesce((SELECT max(id) FROM points), 0), coalesce((SELECT "
                                       "max(point_id) FROM curation_changes), 0))");
        last.step();
        m_first_id = last.column_int(0) + 1;
        // Bindings survive a reset: the same for every row, bound once.
        m_insert.integer(2, layer_id);
        m_insert.integer(3, source_id);
    }

    // The id of the point a record repeats (0 when unknown).
    int64_t duplicate_ref(const PointRecord& r) const {
        if (!r.duplicate_of) return 0;
        const auto& d = *r.duplicate_of;
        if (d.existing) return d.ref;
        return d.ref >= 0 && d.ref < r.index ? m_first_id + d.ref : 0;
    }

    // The id a record is stored under.
    int64_t id_of(const PointRecord& r) const { return m_first_id + r.index; }

    // The strings must live until it returns: they are bound without a copy.
    int64_t write(const PointRecord& r, const std::string& attributes, const std::string& search_text) {
        auto& ins = m_insert;
        const int64_t id = id_of(r);
        ins.integer(1, id);
        ins.integer(4, r.source_row);
        if (r.source_layer.empty())
            ins.null(5);
        else
            ins.text_static(5, r.source_layer);
        if (r.vendor.empty())
            ins.null(6);
        else
            ins.text_static(6, r.vendor);
        ins.text_static(7, r.vendor_raw);
        if (r.year)
            ins.integer(8, *r.year);
        else
            ins.null(8);
        ins.text_static(9, r.year_raw);
        ins.text_static(10, attributes);
        ins.text_static(11, search_text);
        if (r.duplicate_of) {
            const int64_t ref = duplicate_ref(r);
            if (ref)
                ins.integer(12, ref);
            else
                ins.null(12);
            ins.real(13, r.duplicate_of->distance_m);
        } else {
            ins.null(12);
            ins.null(13);
        }
        uint8_t blob[kPointBlobBytes];
        encode_point_blob({r.lon, r.lat}, blob);
        sqlite3_bind_blob(ins.get(), 14, blob, static_cast<int>(kPointBlobBytes), SQLITE_STATIC);
        ins.step();
        sqlite3_reset(ins.get());
        return id;
    }

    int64_t write(const PointRecord& r) { return write(r, attributes_json(r), search_text_of(r)); }

private:
    Statement m_insert;
    int64_t m_first_id = 1;
};

int64_t layer_id_of(Store& store, const std::string& layer, const std::string& kind, const std::string& now) {
    {
        Statement q(store.handle(), "SELECT id FROM point_layers WHERE name = ?");
        q.text(1, layer);
        if (q.step()) return q.column_int(0);
    }
    Statement ins(store.handle(), "INSERT INTO point_layers(name, kind, created_at) VALUES (?, ?, ?)");
    ins.text(1, layer);
    ins.text(2, kind);
    ins.text(3, now);
    ins.step();
    return sqlite3_last_insert_rowid(store.handle());
}

int64_t add_source(Store& store, int64_t layer_id, const std::string& file_name, const std::string& sha256,
                   const std::string& now) {
    Statement src(store.handle(),
                  "INSERT INTO point_sources(layer_id, file_name, sha256, imported_at) VALUES (?, ?, ?, ?)");
    src.integer(1, layer_id);
    src.text(2, file_name);
    src.text(3, sha256);
    src.text(4, now);
    src.step();
    return sqlite3_last_insert_rowid(store.handle());
}

} // namespace

void replace_point_layer(Store& store, const std::string& layer, const std::string& kind,
                         const std::string& source_file, const std::string& sha256,
                         const std::vector<PointRecord>& records) {
    ensure_point_tables(store);
    const std::string now = utc_now();
    const int64_t layer_id = layer_id_of(store, layer, kind, now);
    // A record the layer has already, as a file of this name gave it, keeps its row (and id) as
    // curation left it; a row the history names stays too, though the new file no longer has it;
    // every other row goes.
    ImportedRows earlier(store, layer_id, source_file);
    std::unordered_set<int64_t> kept;
    std::unordered_map<int64_t, int64_t> kept_as; // record index -> the row it was kept as
    std::vector<const PointRecord*> fresh;
    for (const auto& r : records) {
        if (const int64_t id = earlier.take(r)) {
            kept.insert(id);
            kept_as.emplace(r.index, id);
        } else {
            fresh.push_back(&r);
        }
    }
    {
        std::vector<int64_t> gone;
        Statement q(store, "SELECT id FROM points WHERE layer_id = ? AND id NOT IN (SELECT point_id FROM "
                           "curation_changes)");
        q.integer(1, layer_id);
        while (q.step())
            if (!kept.count(q.column_int(0))) gone.push_back(q.column_int(0));
        Statement del(store, "DELETE FROM points WHERE id = ?");
        for (const int64_t id : gone) {
            del.integer(1, id);
            del.step();
            del.reset();
        }
    }
    Statement del_sources(store, "DELETE FROM point_sources WHERE layer_id = ?1 AND sha256 <> ?2 AND id NOT IN "
                                 "(SELECT source_id FROM points WHERE layer_id = ?1 AND source_id IS NOT NULL)");
    del_sources.integer(1, layer_id);
    del_sources.text(2, sha256);
    del_sources.step();
    int64_t source_id = 0;
    {
        Statement same(store, "SELECT id FROM point_sources WHERE layer_id = ? AND sha256 = ?");
        same.integer(1, layer_id);
        same.text(2, sha256);
        source_id = same.step() ? same.column_int(0) : add_source(store, layer_id, source_file, sha256, now);
    }
    BulkPointInsert bulk(store);
    PointWriter writer(store, layer_id, source_id);
    AttributeNames names;
    for (const auto& r : records)
        names.add(r);
    for (const PointRecord* r : fresh) {
        PointRecord record = *r;
        // A repeat of a record kept repeats the row it was kept as.
        if (record.duplicate_of && !record.duplicate_of->existing)
            if (const auto k = kept_as.find(record.duplicate_of->ref); k != kept_as.end())
                *record.duplicate_of = DuplicateLink{true, k->second, record.duplicate_of->distance_m};
        bulk.add(writer.write(record), {record.lon, record.lat});
    }
    bulk.finish();
    clear_point_layer_columns(store, layer_id);
    add_point_layer_columns(store, layer_id, names.names());
    write_point_views(store);
}

namespace {

// Curation's columns of `points` (curation.hpp), in the order they came. A project from before
// them gets them through ALTER TABLE, as the template does after creating the table as it was:
// SQLite appends each definition to the table's SQL text, so both end with the same text, and the
// schema check knows the text of each earlier form (earlier_points_table_sql).
constexpr const char* kCurationColumns[][2] = {
    {"status", "status TEXT NOT NULL DEFAULT 'unverified'"},
    {"status_note", "status_note TEXT"},
    {"deleted_at", "deleted_at TEXT"},
    {"merged_into", "merged_into INTEGER"},
    {"added_by", "added_by TEXT"},
    {"added_at", "added_at TEXT"},
};

bool has_column(sqlite3* db, const char* table, const char* column) {
    Statement q(db, std::string("SELECT 1 FROM pragma_table_info(") + "'" + table + "') WHERE name = ?");
    q.text(1, column);
    return q.step();
}

} // namespace

void ensure_point_tables(Store& store) {
    // Each layer's attribute names, for its view (store_point_views.hpp); a project from before
    // the views lacks only this table.
    const char* columns_table =
        "CREATE TABLE point_layer_columns(layer_id INTEGER NOT NULL REFERENCES point_layers(id),"
        " position INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY(layer_id, position))";
    // The history of curation (curation.hpp): one row a field changed, grouped in change sets.
    const char* changes_table =
        "CREATE TABLE curation_changes(id INTEGER PRIMARY KEY, change_set INTEGER NOT NULL,"
        " layer_id INTEGER REFERENCES point_layers(id), point_id INTEGER, field TEXT NOT NULL, old_value,"
        " new_value, who TEXT, at TEXT, undone INTEGER NOT NULL DEFAULT 0);"
        "CREATE INDEX curation_changes_set ON curation_changes(change_set);"
        // What undo and redo look for: the last change set not undone, the first undone.
        "CREATE INDEX curation_changes_undone ON curation_changes(undone, change_set)";
    if (!has_table(store.handle(), "points")) {
        store.exec(
            "CREATE TABLE point_layers(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, "
            "created_at "
            "TEXT);"
            "CREATE TABLE point_sources(id INTEGER PRIMARY KEY, layer_id INTEGER NOT NULL REFERENCES point_layers(id),"
            " file_name TEXT NOT NULL, sha256 TEXT NOT NULL, imported_at TEXT NOT NULL, report TEXT, UNIQUE(layer_id, "
            "sha256));"
            "CREATE TABLE points(id INTEGER PRIMARY KEY, layer_id INTEGER NOT NULL REFERENCES point_layers(id),"
            " source_id INTEGER REFERENCES point_sources(id), source_row INTEGER, source_layer TEXT,"
            " vendor TEXT, vendor_raw TEXT, year INTEGER, year_raw TEXT, attributes TEXT, search_text TEXT,"
            " duplicate_of INTEGER, duplicate_distance_m REAL);"
            "SELECT AddGeometryColumn('points', 'geom', 4326, 'POINT', 'XY');"
            "SELECT CreateSpatialIndex('points', 'geom');"
            "CREATE INDEX points_layer ON points(layer_id);");
    }
    if (!has_table(store.handle(), "point_layer_columns")) store.exec(columns_table);
    for (const auto& [name, definition] : kCurationColumns)
        if (!has_column(store.handle(), "points", name))
            store.exec(std::string("ALTER TABLE points ADD COLUMN ") + definition);
    if (!has_table(store.handle(), "curation_changes")) store.exec(changes_table);
}

bool point_tables_current(const Store& store) {
    if (!has_table(store.handle(), "points")) return true;
    for (const auto& column : kCurationColumns)
        if (!has_column(store.handle(), "points", column[0])) return false;
    return has_table(store.handle(), "point_layer_columns") && has_table(store.handle(), "curation_changes");
}

std::vector<std::string> earlier_points_table_sql(const std::string& current) {
    std::vector<std::string> out;
    std::string sql = current;
    for (size_t i = std::size(kCurationColumns); i-- > 0;) {
        const std::string tail = std::string(", ") + kCurationColumns[i][1] + ")";
        if (sql.size() < tail.size() || sql.compare(sql.size() - tail.size(), tail.size(), tail) != 0) break;
        sql = sql.substr(0, sql.size() - tail.size()) + ")";
        out.push_back(sql);
    }
    return out;
}

CurationSql curation_sql(const Store& store, const std::string& alias) {
    const std::string a = alias.empty() ? "" : alias + ".";
    if (!has_column(store.handle(), "points", "status")) return {"1", "'unverified'"};
    return {"(" + a + "deleted_at IS NULL AND " + a + "merged_into IS NULL)", a + "status"};
}

std::vector<PointLayerSummary> list_point_layers(const Store& store) {
    std::vector<PointLayerSummary> out;
    if (!has_table(store.handle(), "points")) return out;
    // Cameras: a merged group once, a deleted report not at all.
    Statement q(store.handle(),
                "SELECT l.id, l.name, l.kind, (SELECT count(*) FROM points p WHERE p.layer_id = l.id AND " +
                    curation_sql(store, "p").live + ") FROM point_layers l ORDER BY l.id");
    while (q.step())
        out.push_back({q.column_int(0), q.column_text(1), q.column_text(2), q.column_int(3), {}});
    for (auto& l : out) {
        Statement s(store.handle(), "SELECT file_name FROM point_sources WHERE layer_id = ? ORDER BY id");
        s.integer(1, l.id);
        while (s.step())
            l.sources.push_back(s.column_text(0));
    }
    return out;
}

int64_t find_point_layer(const Store& store, const std::string& layer) {
    if (!has_table(store.handle(), "points")) return 0;
    Statement q(store.handle(), "SELECT id FROM point_layers WHERE name = ?");
    q.text(1, layer);
    return q.step() ? q.column_int(0) : 0;
}

bool layer_has_source(const Store& store, int64_t layer_id, const std::string& sha256) {
    Statement q(store.handle(), "SELECT 1 FROM point_sources WHERE layer_id = ? AND sha256 = ?");
    q.integer(1, layer_id);
    q.text(2, sha256);
    return q.step();
}

std::vector<LayerPoint> layer_points(const Store& store, const std::string& layer) {
    std::vector<LayerPoint> out;
    if (!has_table(store.handle(), "points")) return out;
    Statement pts(store.handle(),
                  "SELECT p.id, p.geom FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = ?");
    pts.text(1, layer);
    while (pts.step())
        out.push_back({pts.column_int(0), point_at(pts.get(), 1)});
    return out;
}

namespace {

// What identifies a row of a file: its position as stored, vendor and year as written, attributes.
std::string row_key(const void* geom, size_t geom_bytes, std::string_view vendor_raw, std::string_view year_raw,
                    std::string_view attributes) {
    std::string key(static_cast<const char*>(geom), geom_bytes);
    key.append(1, '\0').append(vendor_raw).append(1, '\0').append(year_raw).append(1, '\0').append(attributes);
    return key;
}

} // namespace

ImportedRows::ImportedRows(const Store& store, int64_t layer_id, const std::string& file_name) {
    if (!has_table(store.handle(), "curation_changes")) return; // read-only, before curation: nothing curated
    // A column's value as imported: the old value of its first change, where it has been changed.
    // Read once, not looked up per row: the history has no index by point.
    constexpr const char* kColumns[] = {"geom", "vendor_raw", "year_raw", "attributes"};
    std::map<std::pair<int64_t, std::string>, std::string> first_old;
    Statement changes(store, "SELECT point_id, field, old_value FROM curation_changes WHERE id IN (SELECT min(id) "
                             "FROM curation_changes WHERE field IN ('geom', 'vendor_raw', 'year_raw', 'attributes') "
                             "GROUP BY point_id, field)");
    const auto bytes_of = [](sqlite3_stmt* st, int column) {
        const auto* b = static_cast<const char*>(sqlite3_column_blob(st, column));
        return b ? std::string(b, static_cast<size_t>(sqlite3_column_bytes(st, column))) : std::string();
    };
    while (changes.step())
        first_old[{changes.column_int(0), changes.column_text(1)}] = bytes_of(changes.get(), 2);
    Statement q(store, "SELECT p.id, p.geom, p.vendor_raw, p.year_raw, p.attributes"
                       " FROM points p JOIN point_sources s ON s.id = p.source_id"
                       " WHERE p.layer_id = ? AND s.file_name = ? ORDER BY p.id DESC");
    q.integer(1, layer_id);
    q.text(2, file_name);
    std::string values[4];
    while (q.step()) {
        const int64_t id = q.column_int(0);
        for (int c = 0; c < 4; ++c) {
            const auto it = first_old.find({id, kColumns[c]});
            values[c] = it != first_old.end() ? it->second : bytes_of(q.get(), c + 1);
        }
        m_ids[row_key(values[0].data(), values[0].size(), values[1], values[2], values[3])].push_back(id);
    }
    Statement curated(store, "SELECT DISTINCT point_id FROM curation_changes WHERE undone = 0");
    while (curated.step())
        m_curated.insert(curated.column_int(0));
}

int64_t ImportedRows::take(const PointRecord& r) {
    if (m_ids.empty()) return 0;
    uint8_t blob[kPointBlobBytes];
    encode_point_blob({r.lon, r.lat}, blob);
    const auto it = m_ids.find(row_key(blob, kPointBlobBytes, r.vendor_raw, r.year_raw, attributes_json(r)));
    if (it == m_ids.end() || it->second.empty()) return 0;
    const int64_t id = it->second.back(); // the lowest id first: rows in file order
    it->second.pop_back();
    return id;
}

struct PointSourceWriter::State {
    State(Store& store, int64_t layer, int64_t source)
        : layer_id(layer), source_id(source), bulk(store), writer(store, layer, source) {}
    int64_t layer_id = 0;
    int64_t source_id = 0;
    BulkPointInsert bulk;
    PointWriter writer;
    AttributeNames columns; // of the records written, for the layer's view
};

PointSourceWriter::PointSourceWriter(Store& store, const std::string& layer, const std::string& kind,
                                     const std::string& file_name, const std::string& sha256)
    : m_store(store) {
    ensure_point_tables(store);
    // A large import touches many R*Tree and table pages: with SQLite's default 2 MB cache they
    // spill into the file mid-transaction, and every spill syncs the journal. A bounded 256 MB
    // cache keeps a million-point import in memory until its one commit. A new project is
    // written without a journal (Store::create_atomically), where a spill is a plain write:
    // there a small cache does as well and the memory stays free.
    bool journalled = true;
    {
        Statement journal(store.handle(), "PRAGMA journal_mode");
        journalled = journal.step() && journal.column_text(0) != "off";
    }
    store.exec(journalled ? "PRAGMA cache_size = -262144" : "PRAGMA cache_size = -32768");
    const std::string now = utc_now();
    const int64_t layer_id = layer_id_of(store, layer, kind, now);
    const int64_t source_id = add_source(store, layer_id, file_name, sha256, now);
    m_state = std::make_unique<State>(store, layer_id, source_id);
}

PointSourceWriter::~PointSourceWriter() = default;

PointSourceWriter::Batch PointSourceWriter::prepare(std::vector<PointRecord>& records) {
    Batch out;
    out.records = std::move(records);
    records.clear();
    out.attributes.reserve(out.records.size());
    out.search_text.reserve(out.records.size());
    AttributeNames names;
    for (const auto& r : out.records) {
        out.attributes.push_back(attributes_json(r));
        out.search_text.push_back(search_text_of(r));
        names.add(r);
    }
    out.attribute_names = names.names();
    return out;
}

int64_t PointSourceWriter::id_of(const PointRecord& r) const { return m_state->writer.id_of(r); }
int64_t PointSourceWriter::duplicate_ref(const PointRecord& r) const { return m_state->writer.duplicate_ref(r); }
void PointSourceWriter::add_to_index(int64_t id, LonLat position) { m_state->bulk.add(id, position); }
PackedRTree PointSourceWriter::pack_index() { return m_state->bulk.pack(); }

int64_t PointSourceWriter::write(const Batch& batch, size_t i) {
    if (i == 0) m_state->columns.add(batch.attribute_names); // a batch's names, once, with its first record
    return m_state->writer.write(batch.records[i], batch.attributes[i], batch.search_text[i]);
}
int64_t PointSourceWriter::write(const PointRecord& r) {
    m_state->columns.add(r);
    return m_state->writer.write(r);
}

void PointSourceWriter::finish(const PackedRTree& index, const std::string& sha256, const std::string& report_json) {
    m_state->bulk.finish(index);
    Statement up(m_store.handle(), "UPDATE point_sources SET report = ?, sha256 = ? WHERE id = ?");
    up.text(1, report_json);
    up.text(2, sha256);
    up.integer(3, m_state->source_id);
    up.step();
    add_point_layer_columns(m_store, m_state->layer_id, m_state->columns.names());
    write_point_views(m_store);
}

namespace {

// The one reader of a point layer's attribute column: for each point of layer `layer_id`, in id
// order (load_point_layer's), `visit(id, value)` with the value of the first of `keys` its
// attributes hold, or null when it holds none of them. Points with `only[i] == 0` (when `only` is
// given) are not parsed and get null. `names`, when given, receives every attribute name of the
// points read, each once, in the order first seen.
template <class Visit>
void read_attribute_column(const Store& store, int64_t layer_id, const std::vector<std::string>& keys,
                           const std::vector<uint8_t>& only, std::vector<std::string>* names, Visit&& visit) {
    Statement q(store.handle(), "SELECT id, attributes FROM points WHERE layer_id = ? AND " +
                                    curation_sql(store, "").live + " ORDER BY id");
    q.integer(1, layer_id);
    std::unordered_set<std::string> seen;
    for (size_t i = 0; q.step(); ++i) {
        const int64_t id = q.column_int(0);
        if (!only.empty() && (i >= only.size() || !only[i])) {
            visit(id, nullptr);
            continue;
        }
        const nlohmann::json attributes = nlohmann::json::parse(q.column_text(1), nullptr, false);
        const nlohmann::json* value = nullptr;
        if (attributes.is_object()) {
            size_t best = keys.size();
            for (auto it = attributes.begin(); it != attributes.end(); ++it) {
                if (names && seen.insert(it.key()).second) names->push_back(it.key());
                const size_t k = static_cast<size_t>(std::find(keys.begin(), keys.end(), it.key()) - keys.begin());
                if (k < best) {
                    best = k;
                    value = &*it;
                }
            }
        }
        visit(id, value);
    }
}

} // namespace

std::vector<std::string> layer_attribute_values(const Store& store, const std::string& layer,
                                                const std::vector<std::string>& keys, std::vector<std::string>* names) {
    std::vector<std::string> out;
    const int64_t layer_id = find_point_layer(store, layer);
    if (layer_id == 0) return out;
    read_attribute_column(store, layer_id, keys, {}, names, [&](int64_t, const nlohmann::json* v) {
        out.push_back(!v ? std::string() : v->is_string() ? v->get<std::string>() : v->dump());
    });
    return out;
}

namespace {

// Reads the cameras of a layer as load_point_layer() holds them, appending each row of `q`
// (id, geom, vendor, year, search_text, status) to `data`; vendors in the order first seen, with
// how many points have each.
class PointRowsReader {
public:
    PointRowsReader(const Store& store, PointLayerData& data) : m_store(store), m_data(data) {}

    void read(Statement& q) {
        auto& data = m_data;
        GeometryParts g;
        while (q.step()) {
            g.points.clear();
            g.parts.clear();
            g.polygons.clear();
            const auto* blob = static_cast<const uint8_t*>(sqlite3_column_blob(q.get(), 1));
            if (!blob || !decode_geometry(blob, sqlite3_column_bytes(q.get(), 1), g) || g.points.size() != 1 ||
                !geometry_problem(g).empty())
                throw Error(damaged_reason("point " + std::to_string(q.column_int(0)) + " of layer '" + data.name +
                                               "' has no position Oko reads",
                                           m_store.path().string()),
                            m_store.path().string());
            data.ids.push_back(q.column_int(0));
            data.positions.push_back(to_mercator(g.points.front()));
            const std::string vendor = q.column_text(2);
            auto [it, added] = m_vendor_ids.emplace(vendor, static_cast<uint16_t>(data.vendors.size()));
            if (added && data.vendors.size() > UINT16_MAX)
                throw Error("layer '" + data.name + "' has more than " + std::to_string(UINT16_MAX) +
                                " different vendors, more than Oko draws",
                            m_store.path().string());
            if (added) {
                data.vendors.push_back(vendor);
                counts.push_back(0);
            }
            ++counts[it->second];
            data.vendor_index.push_back(it->second);
            data.years.push_back(q.column_null(3) ? int16_t{0} : static_cast<int16_t>(q.column_int(3)));
            data.search_text.push_back(q.column_text(4));
            data.statuses.push_back(
                static_cast<uint8_t>(status_from_name(q.column_text(5)).value_or(PointStatus::unverified)));
        }
    }

    std::vector<int64_t> counts; // per vendor

private:
    const Store& m_store;
    PointLayerData& m_data;
    std::unordered_map<std::string, uint16_t> m_vendor_ids;
};

// The columns PointRowsReader reads, of the cameras of layer ?1.
std::string point_rows_sql(const Store& store) {
    const auto curation = curation_sql(store, "");
    return "SELECT id, geom, vendor, year, search_text, " + curation.status + " FROM points WHERE layer_id = ?1 AND " +
           curation.live;
}

// The order load_point_layer() gives a layer's vendors: the most frequent first (they get the
// first, most distinct colours), the unknown vendor last, ties in the order first seen.
std::vector<uint16_t> vendor_order(const std::vector<std::string>& vendors, const std::vector<int64_t>& counts) {
    std::vector<uint16_t> order(vendors.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<uint16_t>(i);
    std::stable_sort(order.begin(), order.end(), [&](uint16_t a, uint16_t b) {
        if (vendors[a].empty() != vendors[b].empty()) return vendors[b].empty(); // unknown last
        return counts[a] > counts[b];
    });
    return order;
}

// A point layer's name and kind, empty of points, and its id; none when the project has no such layer.
std::optional<std::pair<PointLayerData, int64_t>> empty_point_layer(const Store& store, const std::string& layer) {
    if (!has_table(store.handle(), "points")) return std::nullopt;
    Statement l(store.handle(), "SELECT id, kind FROM point_layers WHERE name = ?");
    l.text(1, layer);
    if (!l.step()) return std::nullopt;
    PointLayerData data;
    data.name = layer;
    data.kind = l.column_text(1);
    return std::make_pair(std::move(data), l.column_int(0));
}

} // namespace

std::optional<PointLayerData> load_point_layer(const Store& store, const std::string& layer) {
    auto found = empty_point_layer(store, layer);
    if (!found) return std::nullopt;
    auto& [data, layer_id] = *found;
    // Cameras only: a report deleted or merged into another camera is not drawn nor counted.
    Statement q(store.handle(), point_rows_sql(store) + " ORDER BY id");
    q.integer(1, layer_id);
    PointRowsReader reader(store, data);
    reader.read(q);
    const auto order = vendor_order(data.vendors, reader.counts);
    std::vector<uint16_t> remap(order.size());
    std::vector<std::string> sorted;
    for (size_t i = 0; i < order.size(); ++i) {
        remap[order[i]] = static_cast<uint16_t>(i);
        sorted.push_back(data.vendors[order[i]]);
    }
    data.vendors = std::move(sorted);
    for (auto& v : data.vendor_index)
        v = remap[v];
    return std::move(data);
}

std::optional<PointLayerData> load_layer_points(const Store& store, const std::string& layer,
                                                const std::vector<int64_t>& ids) {
    auto found = empty_point_layer(store, layer);
    if (!found) return std::nullopt;
    auto& [data, layer_id] = *found;
    // The ids as one JSON array: one statement, each id looked up by the primary key.
    std::string list = "[";
    for (const int64_t id : ids)
        list += (list.size() > 1 ? "," : "") + std::to_string(id);
    list += "]";
    Statement q(store.handle(), point_rows_sql(store) + " AND id IN (SELECT value FROM json_each(?2)) ORDER BY id");
    q.integer(1, layer_id);
    q.text(2, list);
    PointRowsReader reader(store, data);
    reader.read(q);
    return std::move(data);
}

std::optional<PointLayerChanges> patch_point_layer(PointLayerData& layer, const std::vector<int64_t>& ids,
                                                   const PointLayerData& points) {
    // Where each id is in the layer, and whether it is a camera in `points` (both by id).
    std::vector<int64_t> asked(ids);
    std::sort(asked.begin(), asked.end());
    asked.erase(std::unique(asked.begin(), asked.end()), asked.end());
    std::vector<uint32_t> at;
    at.reserve(points.ids.size());
    size_t k = 0;
    for (const int64_t id : asked) {
        const auto it = std::lower_bound(layer.ids.begin(), layer.ids.end(), id);
        const bool in_layer = it != layer.ids.end() && *it == id;
        const bool camera = k < points.ids.size() && points.ids[k] == id;
        if (in_layer != camera) return std::nullopt; // a camera added, deleted or merged: the layer is another
        if (!camera) continue;
        at.push_back(static_cast<uint32_t>(it - layer.ids.begin()));
        ++k;
    }
    if (k != points.ids.size()) return std::nullopt; // `points` holds an id not asked for
    // Each point's vendor as an index into the layer's vendors; a vendor the layer has not got
    // would need a place in its order.
    std::vector<uint16_t> vendor_of(points.vendors.size());
    for (size_t v = 0; v < points.vendors.size(); ++v) {
        const auto it = std::find(layer.vendors.begin(), layer.vendors.end(), points.vendors[v]);
        if (it == layer.vendors.end()) return std::nullopt;
        vendor_of[v] = static_cast<uint16_t>(it - layer.vendors.begin());
    }
    bool vendors_changed = false;
    for (size_t j = 0; j < at.size(); ++j)
        vendors_changed |= layer.vendor_index[at[j]] != vendor_of[points.vendor_index[j]];
    if (vendors_changed) {
        // The vendors' order after the change must be the one load_point_layer() would give: by
        // count, ties in the order first seen by id.
        std::vector<int64_t> counts(layer.vendors.size(), 0);
        std::vector<size_t> first(layer.vendors.size(), SIZE_MAX);
        std::vector<uint16_t> after(layer.vendor_index);
        for (size_t j = 0; j < at.size(); ++j)
            after[at[j]] = vendor_of[points.vendor_index[j]];
        for (size_t i = 0; i < after.size(); ++i) {
            if (counts[after[i]]++ == 0) first[after[i]] = i;
        }
        std::vector<uint16_t> seen(layer.vendors.size());
        for (size_t v = 0; v < seen.size(); ++v)
            seen[v] = static_cast<uint16_t>(v);
        if (std::any_of(counts.begin(), counts.end(), [](int64_t c) { return c == 0; }))
            return std::nullopt; // one gone
        std::sort(seen.begin(), seen.end(), [&](uint16_t a, uint16_t b) { return first[a] < first[b]; });
        std::vector<std::string> in_first_order;
        std::vector<int64_t> counts_in_first_order;
        for (const uint16_t v : seen) {
            in_first_order.push_back(layer.vendors[v]);
            counts_in_first_order.push_back(counts[v]);
        }
        const auto order = vendor_order(in_first_order, counts_in_first_order);
        for (size_t i = 0; i < order.size(); ++i)
            if (seen[order[i]] != i) return std::nullopt; // the colours would move to other vendors
    }
    PointLayerChanges out;
    if (layer.statuses.size() < layer.ids.size()) layer.statuses.resize(layer.ids.size(), 0);
    for (size_t j = 0; j < at.size(); ++j) {
        const uint32_t i = at[j];
        const uint16_t vendor = vendor_of[points.vendor_index[j]];
        const bool position = layer.positions[i] != points.positions[j],
                   vendor_changed = layer.vendor_index[i] != vendor, year = layer.years[i] != points.years[j],
                   status = layer.statuses[i] != points.statuses[j],
                   text = layer.search_text[i] != points.search_text[j];
        if (!position && !vendor_changed && !year && !status && !text) continue;
        out.positions |= position;
        out.vendors |= vendor_changed;
        out.years |= year;
        out.statuses |= status;
        out.texts |= text;
        layer.positions[i] = points.positions[j];
        layer.vendor_index[i] = vendor;
        layer.years[i] = points.years[j];
        layer.statuses[i] = points.statuses[j];
        layer.search_text[i] = points.search_text[j];
        out.points.push_back(i);
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> point_details(const Store& store, int64_t point_id) {
    std::vector<std::pair<std::string, std::string>> out;
    const bool curated = has_column(store.handle(), "points", "status");
    Statement q(store.handle(),
                "SELECT p.vendor, p.vendor_raw, p.year, p.year_raw, p.attributes, s.file_name, s.sha256, p.source_row,"
                " p.source_layer, s.imported_at, p.duplicate_of, p.duplicate_distance_m, p.geom, " +
                    std::string(curated ? "p.status, p.status_note, p.added_by, p.added_at, (SELECT count(*) FROM "
                                          "points m WHERE m.merged_into = p.id)"
                                        : "'unverified', NULL, NULL, NULL, 0") +
                    " FROM points p LEFT JOIN point_sources s ON s.id = p.source_id WHERE p.id = ?");
    q.integer(1, point_id);
    if (!q.step()) return out;
    out.emplace_back("vendor", q.column_null(0) ? "unknown" : q.column_text(0));
    if (!q.column_text(1).empty() && q.column_text(1) != q.column_text(0))
        out.emplace_back("vendor as written", q.column_text(1));
    out.emplace_back("year", q.column_null(2) ? "unknown" : q.column_text(2));
    if (!q.column_text(3).empty() && q.column_text(3) != q.column_text(2))
        out.emplace_back("year as written", q.column_text(3));
    out.emplace_back("status", q.column_text(13));
    if (!q.column_null(14)) out.emplace_back("status note", q.column_text(14));
    try {
        const auto attrs = nlohmann::ordered_json::parse(q.column_text(4));
        for (const auto& [k, v] : attrs.items())
            out.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
    } catch (const nlohmann::json::exception&) {
    }
    char position[64];
    const LonLat at = point_at(q.get(), 12);
    std::snprintf(position, sizeof position, "%.7f, %.7f", at.lat, at.lon);
    out.emplace_back("lat, lon", position);
    if (!q.column_null(15)) out.emplace_back("added by", q.column_text(15) + " at " + q.column_text(16));
    if (q.column_int(17) > 0) { // "3: this one, and a.csv row 40; added by hand by ana at ... merged into it"
        Statement merged(store.handle(), std::string("SELECT ") + kReportColumns +
                                             " FROM points p LEFT JOIN point_sources s ON s.id = p.source_id"
                                             " WHERE p.merged_into = ? ORDER BY p.id");
        merged.integer(1, point_id);
        std::string text = std::to_string(q.column_int(17) + 1) + ": this one, and ";
        for (int i = 0; merged.step(); ++i)
            text += (i ? "; " : "") + report_text(report_at(merged, 0));
        out.emplace_back("reports", text + " merged into it");
    }
    if (!q.column_null(5)) { // a camera added by hand has no source
        out.emplace_back("source file", q.column_text(5));
        out.emplace_back("source row",
                         q.column_text(7) + (q.column_text(8).empty() ? "" : " (layer " + q.column_text(8) + ")"));
        out.emplace_back("source SHA-256", q.column_text(6));
        out.emplace_back("imported", q.column_text(9));
    }
    if (!q.column_null(10))
        out.emplace_back("duplicate of", "#" + q.column_text(10) + " (" + q.column_text(11).substr(0, 4) + " m away)");
    return out;
}

std::optional<PointFields> point_fields(const Store& store, int64_t point_id) {
    const bool curated = has_column(store.handle(), "points", "status");
    Statement q(store.handle(), "SELECT p.vendor, p.year, p.attributes, " +
                                    std::string(curated ? "p.status, p.status_note" : "'unverified', NULL") +
                                    " FROM points p WHERE p.id = ?");
    q.integer(1, point_id);
    if (!q.step()) return std::nullopt;
    PointFields out;
    out.fields.emplace_back("vendor", q.column_null(0) ? "" : q.column_text(0));
    out.fields.emplace_back("year", q.column_null(1) ? "" : q.column_text(1));
    try {
        const auto attrs = nlohmann::ordered_json::parse(q.column_text(2));
        for (const auto& [k, v] : attrs.items())
            out.fields.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
    } catch (const nlohmann::json::exception&) {
    }
    // The known camera fields none of its attributes holds, empty, for any camera may have them.
    const size_t attributes = out.fields.size();
    for (const auto& field : camera_fields())
        if (std::none_of(out.fields.begin() + 2, out.fields.begin() + static_cast<long>(attributes),
                         [&](const auto& f) { return holds_field(field, f.first); }))
            out.fields.emplace_back(field.name, "");
    out.status = status_from_name(q.column_text(3)).value_or(PointStatus::unverified);
    out.note = q.column_null(4) ? "" : q.column_text(4);
    return out;
}

namespace {

// A weight as a volunteer's table gives it: a JSON number, or a string that is one number.
std::optional<double> number_of(const nlohmann::json& v) {
    if (v.is_number()) return v.get<double>();
    if (!v.is_string()) return std::nullopt;
    const std::string& s = v.get_ref<const std::string&>();
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a])))
        ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1])))
        --b;
    if (a == b) return std::nullopt;
    const std::string t = s.substr(a, b - a);
    char* end = nullptr;
    const double d = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size()) return std::nullopt;
    return d;
}

} // namespace

PointNumbers point_numbers(const Store& store, const std::string& layer, const std::string& attribute,
                           const std::vector<uint8_t>& only) {
    const std::string file = store.path().string();
    const int64_t layer_id = find_point_layer(store, layer);
    if (layer_id == 0) throw Error("no point layer '" + layer + "' in the project", file);
    PointNumbers out;
    int64_t bad = 0, first_id = 0, seen_attribute = 0;
    std::string first_value;
    size_t i = 0;
    read_attribute_column(store, layer_id, {attribute}, only, nullptr, [&](int64_t id, const nlohmann::json* v) {
        out.ids.push_back(id);
        const bool wanted = only.empty() || (i < only.size() && only[i]);
        ++i;
        if (!wanted) {
            out.values.push_back(std::nan(""));
            return;
        }
        std::optional<double> value;
        std::string shown = "missing";
        if (v) {
            ++seen_attribute;
            value = number_of(*v);
            shown = v->is_string() ? "'" + v->get<std::string>() + "'" : v->dump();
        }
        if (!value || !std::isfinite(*value) || *value < 0) {
            if (bad++ == 0) {
                first_id = id;
                first_value = shown;
            }
            value = std::nan("");
        }
        out.values.push_back(*value);
    });
    if (seen_attribute == 0 && bad > 0) {
        std::vector<std::string> names; // read again, only to say what the layer has
        read_attribute_column(store, layer_id, {}, {}, &names, [](int64_t, const nlohmann::json*) {});
        throw Error("layer '" + layer + "' has no attribute '" + attribute + "'" +
                        (names.empty() ? std::string(" (its points have no attributes)")
                                       : "; its attributes are " + list_names(names)),
                    file, 0, attribute);
    }
    if (bad > 0)
        throw Error("attribute '" + attribute + "' of layer '" + layer +
                        "' must be a number of 0 or more at every point, but point " + std::to_string(first_id) +
                        " has " + first_value +
                        (bad > 1 ? " (and " + std::to_string(bad - 1) + " more points have no such number)" : ""),
                    file, 0, attribute);
    return out;
}

std::vector<std::string> weight_attributes(const Store& store, const std::string& layer) {
    const int64_t layer_id = find_point_layer(store, layer);
    if (layer_id == 0) throw Error("no point layer '" + layer + "' in the project", store.path().string());
    Statement q(store.handle(), "SELECT attributes FROM points WHERE layer_id = ? AND " + curation_sql(store, "").live);
    q.integer(1, layer_id);
    std::vector<std::string> names;                   // in the order first seen
    std::unordered_map<std::string, int64_t> numbers; // points where the attribute is a weight
    int64_t points = 0;
    while (q.step()) {
        ++points;
        const nlohmann::json attrs = nlohmann::json::parse(q.column_text(0), nullptr, false);
        if (!attrs.is_object()) continue;
        for (const auto& item : attrs.items()) {
            auto [it, fresh] = numbers.try_emplace(item.key(), 0);
            if (fresh) names.push_back(item.key());
            // Only attributes that have been a weight at every point so far are worth reading.
            if (it->second != points - 1) continue;
            const auto v = number_of(item.value());
            if (v && std::isfinite(*v) && *v >= 0) ++it->second;
        }
    }
    std::vector<std::string> out;
    for (const auto& name : names)
        if (numbers[name] == points) out.push_back(name);
    return out;
}

} // namespace oko::geo
