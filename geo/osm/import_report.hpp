#pragma once
// What an OSM import did, for the person who ran it and for the project's history: features per
// class and per OSM object type, relations assembled and repaired, what was skipped and why,
// warnings and timings. Printed for humans (to_text) and stored as JSON in import_runs.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace oko::geo {

struct ClassCounts {
    size_t from_nodes = 0;
    size_t from_ways = 0;
    size_t from_relations = 0;
    size_t total() const { return from_nodes + from_ways + from_relations; }
};

struct SkipCount {
    size_t count = 0;
    std::vector<std::string> examples; // "w123", "r456": the first few, to look up in an editor
};

// A relation whose rings the multipolygon assembler rejected, rebuilt by chaining its member
// ways and closing the gaps between the nearest open ends.
struct RingRepair {
    int64_t relation_id = 0;
    std::string cls;
    std::string name;
    size_t member_ways = 0;
    size_t gaps_closed = 0;
    double max_gap_m = 0;
    double total_gap_m = 0;
    size_t open_chains_dropped = 0; // ends left with no partner within the tolerance
    double area_km2 = 0;
};

struct ImportReport {
    std::string source;
    std::string sha256;
    std::string store;
    std::string started_at; // UTC, ISO 8601

    uint64_t nodes_read = 0;
    uint64_t ways_read = 0;
    uint64_t relations_read = 0;

    // Relations of any kind (routes and restrictions too) that refer to objects not in the file,
    // and the distinct objects they miss (as `osmium check-refs -r` counts them).
    size_t relations_missing_members = 0;
    size_t missing_nodes = 0;
    size_t missing_ways = 0;
    size_t missing_relations = 0;

    std::map<std::string, ClassCounts> classes; // by class code
    size_t relations_assembled = 0;             // area relations built by the assembler as they are
    std::vector<RingRepair> repaired;
    // reason -> class code -> count; reasons: "unclosed way", "missing members", "invalid locations",
    // "assembly failed", "too few points".
    std::map<std::string, std::map<std::string, SkipCount>> skipped;
    std::vector<std::string> warnings;

    // The sea built from natural=coastline ways (osm_coastline.hpp); its polygons are counted
    // in `classes` as water.sea, what went wrong in `warnings`.
    size_t coastline_ways = 0;
    double sea_km2 = 0;

    size_t triangles = 0;
    size_t cameras = 0;   // man_made=surveillance objects, in the osm_cameras layer
    size_t addresses = 0; // house numbers (addr:housenumber with addr:street or addr:place), for go-to
    double read_s = 0;
    double triangulate_s = 0;
    double write_s = 0;
    double total_s = 0;

    size_t feature_count() const;
    size_t count(const std::string& cls) const;
    size_t skipped_count(const std::string& reason, const std::string& cls) const;
    void skip(const std::string& reason, const std::string& cls, char osm_type, int64_t id);

    std::string to_text() const;
    nlohmann::json to_json() const;
};

} // namespace oko::geo
