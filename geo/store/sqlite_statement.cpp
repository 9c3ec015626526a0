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

void Statement::fail(const std::string& what) const {
    throw Error(std::string("project file: ") + sqlite3_errmsg(m_db) + (what.empty() ? "" : " (" + what + ")"), m_file);
}

} // namespace oko::geo
