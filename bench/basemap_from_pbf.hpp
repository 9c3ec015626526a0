#pragma once
// The benchmarks' basemap: an OSM extract through the project's own importer, into a temporary
// project, as `oko import` does, then read back as a reopened project is.

#include "geo/map/basemap.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/store/store.hpp"

#include <filesystem>
#include <string>

#include <unistd.h>

namespace oko::bench {

inline geo::Basemap basemap_from_pbf(const std::string& path) {
    const auto dir = std::filesystem::temp_directory_path() / ("oko-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto store = dir / "bench.oko";
    geo::import_osm(path, store);
    geo::Basemap basemap = geo::Store::open(store).load_basemap();
    std::filesystem::remove_all(dir);
    return basemap;
}

} // namespace oko::bench
