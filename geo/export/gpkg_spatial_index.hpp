#pragma once
// The spatial index of a GeoPackage's feature table, built in one bulk load. GDAL builds a
// GeoPackage's index by inserting every box through SQLite's R*Tree, which costs several times the
// writing of the features (about 10 s of a million points' 15); the same R*Tree packed bottom-up
// (geo/store/store_rtree.hpp) costs a fraction of a second. What makes it the table's index is the
// GeoPackage specification's (1.2, annex F.3, "RTree Spatial Indexes"): the virtual table
// rtree_<table>_<column> (id, minx, maxx, miny, maxy), the row in gpkg_extensions, and the
// triggers that keep it up to date when a GIS client edits the table afterwards.

#include "geo/store/store_rtree.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace oko::geo {

// Adds the index of `table`'s geometry column `column` holding `entries` (the features' ids and
// boxes) to the GeoPackage `file`, closed by GDAL, in one transaction. Throws geo::Error naming
// `shown_as` (the file's name for the user) when it cannot.
void add_gpkg_spatial_index(const std::filesystem::path& file, const std::string& table, const std::string& column,
                            std::vector<RTreeEntry> entries, const std::filesystem::path& shown_as);

} // namespace oko::geo
