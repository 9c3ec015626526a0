#include "geo/store/curation.hpp"

#include "geo/base/error.hpp"
#include "geo/base/utc_time.hpp"
#include "geo/store/sqlite_statement.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_geometry.hpp"
#include "geo/store/store_point_views.hpp"
#include "geo/store/store_points.hpp"
#include "geo/store/store_rtree.hpp"
#include "geo/store/store_schema.hpp"
#include "geo/text/camera_fields.hpp"
#include "geo/text/field_values.hpp"
#include "geo/text/vendor_table.hpp"

#include <nlohmann/json.hpp>
#include <pwd.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <variant>

namespace oko::geo {

namespace {

using ojson = nlohmann::ordered_json;

// A value as SQLite stores it: a change records the old and new value of a column exactly.
using SqlValue = std::variant<std::monostate, int64_t, std::string, std::vector<uint8_t>>;

void bind(Statement& q, int i, const SqlValue& v) {
    if (std::holds_alternative<int64_t>(v))
        q.integer(i, std::get<int64_t>(v));
    else if (std::holds_alternative<std::string>(v))
        q.text(i, std::get<std::string>(v));
    else if (std::holds_alternative<std::vector<uint8_t>>(v)) {
        const auto& b = std::get<std::vector<uint8_t>>(v);
        sqlite3_bind_blob(q.get(), i, b.data(), static_cast<int>(b.size()), SQLITE_TRANSIENT);
    } else
        q.null(i);
}

// The value of column `i` of a row, as SQLite stores it (no column Oko changes holds a REAL).
SqlValue value_at(const Statement& q, int i) {
    switch (sqlite3_column_type(q.get(), i)) {
    case SQLITE_INTEGER:
        return q.column_int(i);
    case SQLITE_BLOB: {
        const auto* b = static_cast<const uint8_t*>(sqlite3_column_blob(q.get(), i));
        return std::vector<uint8_t>(b, b + sqlite3_column_bytes(q.get(), i));
    }
    case SQLITE_NULL:
        return {};
    default:
        return q.column_text(i);
    }
}

// The columns of `points` a change may set (their names go into SQL text), and the pseudo-columns
// "added": a camera added by hand, whose row an undo removes and a redo puts back, and "column":
// an attribute a layer gains (a known camera field it did not have; point_layer_columns and the
// layer's view), which an undo takes away and a redo gives again.
constexpr const char* kColumns[] = {"vendor",      "vendor_raw",   "year",        "year_raw", "attributes",
                                    "search_text", "status",       "status_note", "geom",     "deleted_at",
                                    "merged_into", "duplicate_of", "added_by",    "added_at"};
constexpr const char* kAdded = "added";
constexpr const char* kLayerColumn = "column";

bool is_column(const std::string& name) {
    return std::any_of(std::begin(kColumns), std::end(kColumns), [&](const char* c) { return name == c; });
}

const VendorTable& vendor_table() {
    static const VendorTable table = [] {
        const auto path = default_vendor_table_path();
        return std::filesystem::exists(path) ? VendorTable::load(path) : VendorTable{};
    }();
    return table;
}

std::string layer_list(const Store& store) {
    std::vector<std::string> names;
    for (const auto& l : list_point_layers(store))
        names.push_back(l.name);
    return names.empty() ? "the project has no point layers" : "point layers: " + list_names(names);
}

int64_t layer_or_fail(const Store& store, const std::string& layer) {
    const int64_t id = find_point_layer(store, layer);
    if (id == 0)
        throw Error("no point layer '" + layer + "' (" + layer_list(store) + ")", store.path().string(), 0, "--layer");
    return id;
}

std::vector<std::string> layer_attributes(const Store& store, int64_t layer_id) {
    std::vector<std::string> out;
    Statement q(store, "SELECT name FROM point_layer_columns WHERE layer_id = ? ORDER BY position");
    q.integer(1, layer_id);
    while (q.step())
        out.push_back(q.column_text(0));
    return out;
}

// What a field given by the user becomes, checked before anything is written.
struct CheckedFields {
    std::optional<std::string> vendor; // as written
    std::optional<std::string> year;   // as written; parsed_year its year
    std::optional<int> parsed_year;
    std::vector<std::pair<std::string, std::string>> attributes; // name, value ("" removes it)
    std::vector<std::string> new_columns; // attributes the layer gains: known camera fields it lacks
};

CheckedFields check_fields(const Store& store, int64_t layer_id, const std::string& layer, const FieldValues& fields) {
    CheckedFields out;
    const auto known = layer_attributes(store, layer_id);
    const std::string file = store.path().string();
    for (const auto& [name, value] : fields) {
        const std::string option = "--set " + name;
        if (name == "vendor") {
            out.vendor = value;
        } else if (name == "year") {
            out.year = value;
            out.parsed_year.reset();
            if (!value.empty()) {
                out.parsed_year = parse_year(value);
                if (!out.parsed_year)
                    throw Error("'" + value + "' is not a year (write it as 2019, or a date such as 2019-06-15)", file,
                                0, option);
            }
        } else if (name == "status" || name == "note") {
            throw Error("the status is not a field: use --status verified|rejected|unverified and --note TEXT", file, 0,
                        option);
        } else if (std::find(known.begin(), known.end(), name) != known.end()) {
            // An attribute that holds a known camera field is checked as that field ("camera:direction").
            for (const auto& field : camera_fields())
                if (holds_field(field, name))
                    if (const auto problem = camera_field_problem(field, value); !problem.empty())
                        throw Error(problem, file, 0, option);
            out.attributes.emplace_back(name, value);
        } else if (const auto* field = camera_field(name)) {
            // A known camera field: the layer's attribute that holds it, else a new one.
            if (const auto problem = camera_field_problem(*field, value); !problem.empty())
                throw Error(problem, file, 0, option);
            const auto held =
                std::find_if(known.begin(), known.end(), [&](const std::string& k) { return holds_field(*field, k); });
            const std::string attribute = held != known.end() ? *held : field->names.front();
            if (held == known.end() && !value.empty() &&
                std::find(out.new_columns.begin(), out.new_columns.end(), attribute) == out.new_columns.end())
                out.new_columns.push_back(attribute);
            out.attributes.emplace_back(attribute, value);
        } else {
            std::vector<std::string> names{"vendor", "year"};
            names.insert(names.end(), known.begin(), known.end());
            std::vector<std::string> any;
            for (const auto& f : camera_fields())
                any.push_back(f.name);
            throw Error("layer '" + layer + "' has no field '" + name + "'; its fields are " + list_names(names) +
                            ", and any camera may have " + list_names(any),
                        file, 0, option);
        }
    }
    return out;
}

void check_position(const Store& store, LonLat p, const std::string& option) {
    if (!std::isfinite(p.lon) || !std::isfinite(p.lat) || p.lon < -180 || p.lon > 180 || p.lat < -90 || p.lat > 90) {
        char text[96];
        std::snprintf(text, sizeof text, "%.7g,%.7g", p.lon, p.lat);
        throw Error(std::string("position ") + text +
                        " is not LON,LAT in degrees (longitude -180 to 180, latitude -90 to 90), e.g. 19.8451,45.2551",
                    store.path().string(), 0, option);
    }
}

// A point's state, to refuse operations on a point that is not a camera of the layer.
struct PointState {
    bool exists = false;
    int64_t layer_id = 0;
    std::string layer;
    std::optional<std::string> deleted_at;
    std::optional<int64_t> merged_into;
};

// Points' states, read through one statement: a change of many points checks each.
class PointStates {
public:
    explicit PointStates(const Store& store)
        : m_query(store, "SELECT p.layer_id, l.name, p.deleted_at, p.merged_into FROM points p"
                         " LEFT JOIN point_layers l ON l.id = p.layer_id WHERE p.id = ?") {}
    PointState of(int64_t id) {
        PointState out;
        m_query.integer(1, id);
        if (m_query.step()) {
            out.exists = true;
            out.layer_id = m_query.column_int(0);
            out.layer = m_query.column_text(1);
            if (!m_query.column_null(2)) out.deleted_at = m_query.column_text(2);
            if (!m_query.column_null(3)) out.merged_into = m_query.column_int(3);
        }
        m_query.reset();
        return out;
    }

private:
    Statement m_query;
};

// Fails unless `id` is a camera of the layer: there, not deleted, not merged into another.
void check_camera(const Store& store, PointStates& states, int64_t layer_id, const std::string& layer, int64_t id,
                  const std::string& option) {
    const auto s = states.of(id);
    const std::string file = store.path().string();
    const std::string what = "point " + std::to_string(id);
    if (!s.exists) throw Error("layer '" + layer + "' has no " + what, file, 0, option);
    if (s.layer_id != layer_id)
        throw Error(what + " is not in layer '" + layer + "' but in layer '" + s.layer + "'", file, 0, option);
    if (s.deleted_at)
        throw Error(what + " of layer '" + layer + "' was deleted at " + *s.deleted_at +
                        " (oko history lists it; oko undo puts back the last change)",
                    file, 0, option);
    if (s.merged_into)
        throw Error(what + " of layer '" + layer + "' was merged into camera " + std::to_string(*s.merged_into) +
                        ": change that camera",
                    file, 0, option);
}

// The spatial index's box of a point whose position changed: SpatiaLite's trigger has put it in
// the R*Tree; it is rounded as the import's bulk load rounds it, so that a move undone leaves the
// index as the import wrote it.
void refresh_index(Store& store, int64_t point) {
    Statement q(store, "SELECT geom FROM points WHERE id = ?");
    q.integer(1, point);
    if (!q.step() || q.column_null(0)) return;
    GeometryParts g;
    const auto* blob = static_cast<const uint8_t*>(sqlite3_column_blob(q.get(), 0));
    if (!decode_geometry(blob, static_cast<size_t>(sqlite3_column_bytes(q.get(), 0)), g) || g.points.empty()) return;
    const LonLat p = g.points.front();
    set_rtree_box(store.handle(), "idx_points_geom", {point, p.lon, p.lat, p.lon, p.lat}, store.path());
}

// Writes one change set: each change is recorded with the column's old value as stored, then
// the column is set from the recorded new value, so the point holds exactly what the history says.
class ChangeSet {
public:
    ChangeSet(Store& store, const std::string& who)
        : m_store(store), m_who(who), m_at(utc_now()),
          m_insert(store, "INSERT INTO curation_changes(change_set, layer_id, point_id, field, old_value, new_value, "
                          "who, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)") {
        // A new change ends what could be redone.
        store.exec("UPDATE curation_changes SET undone = 2 WHERE undone = 1");
        Statement last(store, "SELECT coalesce(max(change_set), 0) FROM curation_changes");
        last.step();
        m_number = last.column_int(0) + 1;
    }
    int64_t number() const { return m_number; }
    const std::string& at() const { return m_at; }
    size_t changes() const { return m_changes; }

    // Sets column `column` of point `point` to `value`, recording the change; nothing when it
    // holds that value already.
    void set(int64_t layer_id, int64_t point, const char* column, const SqlValue& value) {
        Statement& old = value_of(column);
        old.integer(1, point);
        bind(old, 2, value);
        if (!old.step() || old.column_int(1) == 1) { // no such point, or the value is so already
            old.reset();
            return;
        }
        const int64_t change = record(layer_id, point, column, value, sqlite3_column_value(old.get(), 0));
        old.reset();
        Statement& apply = update(column);
        apply.integer(1, change);
        apply.integer(2, point);
        apply.step();
        apply.reset();
        if (std::string_view(column) == "geom") refresh_index(m_store, point);
    }

    // Records the attribute `name` the layer gains, and gives it: its column in the layer's view.
    void add_column(int64_t layer_id, const std::string& name) {
        Statement ins(m_store, "INSERT INTO curation_changes(change_set, layer_id, point_id, field, old_value, "
                               "new_value, who, at) VALUES (?, ?, NULL, ?, NULL, ?, ?, ?)");
        ins.integer(1, m_number);
        ins.integer(2, layer_id);
        ins.text(3, kLayerColumn);
        ins.text(4, name);
        ins.text(5, m_who);
        ins.text(6, m_at);
        ins.step();
        ++m_changes;
        add_point_layer_columns(m_store, layer_id, {name});
        write_point_views(m_store);
    }

    // Records the new camera `point`, and inserts its row.
    void add(int64_t layer_id, int64_t point) {
        record(layer_id, point, kAdded, int64_t{1}, nullptr);
        Statement ins(m_store, "INSERT INTO points(id, layer_id) VALUES (?, ?)");
        ins.integer(1, point);
        ins.integer(2, layer_id);
        ins.step();
    }

private:
    // `old`: the column's value before (null for a camera added).
    int64_t record(int64_t layer_id, int64_t point, const char* column, const SqlValue& value, sqlite3_value* old) {
        m_insert.integer(1, m_number);
        m_insert.integer(2, layer_id);
        m_insert.integer(3, point);
        m_insert.text(4, column);
        if (old)
            sqlite3_bind_value(m_insert.get(), 5, old); // a copy
        else
            m_insert.null(5);
        bind(m_insert, 6, value);
        m_insert.text(7, m_who);
        m_insert.text(8, m_at);
        m_insert.step();
        m_insert.reset();
        ++m_changes;
        return sqlite3_last_insert_rowid(m_store.handle());
    }

    Statement& cached(std::map<std::string, std::unique_ptr<Statement>>& cache, const char* column,
                      const std::string& sql) {
        auto& s = cache[column];
        if (!s) s = std::make_unique<Statement>(m_store, sql);
        return *s;
    }
    // The column's value and whether it is the one given (?2), of point ?1.
    Statement& value_of(const char* column) {
        return cached(m_value, column,
                      "SELECT " + quote_name(column) + ", " + quote_name(column) + " IS ?2 FROM points WHERE id = ?1");
    }
    Statement& update(const char* column) {
        return cached(m_update, column,
                      "UPDATE points SET " + quote_name(column) +
                          " = (SELECT new_value FROM curation_changes WHERE id = ?) WHERE id = ?");
    }

    Store& m_store;
    std::string m_who, m_at;
    Statement m_insert;
    int64_t m_number = 0;
    size_t m_changes = 0;
    std::map<std::string, std::unique_ptr<Statement>> m_value, m_update;
};

SqlValue text_or_null(const std::string& s) { return s.empty() ? SqlValue{} : SqlValue{s}; }

// The point's vendor, year and attributes as stored, and the same after `fields`: what a
// change to them writes, the search text with them.
struct Descriptive {
    std::string vendor_raw, year_raw;
    ojson attributes = ojson::object();
};

Descriptive read_descriptive(const Store& store, int64_t id) {
    Descriptive d;
    Statement q(store, "SELECT vendor_raw, year_raw, attributes FROM points WHERE id = ?");
    q.integer(1, id);
    if (q.step()) {
        d.vendor_raw = q.column_text(0);
        d.year_raw = q.column_text(1);
        d.attributes = ojson::parse(q.column_text(2), nullptr, false);
        if (!d.attributes.is_object()) d.attributes = ojson::object();
    }
    return d;
}

std::string dump(const ojson& j) { return j.dump(-1, ' ', false, ojson::error_handler_t::replace); }

// The search text of a point with these values, as the import makes it.
std::string search_text_of(const Descriptive& d) {
    std::vector<std::string> texts;
    for (const auto& [k, v] : d.attributes.items())
        texts.push_back(v.is_string() ? v.get<std::string>() : dump(v));
    std::vector<std::string_view> values(texts.begin(), texts.end());
    return point_search_text(d.vendor_raw, d.year_raw, values);
}

// Writes `fields` into point `id`: vendor (normalised), year, attributes and the search text.
void write_fields(ChangeSet& changes, const Store& store, int64_t layer_id, int64_t id, const CheckedFields& fields) {
    if (!fields.vendor && !fields.year && fields.attributes.empty()) return;
    Descriptive d = read_descriptive(store, id);
    if (fields.vendor) {
        d.vendor_raw = *fields.vendor;
        const std::string canonical = vendor_table().canonical(*fields.vendor);
        changes.set(layer_id, id, "vendor", text_or_null(canonical));
        changes.set(layer_id, id, "vendor_raw", d.vendor_raw);
    }
    if (fields.year) {
        d.year_raw = *fields.year;
        changes.set(layer_id, id, "year", fields.parsed_year ? SqlValue{int64_t{*fields.parsed_year}} : SqlValue{});
        changes.set(layer_id, id, "year_raw", d.year_raw);
    }
    for (const auto& [name, value] : fields.attributes) {
        if (value.empty())
            d.attributes.erase(name);
        else
            d.attributes[name] = value;
    }
    if (!fields.attributes.empty()) changes.set(layer_id, id, "attributes", dump(d.attributes));
    changes.set(layer_id, id, "search_text", search_text_of(d));
}

// A column's name as the history shows it: what the user changed, not how it is stored.
std::string field_shown(const std::string& column) {
    if (column == "geom") return "position";
    if (column == "deleted_at") return "deleted";
    if (column == "status_note") return "note";
    if (column == "vendor_raw") return "vendor";
    if (column == "year_raw") return "year";
    return column;
}

// A column's value as the history shows it.
std::optional<std::string> shown(sqlite3_stmt* q, int column, const std::string& field) {
    if (sqlite3_column_type(q, column) == SQLITE_NULL) return std::nullopt;
    if (field == "geom") {
        GeometryParts g;
        const auto* blob = static_cast<const uint8_t*>(sqlite3_column_blob(q, column));
        if (!blob || !decode_geometry(blob, static_cast<size_t>(sqlite3_column_bytes(q, column)), g) ||
            g.points.empty())
            return std::string("(not a point)");
        char text[64];
        std::snprintf(text, sizeof text, "%.7f,%.7f", g.points.front().lon, g.points.front().lat);
        return std::string(text);
    }
    const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(q, column));
    return std::string(t ? t : "", static_cast<size_t>(sqlite3_column_bytes(q, column)));
}

struct SetRow {
    int64_t id = 0, layer_id = 0, point = 0;
    std::string field;
};

std::vector<SetRow> rows_of(const Store& store, int64_t change_set) {
    std::vector<SetRow> out;
    Statement q(store, "SELECT id, layer_id, point_id, field FROM curation_changes WHERE change_set = ? ORDER BY id");
    q.integer(1, change_set);
    while (q.step())
        out.push_back({q.column_int(0), q.column_int(1), q.column_int(2), q.column_text(3)});
    return out;
}

// The attribute a layer gained in change `row` (a "column" change) taken away (undo) or given
// again (redo), and the layer's view written again.
void layer_column(Store& store, const SetRow& row, bool give) {
    Statement q(store, "SELECT new_value FROM curation_changes WHERE id = ?");
    q.integer(1, row.id);
    if (!q.step()) return;
    const std::string name = q.column_text(0);
    if (give) {
        add_point_layer_columns(store, row.layer_id, {name});
    } else {
        Statement del(store, "DELETE FROM point_layer_columns WHERE layer_id = ? AND name = ?");
        del.integer(1, row.layer_id);
        del.text(2, name);
        del.step();
    }
    write_point_views(store);
}

// Puts the old (undo) or new (redo) values of a change set's rows back, one prepared statement
// per column.
class Restorer {
public:
    Restorer(Store& store, const char* which) : m_store(store), m_which(which) {}
    void operator()(const SetRow& row) {
        if (!is_column(row.field))
            throw Error("the history names a field '" + row.field + "' that Oko does not write",
                        m_store.path().string());
        auto& up = m_updates[row.field];
        if (!up)
            up =
                std::make_unique<Statement>(m_store, "UPDATE points SET " + quote_name(row.field) + " = (SELECT " +
                                                         m_which + " FROM curation_changes WHERE id = ?) WHERE id = ?");
        up->integer(1, row.id);
        up->integer(2, row.point);
        up->step();
        up->reset();
        if (row.field == "geom") refresh_index(m_store, row.point);
    }

private:
    Store& m_store;
    std::string m_which;
    std::map<std::string, std::unique_ptr<Statement>> m_updates;
};

} // namespace

StoreCuration::StoreCuration(Store& store, std::string who) : m_store(store), m_who(std::move(who)) {
    if (m_who.empty()) m_who = default_curator();
}

int64_t StoreCuration::edit(const std::string& layer, const std::vector<int64_t>& ids, const PointEdit& edit) {
    const std::string file = m_store.path().string();
    const int64_t layer_id = layer_or_fail(m_store, layer);
    if (ids.empty()) throw Error("no point given (--id N or --ids A,B,...)", file, 0, "--id");
    if (edit.empty())
        throw Error("nothing to change: give --set FIELD=VALUE, --status, --note or --move", file, 0, "--set");
    const auto fields = check_fields(m_store, layer_id, layer, edit.fields);
    if (edit.position) check_position(m_store, *edit.position, "--move");
    Store::Transaction tx(m_store);
    PointStates states(m_store);
    for (const int64_t id : ids)
        check_camera(m_store, states, layer_id, layer, id, ids.size() == 1 ? "--id" : "--ids");
    ChangeSet changes(m_store, m_who);
    for (const auto& name : fields.new_columns)
        changes.add_column(layer_id, name);
    for (const int64_t id : ids) {
        write_fields(changes, m_store, layer_id, id, fields);
        if (edit.status) changes.set(layer_id, id, "status", std::string(status_name(*edit.status)));
        if (edit.note) changes.set(layer_id, id, "status_note", text_or_null(*edit.note));
        if (edit.position) changes.set(layer_id, id, "geom", encode_point(*edit.position));
    }
    if (changes.changes() == 0) return 0; // every value was already so: nothing to record
    tx.commit();
    return changes.number();
}

int64_t StoreCuration::add(const std::string& layer, LonLat at, const FieldValues& fields, int64_t& id,
                           const std::string& note) {
    const int64_t layer_id = layer_or_fail(m_store, layer);
    const auto checked = check_fields(m_store, layer_id, layer, fields);
    check_position(m_store, at, "--at");
    Store::Transaction tx(m_store);
    ChangeSet changes(m_store, m_who);
    // A new id, also past those of cameras added and undone, which a redo would put back.
    Statement next(m_store, "SELECT max(coalesce((SELECT max(id) FROM points), 0),"
                            " coalesce((SELECT max(point_id) FROM curation_changes), 0)) + 1");
    next.step();
    id = next.column_int(0);
    for (const auto& name : checked.new_columns)
        changes.add_column(layer_id, name);
    changes.add(layer_id, id);
    changes.set(layer_id, id, "added_by", m_who);
    changes.set(layer_id, id, "added_at", changes.at());
    changes.set(layer_id, id, "attributes", std::string("{}"));
    changes.set(layer_id, id, "vendor_raw", std::string());
    changes.set(layer_id, id, "year_raw", std::string());
    write_fields(changes, m_store, layer_id, id, checked);
    if (!checked.vendor && !checked.year && checked.attributes.empty())
        changes.set(layer_id, id, "search_text", point_search_text("", "", {}));
    changes.set(layer_id, id, "geom", encode_point(at));
    if (!note.empty()) changes.set(layer_id, id, "status_note", note);
    tx.commit();
    return changes.number();
}

int64_t StoreCuration::remove(const std::string& layer, int64_t id) {
    const int64_t layer_id = layer_or_fail(m_store, layer);
    Store::Transaction tx(m_store);
    PointStates states(m_store);
    check_camera(m_store, states, layer_id, layer, id, "--id");
    ChangeSet changes(m_store, m_who);
    changes.set(layer_id, id, "deleted_at", changes.at());
    tx.commit();
    return changes.number();
}

int64_t StoreCuration::merge(const std::string& layer, const std::vector<int64_t>& ids) {
    const std::string file = m_store.path().string();
    const int64_t layer_id = layer_or_fail(m_store, layer);
    const std::set<int64_t> distinct(ids.begin(), ids.end());
    if (distinct.size() < 2)
        throw Error("a merge needs two or more different ids (--ids A,B[,C...])", file, 0, "--ids");
    Store::Transaction tx(m_store);
    PointStates states(m_store);
    for (const int64_t id : distinct)
        check_camera(m_store, states, layer_id, layer, id, "--ids");
    const int64_t keep = *distinct.begin();
    ChangeSet changes(m_store, m_who);
    Statement merged(m_store, "SELECT id FROM points WHERE merged_into = ? ORDER BY id");
    for (auto it = std::next(distinct.begin()); it != distinct.end(); ++it) {
        // The reports merged into this one before now belong to the camera that stays.
        std::vector<int64_t> earlier;
        merged.integer(1, *it);
        while (merged.step())
            earlier.push_back(merged.column_int(0));
        merged.reset();
        changes.set(layer_id, *it, "merged_into", keep);
        for (const int64_t e : earlier)
            changes.set(layer_id, e, "merged_into", keep);
    }
    tx.commit();
    return changes.number();
}

int64_t StoreCuration::mark_distinct(const std::string& layer, const std::vector<int64_t>& ids) {
    const std::string file = m_store.path().string();
    const int64_t layer_id = layer_or_fail(m_store, layer);
    const std::set<int64_t> given(ids.begin(), ids.end());
    if (given.size() < 2)
        throw Error("marking cameras distinct needs two or more different ids (--ids A,B[,C...])", file, 0, "--ids");
    Store::Transaction tx(m_store);
    PointStates states(m_store);
    for (const int64_t id : given)
        check_camera(m_store, states, layer_id, layer, id, "--ids");
    // Each id's flag: the camera the import flagged it a duplicate of (0: none).
    std::map<int64_t, int64_t> flagged_against;
    {
        Statement q(m_store, "SELECT coalesce(duplicate_of, 0) FROM points WHERE id = ?");
        for (const int64_t id : given) {
            q.integer(1, id);
            q.step();
            flagged_against[id] = q.column_int(0);
            q.reset();
        }
    }
    // Every id must be flagged against another of them, or another against it.
    for (const int64_t id : given) {
        const bool linked = given.count(flagged_against[id]) || std::any_of(given.begin(), given.end(), [&](int64_t o) {
                                return flagged_against[o] == id;
                            });
        if (linked) continue;
        std::vector<std::string> others;
        for (const int64_t o : given)
            if (o != id) others.push_back(std::to_string(o));
        const int64_t head = flagged_against[id];
        const bool sibling = head != 0 && std::any_of(given.begin(), given.end(),
                                                      [&](int64_t o) { return o != id && flagged_against[o] == head; });
        const bool one = others.size() == 1;
        throw Error("point " + std::to_string(id) + " was not flagged as a duplicate of " +
                        (one ? "point " : "points ") + list_names(others) + ", nor " +
                        (one ? "that one" : "any of them") + " of it" +
                        (sibling ? ": both were flagged as duplicates of point " + std::to_string(head) +
                                       " (mark each distinct from that one, or all of them at once)"
                                 : " (the window's point inspector and oko import's report list the duplicates "
                                   "flagged at import)"),
                    file, 0, "--ids");
    }
    ChangeSet changes(m_store, m_who);
    for (const int64_t id : given)
        if (given.count(flagged_against[id])) changes.set(layer_id, id, "duplicate_of", SqlValue{});
    tx.commit();
    return changes.number();
}

int64_t StoreCuration::revert(int64_t change_set) {
    const std::string file = m_store.path().string();
    const std::string which = "change set " + std::to_string(change_set);
    Store::Transaction tx(m_store);
    const auto rows = rows_of(m_store, change_set);
    if (rows.empty()) {
        Statement last(m_store, "SELECT coalesce(max(change_set), 0) FROM curation_changes");
        last.step();
        const int64_t n = last.column_int(0);
        throw Error("there is no " + which +
                        (n == 0
                             ? std::string(": the project has no history yet")
                             : " (the history has change sets 1 to " + std::to_string(n) + "; oko history lists them)"),
                    file, 0, "--change");
    }
    {
        Statement undone(m_store, "SELECT max(undone) FROM curation_changes WHERE change_set = ?");
        undone.integer(1, change_set);
        undone.step();
        if (undone.column_int(0) != 0) throw Error(which + " is undone; redo it or leave it", file, 0, "--change");
    }
    const auto of_point = [](const std::string& field, int64_t point) {
        return "the " + field + " of point " + std::to_string(point);
    };
    // The refusal naming the later change set, not undone, that changed `column` of `point` last;
    // `what`: the point's field in the user's words.
    const auto refusal = [&](int64_t point, const std::string& column, const std::string& what) {
        Statement later(m_store, "SELECT max(change_set) FROM curation_changes WHERE change_set > ? AND undone = 0"
                                 " AND point_id = ? AND field = ?");
        later.integer(1, change_set);
        later.integer(2, point);
        later.text(3, column);
        later.step();
        return Error("cannot revert " + which + ": " + what +
                         (later.column_null(0)
                              ? " is no longer what it made it"
                              : " was changed again by change set " + std::to_string(later.column_int(0)) +
                                    " (revert or undo that one first)"),
                     file, 0, "--change");
    };
    // Each column of each point the set changed: its first change (the value before) and its last
    // (the value after), in the order the set made them; the cameras it added.
    struct Span {
        int64_t layer_id = 0, point = 0, first = 0, last = 0;
        std::string column;
    };
    std::vector<Span> spans;
    std::map<std::pair<int64_t, std::string>, size_t> span_of; // point, column: its span
    std::set<int64_t> added;
    for (const auto& r : rows)
        if (r.field == kAdded) added.insert(r.point);
    for (const auto& r : rows) {
        if (added.count(r.point) && r.field != kAdded) continue; // part of the camera added
        if (r.field == kLayerColumn) continue;                   // the layer keeps an attribute it gained
        const auto [it, is_new] = span_of.try_emplace({r.point, r.field}, spans.size());
        if (is_new)
            spans.push_back({r.layer_id, r.point, r.id, r.id, r.field});
        else
            spans[it->second].last = r.id;
    }
    ChangeSet changes(m_store, m_who);
    // The old (0) or new (1) value change `row` recorded.
    Statement values(m_store, "SELECT old_value, new_value FROM curation_changes WHERE id = ?");
    const auto recorded = [&](int64_t row, int which_value) {
        values.integer(1, row);
        values.step();
        SqlValue v = value_at(values, which_value);
        values.reset();
        return v;
    };
    // Whether `column` of `point` still holds what change `row` made it, one statement a column.
    std::map<std::string, std::unique_ptr<Statement>> still;
    const auto unchanged_since = [&](const std::string& column, int64_t point, int64_t row) {
        auto& q = still[column];
        if (!q)
            q = std::make_unique<Statement>(m_store, "SELECT " + quote_name(column) +
                                                         " IS (SELECT new_value FROM curation_changes WHERE id = ?2)"
                                                         " FROM points WHERE id = ?1");
        q->integer(1, point);
        q->integer(2, row);
        const bool same = q->step() && q->column_int(0) == 1;
        q->reset();
        return same;
    };
    PointStates states(m_store);
    std::set<int64_t> descriptive; // points whose search text follows their vendor, year or attributes
    std::vector<std::pair<const Span*, SqlValue>> writes;
    for (const auto& span : spans) {
        const std::string& column = span.column;
        if (column == kAdded) {
            // A camera added is deleted, as remove() deletes one, if it still is a camera.
            const auto state = states.of(span.point);
            const std::string what = "point " + std::to_string(span.point) + ", the camera it added,";
            if (state.deleted_at) throw refusal(span.point, "deleted_at", what);
            if (state.merged_into) throw refusal(span.point, "merged_into", what);
            writes.emplace_back(&span, SqlValue{changes.at()});
            continue;
        }
        if (!is_column(column)) throw Error("the history names a field '" + column + "' that Oko does not write", file);
        if (column == "search_text") continue; // follows what it is made of, below
        const bool unchanged = unchanged_since(column, span.point, span.last);
        if (column != "attributes") {
            if (!unchanged) throw refusal(span.point, column, of_point(field_shown(column), span.point));
            writes.emplace_back(&span, recorded(span.first, 0));
            if (column == "vendor_raw" || column == "year_raw") descriptive.insert(span.point);
            continue;
        }
        descriptive.insert(span.point);
        if (unchanged) { // as the set left them: back to the text they had, exactly
            writes.emplace_back(&span, recorded(span.first, 0));
            continue;
        }
        // Changed since: the attributes the set changed back, if each is still as it made it.
        const auto object = [](const SqlValue& v) {
            auto j = std::holds_alternative<std::string>(v) ? ojson::parse(std::get<std::string>(v), nullptr, false)
                                                            : ojson::object();
            return j.is_object() ? j : ojson::object();
        };
        const ojson before = object(recorded(span.first, 0)), after = object(recorded(span.last, 1));
        ojson current = read_descriptive(m_store, span.point).attributes;
        std::vector<std::string> keys;
        for (const auto* j : {&before, &after})
            for (const auto& item : j->items())
                if (std::find(keys.begin(), keys.end(), item.key()) == keys.end()) keys.push_back(item.key());
        const auto value = [](const ojson& j, const std::string& k) { return j.contains(k) ? j[k] : ojson(); };
        for (const auto& k : keys) {
            if (value(before, k) == value(after, k)) continue;
            if (value(current, k) != value(after, k)) throw refusal(span.point, "attributes", of_point(k, span.point));
            if (before.contains(k))
                current[k] = before[k];
            else
                current.erase(k);
        }
        writes.emplace_back(&span, dump(current));
    }
    for (const auto& [span, value] : writes)
        changes.set(span->layer_id, span->point, span->column == kAdded ? "deleted_at" : span->column.c_str(), value);
    // The search text: back to what it was if nothing else changed it since, else made again.
    for (const int64_t point : descriptive) {
        const auto found = span_of.find({point, "search_text"});
        if (found == span_of.end()) continue;
        const Span& text = spans[found->second];
        if (unchanged_since("search_text", point, text.last))
            changes.set(text.layer_id, point, "search_text", recorded(text.first, 0));
        else
            changes.set(text.layer_id, point, "search_text", search_text_of(read_descriptive(m_store, point)));
    }
    if (changes.changes() == 0) return 0;
    tx.commit();
    return changes.number();
}

std::vector<std::pair<int64_t, double>> flagged_duplicates(const Store& store, int64_t id) {
    std::vector<std::pair<int64_t, double>> out;
    {
        Statement curated(store, "SELECT 1 FROM pragma_table_info('points') WHERE name = 'merged_into'");
        if (!curated.step()) return out; // a project from before curation
    }
    // The group: the camera the point was flagged against (or the point itself), and every point
    // flagged against that one. The distance is the import's, to the camera of the group.
    Statement q(store, "WITH g(head) AS (SELECT coalesce(duplicate_of, id) FROM points WHERE id = ?1)"
                       " SELECT p.id, coalesce(p.duplicate_distance_m, q.duplicate_distance_m, 0) FROM points p, g"
                       " LEFT JOIN points q ON q.id = ?1"
                       " WHERE (p.id = g.head OR p.duplicate_of = g.head) AND p.id <> ?1"
                       " AND p.deleted_at IS NULL AND p.merged_into IS NULL ORDER BY p.id");
    q.integer(1, id);
    while (q.step())
        out.emplace_back(q.column_int(0), sqlite3_column_double(q.get(), 1));
    return out;
}

std::vector<DuplicateGroup> flagged_duplicate_groups(const Store& store, const std::string& layer) {
    const int64_t layer_id = layer_or_fail(store, layer);
    std::vector<DuplicateGroup> out;
    {
        Statement curated(store, "SELECT 1 FROM pragma_table_info('points') WHERE name = 'merged_into'");
        if (!curated.step()) return out; // a project from before curation
    }
    // The cameras flagged against another, by the one they were flagged against: the same group
    // as flagged_duplicates() reads around one point. Then whether that one is still a camera.
    Statement q(store, "SELECT duplicate_of, id, coalesce(duplicate_distance_m, 0), coalesce(vendor, '') FROM points"
                       " WHERE layer_id = ?1 AND duplicate_of IS NOT NULL AND deleted_at IS NULL"
                       " AND merged_into IS NULL ORDER BY duplicate_of, id");
    q.integer(1, layer_id);
    Statement live(store, "SELECT coalesce(vendor, '') FROM points WHERE id = ?1 AND deleted_at IS NULL AND "
                          "merged_into IS NULL");
    std::optional<int64_t> head;
    DuplicateGroup group;
    const auto close = [&] {
        if (group.points.size() >= 2) out.push_back(std::move(group));
        group = {};
    };
    while (q.step()) {
        const int64_t of = q.column_int(0);
        if (of != head) {
            close();
            head = of;
            live.reset();
            live.integer(1, of);
            if (live.step()) {
                group.points.emplace_back(of, 0.0);
                group.vendors.push_back(live.column_text(0));
            }
        }
        group.points.emplace_back(q.column_int(1), sqlite3_column_double(q.get(), 2));
        group.vendors.push_back(q.column_text(3));
    }
    close();
    std::sort(out.begin(), out.end(), [](const DuplicateGroup& a, const DuplicateGroup& b) {
        return std::min_element(a.points.begin(), a.points.end())->first <
               std::min_element(b.points.begin(), b.points.end())->first;
    });
    return out;
}

std::string DuplicateGroup::known_vendors() const {
    std::vector<std::string> names;
    for (const auto& v : vendors)
        if (!v.empty() && std::find(names.begin(), names.end(), v) == names.end()) names.push_back(v);
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : " / ") + n;
    return out;
}

std::vector<CurationChange> StoreCuration::history(const std::string& layer) const {
    return curation_history(m_store, layer);
}

std::vector<CurationChange> curation_history(const Store& store, const std::string& layer,
                                             std::optional<int64_t> change_set) {
    if (!layer.empty()) layer_or_fail(store, layer);
    std::vector<CurationChange> out;
    {
        Statement has(store, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'curation_changes'");
        if (!has.step()) return out;
    }
    Statement q(store, "SELECT c.change_set, l.name, c.point_id, c.field, c.old_value, c.new_value, c.who, c.at,"
                       " c.undone FROM curation_changes c LEFT JOIN point_layers l ON l.id = c.layer_id"
                       " WHERE (?1 IS NULL OR l.name = ?1) AND (?2 IS NULL OR c.change_set = ?2) ORDER BY c.id");
    if (!layer.empty()) q.text(1, layer);
    if (change_set) q.integer(2, *change_set);
    while (q.step()) {
        CurationChange c;
        c.change_set = q.column_int(0);
        c.layer = q.column_text(1);
        c.point = q.column_int(2);
        c.field = q.column_text(3);
        c.who = q.column_text(6);
        c.at = q.column_text(7);
        c.undone = q.column_int(8) != 0;
        // Derived columns are not what anyone changed; an added camera is one line.
        if (c.field == "search_text" || c.field == "vendor_raw" || c.field == "year_raw" || c.field == "added_by" ||
            c.field == "added_at" || c.field == kLayerColumn)
            continue;
        if (c.field == kAdded) {
            c.new_value = "camera added";
            out.push_back(std::move(c));
            continue;
        }
        if (c.field == "attributes") {
            // One line per attribute that changed.
            const auto before = ojson::parse(shown(q.get(), 4, c.field).value_or("{}"), nullptr, false);
            const auto after = ojson::parse(shown(q.get(), 5, c.field).value_or("{}"), nullptr, false);
            std::vector<std::string> keys;
            for (const auto* j : {&before, &after})
                if (j->is_object())
                    for (const auto& item : j->items())
                        if (std::find(keys.begin(), keys.end(), item.key()) == keys.end()) keys.push_back(item.key());
            const auto value = [](const ojson& j, const std::string& k) -> std::optional<std::string> {
                if (!j.is_object() || !j.contains(k)) return std::nullopt;
                return j[k].is_string() ? j[k].get<std::string>() : dump(j[k]);
            };
            for (const auto& k : keys) {
                CurationChange a = c;
                a.field = k;
                a.old_value = value(before, k);
                a.new_value = value(after, k);
                if (a.old_value != a.new_value) out.push_back(std::move(a));
            }
            continue;
        }
        c.old_value = shown(q.get(), 4, c.field);
        c.new_value = shown(q.get(), 5, c.field);
        c.field = field_shown(c.field);
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<CameraReport> StoreCuration::reports(const std::string& layer, int64_t id) const {
    return camera_reports(m_store, layer, id);
}

std::vector<CameraReport> camera_reports(const Store& store, const std::string& layer, int64_t id) {
    const int64_t layer_id = layer_or_fail(store, layer);
    // A project from before curation (read without an upgrade): every point is its own camera.
    const bool curated = point_tables_current(store);
    int64_t camera = id;
    {
        Statement q(store, std::string("SELECT layer_id, ") + (curated ? "merged_into" : "NULL") +
                               " FROM points WHERE id = ?");
        q.integer(1, id);
        if (!q.step() || q.column_int(0) != layer_id)
            throw Error("layer '" + layer + "' has no point " + std::to_string(id), store.path().string(), 0, "--id");
        if (!q.column_null(1)) camera = q.column_int(1);
    }
    std::vector<CameraReport> out;
    Statement q(
        store, std::string("SELECT ") +
                   (curated ? kReportColumns : "p.id, s.file_name, s.sha256, p.source_row, s.imported_at, NULL, NULL") +
                   " FROM points p LEFT JOIN point_sources s ON s.id = p.source_id WHERE p.id = ?1" +
                   (curated ? " OR p.merged_into = ?1" : "") + " ORDER BY p.id <> ?1, p.id");
    q.integer(1, camera);
    while (q.step()) {
        CameraReport r = report_at(q, 0);
        r.merged = r.point != camera;
        out.push_back(std::move(r));
    }
    return out;
}

std::string report_text(const CameraReport& r) {
    if (!r.source_file.empty()) return r.source_file + " row " + std::to_string(r.source_row);
    return "added by hand by " + r.added_by + " at " + r.added_at;
}

CameraReport report_at(const Statement& q, int first) {
    CameraReport r;
    r.point = q.column_int(first);
    r.source_file = q.column_text(first + 1);
    r.sha256 = q.column_text(first + 2);
    r.source_row = q.column_int(first + 3);
    r.imported_at = q.column_text(first + 4);
    r.added_by = q.column_text(first + 5);
    r.added_at = q.column_text(first + 6);
    return r;
}

std::optional<int64_t> StoreCuration::undo() {
    Store::Transaction tx(m_store);
    Statement last(m_store, "SELECT max(change_set) FROM curation_changes WHERE undone = 0");
    if (!last.step() || last.column_null(0)) return std::nullopt;
    const int64_t set = last.column_int(0);
    const auto rows = rows_of(m_store, set);
    Restorer restore(m_store, "old_value");
    std::set<int64_t> added;
    for (const auto& r : rows)
        if (r.field == kAdded) added.insert(r.point);
    // Newest first: a column changed twice in a set gets its first old value back.
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
        if (added.count(it->point)) {
            if (it->field != kAdded) continue;
            Statement del(m_store, "DELETE FROM points WHERE id = ?");
            del.integer(1, it->point);
            del.step();
            continue;
        }
        if (it->field == kLayerColumn) { // last: the values recorded after it are put back first
            layer_column(m_store, *it, false);
            continue;
        }
        restore(*it);
    }
    Statement mark(m_store, "UPDATE curation_changes SET undone = 1 WHERE change_set = ?");
    mark.integer(1, set);
    mark.step();
    tx.commit();
    return set;
}

std::optional<int64_t> StoreCuration::redo() {
    Store::Transaction tx(m_store);
    Statement first(m_store, "SELECT min(change_set) FROM curation_changes WHERE undone = 1");
    if (!first.step() || first.column_null(0)) return std::nullopt;
    const int64_t set = first.column_int(0);
    Restorer restore(m_store, "new_value");
    PointStates states(m_store);
    for (const auto& r : rows_of(m_store, set)) {
        if (r.field == kAdded) {
            if (states.of(r.point).exists)
                throw Error("cannot redo change set " + std::to_string(set) + ": the id of the camera it adds, " +
                                std::to_string(r.point) + ", is taken",
                            m_store.path().string());
            Statement ins(m_store, "INSERT INTO points(id, layer_id) VALUES (?, ?)");
            ins.integer(1, r.point);
            ins.integer(2, r.layer_id);
            ins.step();
            continue;
        }
        if (r.field == kLayerColumn) {
            layer_column(m_store, r, true);
            continue;
        }
        restore(r);
    }
    Statement mark(m_store, "UPDATE curation_changes SET undone = 0 WHERE change_set = ?");
    mark.integer(1, set);
    mark.step();
    tx.commit();
    return set;
}

std::string default_curator() {
    if (const char* user = std::getenv("OKO_USER"); user && *user) return user;
    if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name && *pw->pw_name) return pw->pw_name;
    return "uid " + std::to_string(getuid());
}

} // namespace oko::geo
