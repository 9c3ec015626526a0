#pragma once
// Go-to: finds places, streets and house numbers of the basemap as people type them, in either
// script, without diacritics, with or without the street type or its short form ("Bulevar
// oslobođenja", "bul. oslobodjenja", "булевар ослобођења" and "oslobodenja" find the same boulevard;
// "ulica Zmaj Jovina 12" the house). place_names.hpp has the rules for words.
//
// The ways of one street are one result when they touch or lie within a few hundred metres of each
// other; a street of the same name elsewhere is a result of its own, each labelled with its kind
// and where it is ("street in Stari grad", "street in Sremska Kamenica"). Where is the nearest
// suburb, quarter or neighbourhood of the extract (its place node, within a couple of km and in the
// same settlement, as Nominatim places addresses), and the settlement whose admin boundary (level
// 7 to 9) holds it.

#include "geo/analysis/place_names.hpp"
#include "geo/map/basemap.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace oko::geo {

struct PlaceMatch {
    std::string name;     // in the query's script: as tagged for a query in Cyrillic, else in Latin
    std::string kind;     // in words: "street", "boulevard", "square", "address", "suburb", "park", ...
    std::string district; // where, in the same script: "Stari grad", "Podgrađe, Petrovaradin"; may be empty
    BBox bounds;          // Web Mercator: the street's own extent, a few metres around an address
    std::string note;     // what the search could not do, e.g. "no house number 99 is mapped"

    std::string label() const; // "street in Stari grad", or the kind alone
};

class PlaceIndex {
public:
    PlaceIndex();
    explicit PlaceIndex(const Basemap& basemap);
    PlaceIndex(PlaceIndex&&) noexcept;
    PlaceIndex& operator=(PlaceIndex&&) noexcept;
    ~PlaceIndex();

    // Best matches first: the exact name (maybe without its street type), then names beginning
    // with the query, then names with a later word beginning with it, then names with one typo;
    // within each, house numbers (when the query ends in one), places and streets before other
    // features, then larger ones first.
    std::vector<PlaceMatch> search(std::string_view query, size_t limit = 8) const;
    size_t size() const { return m_entries.size(); } // results there are to find, house numbers aside

    // Ground metres within which the ways of one name are one street.
    static constexpr double kStreetGapM = 300.0;

private:
    struct Names {
        std::string name;  // as tagged
        std::string latin; // name:sr-Latn, or the name in Serbian Latin
        const std::string& in(bool cyrillic) const { return cyrillic ? name : latin; }
    };
    struct Entry {
        Names names;
        std::vector<std::vector<NameWord>> spellings; // the words of the name and of name:sr-Latn
        std::string kind;
        Names district;
        BBox bounds;
        int rank = 0; // lower is more important
    };
    struct Street { // the addresses of one addr:street
        std::vector<NameWord> words;
        std::vector<size_t> addresses;
    };
    class Districts;

    std::vector<Entry> m_entries;
    std::vector<Address> m_addresses;
    std::vector<Street> m_streets;
    bool m_addresses_imported = false;
    std::unique_ptr<Districts> m_districts;
};

} // namespace oko::geo
