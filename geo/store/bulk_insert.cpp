#include "geo/store/bulk_insert.hpp"

#include "geo/base/error.hpp"
#include "geo/store/sqlite_statement.hpp"
#include "geo/store/store_schema.hpp"

namespace oko::geo {

TriggersSetAside::TriggersSetAside(Store& store, const std::string& table) : m_store(&store) {
    const auto expected = expected_triggers(table);
    std::vector<std::string> names;
    Statement q(store, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?");
    q.text(1, table);
    while (q.step()) {
        const std::string name = q.column_text(0);
        const std::string sql = q.column_text(1);
        bool known = false;
        for (const auto* e : expected)
            known = known || (e->name == name && e->sql == sql);
        if (!known)
            throw Error("the project holds a trigger Oko did not create, " + quote_name(name) + " on " + table +
                            ": nothing was written; remove it with oko repair --store " + store.path().string(),
                        store.path().string());
        names.push_back(name);
    }
    for (const auto& n : names)
        store.exec("DROP TRIGGER " + quote_name(n));
    for (const auto* e : expected)
        m_definitions.push_back(e->sql);
}

void TriggersSetAside::restore() {
    for (const auto& sql : m_definitions)
        m_store->exec(sql);
    m_definitions.clear();
}

} // namespace oko::geo
