#pragma once
// The project file (.oko): a SpatiaLite database that QGIS opens as it is. The basemap lives in
// basemap_areas / basemap_lines / basemap_points (WGS84 geometry with a spatial index, the OSM
// identity, names and all tags as JSON); areas carry their fill triangulation in a BLOB column so
// that opening a project never re-triangulates. oko_meta holds the format version and the
// provenance of the basemap, import_runs the history of imports with their reports.

#include "geo/map/basemap.hpp"
#include "geo/map/feature_class.hpp"
#include "geo/base/types.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

struct sqlite3;

namespace oko::geo {

// One basemap feature as the project file holds it.
struct StoredFeature {
    FeatureClass cls{};
    char osm_type = 'n'; // 'n' node, 'w' way, 'r' relation
    int64_t osm_id = 0;
    std::string name;
    std::string name_latin; // name:sr-Latn
    int admin_level = 0;
    std::string tags_json;           // every OSM tag, as one JSON object
    std::vector<LonLat> points;      // lines: every part; areas: every ring, closed (last == first)
    std::vector<uint32_t> parts;     // start in `points` of each line or ring
    std::vector<uint32_t> polygons;  // areas: index in `parts` of each polygon's outer ring; its holes follow
    std::vector<uint32_t> triangles; // areas: indices into `points`, three per triangle

    GeomKind kind() const { return info(cls).kind; }
};

// One connection to a project file, to be used by one thread at a time (it has no mutex of
// its own); threads that read concurrently open their own Store.
class Store {
public:
    static constexpr int kFormatVersion = 1;

    // A new, empty project at `path`; fails if the file exists.
    static Store create(const std::filesystem::path& path);
    // Builds a new project at `path` all-or-nothing: `fill` works, inside one transaction, on a temporary file beside
    // it, which is renamed into place only when `fill` returns; on any error it is removed. Returns false, having
    // written nothing, when the project exists: already, or made by another process while `fill` ran (the file is
    // never put over an existing one). The caller then imports into the existing project instead.
    [[nodiscard]] static bool create_atomically(const std::filesystem::path& path,
                                                const std::function<void(Store&)>& fill);
    // An existing project; throws Error if it is missing, not an Oko project, damaged (a quick
    // check before a writable open; SQLite's own checks and those of every stored geometry while
    // reading), or when its schema holds SQL that Oko did not write (store_schema.hpp).
    static Store open(const std::filesystem::path& path, bool writable = false);
    // The same without the quick check and the schema check, for `oko check` and `oko repair`,
    // which run them themselves.
    static Store open_unchecked(const std::filesystem::path& path, bool writable);
    // A new project in memory, for the schema template (store_schema.hpp).
    static Store create_in_memory();

    Store(Store&& other) noexcept;
    Store& operator=(Store&& other) noexcept;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    ~Store();

    sqlite3* handle() const { return m_db; }
    const std::filesystem::path& path() const { return m_path; }
    void close();

    std::optional<std::string> meta(const std::string& key) const;
    void set_meta(const std::string& key, const std::string& value);

    // Replaces the whole basemap with `features`. Wrap it in a Transaction with the meta and
    // import-run updates that go with it.
    void write_basemap(std::span<const StoredFeature> features);
    int64_t add_import_run(const std::string& source, const std::string& sha256, const std::string& started_at,
                           const std::string& report_json);

    // The basemap in Web Mercator with its stored triangles, features in table order
    // (areas, lines, points).
    Basemap load_basemap() const;
    // The same features as stored (WGS84), for checks and exports.
    std::vector<StoredFeature> load_stored() const;

    void exec(const std::string& sql) const;

    // What SQLite's quick_check (or, `full`, integrity_check) finds wrong; empty when nothing.
    std::vector<std::string> integrity_problems(bool full) const;

    // SQLite's `PRAGMA data_version` on this connection: it changes when another connection (of
    // this process or another) commits to the file, never for this connection's own commits. A
    // connection kept open between changes reads it to learn whether what it wrote is all that
    // changed.
    int64_t data_version() const;

    // All-or-nothing unit of work: rolls back unless commit() is called.
    class Transaction {
    public:
        explicit Transaction(Store& store);
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;
        ~Transaction();
        void commit();

    private:
        Store* m_store;
        bool m_done = false;
    };

private:
    Store(sqlite3* db, std::filesystem::path path) : m_db(db), m_path(std::move(path)) {}
    void init_schema();
    static Store open_connection(const std::filesystem::path& path, bool writable);

    sqlite3* m_db = nullptr;
    std::filesystem::path m_path;
};

} // namespace oko::geo
