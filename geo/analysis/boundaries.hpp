#pragma once
// Municipality polygons for counting points per area: the project's OSM admin boundaries (one
// admin_level), a polygon file (GeoJSON, GeoPackage, Shapefile, ... through GDAL) or a reference
// layer of areas imported into the project. Each polygon keeps its name, its admin level and its
// area in km², measured in a metric CRS (the UTM zone of its centre, utm_epsg, through PROJ),
// never in Web Mercator.

#include "geo/base/types.hpp"
#include "geo/map/basemap.hpp"
#include "geo/map/reference_layer.hpp"
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

// The field that names each district when the user names none: the first of name, NAME, Name,
// shapeName, naziv, opstina, NAME_2, ... (as OSM exports, geoBoundaries and Serbian open data spell
// it) that `fields` has; none when it has none of them.
std::optional<size_t> name_field_of(std::span<const std::string> fields);

class BoundarySet {
public:
    // Polygons from a file; `name_field` empty: name_field_of() the file's fields, else its first
    // text field. Features that are not polygons are skipped; a file with none is an error.
    static BoundarySet from_file(const std::filesystem::path& path, const std::string& name_field = {});

    // Each feature of a reference layer of areas one boundary (in the layer's order), named by
    // `name_field` (empty: name_field_of() the layer's fields), its admin level from a field
    // `admin_level` when there is one, its source "reference layer NAME". A feature's rings fill
    // by the even-odd rule, as from_basemap's. Throws Error when the layer holds lines, when it
    // has no field `name_field`, or, with none given, no name-like field (both list its fields);
    // the error's field is "boundary_layer" or "boundary_name", as the scene calls them.
    static BoundarySet from_reference(const ReferenceLayerData& layer, const std::string& name_field = {});
    // The same for the project's reference layer `layer`; throws Error naming the project's layers
    // of areas when it has no such layer.
    static BoundarySet from_reference(const Store& store, const std::string& layer, const std::string& name_field = {});

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
    const std::string& source() const;     // file name, "OSM admin_level N" or "reference layer NAME"
    const std::string& name_field() const; // the field that named them (from_file, from_reference), or ""
    // Each boundary's index in the basemap's features (from_basemap) or in the reference layer's
    // (from_reference); empty otherwise.
    const std::vector<size_t>& features() const;

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
