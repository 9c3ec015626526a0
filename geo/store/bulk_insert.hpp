#pragma once
// Bulk inserts into a SpatiaLite geometry table. SpatiaLite's per-row triggers (geometry checks,
// R*Tree upkeep) parse and run SQL for every row and cost several times the insert itself, and
// rebuilding the index afterwards is no faster. So every bulk insert (the basemap, point layers,
// reference layers) sets the table's triggers aside while its rows go in, bulk-loads the R*Tree
// (store_rtree.hpp), and creates the triggers again, all inside the caller's transaction: a
// failure restores the triggers with everything else. This is the one place that does it.
//
// The triggers are created again from Oko's own schema (store_schema.hpp), never from the SQL the
// file holds: a project file is data, and its trigger text is not run.

#include "geo/store/store.hpp"

#include <string>
#include <vector>

namespace oko::geo {

class TriggersSetAside {
public:
    // Drops the triggers of `table`; throws Error, dropping nothing, when one of them is not
    // exactly as Oko creates it (Store::open refuses such a file first).
    TriggersSetAside(Store& store, const std::string& table);
    // Creates Oko's triggers of the table again; once.
    void restore();

private:
    Store* m_store;
    std::vector<std::string> m_definitions;
};

} // namespace oko::geo
