#include "geo/store/store.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <random>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>
#include <mutex>

#include "geo/base/atomic_file.hpp"
#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/store/bulk_insert.hpp"
#include "geo/store/store_addresses.hpp"
#include "geo/store/sqlite_statement.hpp"
#include "geo/store/store_geometry.hpp"
#include "geo/store/store_point_views.hpp"
#include "geo/store/store_points.hpp"
#include "geo/store/store_rtree.hpp"
#include "geo/store/store_schema.hpp"
#include "geo/text/json_text.hpp"

namespace oko::geo {

namespace {

struct TableSpec {
    const char* name;
    const char* geometry_type;
    GeomKind kind;
};

constexpr TableSpec kTables[] = {
    {"basemap_areas", "MULTIPOLYGON", GeomKind::Area},
    {"basemap_lines", "MULTILINESTRING", GeomKind::Line},
    {"basemap_points", "POINT", GeomKind::Point},
};

const TableSpec& table_for(GeomKind kind) {
    for (const auto& t : kTables)
        if (t.kind == kind) return t;
    return kTables[0];
}

[[noreturn]] void fail(sqlite3* db, const std::filesystem::path& file, const std::string& what) {
    if (db && is_damage_code(sqlite3_extended_errcode(db)))
        throw Error(damaged_reason(sqlite3_errmsg(db), file.string()), file.string());
    throw Error(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"), file.string());
}

// SQLite counts every allocation under a global mutex for sqlite3_memory_used(), which Oko
// never asks for; a million-row import makes tens of millions of allocations. This only works
// before SQLite is first used in the process, and is harmlessly refused after.
void configure_sqlite() {
    static std::once_flag once;
    std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

// SpatiaLite is loaded through the C API only: SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION enables
// sqlite3_load_extension() but not the SQL function load_extension(), and it is switched off again
// once SpatiaLite is in, so no SQL, wherever it comes from, can load a library.
void load_spatialite(sqlite3* db, const std::filesystem::path& file) {
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 1, nullptr);
    char* err = nullptr;
    const int rc = sqlite3_load_extension(db, "mod_spatialite", nullptr, &err);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        throw Error("cannot load SpatiaLite (mod_spatialite): " + msg, file.string());
    }
}

// Guards for a file from elsewhere. DEFENSIVE turns off what lets SQL corrupt a file on purpose
// (writable_schema, journal_mode=OFF, writes to shadow tables; store_rtree.cpp lifts the last
// around its own bulk load). A connection that only reads also runs no function in the schema
// that SQLite does not know to be harmless (TRUSTED_SCHEMA off); one that writes cannot: SpatiaLite's
// triggers call its functions and its R*Tree, which are not marked so.
void guard_connection(sqlite3* db, bool writes) {
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    if (!writes) sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
}

bool has_table(sqlite3* db, const std::filesystem::path& file, const char* name) {
    Statement s(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", file.string());
    sqlite3_bind_text(s.get(), 1, name, -1, SQLITE_STATIC);
    return s.step();
}

std::string refusal(const std::vector<SchemaFinding>& findings, const std::filesystem::path& file) {
    std::vector<std::string> names;
    for (const auto& f : findings)
        if (refuses_open(f)) names.push_back(describe(f));
    if (names.empty()) return {};
    return "the project file holds SQL that Oko did not write, which could run when Oko reads or writes it: " +
           list_names(names, 160) + ". Oko does not open it; oko repair --store " + file.string() +
           " removes what Oko did not create and writes Oko's own triggers again";
}

// SpatiaLite's management functions report failure by returning 0, not by an SQL error.
void spatialite_call(sqlite3* db, const std::filesystem::path& file, const std::string& sql) {
    Statement s(db, sql, file.string());
    if (sqlite3_step(s.get()) != SQLITE_ROW || sqlite3_column_int(s.get(), 0) != 1)
        throw Error("SpatiaLite could not set up the project (" + sql + ")", file.string());
}

bool geometry_registered(sqlite3* db, const std::filesystem::path& file, const std::string& table) {
    Statement s(db, "SELECT count(*) FROM geometry_columns WHERE f_table_name = ?", file.string());
    sqlite3_bind_text(s.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
    return sqlite3_step(s.get()) == SQLITE_ROW && sqlite3_column_int(s.get(), 0) > 0;
}

void register_geometry(sqlite3* db, const std::filesystem::path& file, const TableSpec& t) {
    // The names are Oko's constants, written as SQL strings.
    spatialite_call(db, file,
                    std::string("SELECT RecoverGeometryColumn('") + t.name + "', 'geom', 4326, '" + t.geometry_type +
                        "', 'XY')");
    spatialite_call(db, file, std::string("SELECT CreateSpatialIndex('") + t.name + "', 'geom')");
}

std::string column_text(sqlite3_stmt* s, int col) {
    const auto* t = sqlite3_column_text(s, col);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(s, col)))
             : std::string();
}

// A stored feature that Oko would never write is refused, naming the file and the feature.
[[noreturn]] void bad_feature(const std::filesystem::path& file, const char* table, char osm_type, int64_t osm_id,
                              const std::string& why) {
    throw Error(
        damaged_reason(std::string("feature ") + osm_type + std::to_string(osm_id) + " in " + table + ": " + why,
                       file.string()),
        file.string());
}

void read_geometry(sqlite3_stmt* s, int col, const std::filesystem::path& file, const char* table, char osm_type,
                   int64_t osm_id, GeometryParts& g) {
    const auto* blob = static_cast<const uint8_t*>(sqlite3_column_blob(s, col));
    if (!blob || !decode_geometry(blob, static_cast<size_t>(sqlite3_column_bytes(s, col)), g))
        bad_feature(file, table, osm_type, osm_id, "its geometry is not a SpatiaLite geometry Oko reads");
    if (const auto why = geometry_problem(g); !why.empty()) bad_feature(file, table, osm_type, osm_id, why);
}

void read_feature_triangles(sqlite3_stmt* s, int col, size_t point_count, const std::filesystem::path& file,
                            const char* table, char osm_type, int64_t osm_id, std::vector<uint32_t>& out) {
    const auto why = read_triangles(sqlite3_column_blob(s, col), static_cast<size_t>(sqlite3_column_bytes(s, col)),
                                    point_count, out);
    if (!why.empty()) bad_feature(file, table, osm_type, osm_id, why);
}

// A line's tunnel, bridge and layer from its stored tags: read at load rather than stored in a
// column of their own, so projects imported before they were drawn show them too, and the schema
// stays as it was. Tags that are not a flat object of strings leave the line on the ground.
LineLevel level_from_tags(sqlite3_stmt* s, int column) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
    if (!text) return {};
    const std::string_view tags{text, static_cast<size_t>(sqlite3_column_bytes(s, column))};
    std::string tunnel, bridge, layer, covered;
    bool any = false;
    for_each_json_string_member(tags, [&](std::string_view key, std::string_view value) {
        std::string* slot = key == "tunnel"    ? &tunnel
                            : key == "bridge"  ? &bridge
                            : key == "layer"   ? &layer
                            : key == "covered" ? &covered
                                               : nullptr;
        if (!slot) return;
        slot->assign(value);
        any = true;
    });
    if (!any) return {};
    auto arg = [](const std::string& v) { return v.empty() ? nullptr : v.c_str(); };
    return line_level(arg(tunnel), arg(bridge), arg(layer), arg(covered));
}

} // namespace

bool Store::create_atomically(const std::filesystem::path& path, const std::function<void(Store&)>& fill) {
    remove_stale_temporaries(path); // what killed imports into this project left beside it
    if (std::filesystem::exists(path)) return false;
    const auto tmp = unique_temporary_path(path);
    const auto discard = [&] {
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        std::filesystem::remove(tmp.string() + "-journal", ec);
    };
    try {
        Store store = Store::create(tmp);
        // The file is private until the rename: a crash leaves only the temporary file, which
        // is never opened, so building it needs no journal and no syncs.
        store.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
        {
            Transaction tx(store); // one commit, not one per row
            fill(store);
            tx.commit();
        }
        store.exec("PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL;");
        store.close();
        // Never over a project another process has made meanwhile: a rename would replace it and
        // lose what that process imported.
        if (!rename_no_replace(tmp, path)) {
            discard();
            return false;
        }
        return true;
    } catch (const Error& e) {
        discard();
        throw naming_target(e, tmp, path);
    } catch (const std::exception& e) {
        discard();
        throw Error(naming_target(std::string("cannot write the project: ") + e.what(), tmp, path), path.string());
    }
}

Store Store::create_in_memory() {
    configure_sqlite();
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
        sqlite3_close(db);
        throw Error("cannot create a project in memory");
    }
    Store store(db, "(in memory)");
    store.init_schema();
    return store;
}

Store Store::create(const std::filesystem::path& path) {
    if (std::filesystem::exists(path)) throw Error("the project file already exists", path.string());
    configure_sqlite();
    sqlite3* db = nullptr;
    // A Store is used by one thread at a time: without the connection's own mutex, each SQLite
    // call saves a lock and an unlock, which cost as much as a bind once a second thread runs.
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
        const std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        throw Error("cannot create the project file: " + msg, path.string());
    }
    Store store(db, path);
    try {
        store.init_schema();
    } catch (...) {
        store.close();
        std::error_code ec;
        std::filesystem::remove(path, ec);
        throw;
    }
    return store;
}

void Store::init_schema() {
    sqlite3* db = m_db;
    const auto& path = m_path;
    Store& store = *this;
    load_spatialite(db, path);
    // The file is new and private until the caller renames it into place, so a crash can at
    // worst leave a broken temporary file: no journal is needed while it is being built.
    store.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
    // Metadata without the full EPSG table: filling all of it costs about a second and a
    // basemap needs only WGS84. InitSpatialMetadata(1, ...) runs its own transaction.
    spatialite_call(db, path, "SELECT InitSpatialMetadata(1, 'NONE')");
    spatialite_call(db, path, "SELECT InsertEpsgSrid(4326)");
    Transaction tx(store);
    store.exec(
        "CREATE TABLE oko_meta(key TEXT PRIMARY KEY, value TEXT);"
        "CREATE TABLE import_runs(id INTEGER PRIMARY KEY, source TEXT, sha256 TEXT, started_at TEXT, report TEXT);");
    for (const auto& t : kTables) {
        std::string sql = std::string("CREATE TABLE ") + t.name +
                          "(id INTEGER PRIMARY KEY, class TEXT NOT NULL, layer TEXT NOT NULL, osm_type TEXT, "
                          "osm_id INTEGER, name TEXT, name_latin TEXT, admin_level INTEGER, tags TEXT" +
                          (t.kind == GeomKind::Area ? ", triangles BLOB" : "");
        sql += ", geom BLOB);";
        store.exec(sql);
        register_geometry(db, path, t);
    }
    ensure_address_table(store);
    store.set_meta("format", "oko");
    store.set_meta("format_version", std::to_string(kFormatVersion));
    tx.commit();
    store.exec("PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL;");
}

Store Store::open_connection(const std::filesystem::path& path, bool writable) {
    if (!std::filesystem::exists(path)) throw Error("no such project file", path.string());
    configure_sqlite();
    sqlite3* db = nullptr;
    // A journal left by an import that was killed must be rolled back before anyone reads, and
    // SQLite can only do that through a connection that may write.
    auto journal = path;
    journal += "-journal";
    const bool hot_journal = std::filesystem::exists(journal);
    const int flags = (writable || hot_journal ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        const std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
        const bool damaged = db && is_damage_code(sqlite3_extended_errcode(db));
        sqlite3_close(db);
        throw Error(damaged ? damaged_reason(msg, path.string()) : "cannot open the project file: " + msg,
                    path.string());
    }
    guard_connection(db, writable);
    // Another connection may be writing (an import, the window saving its scene): wait for it
    // rather than fail with "database is locked".
    sqlite3_busy_timeout(db, 5000);
    Store store(db, path);
    // Whether it is an Oko project at all: SQLite reads the header and schema here, so a file
    // that is not a database, or a damaged one, fails on this first statement.
    if (!has_table(db, path, "oko_meta"))
        throw Error("not an Oko project file (it has no Oko metadata)", path.string());
    const auto format = store.meta("format");
    const auto version = store.meta("format_version");
    if (!version || (format && *format != "oko"))
        throw Error("not an Oko project file (no Oko format version)", path.string());
    int number = 0;
    const auto* end = version->data() + version->size();
    const auto parsed = std::from_chars(version->data(), end, number);
    if (parsed.ec != std::errc() || parsed.ptr != end || number < 1)
        throw Error(damaged_reason("its format version '" + version->substr(0, 20) + "' is not a number Oko wrote",
                                   path.string()),
                    path.string());
    if (number > kFormatVersion)
        throw Error("the project file was written by a newer Oko (format " + *version + ")", path.string());
    return store;
}

Store Store::open_unchecked(const std::filesystem::path& path, bool writable) {
    Store store = open_connection(path, writable);
    if (writable) load_spatialite(store.m_db, path);
    return store;
}

Store Store::open(const std::filesystem::path& path, bool writable) {
    Store store = open_connection(path, writable);
    // Nothing is written into a damaged file. The quick check reads every page (about 25 ms for
    // central Novi Sad, a third to a half of its reopen), so a read-only open leaves it to
    // SQLite, which reports the damaged pages it reads, and to the checks of every stored
    // geometry on load.
    if (writable) {
        const auto problems = store.integrity_problems(false);
        if (!problems.empty()) throw Error(damaged_reason(problems.front(), path.string()), path.string());
    }
    if (const auto why = refusal(check_schema(store.m_db, path.string()), path); !why.empty())
        throw Error(why, path.string());
    // Reading needs no SpatiaLite functions; writing does, through the geometry triggers. It is
    // loaded only once the schema is known to be Oko's.
    if (writable) {
        load_spatialite(store.m_db, path);
        // A project from before curation gets its columns and history table, and views that show
        // the status, before anything else writes into it.
        if (!point_tables_current(store)) {
            Transaction tx(store);
            ensure_point_tables(store);
            write_point_views(store);
            tx.commit();
        }
    }
    return store;
}

std::vector<std::string> Store::integrity_problems(bool full) const {
    std::vector<std::string> out;
    Statement s(m_db, full ? "PRAGMA integrity_check" : "PRAGMA quick_check", m_path.string());
    while (s.step()) {
        const auto line = s.column_text(0);
        if (line != "ok") out.push_back(line);
    }
    return out;
}

int64_t Store::data_version() const {
    Statement s(m_db, "PRAGMA data_version", m_path.string());
    return s.step() ? s.column_int(0) : 0;
}

Store::Store(Store&& other) noexcept : m_db(other.m_db), m_path(std::move(other.m_path)) { other.m_db = nullptr; }

Store& Store::operator=(Store&& other) noexcept {
    if (this != &other) {
        close();
        m_db = other.m_db;
        m_path = std::move(other.m_path);
        other.m_db = nullptr;
    }
    return *this;
}

Store::~Store() { close(); }

void Store::close() {
    if (m_db) sqlite3_close_v2(m_db);
    m_db = nullptr;
}

void Store::exec(const std::string& sql) const {
    char* err = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errmsg(m_db);
        sqlite3_free(err);
        if (is_damage_code(sqlite3_extended_errcode(m_db)))
            throw Error(damaged_reason(msg, m_path.string()), m_path.string());
        throw Error("database error: " + msg, m_path.string());
    }
}

std::optional<std::string> Store::meta(const std::string& key) const {
    Statement s(m_db, "SELECT value FROM oko_meta WHERE key = ?", m_path);
    sqlite3_bind_text(s.get(), 1, key.c_str(), -1, SQLITE_TRANSIENT);
    if (s.step()) return column_text(s.get(), 0);
    return std::nullopt;
}

void Store::set_meta(const std::string& key, const std::string& value) {
    Statement s(m_db, "INSERT OR REPLACE INTO oko_meta(key, value) VALUES (?, ?)", m_path);
    sqlite3_bind_text(s.get(), 1, key.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s.get(), 2, value.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s.get()) != SQLITE_DONE) fail(m_db, m_path, "cannot write project metadata");
}

int64_t Store::add_import_run(const std::string& source, const std::string& sha256, const std::string& started_at,
                              const std::string& report_json) {
    Statement s(m_db, "INSERT INTO import_runs(source, sha256, started_at, report) VALUES (?, ?, ?, ?)", m_path);
    sqlite3_bind_text(s.get(), 1, source.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s.get(), 2, sha256.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s.get(), 3, started_at.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s.get(), 4, report_json.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s.get()) != SQLITE_DONE) fail(m_db, m_path, "cannot record the import");
    return sqlite3_last_insert_rowid(m_db);
}

void Store::write_basemap(std::span<const StoredFeature> features) {
    // SpatiaLite's per-row triggers (geometry checks, R*Tree upkeep, timestamps) cost several
    // times the inserts themselves, and CreateSpatialIndex on a full table is no faster. So the
    // triggers are set aside while the rows go in, the R*Tree is bulk-loaded from the boxes the
    // encoder already knows (store_rtree.hpp), and the triggers are put back exactly as
    // SpatiaLite wrote them.
    std::vector<TriggersSetAside> triggers;
    for (const auto& t : kTables) {
        const std::string name = t.name;
        if (!geometry_registered(m_db, m_path, name)) register_geometry(m_db, m_path, t);
        triggers.emplace_back(*this, name);
        exec("DELETE FROM " + quote_name(name));
    }
    std::vector<std::unique_ptr<Statement>> inserts;
    for (const auto& t : kTables) {
        inserts.push_back(std::make_unique<Statement>(
            m_db,
            "INSERT INTO " + quote_name(t.name) +
                "(class, layer, osm_type, osm_id, name, name_latin, admin_level, tags, geom" +
                (t.kind == GeomKind::Area ? ", triangles) VALUES (?,?,?,?,?,?,?,?,?,?)"
                                          : ") VALUES (?,?,?,?,?,?,?,?,?)"),
            m_path));
    }
    std::vector<uint8_t> blob;
    std::vector<std::vector<RTreeEntry>> boxes(std::size(kTables));
    for (const auto& f : features) {
        const auto& ci = info(f.cls);
        const size_t ti = static_cast<size_t>(&table_for(ci.kind) - kTables);
        sqlite3_stmt* s = inserts[ti]->get();
        const char osm_type[2] = {f.osm_type, 0};
        sqlite3_bind_text(s, 1, ci.code.data(), static_cast<int>(ci.code.size()), SQLITE_STATIC);
        const auto layer = layer_name(ci.layer);
        sqlite3_bind_text(s, 2, layer.data(), static_cast<int>(layer.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 3, osm_type, 1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 4, f.osm_id);
        if (f.name.empty())
            sqlite3_bind_null(s, 5);
        else
            sqlite3_bind_text(s, 5, f.name.c_str(), static_cast<int>(f.name.size()), SQLITE_STATIC);
        if (f.name_latin.empty())
            sqlite3_bind_null(s, 6);
        else
            sqlite3_bind_text(s, 6, f.name_latin.c_str(), static_cast<int>(f.name_latin.size()), SQLITE_STATIC);
        if (f.admin_level > 0)
            sqlite3_bind_int(s, 7, f.admin_level);
        else
            sqlite3_bind_null(s, 7);
        sqlite3_bind_text(s, 8, f.tags_json.c_str(), static_cast<int>(f.tags_json.size()), SQLITE_STATIC);
        switch (ci.kind) {
        case GeomKind::Point:
            blob = encode_point(f.points.at(0));
            break;
        case GeomKind::Line:
            blob = encode_multilinestring(f.points, f.parts);
            break;
        case GeomKind::Area:
            blob = encode_multipolygon(f.points, f.parts, f.polygons);
            break;
        }
        sqlite3_bind_blob(s, 9, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
        if (ci.kind == GeomKind::Area) {
            if (f.triangles.empty())
                sqlite3_bind_null(s, 10);
            else
                sqlite3_bind_blob(s, 10, f.triangles.data(), static_cast<int>(f.triangles.size() * sizeof(uint32_t)),
                                  SQLITE_STATIC);
        }
        if (sqlite3_step(s) != SQLITE_DONE)
            fail(m_db, m_path, std::string("cannot store ") + f.osm_type + std::to_string(f.osm_id));
        sqlite3_reset(s);
        RTreeEntry e;
        e.id = sqlite3_last_insert_rowid(m_db);
        double box[4]; // min x, min y, max x, max y, as in the BLOB header
        std::memcpy(box, blob.data() + 6, sizeof box);
        e.min_x = box[0];
        e.min_y = box[1];
        e.max_x = box[2];
        e.max_y = box[3];
        boxes[ti].push_back(e);
    }
    inserts.clear();
    for (size_t ti = 0; ti < boxes.size(); ++ti)
        bulk_load_rtree(m_db, std::string("idx_") + kTables[ti].name + "_geom", std::move(boxes[ti]), m_path);
    for (auto& set_aside : triggers)
        set_aside.restore();
}

std::vector<StoredFeature> Store::load_stored() const {
    std::vector<StoredFeature> out;
    for (const auto& t : kTables) {
        Statement s(m_db,
                    std::string("SELECT class, osm_type, osm_id, name, name_latin, admin_level, tags, geom") +
                        (t.kind == GeomKind::Area ? ", triangles" : "") + " FROM " + quote_name(t.name) +
                        " ORDER BY id",
                    m_path);
        while (s.step()) {
            StoredFeature f;
            const auto code = column_text(s.get(), 0);
            const auto cls = feature_class_from_code(code);
            if (!cls) throw Error("unknown feature class '" + code + "'", m_path.string(), 0, "class");
            f.cls = *cls;
            const auto type = column_text(s.get(), 1);
            f.osm_type = type.empty() ? 'n' : type[0];
            f.osm_id = sqlite3_column_int64(s.get(), 2);
            f.name = column_text(s.get(), 3);
            f.name_latin = column_text(s.get(), 4);
            f.admin_level = sqlite3_column_int(s.get(), 5);
            f.tags_json = column_text(s.get(), 6);
            GeometryParts g;
            read_geometry(s.get(), 7, m_path, t.name, f.osm_type, f.osm_id, g);
            if (t.kind == GeomKind::Area)
                read_feature_triangles(s.get(), 8, g.points.size(), m_path, t.name, f.osm_type, f.osm_id, f.triangles);
            f.points = std::move(g.points);
            f.parts = std::move(g.parts);
            f.polygons = std::move(g.polygons);
            out.push_back(std::move(f));
        }
    }
    return out;
}

Basemap Store::load_basemap() const {
    Basemap map;
    GeometryParts g;
    for (const auto& t : kTables) {
        Statement count(m_db, std::string("SELECT count(*) FROM ") + quote_name(t.name), m_path);
        if (count.step())
            map.features.reserve(map.features.size() + static_cast<size_t>(sqlite3_column_int64(count.get(), 0)));
        Statement s(m_db,
                    std::string("SELECT class, osm_type, osm_id, name, name_latin, admin_level, geom") +
                        (t.kind == GeomKind::Area   ? ", triangles"
                         : t.kind == GeomKind::Line ? ", tags"
                                                    : "") +
                        " FROM " + quote_name(t.name) + " ORDER BY id",
                    m_path);
        std::string last_code;
        FeatureClass last_cls{};
        while (s.step()) {
            Feature f;
            // Rows come grouped by class, so the class text rarely needs a lookup.
            const auto* code = reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0));
            if (!code) throw Error("feature without class", m_path.string(), 0, "class");
            if (last_code != code) {
                const auto cls = feature_class_from_code(code);
                if (!cls) throw Error(std::string("unknown feature class '") + code + "'", m_path.string(), 0, "class");
                last_code = code;
                last_cls = *cls;
            }
            f.cls = last_cls;
            const auto* type = sqlite3_column_text(s.get(), 1);
            f.osm_type = type ? static_cast<char>(type[0]) : 'n';
            f.osm_id = sqlite3_column_int64(s.get(), 2);
            f.name = column_text(s.get(), 3);
            f.name_latin = column_text(s.get(), 4);
            f.admin_level = sqlite3_column_int(s.get(), 5);
            g.points.clear();
            g.parts.clear();
            g.polygons.clear();
            read_geometry(s.get(), 6, m_path, t.name, f.osm_type, f.osm_id, g);
            f.geometry.kind = t.kind;
            f.geometry.points.resize(g.points.size());
            for (size_t i = 0; i < g.points.size(); ++i)
                f.geometry.points[i] = to_mercator(g.points[i]);
            f.geometry.parts = g.parts;
            if (t.kind == GeomKind::Area)
                read_feature_triangles(s.get(), 7, g.points.size(), m_path, t.name, f.osm_type, f.osm_id,
                                       f.geometry.triangles);
            if (t.kind == GeomKind::Line) f.level = level_from_tags(s.get(), 7);
            map.extent.extend(f.geometry.bounds());
            map.features.push_back(std::move(f));
        }
    }
    if (auto addresses = load_addresses(*this)) {
        map.addresses_imported = true;
        map.addresses.reserve(addresses->size());
        for (auto& a : *addresses)
            map.addresses.push_back({std::move(a.street), std::move(a.housenumber), to_mercator(a.at)});
    }
    return map;
}

Store::Transaction::Transaction(Store& store) : m_store(&store) { m_store->exec("BEGIN IMMEDIATE"); }

Store::Transaction::~Transaction() {
    if (!m_done) sqlite3_exec(m_store->m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

void Store::Transaction::commit() {
    m_store->exec("COMMIT");
    m_done = true;
}

} // namespace oko::geo
