#pragma once
// OSM's own camera map: man_made=surveillance nodes (and the centres of such ways) become point
// records for the project's `osm_cameras` layer, with vendor from the manufacturer tags, year
// from start_date, and every tag kept (surveillance:type, camera:type, camera:direction, ...).

#include "geo/points/point_import.hpp"

#include <osmium/osm/tag.hpp>

#include <optional>

namespace oko::geo {

bool is_surveillance(const osmium::TagList& tags);

// The record for one surveillance object at lon/lat; `vendors` normalises the manufacturer.
PointRecord osm_camera_record(char osm_type, int64_t osm_id, double lon, double lat, const osmium::TagList& tags,
                              const class VendorTable& vendors);

inline constexpr const char* kOsmCamerasLayer = "osm_cameras";

} // namespace oko::geo
