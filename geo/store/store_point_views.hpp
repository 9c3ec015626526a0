#pragma once
// Each point layer as its own layer in QGIS and any GDAL/OGR client. All point layers share the
// table `points`, whose attributes are one JSON string; for GIS clients every layer also gets a
// SpatiaLite view, registered as a spatial view (views_geometry_columns), with the point's id, the
// layer's canonical vendor and year (NULL when unknown), its curation status, every imported attribute as its own
// column named as in the source file, the provenance (source file and row) and the geometry.
//
// A view is SQL in the project file, which comes from people the user does not fully know. So a
// view's text is never read back and trusted: it is generated from the layer's id, its name and
// its stored attribute names (table point_layer_columns, in the order they were first imported),
// every name quoted, and Store::open accepts a view that is not SpatiaLite's only when its SQL is
// exactly the text Oko generates for one of the project's layers (store_schema.cpp).

#include "geo/map/point_record.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace oko::geo {

class Store;

struct PointLayerView {
    int64_t layer_id = 0;
    std::string name; // the view's name: points_ and the layer's name, lower case
    std::string sql;  // CREATE VIEW ..., exactly as Oko writes it
};

// The views Oko writes for the point layers of `db`, from its tables point_layers and
// point_layer_columns (none when it has no point tables), in layer order.
std::vector<PointLayerView> expected_point_views(sqlite3* db, const std::string& file);

// The CREATE VIEW statement of one layer's view. An attribute's column is named as the attribute,
// except that control characters become '_', an empty name becomes "field", and a name that
// another column already has (SQLite compares names without ASCII case) gets "_2", "_3", ...;
// past SQLite's 2000 columns of a view the remaining attributes are left out.
// `curated`: the points table has curation's columns (a project from before them, read without an
// upgrade, keeps the views it had); the view then has the status and shows only cameras, not the
// reports deleted or merged into another.
std::string point_view_sql(const std::string& view_name, int64_t layer_id,
                           const std::vector<std::string>& attribute_names, bool curated = true);

// The column names of a layer's attributes beside `own_columns` (a file's or a view's own fields),
// the one rule for the views and the exports (geo/export/point_export.hpp): named as the attribute,
// except that control characters become '_', an empty name becomes "field", and a name that
// another column already has (compared without ASCII case, as SQLite and GDAL compare them) gets
// "_2", "_3", ...; only the first `at_most` attributes get a column.
std::vector<std::string> attribute_columns(const std::vector<std::string>& attribute_names,
                                           const std::vector<std::string>& own_columns, size_t at_most = SIZE_MAX);

// A layer's attribute names in the order first imported (point_layer_columns, or its points' for a
// layer imported before Oko stored them), as the JSON of its points has them as keys.
std::vector<std::string> point_layer_attribute_names(const Store& store, int64_t layer_id);

// Attribute names in the order first seen, each once, as the JSON of the points keeps them (a
// name that is not UTF-8 has its bad bytes as U+FFFD there).
class AttributeNames {
public:
    void add(std::string_view name);
    // Every name of a record; nothing to do when its names are those of the record before.
    void add(const PointRecord& record);
    void add(const std::vector<std::string>& names);
    const std::vector<std::string>& names() const { return m_names; }

private:
    std::vector<std::string> m_names;
    std::unordered_set<std::string> m_seen;
    std::vector<std::string_view> m_last; // the names of the record added last
};

// Appends to the stored attribute names of a layer those of `names` it does not have yet.
void add_point_layer_columns(Store& store, int64_t layer_id, const std::vector<std::string>& names);
// Forgets the stored attribute names of a layer (its points are being replaced).
void clear_point_layer_columns(Store& store, int64_t layer_id);

// Brings the point layers' views up to date, inside the caller's transaction: drops every view
// that is not SpatiaLite's and not exactly one Oko generates for the layers the project now
// holds, creates the missing ones and registers them with SpatiaLite. A layer whose attribute
// names were never stored (a project from before the views) gets them from its points first.
// The store must be writable and its schema checked (Store::open) or repaired. Returns the names
// of the views it created.
std::vector<std::string> write_point_views(Store& store);

} // namespace oko::geo
