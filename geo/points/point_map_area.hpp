#pragma once
// Where the project's map is, to tell a volunteer that the points of a file lie far from it (a
// file of Finnish cameras imported into a Novi Sad project): the basemap's extent, as the OSM
// import recorded it (oko_meta basemap_bbox), named after its city, and the geodesic distance
// of a point from that extent.

#include "geo/base/types.hpp"
#include "geo/map/point_record.hpp"
#include "geo/points/point_import.hpp"
#include "geo/store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace oko::geo {

// The project's map area, or nothing when the project has no basemap (a CSV-only project).
std::optional<MapArea> map_area(const Store& store);

// The geodesic distance (WGS84 ellipsoid) in metres from a point to the nearest point of the
// box's boundary, 0 inside the box. Each edge is a meridian or a parallel, searched for its
// nearest point; boxes wider than 180 degrees are not map areas and are not handled.
double distance_to_area_m(double lon, double lat, const BBox& bbox);

// Watches the records of an import for points far from the map area; without an area (no
// basemap) or with a threshold of 0 it finds none.
class FarFromMapCheck {
public:
    FarFromMapCheck(std::optional<MapArea> area, double threshold_m);
    void add(const PointRecord& record);
    std::optional<FarFromMap> result() const;

private:
    std::optional<MapArea> m_area;
    double m_threshold_m;
    FarFromMap m_far;
};

// The far points as a file-level warning (code far_from_map): "450 points lie 1,934 to 1,951 km
// from the map's area (Novi Sad)".
ImportIssue far_from_map_warning(const FarFromMap& far);

// A distance in whole kilometres with thousands separated by commas: "1,934 km".
std::string format_km(double metres);

} // namespace oko::geo
