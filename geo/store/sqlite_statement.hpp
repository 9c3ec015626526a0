#pragma once
// A prepared SQLite statement that finalizes itself and reports every failure as an Error naming
// the project file: the one wrapper the store's modules share.

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

namespace oko::geo {

class Store;

// An SQLite failure as an Error naming the project file, in the user's words: a damaged file
// (SQLITE_CORRUPT, SQLITE_NOTADB) says so instead of "database disk image is malformed".
[[noreturn]] void throw_sqlite_error(sqlite3* db, const std::string& file, const std::string& what);
// Whether an SQLite result code means the file is damaged.
bool is_damage_code(int code);
// The reason of an Error about a damaged project file, with SQLite's or Oko's detail.
std::string damaged_reason(const std::string& detail, const std::string& file);

class Statement {
public:
    Statement(sqlite3* db, const std::string& sql, std::string file = {});
    Statement(const Store& store, const std::string& sql);
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    sqlite3_stmt* get() const { return m_stmt; }
    // True while there is a row; false when done; throws on an error.
    bool step();
    // Ready to run again, with every parameter unbound (NULL).
    void reset() {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }

    void text(int i, const std::string& s) {
        sqlite3_bind_text(m_stmt, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
    // Binds without a copy: `s` must outlive the next step.
    void text_static(int i, const std::string& s) {
        sqlite3_bind_text(m_stmt, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
    }
    void integer(int i, int64_t v) { sqlite3_bind_int64(m_stmt, i, v); }
    void real(int i, double v) { sqlite3_bind_double(m_stmt, i, v); }
    void null(int i) { sqlite3_bind_null(m_stmt, i); }
    void blob(int i, const std::vector<uint8_t>& b) { blob(i, b.data(), b.size()); }
    // An empty blob binds NULL.
    void blob(int i, const void* data, size_t bytes) {
        if (bytes == 0)
            sqlite3_bind_null(m_stmt, i);
        else
            sqlite3_bind_blob(m_stmt, i, data, static_cast<int>(bytes), SQLITE_TRANSIENT);
    }

    std::string column_text(int i) const {
        const auto* p = sqlite3_column_text(m_stmt, i);
        return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(m_stmt, i)))
                 : "";
    }
    int64_t column_int(int i) const { return sqlite3_column_int64(m_stmt, i); }
    bool column_null(int i) const { return sqlite3_column_type(m_stmt, i) == SQLITE_NULL; }

private:
    [[noreturn]] void fail(const std::string& what) const;

    sqlite3* m_db;
    std::string m_file;
    sqlite3_stmt* m_stmt = nullptr;
};

} // namespace oko::geo
