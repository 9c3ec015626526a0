#include "geo/store/store_point_views.hpp"

#include "geo/base/utf8.hpp"
#include "geo/store/sqlite_statement.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_points.hpp"
#include "geo/store/store_schema.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace oko::geo {

namespace {

// SQLite's default SQLITE_MAX_COLUMN, which GDAL and QGIS run with too: a view with more columns
// cannot be created, nor read.
constexpr size_t kMaxViewColumns = 2000;
// The view's own columns, before and after the attributes. An attribute named like one of them
// gets a suffix.
constexpr const char* kOwnColumns[] = {"id", "vendor", "year", "status", "source_file", "source_row", "geom"};

bool has_table(sqlite3* db, const std::string& file, const char* name) {
    Statement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", file);
    q.text(1, name);
    return q.step();
}

// SQLite compares names without the case of ASCII letters (only those).
std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// The part of a view's name that comes from the layer's name. SpatiaLite registers only views
// whose names are lower case and hold no quote (its triggers on views_geometry_columns), and a
// name a GIS client shows should be plain: ASCII letters in lower case, other ASCII that is not a
// digit, '_' or '-' becomes '_'; letters of other scripts stay as they are.
std::string view_name_part(std::string_view layer) {
    std::string out;
    for (const char ch : layer) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 'A' && c <= 'Z')
            out += static_cast<char>(c - 'A' + 'a');
        else if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')
            out += ch;
        else
            out += '_';
    }
    return out;
}

// A column's name for an attribute: as in the source file, but no control character (a NUL would
// end the SQL text) and never empty.
std::string column_name(std::string_view attribute) {
    std::string out;
    for (const char ch : attribute) {
        const auto c = static_cast<unsigned char>(ch);
        out += c < 0x20 || c == 0x7F ? '_' : ch;
    }
    return out.empty() ? "field" : out;
}

// Whether json_extract can address the key with the path $."key": SQLite compares the path's
// bytes with the key as the JSON text writes it, so the key must need no escape in JSON (no
// quote, backslash or control character), hold no quote to end the path, and not be empty.
bool plain_key(std::string_view key) {
    if (key.empty()) return false; // SQLite reads $."" as no key
    for (const char ch : key) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7F || c == '"' || c == '\\') return false;
    }
    return utf8::is_valid(key);
}

std::string hex_of(std::string_view bytes) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

// The SQL expression of one attribute's value. A plain key is a string literal in a JSON path
// (its single quotes doubled); any other key is compared, as bytes written in hex, with the keys
// json_each decodes, so that no byte of a name from a file can end a literal.
std::string attribute_value(std::string_view key) {
    if (plain_key(key)) {
        std::string literal;
        for (const char c : key) {
            literal += c;
            if (c == '\'') literal += '\'';
        }
        return "json_extract(p.attributes, '$.\"" + literal + "\"')";
    }
    return "(SELECT j.value FROM json_each(p.attributes) AS j WHERE j.key = CAST(X'" + hex_of(key) + "' AS TEXT))";
}

// Keys as the JSON of the points has them: attributes_json() writes bytes that are not UTF-8 as
// U+FFFD, with nlohmann's replacement rule, so the same rule gives the stored key.
std::string json_key(std::string_view name) {
    if (utf8::is_valid(name)) return std::string(name);
    const auto text = nlohmann::json(std::string(name)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return nlohmann::json::parse(text).get<std::string>();
}

bool has_columns(sqlite3* db, const std::string& file, int64_t layer_id) {
    Statement q(db, "SELECT 1 FROM point_layer_columns WHERE layer_id = ? LIMIT 1", file);
    q.integer(1, layer_id);
    return q.step();
}

// The attribute names of a layer's points, in the order first seen: for a layer imported before
// Oko stored them.
std::vector<std::string> names_in_points(sqlite3* db, const std::string& file, int64_t layer_id) {
    AttributeNames names;
    Statement q(db,
                "SELECT j.key FROM points AS p, json_each(p.attributes) AS j WHERE p.layer_id = ? AND p.attributes <> "
                "'{}' AND json_valid(p.attributes) ORDER BY p.id, j.id",
                file);
    q.integer(1, layer_id);
    while (q.step())
        names.add(q.column_text(0));
    return names.names();
}

// The views the schema template has: SpatiaLite's own.
bool is_template_view(const std::string& name) {
    for (const auto& o : expected_schema())
        if (o.type == "view" && o.name == name) return true;
    return false;
}

} // namespace

void AttributeNames::add(std::string_view name) {
    const std::string key = json_key(name);
    if (m_seen.insert(key).second) m_names.push_back(key);
}

void AttributeNames::add(const PointRecord& record) {
    const auto& attributes = record.attributes;
    bool same = attributes.size() == m_last.size();
    for (size_t i = 0; same && i < attributes.size(); ++i)
        same = attributes[i].first == m_last[i];
    if (same) return;
    m_last.clear();
    for (const auto& attribute : attributes) {
        const std::string key = json_key(attribute.first);
        const auto inserted = m_seen.insert(key);
        if (inserted.second) m_names.push_back(key);
        m_last.push_back(*inserted.first); // a set's elements stay where they are
    }
}

void AttributeNames::add(const std::vector<std::string>& names) {
    for (const auto& n : names)
        add(n);
}

std::vector<std::string> attribute_columns(const std::vector<std::string>& attribute_names,
                                           const std::vector<std::string>& own_columns, size_t at_most) {
    std::set<std::string> used;
    for (const auto& c : own_columns)
        used.insert(ascii_lower(c));
    std::vector<std::string> out;
    for (size_t i = 0; i < attribute_names.size() && i < at_most; ++i) {
        const std::string base = column_name(attribute_names[i]);
        std::string column = base;
        for (int n = 2; !used.insert(ascii_lower(column)).second; ++n)
            column = base + "_" + std::to_string(n);
        out.push_back(std::move(column));
    }
    return out;
}

std::vector<std::string> point_layer_attribute_names(const Store& store, int64_t layer_id) {
    sqlite3* db = store.handle();
    const std::string file = store.path().string();
    if (!has_table(db, file, "point_layer_columns") || !has_columns(db, file, layer_id))
        return names_in_points(db, file, layer_id);
    std::vector<std::string> out;
    Statement q(db, "SELECT name FROM point_layer_columns WHERE layer_id = ? ORDER BY position", file);
    q.integer(1, layer_id);
    while (q.step())
        out.push_back(q.column_text(0));
    return out;
}

std::string point_view_sql(const std::string& view_name, int64_t layer_id,
                           const std::vector<std::string>& attribute_names, bool curated) {
    std::vector<std::string> own;
    for (const char* c : kOwnColumns)
        if (curated || std::string_view(c) != "status") own.emplace_back(c);
    std::string sql = "CREATE VIEW " + quote_name(view_name) +
                      " AS SELECT p.id AS \"id\", p.vendor AS \"vendor\", p.year AS \"year\"" +
                      (curated ? ", p.status AS \"status\"" : "");
    const auto columns = attribute_columns(attribute_names, own, kMaxViewColumns - std::size(kOwnColumns));
    for (size_t i = 0; i < columns.size(); ++i)
        sql += ", " + attribute_value(attribute_names[i]) + " AS " + quote_name(columns[i]);
    // The source row is cast so that it has no declared type: GDAL reads INTEGER as 32 bits, and
    // the osm_cameras layer numbers its rows by OSM id.
    sql += ", s.file_name AS \"source_file\", CAST(p.source_row AS INTEGER) AS \"source_row\", p.geom AS \"geom\""
           " FROM \"points\" AS p LEFT JOIN \"point_sources\" AS s ON s.id = p.source_id WHERE p.layer_id = " +
           std::to_string(layer_id);
    // A GIS client sees the cameras: reports deleted or merged into another camera are left out.
    if (curated) sql += " AND p.deleted_at IS NULL AND p.merged_into IS NULL";
    return sql;
}

std::vector<PointLayerView> expected_point_views(sqlite3* db, const std::string& file) {
    std::vector<PointLayerView> out;
    if (!has_table(db, file, "point_layers") || !has_table(db, file, "points")) return out;
    // A view's name is taken by any object of Oko's schema, any table the file holds besides
    // (QGIS keeps its styles in one) and the views of earlier layers.
    std::set<std::string> taken;
    for (const auto& o : expected_schema())
        taken.insert(ascii_lower(o.name));
    {
        Statement q(db, "SELECT name FROM sqlite_master WHERE type = 'table'", file);
        while (q.step())
            taken.insert(ascii_lower(q.column_text(0)));
    }
    std::map<int64_t, std::vector<std::string>> columns;
    if (has_table(db, file, "point_layer_columns")) {
        Statement q(db, "SELECT layer_id, name FROM point_layer_columns ORDER BY layer_id, position", file);
        while (q.step())
            columns[q.column_int(0)].push_back(q.column_text(1));
    }
    bool curated = false; // the points table has curation's columns (store_points.hpp)
    {
        Statement c(db, "SELECT 1 FROM pragma_table_info('points') WHERE name = 'status'", file);
        curated = c.step();
    }
    Statement q(db, "SELECT id, name FROM point_layers ORDER BY id", file);
    while (q.step()) {
        const int64_t id = q.column_int(0);
        const std::string base = "points_" + view_name_part(q.column_text(1));
        std::string name = base;
        if (taken.count(ascii_lower(name))) name = base + "_" + std::to_string(id);
        for (int n = 2; taken.count(ascii_lower(name)); ++n)
            name = base + "_" + std::to_string(id) + "_" + std::to_string(n);
        taken.insert(ascii_lower(name));
        const auto it = columns.find(id);
        out.push_back(
            {id, name,
             point_view_sql(name, id, it == columns.end() ? std::vector<std::string>{} : it->second, curated)});
    }
    return out;
}

void add_point_layer_columns(Store& store, int64_t layer_id, const std::vector<std::string>& names) {
    std::set<std::string> stored;
    int64_t position = 0;
    {
        Statement q(store, "SELECT name, position FROM point_layer_columns WHERE layer_id = ?");
        q.integer(1, layer_id);
        while (q.step()) {
            stored.insert(q.column_text(0));
            position = std::max(position, q.column_int(1) + 1);
        }
    }
    Statement ins(store, "INSERT INTO point_layer_columns(layer_id, position, name) VALUES (?, ?, ?)");
    for (const auto& n : names) {
        if (!stored.insert(n).second) continue;
        ins.integer(1, layer_id);
        ins.integer(2, position++);
        ins.text(3, n);
        ins.step();
        ins.reset();
    }
}

void clear_point_layer_columns(Store& store, int64_t layer_id) {
    Statement del(store, "DELETE FROM point_layer_columns WHERE layer_id = ?");
    del.integer(1, layer_id);
    del.step();
}

std::vector<std::string> write_point_views(Store& store) {
    sqlite3* db = store.handle();
    const std::string file = store.path().string();
    if (!has_table(db, file, "point_layers")) return {};
    ensure_point_tables(store); // point_layer_columns, in a project from before the views
    std::map<std::string, std::string> existing;
    {
        Statement q(db, "SELECT name, sql FROM sqlite_master WHERE type = 'view'", file);
        while (q.step())
            if (!is_template_view(q.column_text(0))) existing[q.column_text(0)] = q.column_text(1);
    }
    const auto is_current = [&](const PointLayerView& v) {
        const auto it = existing.find(v.name);
        return it != existing.end() && it->second == v.sql;
    };
    auto expected = expected_point_views(db, file);
    // Layers imported before Oko stored their attribute names: once, from their points.
    bool recovered = false;
    for (const auto& v : expected) {
        if (is_current(v) || has_columns(db, file, v.layer_id)) continue;
        const auto names = names_in_points(db, file, v.layer_id);
        if (names.empty()) continue;
        add_point_layer_columns(store, v.layer_id, names);
        recovered = true;
    }
    if (recovered) expected = expected_point_views(db, file);

    std::set<std::string> kept, changed;
    for (const auto& v : expected)
        if (is_current(v)) kept.insert(v.name);
    for (const auto& view : existing) {
        if (kept.count(view.first)) continue;
        store.exec("DROP VIEW " + quote_name(view.first));
        changed.insert(view.first);
    }
    std::vector<std::string> created;
    for (const auto& v : expected) {
        if (kept.count(v.name)) continue;
        store.exec(v.sql);
        created.push_back(v.name);
        changed.insert(v.name);
    }
    // SpatiaLite's registration of the views: what it keeps of a view that went or changed goes
    // (statistics and field infos that QGIS may have had it compute), then every view is listed.
    for (const char* table : {"views_geometry_columns_statistics", "views_geometry_columns_field_infos",
                              "views_geometry_columns_auth", "views_geometry_columns"}) {
        if (!has_table(db, file, table)) continue;
        Statement del(db, "DELETE FROM " + quote_name(table) + " WHERE view_name = ?", file);
        for (const auto& name : changed) {
            del.text(1, name);
            del.step();
            del.reset();
        }
    }
    if (has_table(db, file, "views_geometry_columns")) {
        Statement reg(db,
                      "INSERT OR REPLACE INTO views_geometry_columns(view_name, view_geometry, view_rowid, "
                      "f_table_name, f_geometry_column, read_only) VALUES (?, 'geom', 'id', 'points', 'geom', 1)",
                      file);
        for (const auto& v : expected) {
            reg.text(1, v.name);
            reg.step();
            reg.reset();
        }
    }
    return created;
}

} // namespace oko::geo
