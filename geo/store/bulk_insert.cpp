#include "geo/store/bulk_insert.hpp"

#include "geo/store/sqlite_statement.hpp"

namespace oko::geo {

TriggersSetAside::TriggersSetAside(Store& store, const std::string& table) : m_store(&store) {
    std::vector<std::string> names;
    Statement q(store, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?");
    q.text(1, table);
    while (q.step()) {
        names.push_back(q.column_text(0));
        m_definitions.push_back(q.column_text(1));
    }
    for (const auto& n : names)
        store.exec("DROP TRIGGER \"" + n + "\"");
}

void TriggersSetAside::restore() {
    for (const auto& sql : m_definitions)
        m_store->exec(sql);
    m_definitions.clear();
}

} // namespace oko::geo
