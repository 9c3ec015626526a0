#pragma once
// What a project file's schema must be. A project file comes from people the user does not fully
// know, and the SQL in its schema (trigger bodies, view definitions, table definitions) runs
// whenever Oko writes into it. So Oko never takes SQL from the file: it knows its own schema by
// building, once per process, a template project in memory with every table, index, trigger and
// view that Oko and SpatiaLite create (basemap, point, reference and scene tables, SpatiaLite's
// metadata), and compares the file's schema with it, names and SQL text. Triggers set aside for a
// bulk insert are created again from the template's SQL (bulk_insert.hpp), and `oko repair`
// strips what Oko did not write.

#include <sqlite3.h>

#include <string>
#include <string_view>
#include <vector>

namespace oko::geo {

class Store;

// `name` as an SQL identifier: in double quotes, any double quote in it doubled. Every name put
// into SQL text goes through this (or is bound as a parameter).
std::string quote_name(std::string_view name);

struct SchemaObject {
    std::string type;  // table, index, trigger or view
    std::string name;  // as in sqlite_master
    std::string table; // tbl_name: the table an index or trigger belongs to
    std::string sql;   // the CREATE statement, as SQLite keeps it (empty for automatic indexes)
};

// Every object of a project as this build of Oko creates it, in the order it creates them.
const std::vector<SchemaObject>& expected_schema();
// The template's triggers on `table`, in creation order.
std::vector<const SchemaObject*> expected_triggers(const std::string& table);

// The objects of an open database, from sqlite_master in its order.
std::vector<SchemaObject> read_schema(sqlite3* db, const std::string& file);

struct SchemaFinding {
    enum class Kind {
        Unknown, // Oko did not create it
        Changed, // one of Oko's names, with other SQL
        Missing, // one of Oko's triggers or indexes on a table the file has is not there
    };
    Kind kind = Kind::Unknown;
    SchemaObject object; // as the file has it (for Missing, as the template has it)
};

// Differences between the file's schema and the expected one. Tables that Oko did not create are
// data it never reads or writes (QGIS keeps styles in one) and are not findings; virtual tables,
// triggers, views and indexes it did not create are.
std::vector<SchemaFinding> check_schema(sqlite3* db, const std::string& file);

// Whether a finding makes the file unsafe to open: unknown or changed SQL (missing objects are
// only reported).
bool refuses_open(const SchemaFinding& finding);

// "trigger "x" on points (not created by Oko)", one finding.
std::string describe(const SchemaFinding& finding);

// What `oko repair` did: one line a change; `unrepaired` what it could not change.
struct RepairReport {
    std::vector<std::string> done;
    std::vector<std::string> unrepaired;
};

// In one transaction: drops the triggers, views and indexes Oko did not create and creates
// Oko's own triggers, views and indexes again from the template (those changed or missing).
// Tables whose definition differs, and virtual tables Oko did not create, are left and listed in
// `unrepaired`. The store must be writable.
RepairReport repair_schema(Store& store);

} // namespace oko::geo
