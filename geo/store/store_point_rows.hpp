#pragma once
// The points of a layer as rows, with everything the project knows of each: its id, position,
// canonical vendor and year, every attribute, its status where the project keeps one, and its
// provenance (source file, SHA-256, row, import time). The one reader for whatever writes a layer
// out (geo/export/point_export.hpp), so that a field the points gain is read in one place.

#include "geo/base/types.hpp"
#include "geo/store/curation.hpp"
#include "geo/store/store.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace oko::geo {

struct PointRow {
    int64_t id = 0;
    LonLat position;    // WGS84
    std::string vendor; // canonical; empty: unknown
    std::optional<int> year;
    std::string status; // only where the points table has a status column (PointRowReader::has_status)
    // Per attribute of PointRowReader::attribute_names(), its value; empty: the point has none (the
    // store keeps no empty value).
    std::vector<std::string> attributes;
    std::string source_file;
    std::string source_sha256;
    int64_t source_row = 0;
    std::string source_layer; // the layer of a GDAL source file it came from; empty for CSV
    std::string imported_at;  // UTC, ISO 8601
    // A camera added by hand (no source file): who added it and when (UTC, ISO 8601).
    std::string added_by, added_at;
    // The reports merged into this camera (curation.hpp), by id; empty for one of a single report.
    std::vector<CameraReport> merged;
};

// The rows of one layer in id order, each read when asked for: its cameras, so not the reports
// deleted or merged into another (those merged come with their camera). `where` is an SQL condition over
// the table `points` as `p` with `?` parameters, bound as text in order (geo::Filter::to_sql's
// form, "p.vendor", "p.year", "p.search_text"); "1" for every point.
class PointRowReader {
public:
    // Throws geo::Error naming the layers the project has, its field "layer", when the project has
    // no point layer `layer`.
    PointRowReader(const Store& store, const std::string& layer, const std::string& where = "1",
                   const std::vector<std::string>& parameters = {});
    ~PointRowReader();
    PointRowReader(const PointRowReader&) = delete;
    PointRowReader& operator=(const PointRowReader&) = delete;

    // The layer's kind ("cameras", "sites", "points").
    const std::string& kind() const;
    // Every attribute name of the layer, in the order first imported.
    const std::vector<std::string>& attribute_names() const;
    // Whether the points table has a status column (a project with curation).
    bool has_status() const;
    // The layer's points, all of them, whatever the condition.
    int64_t layer_points() const;

    // The next row into `row` (its strings reused); false after the last one. Throws geo::Error
    // naming the project and the point when a stored position or attribute text cannot be read.
    bool next(PointRow& row);

private:
    struct State;
    std::unique_ptr<State> m;
};

} // namespace oko::geo
