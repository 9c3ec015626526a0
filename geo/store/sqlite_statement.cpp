#include "geo/store/sqlite_statement.hpp"

#include "geo/base/error.hpp"
#include "geo/store/store.hpp"

namespace oko::geo {

Statement::Statement(sqlite3* db, const std::string& sql, std::string file) : m_db(db), m_file(std::move(file)) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &m_stmt, nullptr) != SQLITE_OK) fail("in: " + sql);
}

Statement::Statement(const Store& store, const std::string& sql)
    : Statement(store.handle(), sql, store.path().string()) {}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail("");
}

void Statement::fail(const std::string& what) const { throw_sqlite_error(m_db, m_file, what); }

bool is_damage_code(int code) {
    const int primary = code & 0xff;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

std::string damaged_reason(const std::string& detail, const std::string& file) {
    return "the project file is damaged (" + detail + "); oko check --store " +
           (file.empty() ? std::string("FILE") : file) + " reports what is wrong";
}

void throw_sqlite_error(sqlite3* db, const std::string& file, const std::string& what) {
    const std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    if (db && is_damage_code(sqlite3_extended_errcode(db))) throw Error(damaged_reason(msg, file), file);
    throw Error(std::string("project file: ") + msg + (what.empty() ? "" : " (" + what + ")"), file);
}

} // namespace oko::geo
