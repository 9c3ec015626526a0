#include "geo/store/store_reference.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>

#include <nlohmann/json.hpp>

#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/store/bulk_insert.hpp"
#include "geo/store/sqlite_statement.hpp"
#include "geo/store/store_geometry.hpp"
#include "geo/store/store_rtree.hpp"
#include "geo/store/store_schema.hpp"
#include "geo/base/utc_time.hpp"

namespace oko::geo {

namespace {

bool has_table(const Store& store, const char* name) {
    Statement q(store, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    q.text(1, name);
    return q.step();
}

const char* table_of(ReferenceKind kind) {
    return kind == ReferenceKind::Lines ? "reference_lines" : "reference_areas";
}

std::vector<std::string> fields_of(const std::string& json_text) {
    std::vector<std::string> out;
    const auto j = nlohmann::json::parse(json_text, nullptr, false);
    if (j.is_array())
        for (const auto& v : j)
            if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

std::optional<std::pair<int64_t, ReferenceKind>> find_layer(const Store& store, const std::string& layer) {
    if (!has_table(store, "reference_layers")) return std::nullopt;
    Statement q(store, "SELECT id, kind FROM reference_layers WHERE name = ?");
    q.text(1, layer);
    if (!q.step()) return std::nullopt;
    const auto kind = reference_kind_from_name(q.column_text(1));
    if (!kind) throw Error("unknown reference layer kind '" + q.column_text(1) + "'", store.path().string(), 0, "kind");
    return std::make_pair(q.column_int(0), *kind);
}

// Rows of a layer in import order: feature number, file layer, attributes JSON, geometry, triangles.
template <typename RowFn> void for_each_row(const Store& store, int64_t layer_id, ReferenceKind kind, RowFn&& fn) {
    Statement q(store, std::string("SELECT source_feature, source_layer, attributes, geom") +
                           (kind == ReferenceKind::Areas ? ", triangles" : ", NULL") + " FROM " +
                           quote_name(table_of(kind)) + " WHERE layer_id = ? ORDER BY id");
    q.integer(1, layer_id);
    GeometryParts g;
    std::vector<uint32_t> triangles;
    while (q.step()) {
        g.points.clear();
        g.parts.clear();
        g.polygons.clear();
        const auto bad = [&](const std::string& why) {
            throw Error(damaged_reason("feature " + std::to_string(q.column_int(0)) + " of reference layer " +
                                           std::to_string(layer_id) + " in " + table_of(kind) + ": " + why,
                                       store.path().string()),
                        store.path().string());
        };
        const auto* blob = static_cast<const uint8_t*>(sqlite3_column_blob(q.get(), 3));
        if (!blob || !decode_geometry(blob, static_cast<size_t>(sqlite3_column_bytes(q.get(), 3)), g))
            bad("its geometry is not a SpatiaLite geometry Oko reads");
        if (const auto why = geometry_problem(g); !why.empty()) bad(why);
        if (const bool lines = g.polygons.empty(); lines != (kind == ReferenceKind::Lines))
            bad(lines ? "a line in a polygon layer" : "a polygon in a line layer");
        if (const auto why =
                read_triangles(sqlite3_column_blob(q.get(), 4), static_cast<size_t>(sqlite3_column_bytes(q.get(), 4)),
                               g.points.size(), triangles);
            !why.empty())
            bad(why);
        fn(q.column_int(0), q.column_text(1), q.column_text(2), g, triangles);
    }
}

} // namespace

void ensure_reference_tables(Store& store) {
    if (has_table(store, "reference_layers")) return;
    store.exec(
        "CREATE TABLE reference_layers(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
        " fields TEXT NOT NULL, created_at TEXT);"
        "CREATE TABLE reference_sources(id INTEGER PRIMARY KEY, layer_id INTEGER NOT NULL REFERENCES "
        "reference_layers(id),"
        " file_name TEXT NOT NULL, sha256 TEXT NOT NULL, imported_at TEXT NOT NULL, features INTEGER,"
        " UNIQUE(layer_id, sha256));"
        "CREATE TABLE reference_lines(id INTEGER PRIMARY KEY, layer_id INTEGER NOT NULL REFERENCES "
        "reference_layers(id),"
        " source_id INTEGER NOT NULL REFERENCES reference_sources(id), source_feature INTEGER, source_layer TEXT,"
        " attributes TEXT);"
        "SELECT AddGeometryColumn('reference_lines', 'geom', 4326, 'MULTILINESTRING', 'XY');"
        "SELECT CreateSpatialIndex('reference_lines', 'geom');"
        "CREATE INDEX reference_lines_layer ON reference_lines(layer_id);"
        "CREATE TABLE reference_areas(id INTEGER PRIMARY KEY, layer_id INTEGER NOT NULL REFERENCES "
        "reference_layers(id),"
        " source_id INTEGER NOT NULL REFERENCES reference_sources(id), source_feature INTEGER, source_layer TEXT,"
        " attributes TEXT, triangles BLOB);"
        "SELECT AddGeometryColumn('reference_areas', 'geom', 4326, 'MULTIPOLYGON', 'XY');"
        "SELECT CreateSpatialIndex('reference_areas', 'geom');"
        "CREATE INDEX reference_areas_layer ON reference_areas(layer_id);");
    // AddGeometryColumn reports failure by its result, not by an error: check that it took.
    Statement q(store,
                "SELECT count(*) FROM geometry_columns WHERE f_table_name IN ('reference_lines', 'reference_areas')");
    if (!q.step() || q.column_int(0) != 2)
        throw Error("SpatiaLite could not register the reference layer geometry", store.path().string());
}

std::vector<ReferenceLayerSummary> list_reference_layers(const Store& store) {
    std::vector<ReferenceLayerSummary> out;
    if (!has_table(store, "reference_layers")) return out;
    {
        Statement q(store, "SELECT id, name, kind FROM reference_layers ORDER BY id");
        while (q.step()) {
            ReferenceLayerSummary s;
            s.id = q.column_int(0);
            s.name = q.column_text(1);
            s.kind = reference_kind_from_name(q.column_text(2)).value_or(ReferenceKind::Lines);
            out.push_back(std::move(s));
        }
    }
    for (auto& s : out) {
        Statement n(store, "SELECT count(*) FROM " + quote_name(table_of(s.kind)) + " WHERE layer_id = ?");
        n.integer(1, s.id);
        if (n.step()) s.features = n.column_int(0);
        Statement f(store, "SELECT file_name FROM reference_sources WHERE layer_id = ? ORDER BY id");
        f.integer(1, s.id);
        while (f.step())
            s.sources.push_back(f.column_text(0));
    }
    return out;
}

ReferenceWrite add_reference_features(Store& store, const std::string& layer, ReferenceKind kind,
                                      const std::string& source_file, const std::string& sha256,
                                      std::span<const ReferenceFeature> features) {
    if (layer.empty()) throw Error("a layer name is needed (--layer NAME)", source_file);
    ensure_reference_tables(store);
    ReferenceWrite result;
    int64_t layer_id = 0;
    std::vector<std::string> fields;
    if (const auto existing = find_layer(store, layer)) {
        if (existing->second != kind)
            throw Error("layer '" + layer + "' holds " + std::string(kind_name(existing->second)) + ", not " +
                            std::string(kind_name(kind)) + ": import into another layer",
                        source_file, 0, "--layer");
        layer_id = existing->first;
        Statement same(store, "SELECT 1 FROM reference_sources WHERE layer_id = ? AND sha256 = ?");
        same.integer(1, layer_id);
        same.text(2, sha256);
        if (same.step()) {
            result.already_imported = true;
            return result;
        }
        Statement f(store, "SELECT fields FROM reference_layers WHERE id = ?");
        f.integer(1, layer_id);
        if (f.step()) fields = fields_of(f.column_text(0));
    } else {
        Statement add(store, "INSERT INTO reference_layers(name, kind, fields, created_at) VALUES (?, ?, '[]', ?)");
        add.text(1, layer);
        add.text(2, std::string(kind_name(kind)));
        add.text(3, utc_now());
        add.step();
        layer_id = sqlite3_last_insert_rowid(store.handle());
    }
    for (const auto& f : features)
        for (const auto& [name, value] : f.attributes)
            if (std::find(fields.begin(), fields.end(), name) == fields.end()) fields.push_back(name);
    {
        Statement up(store, "UPDATE reference_layers SET fields = ? WHERE id = ?");
        up.text(1, nlohmann::json(fields).dump());
        up.integer(2, layer_id);
        up.step();
    }
    Statement src(
        store,
        "INSERT INTO reference_sources(layer_id, file_name, sha256, imported_at, features) VALUES (?, ?, ?, ?, ?)");
    src.integer(1, layer_id);
    src.text(2, source_file);
    src.text(3, sha256);
    src.text(4, utc_now());
    src.integer(5, static_cast<int64_t>(features.size()));
    src.step();
    const int64_t source_id = sqlite3_last_insert_rowid(store.handle());

    // SpatiaLite's per-row triggers (geometry checks, R*Tree upkeep) cost several times the
    // inserts: they are set aside while the rows go in, the R*Tree is bulk-loaded from the boxes
    // in the BLOB headers, and the triggers are put back as SpatiaLite wrote them, all inside
    // the caller's transaction.
    const std::string table = table_of(kind);
    TriggersSetAside triggers(store, table);
    Statement ins(
        store, "INSERT INTO " + quote_name(table_of(kind)) +
                   "(layer_id, source_id, source_feature, source_layer, attributes, geom" +
                   (kind == ReferenceKind::Areas ? ", triangles) VALUES (?,?,?,?,?,?,?)" : ") VALUES (?,?,?,?,?,?)"));
    for (const auto& f : features) {
        nlohmann::ordered_json attributes = nlohmann::ordered_json::object();
        for (const auto& [name, value] : f.attributes)
            attributes[name] = value;
        ins.reset();
        ins.integer(1, layer_id);
        ins.integer(2, source_id);
        ins.integer(3, f.source_feature);
        ins.text(4, f.source_layer);
        ins.text(5, attributes.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        const auto blob = kind == ReferenceKind::Lines ? encode_multilinestring(f.points, f.parts)
                                                       : encode_multipolygon(f.points, f.parts, f.polygons);
        ins.blob(6, blob.data(), blob.size());
        if (kind == ReferenceKind::Areas) ins.blob(7, f.triangles.data(), f.triangles.size() * sizeof(uint32_t));
        ins.step();
        ++result.written;
    }
    std::vector<RTreeEntry> boxes;
    {
        Statement all(store, "SELECT id, geom FROM " + quote_name(table));
        while (all.step()) {
            const auto* blob = static_cast<const uint8_t*>(sqlite3_column_blob(all.get(), 1));
            if (!blob || sqlite3_column_bytes(all.get(), 1) < 38) continue;
            double box[4]; // min x, min y, max x, max y, as in the BLOB header
            std::memcpy(box, blob + 6, sizeof box);
            boxes.push_back({all.column_int(0), box[0], box[1], box[2], box[3]});
        }
    }
    bulk_load_rtree(store.handle(), "idx_" + table + "_geom", std::move(boxes), store.path());
    triggers.restore();
    return result;
}

bool has_reference_source(const Store& store, const std::string& layer, const std::string& sha256) {
    if (!has_table(store, "reference_layers")) return false;
    Statement q(store, "SELECT 1 FROM reference_sources s JOIN reference_layers l ON l.id = s.layer_id WHERE l.name = "
                       "? AND s.sha256 = ?");
    q.text(1, layer);
    q.text(2, sha256);
    return q.step();
}

std::vector<ReferenceFeature> load_reference_features(const Store& store, const std::string& layer) {
    std::vector<ReferenceFeature> out;
    const auto found = find_layer(store, layer);
    if (!found) return out;
    for_each_row(store, found->first, found->second,
                 [&](int64_t number, const std::string& file_layer, const std::string& attributes, GeometryParts& g,
                     const std::vector<uint32_t>& triangles) {
                     ReferenceFeature f;
                     f.source_feature = number;
                     f.source_layer = file_layer;
                     const auto j = nlohmann::ordered_json::parse(attributes, nullptr, false);
                     if (j.is_object())
                         for (const auto& [k, v] : j.items())
                             f.attributes.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
                     f.points = std::move(g.points);
                     f.parts = std::move(g.parts);
                     f.polygons = std::move(g.polygons);
                     f.triangles = triangles;
                     out.push_back(std::move(f));
                 });
    return out;
}

std::optional<ReferenceLayerData> load_reference_layer(const Store& store, const std::string& layer) {
    const auto found = find_layer(store, layer);
    if (!found) return std::nullopt;
    ReferenceLayerData data;
    data.name = layer;
    data.kind = found->second;
    {
        Statement f(store, "SELECT fields FROM reference_layers WHERE id = ?");
        f.integer(1, found->first);
        if (f.step()) data.fields = fields_of(f.column_text(0));
        Statement s(store, "SELECT file_name FROM reference_sources WHERE layer_id = ? ORDER BY id");
        s.integer(1, found->first);
        while (s.step())
            data.sources.push_back(s.column_text(0));
    }
    for_each_row(store, found->first, found->second,
                 [&](int64_t, const std::string&, const std::string& attributes, GeometryParts& g,
                     const std::vector<uint32_t>& triangles) {
                     Geometry geometry;
                     geometry.kind = data.kind == ReferenceKind::Lines ? GeomKind::Line : GeomKind::Area;
                     geometry.points.resize(g.points.size());
                     for (size_t i = 0; i < g.points.size(); ++i)
                         geometry.points[i] = to_mercator(g.points[i]);
                     geometry.parts = std::move(g.parts);
                     geometry.triangles = triangles;
                     data.extent.extend(geometry.bounds());
                     std::vector<std::string> row(data.fields.size());
                     const auto j = nlohmann::json::parse(attributes, nullptr, false);
                     if (j.is_object())
                         for (size_t i = 0; i < data.fields.size(); ++i) {
                             const auto it = j.find(data.fields[i]);
                             if (it != j.end()) row[i] = it->is_string() ? it->get<std::string>() : it->dump();
                         }
                     data.features.push_back(std::move(geometry));
                     data.values.push_back(std::move(row));
                 });
    return data;
}

std::vector<ReferenceLayerData> load_reference_layers(const Store& store) {
    std::vector<ReferenceLayerData> out;
    for (const auto& s : list_reference_layers(store))
        if (auto l = load_reference_layer(store, s.name)) out.push_back(std::move(*l));
    return out;
}

} // namespace oko::geo
