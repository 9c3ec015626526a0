#include "geo/store/store_rtree.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "geo/base/error.hpp"
#include "geo/base/types.hpp"
#include "geo/store/store_schema.hpp"
#include "geo/store/sqlite_statement.hpp"

namespace oko::geo {

namespace {

constexpr size_t kCellBytes = 8 + 4 * 4;

// Position along a Hilbert curve of 2^16 x 2^16 cells over `all`.
uint64_t hilbert_key(const BBox& all, double x, double y) {
    constexpr uint32_t n = 1u << 16;
    const double w = all.width() > 0 ? all.width() : 1;
    const double h = all.height() > 0 ? all.height() : 1;
    auto cx = static_cast<uint32_t>(std::clamp((x - all.min_x) / w, 0.0, 1.0) * (n - 1));
    auto cy = static_cast<uint32_t>(std::clamp((y - all.min_y) / h, 0.0, 1.0) * (n - 1));
    uint64_t d = 0;
    for (uint32_t s = n / 2; s > 0; s /= 2) {
        const uint32_t rx = (cx & s) > 0;
        const uint32_t ry = (cy & s) > 0;
        d += uint64_t(s) * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                cx = n - 1 - cx;
                cy = n - 1 - cy;
            }
            std::swap(cx, cy);
        }
    }
    return d;
}

// The R*Tree stores 32-bit floats; like SQLite's own inserts, round boxes outwards so that a
// query never misses a feature.
float round_down(double d) {
    float f = static_cast<float>(d);
    if (static_cast<double>(f) > d) f = std::nextafter(f, -INFINITY);
    return f;
}
float round_up(double d) {
    float f = static_cast<float>(d);
    if (static_cast<double>(f) < d) f = std::nextafter(f, INFINITY);
    return f;
}

void put_u16(uint8_t* p, uint16_t v) {
    p[0] = static_cast<uint8_t>(v >> 8);
    p[1] = static_cast<uint8_t>(v);
}
void put_i64(uint8_t* p, int64_t v) {
    const auto u = static_cast<uint64_t>(v);
    for (int i = 0; i < 8; ++i)
        p[i] = static_cast<uint8_t>(u >> (56 - 8 * i));
}
void put_f32(uint8_t* p, float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<uint8_t>(u >> (24 - 8 * i));
}

struct Cell {
    int64_t ref;  // feature id in a leaf, index of the child node in the level below otherwise
    float box[4]; // min x, max x, min y, max y: the R*Tree's column order
};

struct Node {
    std::vector<Cell> cells;
    float box[4];
    int64_t number = 0;
};

void finish_box(Node& n) {
    n.box[0] = n.box[2] = INFINITY;
    n.box[1] = n.box[3] = -INFINITY;
    for (const auto& c : n.cells) {
        n.box[0] = std::min(n.box[0], c.box[0]);
        n.box[1] = std::max(n.box[1], c.box[1]);
        n.box[2] = std::min(n.box[2], c.box[2]);
        n.box[3] = std::max(n.box[3], c.box[3]);
    }
}

class Stmt {
public:
    Stmt(sqlite3* db, const std::string& sql, const std::filesystem::path& file) : m_db(db), m_file(file) {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &m_stmt, nullptr) != SQLITE_OK) fail();
    }
    ~Stmt() { sqlite3_finalize(m_stmt); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    sqlite3_stmt* get() const { return m_stmt; }
    void run() {
        if (sqlite3_step(m_stmt) != SQLITE_DONE) fail();
        sqlite3_reset(m_stmt);
    }
    [[noreturn]] void fail() const { throw_sqlite_error(m_db, m_file.string(), "building the spatial index"); }

private:
    sqlite3* m_db;
    const std::filesystem::path& m_file;
    sqlite3_stmt* m_stmt = nullptr;
};

void exec(sqlite3* db, const std::string& sql, const std::filesystem::path& file) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        const std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        throw Error("cannot build the spatial index: " + msg, file.string());
    }
}

// Oko's own bulk load writes the R*Tree's shadow tables, which a connection in SQLite's
// defensive mode (store.cpp) refuses; the mode is lifted only while these statements are
// prepared and run.
class ShadowTableWrites {
public:
    explicit ShadowTableWrites(sqlite3* db) : m_db(db) {
        sqlite3_db_config(m_db, SQLITE_DBCONFIG_DEFENSIVE, -1, &m_was);
        sqlite3_db_config(m_db, SQLITE_DBCONFIG_DEFENSIVE, 0, nullptr);
    }
    ~ShadowTableWrites() { sqlite3_db_config(m_db, SQLITE_DBCONFIG_DEFENSIVE, m_was, nullptr); }
    ShadowTableWrites(const ShadowTableWrites&) = delete;
    ShadowTableWrites& operator=(const ShadowTableWrites&) = delete;

private:
    sqlite3* m_db;
    int m_was = 0;
};

} // namespace

size_t create_empty_rtree(sqlite3* db, const std::string& name, const std::filesystem::path& file,
                          const char* columns) {
    // With SpatiaLite's columns, the same SQL as its CreateSpatialIndex writes (store_schema.hpp
    // compares it).
    exec(db,
         "DROP TABLE IF EXISTS " + quote_name(name) + "; CREATE VIRTUAL TABLE " + quote_name(name) + " USING rtree(" +
             columns + ")",
         file);
    // The fresh tree's empty root has the node size this database uses.
    int node_size = 0;
    {
        Stmt s(db, "SELECT length(data) FROM " + quote_name(name + "_node") + " WHERE nodeno = 1", file);
        if (sqlite3_step(s.get()) == SQLITE_ROW) node_size = sqlite3_column_int(s.get(), 0);
    }
    if (node_size <= 4 || (static_cast<size_t>(node_size) - 4) / kCellBytes < 4)
        throw Error("cannot build the spatial index: unexpected R*Tree node size", file.string());
    return static_cast<size_t>(node_size);
}

PackedRTree pack_rtree(std::vector<RTreeEntry> entries, size_t node_size) {
    PackedRTree tree;
    tree.node_size = node_size;
    if (entries.empty()) return tree;
    const size_t fanout = (node_size - 4) / kCellBytes;

    BBox all;
    for (const auto& e : entries)
        all.extend((e.min_x + e.max_x) / 2, (e.min_y + e.max_y) / 2);
    std::vector<std::pair<uint64_t, size_t>> order(entries.size());
    for (size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        order[i] = {hilbert_key(all, (e.min_x + e.max_x) / 2, (e.min_y + e.max_y) / 2), i};
    }
    std::sort(order.begin(), order.end());

    std::vector<std::vector<Node>> levels(1);
    for (size_t k = 0; k < order.size(); ++k) {
        if (k % fanout == 0) levels[0].emplace_back().cells.reserve(fanout);
        const auto& e = entries[order[k].second];
        levels[0].back().cells.push_back(
            {e.id, {round_down(e.min_x), round_up(e.max_x), round_down(e.min_y), round_up(e.max_y)}});
    }
    for (auto& n : levels[0])
        finish_box(n);
    // A million points hold about 60 MB here; the leaves have what is still needed.
    std::vector<RTreeEntry>().swap(entries);
    std::vector<std::pair<uint64_t, size_t>>().swap(order);
    while (levels.back().size() > 1) {
        const auto& below = levels.back();
        std::vector<Node> up;
        for (size_t k = 0; k < below.size(); ++k) {
            if (k % fanout == 0) up.emplace_back();
            up.back().cells.push_back(
                {static_cast<int64_t>(k), {below[k].box[0], below[k].box[1], below[k].box[2], below[k].box[3]}});
        }
        for (auto& n : up)
            finish_box(n);
        levels.push_back(std::move(up));
    }

    // Node 1 is the root; number the rest top-down.
    int64_t next = 1;
    for (size_t l = levels.size(); l-- > 0;)
        for (auto& n : levels[l])
            n.number = next++;

    std::vector<uint8_t> blob(node_size);
    const auto depth = static_cast<uint16_t>(levels.size() - 1);
    size_t node_count = 0;
    for (const auto& level : levels)
        node_count += level.size();
    tree.nodes.reserve(node_count * node_size);
    tree.node_numbers.reserve(node_count);
    tree.rowids.reserve(levels[0].size() * fanout);
    for (size_t l = 0; l < levels.size(); ++l) {
        for (const auto& n : levels[l]) {
            std::fill(blob.begin(), blob.end(), 0);
            put_u16(blob.data(), n.number == 1 ? depth : 0);
            put_u16(blob.data() + 2, static_cast<uint16_t>(n.cells.size()));
            uint8_t* p = blob.data() + 4;
            for (const auto& c : n.cells) {
                const int64_t ref = l == 0 ? c.ref : levels[l - 1][static_cast<size_t>(c.ref)].number;
                put_i64(p, ref);
                for (int i = 0; i < 4; ++i)
                    put_f32(p + 8 + 4 * i, c.box[i]);
                p += kCellBytes;
                if (l == 0)
                    tree.rowids.emplace_back(ref, n.number);
                else
                    tree.parents.emplace_back(ref, n.number);
            }
            tree.node_numbers.push_back(n.number);
            tree.nodes.insert(tree.nodes.end(), blob.begin(), blob.end());
        }
    }
    // The leaves list their features in Hilbert order, which is random order for the rowid
    // table's B-tree; the same rows inserted in id order are appends, about three times faster.
    std::sort(tree.rowids.begin(), tree.rowids.end());
    return tree;
}

void write_rtree(sqlite3* db, const std::string& name, const PackedRTree& tree, const std::filesystem::path& file) {
    const ShadowTableWrites allowed(db);
    Stmt node(db, "INSERT OR REPLACE INTO " + quote_name(name + "_node") + "(nodeno, data) VALUES (?, ?)", file);
    Stmt rowid(db, "INSERT INTO " + quote_name(name + "_rowid") + "(rowid, nodeno) VALUES (?, ?)", file);
    Stmt parent(db, "INSERT INTO " + quote_name(name + "_parent") + "(nodeno, parentnode) VALUES (?, ?)", file);
    for (size_t i = 0; i < tree.node_numbers.size(); ++i) {
        sqlite3_bind_int64(node.get(), 1, tree.node_numbers[i]);
        sqlite3_bind_blob(node.get(), 2, tree.nodes.data() + i * tree.node_size, static_cast<int>(tree.node_size),
                          SQLITE_STATIC);
        node.run();
    }
    for (const auto& [child, up] : tree.parents) {
        sqlite3_bind_int64(parent.get(), 1, child);
        sqlite3_bind_int64(parent.get(), 2, up);
        parent.run();
    }
    for (const auto& [id, leaf] : tree.rowids) {
        sqlite3_bind_int64(rowid.get(), 1, id);
        sqlite3_bind_int64(rowid.get(), 2, leaf);
        rowid.run();
    }
}

void bulk_load_rtree(sqlite3* db, const std::string& name, std::vector<RTreeEntry> entries,
                     const std::filesystem::path& file, const char* columns) {
    const size_t node_size = create_empty_rtree(db, name, file, columns);
    if (entries.empty()) return;
    write_rtree(db, name, pack_rtree(std::move(entries), node_size), file);
}

void set_rtree_box(sqlite3* db, const std::string& name, const RTreeEntry& e, const std::filesystem::path& file) {
    // Each bound already a float: the R*Tree stores it as it is, without its own rounding.
    Statement up(db, "UPDATE " + quote_name(name) + " SET xmin = ?, xmax = ?, ymin = ?, ymax = ? WHERE pkid = ?",
                 file.string());
    up.real(1, round_down(e.min_x));
    up.real(2, round_up(e.max_x));
    up.real(3, round_down(e.min_y));
    up.real(4, round_up(e.max_y));
    up.integer(5, e.id);
    up.step();
}

} // namespace oko::geo
