#include "geo/store/store_point_rows.hpp"

#include "geo/base/error.hpp"
#include "geo/store/sqlite_statement.hpp"
#include "geo/store/store_geometry.hpp"
#include "geo/store/store_point_views.hpp"
#include "geo/store/store_points.hpp"
#include "geo/store/store_schema.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <sqlite3.h>

#include <unordered_map>

namespace oko::geo {

namespace {

bool has_column(sqlite3* db, const std::string& file, const char* table, const char* column) {
    Statement q(db, std::string("PRAGMA table_info(") + quote_name(table) + ")", file);
    while (q.step())
        if (q.column_text(1) == column) return true;
    return false;
}

// The attributes' JSON object read straight into a row's values, without a json value per row:
// a million rows are read at the speed of the text. A value that is not a string is written as
// JSON writes it (12, true); a nested one makes the reader fall back to a whole parse.
class AttributeSax : public nlohmann::json_sax<nlohmann::json> {
public:
    AttributeSax(const std::unordered_map<std::string, size_t>& index, std::vector<std::string>& values)
        : m_index(index), m_values(values) {}

    bool nested = false;                // a value is an array or an object
    std::optional<std::string> unknown; // a key the layer's attribute names lack
    bool not_object = false;

    bool null() override { return set(std::string_view()); }
    bool boolean(bool v) override { return set(v ? "true" : "false"); }
    bool number_integer(number_integer_t v) override { return set(std::to_string(v)); }
    bool number_unsigned(number_unsigned_t v) override { return set(std::to_string(v)); }
    bool number_float(number_float_t v, const string_t&) override { return set(nlohmann::json(v).dump()); }
    bool string(string_t& v) override { return set(v); }
    bool binary(binary_t&) override { return set(std::string_view()); }
    bool start_object(std::size_t) override {
        if (m_depth++ == 0) return true;
        nested = true;
        return false;
    }
    bool end_object() override {
        --m_depth;
        return true;
    }
    bool start_array(std::size_t) override {
        if (m_depth == 0) not_object = true;
        nested = true;
        return false;
    }
    bool end_array() override { return true; }
    bool key(string_t& k) override {
        const auto it = m_index.find(k);
        if (it == m_index.end()) {
            unknown = k;
            return false;
        }
        m_at = it->second;
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
    bool set(std::string_view v) {
        if (m_depth == 0) {
            not_object = true;
            return false;
        }
        m_values[m_at].assign(v.data(), v.size());
        return true;
    }

    const std::unordered_map<std::string, size_t>& m_index;
    std::vector<std::string>& m_values;
    size_t m_at = 0;
    int m_depth = 0;
};

} // namespace

struct PointRowReader::State {
    const Store* store = nullptr;
    std::string file;
    std::string layer;
    std::string kind;
    int64_t layer_id = 0;
    int64_t layer_points = 0;
    std::vector<std::string> names;
    std::unordered_map<std::string, size_t> index;
    bool status = false;
    std::unique_ptr<Statement> rows;
    std::map<int64_t, std::vector<CameraReport>> merged; // by camera
    GeometryParts geometry;

    [[noreturn]] void damaged(int64_t id, const std::string& what) const {
        throw Error(damaged_reason("point " + std::to_string(id) + " of layer '" + layer + "' " + what, file), file);
    }

    void read_attributes(int64_t id, std::string_view text, std::vector<std::string>& values) {
        for (auto& v : values)
            v.clear();
        if (text.empty() || text == "{}") return;
        AttributeSax sax(index, values);
        const bool ok = nlohmann::json::sax_parse(text, &sax);
        if (ok) return;
        if (sax.unknown) damaged(id, "has an attribute '" + *sax.unknown + "' that the layer's attribute names lack");
        if (!sax.nested || sax.not_object) damaged(id, "has attributes that are not a JSON object");
        // Nested values (not written by Oko's importers, but JSON allows them): the whole parse.
        for (auto& v : values)
            v.clear();
        const auto parsed = nlohmann::json::parse(text, nullptr, false);
        if (!parsed.is_object()) damaged(id, "has attributes that are not a JSON object");
        for (auto it = parsed.begin(); it != parsed.end(); ++it) {
            const auto at = index.find(it.key());
            if (at == index.end())
                damaged(id, "has an attribute '" + it.key() + "' that the layer's attribute names lack");
            values[at->second] = it->is_string() ? it->get<std::string>() : it->is_null() ? "" : it->dump();
        }
    }
};

PointRowReader::PointRowReader(const Store& store, const std::string& layer, const std::string& where,
                               const std::vector<std::string>& parameters)
    : m(std::make_unique<State>()) {
    m->store = &store;
    m->file = store.path().string();
    m->layer = layer;
    const auto layers = list_point_layers(store);
    const PointLayerSummary* found = nullptr;
    for (const auto& l : layers)
        if (l.name == layer) found = &l;
    if (!found) {
        std::vector<std::string> names;
        for (const auto& l : layers)
            names.push_back(l.name);
        throw Error("no point layer '" + layer + "' (" +
                        (names.empty() ? std::string("the project has no point layers")
                                       : "point layers: " + list_names(names)) +
                        ")",
                    m->file, 0, "layer");
    }
    m->layer_id = found->id;
    m->kind = found->kind;
    m->layer_points = found->points;
    m->names = point_layer_attribute_names(store, m->layer_id);
    for (size_t i = 0; i < m->names.size(); ++i)
        m->index.emplace(m->names[i], i);
    m->status = has_column(store.handle(), m->file, "points", "status");
    const auto curation = curation_sql(store, "p");
    m->rows = std::make_unique<Statement>(
        store.handle(),
        std::string("SELECT p.id, p.geom, p.vendor, p.year, p.attributes, s.file_name, s.sha256, p.source_row,"
                    " p.source_layer, s.imported_at") +
            (m->status ? ", p.status, p.added_by, p.added_at" : "") +
            " FROM points AS p LEFT JOIN point_sources AS s ON s.id = p.source_id"
            " WHERE p.layer_id = ? AND " +
            curation.live + " AND (" + where + ") ORDER BY p.id",
        m->file);
    if (m->status) {
        // The merged reports, few beside the cameras: read once, looked up per camera.
        Statement q(store.handle(),
                    std::string("SELECT p.merged_into, ") + kReportColumns +
                        " FROM points AS p LEFT JOIN point_sources AS s ON s.id = p.source_id"
                        " WHERE p.layer_id = ? AND p.merged_into IS NOT NULL AND p.deleted_at IS NULL ORDER BY p.id",
                    m->file);
        q.integer(1, m->layer_id);
        while (q.step()) {
            CameraReport r = report_at(q, 1);
            r.merged = true;
            m->merged[q.column_int(0)].push_back(std::move(r));
        }
    }
    m->rows->integer(1, m->layer_id);
    for (size_t i = 0; i < parameters.size(); ++i)
        m->rows->text(static_cast<int>(i + 2), parameters[i]);
}

PointRowReader::~PointRowReader() = default;

const std::string& PointRowReader::kind() const { return m->kind; }
const std::vector<std::string>& PointRowReader::attribute_names() const { return m->names; }
bool PointRowReader::has_status() const { return m->status; }
int64_t PointRowReader::layer_points() const { return m->layer_points; }

bool PointRowReader::next(PointRow& row) {
    auto& q = *m->rows;
    if (!q.step()) return false;
    sqlite3_stmt* s = q.get();
    const auto text = [&](int column) -> std::string_view {
        const auto* p = sqlite3_column_text(s, column);
        return p ? std::string_view(reinterpret_cast<const char*>(p),
                                    static_cast<size_t>(sqlite3_column_bytes(s, column)))
                 : std::string_view();
    };
    row.id = q.column_int(0);
    // The BLOB decoded here: a read-only connection has no SpatiaLite functions.
    auto& g = m->geometry;
    g.points.clear();
    g.parts.clear();
    g.polygons.clear();
    const auto* blob = static_cast<const uint8_t*>(sqlite3_column_blob(s, 1));
    if (!blob || !decode_geometry(blob, static_cast<size_t>(sqlite3_column_bytes(s, 1)), g) || g.points.size() != 1 ||
        !geometry_problem(g).empty())
        m->damaged(row.id, "has no position Oko reads");
    row.position = g.points.front();
    row.vendor.assign(text(2));
    row.year.reset();
    if (!q.column_null(3)) row.year = static_cast<int>(q.column_int(3));
    row.attributes.resize(m->names.size());
    m->read_attributes(row.id, text(4), row.attributes);
    row.source_file.assign(text(5));
    row.source_sha256.assign(text(6));
    row.source_row = q.column_int(7);
    row.source_layer.assign(text(8));
    row.imported_at.assign(text(9));
    row.merged.clear();
    if (m->status) {
        row.status.assign(text(10));
        row.added_by.assign(text(11));
        row.added_at.assign(text(12));
        if (const auto it = m->merged.find(row.id); it != m->merged.end()) row.merged = it->second;
    } else {
        row.status.clear();
        row.added_by.clear();
        row.added_at.clear();
    }
    return true;
}

} // namespace oko::geo
