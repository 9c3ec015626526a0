#include "geo/osm/osm_cameras.hpp"

#include "geo/text/field_values.hpp"
#include "geo/text/vendor_table.hpp"

#include <cstring>

namespace oko::geo {

bool is_surveillance(const osmium::TagList& tags) {
    const char* v = tags["man_made"];
    return v && std::strcmp(v, "surveillance") == 0;
}

PointRecord osm_camera_record(char osm_type, int64_t osm_id, double lon, double lat, const osmium::TagList& tags,
                              const VendorTable& vendors) {
    PointRecord r;
    r.lon = lon;
    r.lat = lat;
    for (const char* key : {"camera:manufacturer", "surveillance:manufacturer", "manufacturer", "brand"})
        if (const char* v = tags[key]; v && *v) {
            r.vendor_raw = v;
            break;
        }
    r.vendor = r.vendor_raw.empty() ? std::string() : vendors.canonical(r.vendor_raw);
    for (const char* key : {"start_date", "installation:date", "survey:date"})
        if (const char* v = tags[key]; v && *v) {
            r.year_raw = v;
            r.year = parse_year(v);
            break;
        }
    r.attributes.emplace_back("osm", std::string(osm_type == 'n' ? "node/" : "way/") + std::to_string(osm_id));
    for (const auto& tag : tags)
        r.attributes.emplace_back(tag.key(), tag.value());
    r.source_row = osm_id;
    r.source_layer = osm_type == 'n' ? "node" : "way";
    return r;
}

} // namespace oko::geo
