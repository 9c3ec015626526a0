#include "geo/store/store_schema.hpp"

#include "geo/base/limits.hpp"

#include "geo/base/error.hpp"
#include "geo/store/sqlite_statement.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_point_views.hpp"
#include "geo/store/store_points.hpp"
#include "geo/store/store_reference.hpp"
#include "geo/store/store_scenes.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace oko::geo {

namespace {

// The tables SQLite itself makes (AUTOINCREMENT, ANALYZE), with the SQL it gives them.
const std::map<std::string, std::string>& sqlite_tables() {
    static const std::map<std::string, std::string> tables{
        {"sqlite_sequence", "CREATE TABLE sqlite_sequence(name,seq)"},
        {"sqlite_stat1", "CREATE TABLE sqlite_stat1(tbl,idx,stat)"},
        {"sqlite_stat4", "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)"},
    };
    return tables;
}

bool starts_with(const std::string& s, std::string_view prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

// SQLite's own objects: automatic indexes (no SQL) and its tables, exactly as it makes them.
bool is_sqlite_internal(const SchemaObject& o) {
    if (o.type == "index" && starts_with(o.name, "sqlite_autoindex_") && o.sql.empty()) return true;
    if (o.type != "table") return false;
    const auto it = sqlite_tables().find(o.name);
    return it != sqlite_tables().end() && it->second == o.sql;
}

std::vector<SchemaObject> build_template() {
    Store store = Store::create_in_memory();
    ensure_point_tables(store);
    ensure_reference_tables(store);
    ensure_scenes_table(store);
    auto objects = read_schema(store.handle(), "");
    // SQLite's own objects are checked on their own (is_sqlite_internal).
    objects.erase(std::remove_if(objects.begin(), objects.end(), is_sqlite_internal), objects.end());
    return objects;
}

const SchemaObject* find_expected(const std::string& name) {
    static const std::map<std::string, const SchemaObject*> by_name = [] {
        std::map<std::string, const SchemaObject*> m;
        for (const auto& o : expected_schema())
            m.emplace(o.name, &o);
        return m;
    }();
    const auto it = by_name.find(name);
    return it == by_name.end() ? nullptr : it->second;
}

// A table as an earlier Oko wrote it, which a writable open upgrades (Store::open): the points
// table before curation's columns.
bool is_earlier_form(const SchemaObject& expected, const SchemaObject& o) {
    if (o.type != "table" || o.name != "points") return false;
    const auto earlier = earlier_points_table_sql(expected.sql);
    return std::find(earlier.begin(), earlier.end(), o.sql) != earlier.end();
}

bool is_plain_table(const SchemaObject& o) { return o.type == "table" && starts_with(o.sql, "CREATE TABLE"); }

std::string what_of(const SchemaFinding& f) {
    switch (f.kind) {
    case SchemaFinding::Kind::Unknown:
        return "not created by Oko";
    case SchemaFinding::Kind::Changed:
        return "its SQL is not the one Oko writes";
    case SchemaFinding::Kind::Missing:
        return "missing";
    }
    return "";
}

} // namespace

std::string quote_name(std::string_view name) {
    std::string out = "\"";
    for (const char c : name) {
        out += c;
        if (c == '"') out += '"';
    }
    out += '"';
    return out;
}

const std::vector<SchemaObject>& expected_schema() {
    static const std::vector<SchemaObject> objects = build_template();
    return objects;
}

std::vector<const SchemaObject*> expected_triggers(const std::string& table) {
    std::vector<const SchemaObject*> out;
    for (const auto& o : expected_schema())
        if (o.type == "trigger" && o.table == table) out.push_back(&o);
    return out;
}

std::vector<SchemaObject> read_schema(sqlite3* db, const std::string& file) {
    std::vector<SchemaObject> out;
    Statement q(db, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid", file);
    while (q.step())
        out.push_back({q.column_text(0), q.column_text(1), q.column_text(2), q.column_text(3)});
    return out;
}

std::vector<SchemaFinding> check_schema(sqlite3* db, const std::string& file) {
    std::vector<SchemaFinding> out;
    const auto objects = read_schema(db, file);
    // A point layer's view is accepted only as the exact text Oko generates for the layer from
    // its name and stored attribute names, never as the file has it.
    std::map<std::string, std::string> point_views;
    for (auto& v : expected_point_views(db, file))
        point_views.emplace(v.name, std::move(v.sql));
    std::set<std::string> names;
    for (const auto& o : objects) {
        names.insert(o.name);
        if (is_sqlite_internal(o)) continue;
        if (const auto* expected = find_expected(o.name)) {
            if (expected->type != o.type || expected->table != o.table ||
                (expected->sql != o.sql && !is_earlier_form(*expected, o)))
                out.push_back({SchemaFinding::Kind::Changed, o});
        } else if (const auto view = point_views.find(o.name); view != point_views.end() && o.type == "view") {
            if (o.table != o.name || o.sql != view->second) out.push_back({SchemaFinding::Kind::Changed, o});
        } else if (!is_plain_table(o) || starts_with(o.name, "sqlite_")) {
            out.push_back({SchemaFinding::Kind::Unknown, o});
        }
    }
    // Oko's own triggers and indexes on Oko's tables that the file has.
    for (const auto& e : expected_schema()) {
        if ((e.type != "trigger" && e.type != "index") || names.count(e.name) || !names.count(e.table)) continue;
        const auto* table = find_expected(e.table);
        if (table && table->type == "table") out.push_back({SchemaFinding::Kind::Missing, e});
    }
    return out;
}

bool refuses_open(const SchemaFinding& finding) { return finding.kind != SchemaFinding::Kind::Missing; }

std::string describe(const SchemaFinding& f) {
    // The names come from the file: a name can be long SQL, so each is shortened.
    std::string s = f.object.type + " " + excerpt(quote_name(f.object.name), 60);
    if (f.object.type == "trigger" || f.object.type == "index") s += " on " + excerpt(f.object.table, 60);
    return s + " (" + what_of(f) + ")";
}

RepairReport repair_schema(Store& store) {
    RepairReport report;
    const auto findings = check_schema(store.handle(), store.path().string());
    Store::Transaction tx(store);
    auto drop = [&](const SchemaObject& o) {
        store.exec("DROP " +
                   std::string(o.type == "trigger" ? "TRIGGER"
                               : o.type == "view"  ? "VIEW"
                                                   : "INDEX") +
                   " IF EXISTS " + quote_name(o.name));
    };
    // Triggers first: a trigger may name a view or index that goes.
    std::vector<SchemaFinding> ordered = findings;
    std::stable_partition(ordered.begin(), ordered.end(),
                          [](const SchemaFinding& f) { return f.object.type == "trigger"; });
    std::set<std::string> rewritten;
    for (const auto& f : ordered) {
        const auto& o = f.object;
        const bool droppable = o.type == "trigger" || o.type == "view" || o.type == "index";
        if (f.kind == SchemaFinding::Kind::Unknown) {
            if (!droppable) {
                report.unrepaired.push_back(describe(f) + ": left as it is, since dropping it would run its module; " +
                                            "if you trust the file, remove it with sqlite3 " + store.path().string() +
                                            " 'DROP TABLE " + quote_name(o.name) + "'");
                continue;
            }
            drop(o);
            report.done.push_back("dropped " + describe(f));
            continue;
        }
        const auto* expected = find_expected(o.name);
        if (!expected && o.type == "view") { // a point layer's view: written again below
            drop(o);
            rewritten.insert(o.name);
            continue;
        }
        const bool recreatable = expected && droppable &&
                                 (expected->type == "trigger" || expected->type == "view" || expected->type == "index");
        if (!recreatable) {
            report.unrepaired.push_back(describe(f) + ": Oko cannot rebuild it in place");
            continue;
        }
        if (f.kind == SchemaFinding::Kind::Changed) drop(o);
        store.exec(expected->sql);
        report.done.push_back((f.kind == SchemaFinding::Kind::Changed ? "re-created " : "created ") + o.type + " " +
                              quote_name(o.name) + " as Oko writes it" +
                              (f.kind == SchemaFinding::Kind::Changed ? " (its SQL had been changed)" : ""));
    }
    // The point layers' views, as Oko generates them for the layers the file holds: those
    // dropped above, and those a project from before the views never had.
    try {
        for (const auto& name : write_point_views(store)) {
            const bool changed = rewritten.count(name) > 0;
            report.done.push_back(std::string(changed ? "re-created" : "created") + " view " + quote_name(name) +
                                  " as Oko writes it" + (changed ? " (its SQL had been changed)" : ""));
        }
    } catch (const Error& e) {
        report.unrepaired.push_back("the point layers' views: " + e.reason());
    }
    tx.commit();
    return report;
}

} // namespace oko::geo
