#pragma once
// The house numbers of an OSM extract (addr:street or addr:place with addr:housenumber, on nodes,
// buildings and other ways or relations), for go-to: the plain table osm_addresses, one row an
// address with its position in WGS84 (the node, or the centre of the building). Projects imported
// before Oko kept addresses have no such table; importing the extract again makes it.

#include "geo/base/types.hpp"
#include "geo/store/store.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace oko::geo {

struct StoredAddress {
    std::string street;      // addr:street, or addr:place where the address has no street
    std::string housenumber; // addr:housenumber as tagged
    LonLat at;
    char osm_type = 'n';
    int64_t osm_id = 0;
};

// Creates the table if the project has none yet.
void ensure_address_table(Store& store);
// Replaces every address, inside the caller's transaction.
void write_addresses(Store& store, std::span<const StoredAddress> addresses);
// The addresses, or nothing when the project predates them. A position Oko would never write (not
// finite, off the globe) is refused with the file, the table and the OSM object named.
std::optional<std::vector<StoredAddress>> load_addresses(const Store& store);

} // namespace oko::geo
