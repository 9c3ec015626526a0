#pragma once
// The project's streets for coverage figures: the OSM ways of the basemap's lines whose `highway`
// tag is one of the chosen classes, read once from the store (the tags JSON of basemap_lines),
// projected into a metric CRS (the UTM zone of the streets' centre, through PROJ) and, when asked,
// split at district edges (BoundarySet::clip_line). Areas are not streets: a highway=pedestrian
// square mapped as an area is a surface, and the import keeps it out of the lines.

#include "geo/analysis/boundaries.hpp"
#include "geo/base/types.hpp"
#include "geo/density/density_crs.hpp"
#include "geo/store/store.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace oko::geo {

// The classes counted when the user names none: roads that carry traffic or people along
// buildings. `road` (a way whose class the mapper did not know) is left out with service roads,
// tracks, footways, paths, cycleways, steps and bridleways; `--streets` names any of them.
const std::vector<std::string>& default_street_classes();

struct StreetClassLength {
    std::string highway; // the tag's value, e.g. "residential"
    double km = 0.0;     // in the network's metric CRS
};

// One street piece: a polyline in one district (or in none).
struct StreetPiece {
    uint32_t begin = 0, end = 0; // vertex range in StreetNetwork::metric() / mercator()
    int district = -1;           // index in the BoundarySet the network was split by; -1: outside every one
    uint16_t highway = 0;        // index in StreetNetwork::classes()
};

class StreetNetwork {
public:
    // The streets of these classes (empty: default_street_classes()). Throws Error naming the
    // classes the project has, with their km, when a class is not one of them or the project has
    // no street of the classes asked for.
    static StreetNetwork load(const Store& store, std::span<const std::string> classes = {});

    // The same from polylines given in WGS84 (tests, other sources): one class per line.
    static StreetNetwork from_lines(const std::vector<std::vector<LonLat>>& lines,
                                    const std::vector<std::string>& highway, std::span<const std::string> classes = {});

    // Splits every piece at the edges of `districts` (GEOS intersection), the first boundary in
    // load order winning where two overlap, as BoundarySet::locate does.
    void split_by(const BoundarySet& districts);
    bool split() const { return m_split; }

    const std::vector<std::string>& classes() const { return m_classes; }           // counted, as asked
    const std::vector<StreetClassLength>& available() const { return m_available; } // every class the project has
    int epsg() const { return m_epsg; }                                             // the metric CRS, e.g. 32634
    const std::vector<XY>& metric() const { return m_metric; }                      // vertices in EPSG:epsg()
    const std::vector<XY>& mercator() const { return m_mercator; }                  // the same vertices, Web Mercator
    const std::vector<StreetPiece>& pieces() const { return m_pieces; }
    double length_m() const;

    // WGS84 to the network's metric CRS (thread-compatible: one thread at a time).
    XY to_metric(LonLat p) const;

    StreetNetwork(StreetNetwork&&) noexcept;
    StreetNetwork& operator=(StreetNetwork&&) noexcept;
    ~StreetNetwork();

private:
    StreetNetwork();
    void build(const std::vector<std::vector<LonLat>>& lines, const std::vector<uint16_t>& cls);

    std::vector<std::string> m_classes;
    std::vector<StreetClassLength> m_available;
    int m_epsg = 0;
    std::vector<LonLat> m_lonlat;
    std::vector<XY> m_metric, m_mercator;
    std::vector<StreetPiece> m_pieces;
    bool m_split = false;
    std::optional<DensityCrs> m_crs; // EPSG:m_epsg
};

} // namespace oko::geo
