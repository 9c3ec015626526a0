#include "geo/store/store_addresses.hpp"

#include "geo/base/error.hpp"
#include "geo/store/sqlite_statement.hpp"

#include <cmath>

namespace oko::geo {

namespace {

bool has_address_table(const Store& store) {
    Statement s(store, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'osm_addresses'");
    return s.step();
}

} // namespace

void ensure_address_table(Store& store) {
    store.exec("CREATE TABLE IF NOT EXISTS osm_addresses(id INTEGER PRIMARY KEY, street TEXT NOT NULL, "
               "housenumber TEXT NOT NULL, lon REAL NOT NULL, lat REAL NOT NULL, osm_type TEXT NOT NULL, "
               "osm_id INTEGER NOT NULL)");
}

void write_addresses(Store& store, std::span<const StoredAddress> addresses) {
    ensure_address_table(store);
    store.exec("DELETE FROM osm_addresses");
    Statement s(store, "INSERT INTO osm_addresses(street, housenumber, lon, lat, osm_type, osm_id) "
                       "VALUES (?, ?, ?, ?, ?, ?)");
    for (const auto& a : addresses) {
        const std::string type(1, a.osm_type);
        s.text_static(1, a.street);
        s.text_static(2, a.housenumber);
        s.real(3, a.at.lon);
        s.real(4, a.at.lat);
        s.text(5, type);
        s.integer(6, a.osm_id);
        s.step();
        s.reset();
    }
}

std::optional<std::vector<StoredAddress>> load_addresses(const Store& store) {
    if (!has_address_table(store)) return std::nullopt;
    std::vector<StoredAddress> out;
    Statement s(store, "SELECT street, housenumber, lon, lat, osm_type, osm_id FROM osm_addresses ORDER BY id");
    while (s.step()) {
        StoredAddress a;
        a.street = s.column_text(0);
        a.housenumber = s.column_text(1);
        a.at.lon = sqlite3_column_double(s.get(), 2);
        a.at.lat = sqlite3_column_double(s.get(), 3);
        const std::string type = s.column_text(4);
        a.osm_type = type.empty() ? 'n' : type[0];
        a.osm_id = s.column_int(5);
        if (!std::isfinite(a.at.lon) || !std::isfinite(a.at.lat) || std::abs(a.at.lon) > 180 || std::abs(a.at.lat) > 90)
            throw Error(damaged_reason("the address of " + std::string(1, a.osm_type) + std::to_string(a.osm_id) +
                                           " in table osm_addresses is not a position on the globe",
                                       store.path().string()),
                        store.path().string(), 0, "osm_addresses.lon, lat");
        out.push_back(std::move(a));
    }
    return out;
}

} // namespace oko::geo
