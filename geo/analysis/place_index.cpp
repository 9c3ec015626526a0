#include "geo/analysis/place_index.hpp"

#include "geo/analysis/boundaries.hpp"
#include "geo/base/mercator.hpp"
#include "geo/scene/label_script.hpp"
#include "geo/text/text_fold.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <tuple>

namespace oko::geo {

namespace {

// Within how many ground metres of a suburb's, quarter's or neighbourhood's place node a street is
// said to be in it.
constexpr double kNeighbourhoodRadiusM = 2000.0;
// Points along a street whose districts decide its label.
constexpr size_t kDistrictSamples = 9;
// Half the side of the box an address shows, in ground metres.
constexpr double kAddressHalfM = 15.0;
// Two addresses of the same street and number closer than this are one (a node inside its building).
constexpr double kSameAddressM = 60.0;

double ground_scale(const XY& p) { return mercator_scale_at(from_mercator(p).lat); }

int rank_of(FeatureClass cls) {
    switch (info(cls).layer) {
    case BasemapLayer::Places:
        return 0;
    case BasemapLayer::Roads:
        return 1;
    case BasemapLayer::Boundaries:
    case BasemapLayer::Water:
    case BasemapLayer::Green:
    case BasemapLayer::Rail:
        return 2;
    default:
        return 3;
    }
}

std::string kind_of(FeatureClass cls, std::string_view street) {
    using FC = FeatureClass;
    if (info(cls).layer == BasemapLayer::Roads && !street.empty()) return std::string(street);
    switch (cls) {
    case FC::RoadMotorway:
        return "motorway";
    case FC::RoadTrunk:
        return "main road";
    case FC::RoadService:
        return "service road";
    case FC::RoadPedestrian:
        return "pedestrian street";
    case FC::RoadFootway:
        return "footpath";
    case FC::RoadCycleway:
        return "cycle path";
    case FC::PlaceCity:
        return "city";
    case FC::PlaceTown:
        return "town";
    case FC::PlaceSuburb:
        return "suburb";
    case FC::PlaceNeighbourhood:
        return "neighbourhood";
    case FC::AdminBoundary:
        return "administrative area";
    case FC::Park:
        return "park";
    case FC::Forest:
        return "forest";
    case FC::Grass:
        return "green";
    case FC::Cemetery:
        return "cemetery";
    case FC::Farmland:
        return "farmland";
    case FC::WaterArea:
        return "water";
    case FC::River:
        return "river";
    case FC::Canal:
        return "canal";
    case FC::Stream:
        return "stream";
    case FC::Building:
        return "building";
    case FC::LanduseResidential:
        return "residential area";
    case FC::LanduseCommercial:
        return "commercial area";
    case FC::LanduseIndustrial:
        return "industrial area";
    case FC::LanduseRetail:
        return "retail area";
    case FC::Rail:
        return "railway";
    case FC::Tram:
        return "tram line";
    case FC::Subway:
        return "subway line";
    default:
        return info(cls).layer == BasemapLayer::Roads ? "street" : "area";
    }
}

std::string latin_of(const std::string& name, const std::string& name_latin) {
    return name_in_script(name, name_latin, LabelScript::latin);
}

// The shortest distance between two points of the plane and a segment.
double point_segment(const XY& p, const XY& a, const XY& b) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

// Whether two features come within `gap` (Web Mercator metres) of each other: some vertex of one
// within `gap` of some segment (or the point) of the other.
bool within(const Geometry& a, const Geometry& b, double gap) {
    auto one_way = [gap](const Geometry& from, const Geometry& to) {
        for (size_t part = 0; part < to.part_count(); ++part) {
            const size_t begin = to.part_begin(part), end = to.part_end(part);
            for (const auto& p : from.points) {
                if (end - begin == 1 && std::hypot(p.x - to.points[begin].x, p.y - to.points[begin].y) <= gap)
                    return true;
                for (size_t i = begin; i + 1 < end; ++i)
                    if (point_segment(p, to.points[i], to.points[i + 1]) <= gap) return true;
            }
        }
        return false;
    };
    return one_way(a, b) || one_way(b, a);
}

size_t find_root(std::vector<size_t>& parent, size_t i) {
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

// The house number part of a query: its last words from the first one (not the first of the
// query) that begins with a digit, when the words after it are numbers or single letters
// ("12", "12a", "12 a", "12/3").
struct HouseNumberQuery {
    std::vector<NameWord> street;
    std::string number;
};

bool digit_first(const NameWord& w) { return !w.text.empty() && w.text[0] >= '0' && w.text[0] <= '9'; }

// "12", "12a", "12 A" and "12a" are one number; "12/3" keeps a separator between its numbers.
std::string number_key(const std::vector<NameWord>& words, size_t from) {
    std::string key;
    for (size_t i = from; i < words.size(); ++i) {
        if (!key.empty() && digit_first(words[i]) && key.back() >= '0' && key.back() <= '9') key += '/';
        key += words[i].text;
    }
    return key;
}

std::optional<HouseNumberQuery> split_house_number(const std::vector<NameWord>& words) {
    for (size_t k = 1; k < words.size(); ++k) {
        if (!digit_first(words[k])) continue;
        bool rest = true;
        for (size_t i = k + 1; i < words.size() && rest; ++i)
            rest = digit_first(words[i]) || words[i].text.size() == 1;
        if (!rest) continue;
        return HouseNumberQuery{{words.begin(), words.begin() + static_cast<std::ptrdiff_t>(k)}, number_key(words, k)};
    }
    return std::nullopt;
}

} // namespace

std::string PlaceMatch::label() const { return district.empty() ? kind : kind + " in " + district; }

// Where a point is: the nearest suburb, quarter or neighbourhood (its place node) in the same
// settlement, and the settlement (the finest admin boundary of level 7 to 9 that divides the map).
class PlaceIndex::Districts {
public:
    explicit Districts(const Basemap& basemap) {
        std::map<int, int> levels;
        for (const auto& f : basemap.features)
            if (f.cls == FeatureClass::AdminBoundary && f.admin_level >= 7 && f.admin_level <= 9)
                ++levels[f.admin_level];
        for (auto it = levels.rbegin(); it != levels.rend(); ++it)
            if (it->second >= 2) {
                m_settlements.emplace(BoundarySet::from_basemap(basemap, it->first));
                break;
            }
        if (m_settlements)
            for (const auto& b : m_settlements->boundaries())
                m_settlement_names.push_back({b.name, to_serbian_latin(b.name)});
        for (const auto& f : basemap.features) {
            if ((f.cls != FeatureClass::PlaceSuburb && f.cls != FeatureClass::PlaceNeighbourhood) ||
                f.geometry.points.empty() || (f.name.empty() && f.name_latin.empty()))
                continue;
            Place p;
            p.at = f.geometry.points.front();
            p.names = {f.name.empty() ? f.name_latin : f.name, latin_of(f.name, f.name_latin)};
            p.settlement = settlement(p.at);
            m_places.push_back(std::move(p));
        }
    }

    struct Where {
        int place = -1;
        int settlement = -1;
        bool operator<(const Where& o) const { return std::tie(place, settlement) < std::tie(o.place, o.settlement); }
    };

    int settlement(const XY& p) const { return m_settlements ? m_settlements->locate(from_mercator(p)) : -1; }

    Where at(const XY& p) const {
        Where w;
        w.settlement = settlement(p);
        const double radius = kNeighbourhoodRadiusM / ground_scale(p);
        double best = radius;
        for (size_t i = 0; i < m_places.size(); ++i) {
            if (m_places[i].settlement != w.settlement) continue;
            const double d = std::hypot(m_places[i].at.x - p.x, m_places[i].at.y - p.y);
            if (d <= best) {
                best = d;
                w.place = static_cast<int>(i);
            }
        }
        return w;
    }

    // "Podgrađe, Petrovaradin", "Stari grad", "Liman 1 and Grbavica": the most frequent place of
    // `samples`, a second one when it holds a third of them, and their settlement. `own` (folded
    // words) is left out: a suburb is not in itself.
    Names describe(const std::vector<XY>& samples, bool settlement_only, const std::string& own) const {
        std::map<Where, size_t> counts;
        for (const auto& p : samples) {
            Where w = at(p);
            if (settlement_only) w.place = -1;
            ++counts[w];
        }
        if (counts.empty()) return {};
        std::vector<std::pair<Where, size_t>> ranked(counts.begin(), counts.end());
        std::stable_sort(ranked.begin(), ranked.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        const Where first = ranked.front().first;
        int second = -1;
        for (size_t i = 1; i < ranked.size(); ++i)
            if (ranked[i].first.settlement == first.settlement && ranked[i].first.place >= 0 &&
                ranked[i].first.place != first.place && ranked[i].second * 3 >= samples.size()) {
                second = ranked[i].first.place;
                break;
            }
        Names out;
        auto add = [&](const Names& n, const char* separator) {
            if (n.name.empty() || fold_for_names(n.name) == own) return;
            if (!out.name.empty()) {
                out.name += separator;
                out.latin += separator;
            }
            out.name += n.name;
            out.latin += n.latin;
        };
        if (first.place >= 0) add(m_places[static_cast<size_t>(first.place)].names, ", ");
        if (second >= 0) add(m_places[static_cast<size_t>(second)].names, " and ");
        if (first.settlement >= 0) {
            const auto& s = m_settlement_names[static_cast<size_t>(first.settlement)];
            // "Petrovaradin" in Petrovaradin says nothing more.
            if (first.place < 0 ||
                fold_for_names(m_places[static_cast<size_t>(first.place)].names.name) != fold_for_names(s.name))
                add(s, ", ");
        }
        return out;
    }

private:
    struct Place {
        XY at;
        Names names;
        int settlement = -1;
    };
    std::optional<BoundarySet> m_settlements;
    std::vector<Names> m_settlement_names;
    std::vector<Place> m_places;
};

PlaceIndex::PlaceIndex() = default;
PlaceIndex::PlaceIndex(PlaceIndex&&) noexcept = default;
PlaceIndex& PlaceIndex::operator=(PlaceIndex&&) noexcept = default;
PlaceIndex::~PlaceIndex() = default;

PlaceIndex::PlaceIndex(const Basemap& basemap)
    : m_addresses(basemap.addresses), m_addresses_imported(basemap.addresses_imported),
      m_districts(std::make_unique<Districts>(basemap)) {
    // Features by name (folded words) and layer; each group is then split into streets of ways that
    // touch or lie close together.
    std::map<std::pair<std::string, BasemapLayer>, std::vector<size_t>> groups;
    for (size_t i = 0; i < basemap.features.size(); ++i) {
        const auto& f = basemap.features[i];
        if (f.name.empty() && f.name_latin.empty()) continue;
        std::string key;
        for (const auto& w : name_words(f.name.empty() ? f.name_latin : f.name))
            key += w.text + ' ';
        if (key.empty()) continue;
        groups[{key, info(f.cls).layer}].push_back(i);
    }
    for (const auto& [key, members] : groups) {
        std::vector<size_t> parent(members.size());
        std::iota(parent.begin(), parent.end(), size_t{0});
        std::vector<BBox> boxes;
        for (size_t m : members)
            boxes.push_back(basemap.features[m].geometry.bounds());
        for (size_t a = 0; a < members.size(); ++a)
            for (size_t b = a + 1; b < members.size(); ++b) {
                if (find_root(parent, a) == find_root(parent, b)) continue;
                const double gap = kStreetGapM / ground_scale(boxes[a].center());
                BBox near = boxes[a];
                near.extend(near.min_x - gap, near.min_y - gap);
                near.extend(near.max_x + gap, near.max_y + gap);
                if (!near.intersects(boxes[b])) continue;
                if (within(basemap.features[members[a]].geometry, basemap.features[members[b]].geometry, gap))
                    parent[find_root(parent, a)] = find_root(parent, b);
            }
        std::map<size_t, std::vector<size_t>> clusters; // root -> features, in basemap order
        for (size_t i = 0; i < members.size(); ++i)
            clusters[find_root(parent, i)].push_back(members[i]);
        for (const auto& [root, features] : clusters) {
            const Feature& first = basemap.features[features.front()];
            Entry e;
            e.names = {first.name.empty() ? first.name_latin : first.name, latin_of(first.name, first.name_latin)};
            e.spellings.push_back(name_words(e.names.name));
            if (!first.name_latin.empty() && name_words(first.name_latin) != e.spellings.front())
                e.spellings.push_back(name_words(first.name_latin));
            FeatureClass cls = first.cls;
            std::vector<XY> vertices;
            for (size_t f : features) {
                const auto& feature = basemap.features[f];
                e.bounds.extend(feature.geometry.bounds());
                cls = std::min(cls, feature.cls); // roads: the most important class of the street
                vertices.insert(vertices.end(), feature.geometry.points.begin(), feature.geometry.points.end());
            }
            e.kind = kind_of(cls, street_type(e.spellings.front()));
            e.rank = rank_of(cls);
            std::vector<XY> samples;
            const size_t n = std::min(kDistrictSamples, vertices.size());
            for (size_t i = 0; i < n; ++i)
                samples.push_back(vertices[(2 * i + 1) * vertices.size() / (2 * n)]);
            const auto layer = info(cls).layer;
            const bool settlement_only = layer == BasemapLayer::Places || layer == BasemapLayer::Boundaries;
            e.district = m_districts->describe(samples, settlement_only, fold_for_names(e.names.name));
            m_entries.push_back(std::move(e));
        }
    }
    std::map<std::string, size_t> streets; // the street's words -> its index in m_streets
    for (size_t i = 0; i < m_addresses.size(); ++i) {
        auto words = name_words(m_addresses[i].street);
        std::string key;
        for (const auto& w : words)
            key += w.text + (w.abbreviated ? ". " : " ");
        if (key.empty()) continue;
        auto it = streets.find(key);
        if (it == streets.end()) {
            it = streets.emplace(key, m_streets.size()).first;
            m_streets.push_back({std::move(words), {}});
        }
        m_streets[it->second].addresses.push_back(i);
    }
}

std::vector<PlaceMatch> PlaceIndex::search(std::string_view query, size_t limit) const {
    const auto words = name_words(query);
    if (words.empty()) return {};
    const bool cyrillic = has_cyrillic(query);
    struct Hit {
        NameMatch quality;
        int rank;
        double size;
        PlaceMatch match;
    };
    std::vector<Hit> hits;
    auto add_entry = [&](const Entry& e, NameMatch quality, std::string note) {
        PlaceMatch m{e.names.in(cyrillic), e.kind, e.district.in(cyrillic), e.bounds, std::move(note)};
        hits.push_back({quality, e.rank, e.bounds.width() * e.bounds.height(), std::move(m)});
    };
    auto best_match = [](const std::vector<NameWord>& q, const Entry& e) {
        NameMatch best = NameMatch::None;
        for (const auto& spelling : e.spellings)
            best = std::min(best, match_name(q, spelling));
        return best;
    };
    for (const auto& e : m_entries)
        if (const NameMatch q = best_match(words, e); q != NameMatch::None) add_entry(e, q, {});

    if (const auto house = split_house_number(words)) {
        size_t found = 0;
        std::vector<std::pair<size_t, const Address*>> taken; // street, address: one result per house
        for (size_t s = 0; s < m_streets.size(); ++s) {
            const NameMatch street_quality = match_name(house->street, m_streets[s].words);
            if (street_quality == NameMatch::None) continue;
            for (size_t a : m_streets[s].addresses) {
                const Address& address = m_addresses[a];
                const std::string number = number_key(name_words(address.housenumber), 0);
                if (number.compare(0, house->number.size(), house->number) != 0) continue;
                const NameMatch quality =
                    number == house->number ? street_quality : std::max(street_quality, NameMatch::Prefix);
                const double scale = ground_scale(address.at);
                const bool duplicate = std::any_of(taken.begin(), taken.end(), [&](const auto& t) {
                    return t.first == s && number_key(name_words(t.second->housenumber), 0) == number &&
                           std::hypot(t.second->at.x - address.at.x, t.second->at.y - address.at.y) * scale <
                               kSameAddressM;
                });
                if (duplicate) continue;
                taken.emplace_back(s, &address);
                ++found;
                PlaceMatch m;
                const std::string written = address.street + " " + address.housenumber;
                m.name = cyrillic ? written : to_serbian_latin(written);
                m.kind = "address";
                m.district = m_districts->describe({address.at}, false, {}).in(cyrillic);
                const double half = kAddressHalfM / scale;
                m.bounds.extend(address.at.x - half, address.at.y - half);
                m.bounds.extend(address.at.x + half, address.at.y + half);
                hits.push_back({quality, -1, 0.0, std::move(m)});
            }
        }
        if (found == 0) {
            // The street without the number, saying why.
            const std::string note = m_addresses_imported
                                         ? "no house number " + house->number + " is mapped on this street"
                                         : "this project was imported before Oko kept house numbers: import the "
                                           "OSM extract again to find them";
            for (const auto& e : m_entries)
                if (e.rank == rank_of(FeatureClass::RoadResidential))
                    if (const NameMatch q = best_match(house->street, e); q <= NameMatch::Prefix) add_entry(e, q, note);
        }
    }

    std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
        if (a.quality != b.quality) return a.quality < b.quality;
        if (a.rank != b.rank) return a.rank < b.rank;
        return a.size > b.size;
    });
    std::vector<PlaceMatch> out;
    for (size_t i = 0; i < hits.size() && out.size() < limit; ++i) {
        const auto& m = hits[i].match;
        // A street found by its name and by its Latin name, or by its name and as the street of a
        // missing house number: once.
        const bool seen = std::any_of(out.begin(), out.end(), [&](const PlaceMatch& o) {
            return o.kind == m.kind && o.bounds.min_x == m.bounds.min_x && o.bounds.max_y == m.bounds.max_y;
        });
        if (!seen) out.push_back(m);
    }
    return out;
}

} // namespace oko::geo
