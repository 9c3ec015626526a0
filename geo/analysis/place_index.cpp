#include "geo/analysis/place_index.hpp"

#include "geo/text/text_fold.hpp"

#include <algorithm>
#include <unordered_map>

namespace oko::geo {

namespace {
int rank_of(FeatureClass cls) {
    const auto& i = info(cls);
    if (i.layer == BasemapLayer::Places) return 0;
    if (i.layer == BasemapLayer::Roads) return 1;
    if (i.layer == BasemapLayer::Boundaries) return 2;
    return 3;
}
} // namespace

PlaceIndex::PlaceIndex(const Basemap& basemap) {
    // One entry per (folded name, layer): the ways of one street merge into one result.
    std::unordered_map<std::string, size_t> by_key;
    for (const auto& f : basemap.features) {
        for (const std::string* name : {&f.name, &f.name_latin}) {
            if (name->empty()) continue;
            const std::string folded = fold_for_search(*name);
            const std::string key = folded + '\x1f' + std::string(layer_name(info(f.cls).layer));
            const auto it = by_key.find(key);
            if (it != by_key.end()) {
                m_entries[it->second].match.bounds.extend(f.geometry.bounds());
                m_entries[it->second].rank = std::min(m_entries[it->second].rank, rank_of(f.cls));
                continue;
            }
            by_key.emplace(key, m_entries.size());
            m_entries.push_back({folded, {*name, std::string(info(f.cls).code), f.geometry.bounds()}, rank_of(f.cls)});
        }
    }
}

std::vector<PlaceMatch> PlaceIndex::search(std::string_view query, size_t limit) const {
    std::string q = fold_for_search(query);
    q.erase(0, q.find_first_not_of(' '));
    q.erase(q.find_last_not_of(' ') + 1);
    if (q.empty()) return {};
    struct Hit {
        int quality;
        const Entry* entry;
    };
    std::vector<Hit> hits;
    for (const auto& e : m_entries) {
        const auto pos = e.folded.find(q);
        if (pos == std::string::npos) continue;
        const int quality = e.folded.size() == q.size() ? 0 : pos == 0 ? 1 : 2;
        hits.push_back({quality, &e});
    }
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
        if (a.quality != b.quality) return a.quality < b.quality;
        if (a.entry->rank != b.entry->rank) return a.entry->rank < b.entry->rank;
        const auto area = [](const BBox& bb) { return bb.width() * bb.height(); };
        return area(a.entry->match.bounds) > area(b.entry->match.bounds);
    });
    std::vector<PlaceMatch> out;
    for (size_t i = 0; i < hits.size() && out.size() < limit; ++i) {
        // The same feature can be found by both its Cyrillic and its Latin name: show it once.
        const auto& m = hits[i].entry->match;
        const bool seen = std::any_of(out.begin(), out.end(), [&](const PlaceMatch& o) {
            return o.kind == m.kind && o.bounds.min_x == m.bounds.min_x && o.bounds.max_y == m.bounds.max_y;
        });
        if (!seen) out.push_back(m);
    }
    return out;
}

} // namespace oko::geo
