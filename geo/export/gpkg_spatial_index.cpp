#include "geo/export/gpkg_spatial_index.hpp"

#include "geo/base/atomic_file.hpp"
#include "geo/base/error.hpp"
#include "geo/store/store_schema.hpp"

#include <sqlite3.h>

namespace oko::geo {

namespace {

// A text as an SQL string literal.
std::string literal(const std::string& text) {
    std::string out = "'";
    for (const char c : text) {
        out += c;
        if (c == '\'') out += '\'';
    }
    return out + "'";
}

// The triggers of the specification's annex F.3, which keep the index true when the table is
// edited; the functions they call (ST_IsEmpty, ST_MinX, ...) are those every GeoPackage reader
// registers.
std::string index_triggers(const std::string& table, const std::string& column, const std::string& id) {
    const std::string t = quote_name(table), c = quote_name(column), i = quote_name(id);
    const std::string base = "rtree_" + table + "_" + column;
    const std::string r = quote_name(base);
    const std::string box =
        "NEW." + i + ", ST_MinX(NEW." + c + "), ST_MaxX(NEW." + c + "), ST_MinY(NEW." + c + "), ST_MaxY(NEW." + c + ")";
    const std::string has = "(NEW." + c + " NOTNULL AND NOT ST_IsEmpty(NEW." + c + "))";
    const std::string lacks = "(NEW." + c + " ISNULL OR ST_IsEmpty(NEW." + c + "))";
    const auto trigger = [&](const std::string& suffix) { return "CREATE TRIGGER " + quote_name(base + suffix); };
    return trigger("_insert") + " AFTER INSERT ON " + t + " WHEN " + has + " BEGIN INSERT OR REPLACE INTO " + r +
           " VALUES (" + box + "); END;" + trigger("_update1") + " AFTER UPDATE OF " + c + " ON " + t + " WHEN OLD." +
           i + " = NEW." + i + " AND " + has + " BEGIN INSERT OR REPLACE INTO " + r + " VALUES (" + box + "); END;" +
           trigger("_update2") + " AFTER UPDATE OF " + c + " ON " + t + " WHEN OLD." + i + " = NEW." + i + " AND " +
           lacks + " BEGIN DELETE FROM " + r + " WHERE id = OLD." + i + "; END;" + trigger("_update3") +
           " AFTER UPDATE ON " + t + " WHEN OLD." + i + " != NEW." + i + " AND " + has + " BEGIN DELETE FROM " + r +
           " WHERE id = OLD." + i + "; INSERT OR REPLACE INTO " + r + " VALUES (" + box + "); END;" +
           trigger("_update4") + " AFTER UPDATE ON " + t + " WHEN OLD." + i + " != NEW." + i + " AND " + lacks +
           " BEGIN DELETE FROM " + r + " WHERE id IN (OLD." + i + ", NEW." + i + "); END;" + trigger("_delete") +
           " AFTER DELETE ON " + t + " WHEN OLD." + c + " NOT NULL BEGIN DELETE FROM " + r + " WHERE id = OLD." + i +
           "; END;";
}

class Connection {
public:
    Connection(const std::filesystem::path& file, const std::filesystem::path& shown_as) : m_shown(shown_as) {
        if (sqlite3_open_v2(file.c_str(), &m_db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) fail("cannot open");
    }
    ~Connection() {
        if (m_open) sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(m_db);
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    sqlite3* get() const { return m_db; }
    void exec(const std::string& sql) {
        if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
            fail("cannot write the spatial index");
    }
    void begin() {
        exec("BEGIN");
        m_open = true;
    }
    void commit() {
        exec("COMMIT");
        m_open = false;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw Error(what + ": " + (m_db ? sqlite3_errmsg(m_db) : "out of memory"), m_shown.string());
    }
    sqlite3* m_db = nullptr;
    std::filesystem::path m_shown;
    bool m_open = false;
};

} // namespace

void add_gpkg_spatial_index(const std::filesystem::path& file, const std::string& table, const std::string& column,
                            std::vector<RTreeEntry> entries, const std::filesystem::path& shown_as) {
    Connection db(file, shown_as);
    // The features were written by GDAL and the file is not yet in place: a crash loses it whole,
    // so the index needs no journal of its own to be all-or-nothing.
    db.exec("PRAGMA journal_mode = MEMORY");
    db.begin();
    try {
        bulk_load_rtree(db.get(), "rtree_" + table + "_" + column, std::move(entries), file, kGeoPackageRTreeColumns);
    } catch (const Error& e) {
        throw naming_target(e, file, shown_as);
    }
    db.exec("CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT "
            "NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, "
            "extension_name))");
    db.exec("INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES (" +
            literal(table) + ", " + literal(column) +
            ", 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')");
    db.exec(index_triggers(table, column, "fid"));
    db.commit();
}

} // namespace oko::geo
