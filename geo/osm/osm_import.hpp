#pragma once
// OSM extract (.osm.pbf or .osm XML) to the basemap of a project file.
//
// Read with libosmium in two passes: relations first (so that the members of multipolygon and
// boundary relations are known), then everything with a node location index so that ways get
// their coordinates. Lines and closed-way areas are built directly; relations go through
// osmium's multipolygon assembler, and the ones it rejects are rebuilt (osm_ring_repair.hpp).
// Areas are triangulated here, once, and stored with their triangles.

#include "geo/osm/import_report.hpp"
#include "geo/osm/osm_coastline.hpp"
#include "geo/points/point_import.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_addresses.hpp"

#include <filesystem>
#include <vector>

namespace oko::geo {

struct OsmImportOptions {
    // Rivers in clipped extracts lose whole stretches of their bank ways; a gap across the
    // river or along a cut bank is up to a few km. Land areas only lose small slivers, and a
    // wide bridge there would invent land, so their tolerance is small.
    double water_gap_tolerance_m = 5000;
    double other_gap_tolerance_m = 250;
    bool repair_rings = true;
    SeaOptions sea; // the sea from natural=coastline ways
};

struct OsmExtract {
    std::vector<StoredFeature> features;
    std::vector<PointRecord> cameras;     // man_made=surveillance: the project's osm_cameras layer
    std::vector<StoredAddress> addresses; // house numbers, for go-to
    ImportReport report;
    // The date of the data as the extract's header gives it (osmosis_replication_timestamp, or
    // the header's timestamp), "2024-10-22T00:00:00Z"; empty when it gives none.
    std::string data_timestamp;
};

// Reads and classifies an extract and triangulates its areas, without writing anything.
// Throws Error naming the file for a missing, unreadable, truncated or corrupt input.
// Whether `file` is an OSM extract, by its name: .osm.pbf, .pbf, .osm, .osm.gz, .osm.bz2 (what
// libosmium reads). The command line and the window's drop handling both ask this.
bool is_osm_extract(const std::filesystem::path& file);
// The name without that suffix: "belgrade.osm.gz" -> "belgrade"; the whole name when it has none.
std::string osm_extract_stem(const std::filesystem::path& file);

OsmExtract read_osm(const std::filesystem::path& input, const OsmImportOptions& options = {});

// Imports `input` into the project at `store_path`. A new project is built in a temporary file
// beside it and renamed into place at the end; an existing project gets its basemap replaced in
// one transaction. On any error nothing is left behind and the existing project is unchanged.
ImportReport import_osm(const std::filesystem::path& input, const std::filesystem::path& store_path,
                        const OsmImportOptions& options = {});

} // namespace oko::geo
