#pragma once
// Municipality polygons for counting points per area: the project's OSM admin boundaries (one
// admin_level) or a polygon file (GeoJSON, GeoPackage, Shapefile, ... through GDAL). Each polygon
// keeps its name, its admin level and its area in km², measured in a metric CRS (the UTM zone of
// its centre, through PROJ), never in Web Mercator.

#include "geo/base/types.hpp"
#include "geo/map/basemap.hpp"
#include "geo/store/store.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace oko::geo {

struct Boundary {
    std::string name;
    int admin_level = 0; // 0 when the file says nothing
    double area_km2 = 0.0;
};

class BoundarySet {
public:
    // Polygons from a file; `name_field` empty: the first of name, NAME, shapeName, naziv, ... that
    // the file has. Features that are not polygons are skipped; a file with none is an error.
    static BoundarySet from_file(const std::filesystem::path& path, const std::string& name_field = {});

    // The project's OSM admin boundaries of one admin_level. Without a level: the finest level
    // whose polygons hold more than half of `points` (all of them when `points` is empty: the
    // finest level there is). Throws Error when the project has no admin boundaries.
    static BoundarySet from_store(const Store& store, std::optional<int> admin_level,
                                  std::span<const LonLat> points = {});

    // The same from a basemap in memory: its admin boundaries of one admin_level, each feature's
    // rings by the even-odd rule (a ring inside another is a hole). Empty when there are none.
    static BoundarySet from_basemap(const Basemap& basemap, int admin_level);

    // Admin levels of the project's OSM boundaries with their polygon counts, finest first.
    static std::vector<std::pair<int, int>> store_levels(const Store& store);

    BoundarySet(BoundarySet&&) noexcept;
    BoundarySet& operator=(BoundarySet&&) noexcept;
    ~BoundarySet();

    const std::vector<Boundary>& boundaries() const;
    size_t size() const { return boundaries().size(); }
    const std::string& source() const; // file name or "OSM admin_level N"
    // from_basemap: each boundary's index in the basemap's features (empty otherwise).
    const std::vector<size_t>& basemap_features() const;

    // Index of the first boundary (in load order) whose interior holds `p`, or -1. Thread-compatible:
    // one thread at a time.
    int locate(LonLat p) const;

    // A WGS84 polyline cut at the boundaries' edges (GEOS intersection and difference): each part
    // with the index of the first boundary (in load order) that holds it, or -1 for the parts in
    // none. The parts' lengths add up to the line's. Thread-compatible, as locate().
    std::vector<std::pair<int, std::vector<LonLat>>> clip_line(std::span<const LonLat> line) const;

private:
    struct Impl;
    static BoundarySet load_level(const Store& store, int level);
    explicit BoundarySet(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace oko::geo
