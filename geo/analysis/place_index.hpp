#pragma once
// Go-to: finds places and streets of the basemap by name, in either script and without diacritics
// ("Trg slobode", "Трг слободе" and "trg slobode" find the same square). A street made of many
// ways is one result whose box covers all of them.

#include "geo/map/basemap.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace oko::geo {

struct PlaceMatch {
    std::string name; // as tagged
    std::string kind; // the class code, e.g. "place.suburb", "road.primary"
    BBox bounds;      // Web Mercator
};

class PlaceIndex {
public:
    PlaceIndex() = default;
    explicit PlaceIndex(const Basemap& basemap);

    // Best matches first: exact name, then names starting with the query, then names containing it;
    // within each, places before streets before other features, then larger features first.
    std::vector<PlaceMatch> search(std::string_view query, size_t limit = 10) const;
    size_t size() const { return m_entries.size(); }

private:
    struct Entry {
        std::string folded;
        PlaceMatch match;
        int rank = 0; // lower is more important
    };
    std::vector<Entry> m_entries;
};

} // namespace oko::geo
