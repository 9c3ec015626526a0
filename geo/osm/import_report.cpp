#include "geo/osm/import_report.hpp"

#include "geo/base/limits.hpp"

#include <cstdio>
#include <sstream>

namespace oko::geo {

namespace {
constexpr size_t kMaxExamples = 10;

std::string fixed(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}
} // namespace

size_t ImportReport::feature_count() const {
    size_t n = 0;
    for (const auto& [code, c] : classes)
        n += c.total();
    return n;
}

size_t ImportReport::count(const std::string& cls) const {
    const auto it = classes.find(cls);
    return it == classes.end() ? 0 : it->second.total();
}

size_t ImportReport::skipped_count(const std::string& reason, const std::string& cls) const {
    const auto r = skipped.find(reason);
    if (r == skipped.end()) return 0;
    const auto c = r->second.find(cls);
    return c == r->second.end() ? 0 : c->second.count;
}

void ImportReport::skip(const std::string& reason, const std::string& cls, char osm_type, int64_t id) {
    auto& s = skipped[reason][cls];
    ++s.count;
    if (s.examples.size() < kMaxExamples) s.examples.push_back(osm_type + std::to_string(id));
}

std::string ImportReport::to_text() const {
    std::ostringstream out;
    out << "Imported " << source << " into " << store << "\n";
    out << "  sha256 " << sha256 << "\n";
    out << "  read " << nodes_read << " nodes, " << ways_read << " ways, " << relations_read << " relations\n";
    if (relations_missing_members > 0)
        out << "  " << relations_missing_members << " relations refer to objects missing from the extract ("
            << missing_nodes << " nodes, " << missing_ways << " ways, " << missing_relations << " relations)\n";
    out << "  " << feature_count() << " features, " << triangles / 3 << " fill triangles\n";
    out << "  " << cameras << " surveillance cameras (man_made=surveillance) in layer osm_cameras\n";
    out << "  " << addresses << " house numbers (addr:housenumber) for go-to\n";
    if (coastline_ways > 0) {
        char sea[96];
        if (sea_km2 > 0)
            std::snprintf(sea, sizeof sea, "sea of %.2f km2", sea_km2);
        else
            std::snprintf(sea, sizeof sea, "no sea (see the warnings)");
        out << "  " << coastline_ways << " coastline ways (natural=coastline): " << sea << "\n";
    }
    for (const auto& [code, c] : classes) {
        out << "    " << code << ": " << c.total();
        if (c.total() != c.from_ways)
            out << " (" << c.from_nodes << " nodes, " << c.from_ways << " ways, " << c.from_relations << " relations)";
        out << "\n";
    }
    out << "  " << relations_assembled << " area relations assembled\n";
    if (!repaired.empty()) {
        out << "  " << repaired.size() << " relations repaired (gaps in their rings closed):\n";
        for (const auto& r : repaired) {
            out << "    r" << r.relation_id << " " << r.cls << (r.name.empty() ? "" : " \"" + excerpt(r.name) + "\"")
                << ": " << r.gaps_closed << " gaps closed (longest " << fixed(r.max_gap_m, 0) << " m, total "
                << fixed(r.total_gap_m, 0) << " m), " << r.open_chains_dropped << " open pieces dropped, area "
                << fixed(r.area_km2, 3) << " km2\n";
        }
    }
    for (const auto& [reason, per_class] : skipped) {
        size_t n = 0;
        for (const auto& [code, s] : per_class)
            n += s.count;
        out << "  skipped " << n << " (" << reason << "):";
        for (const auto& [code, s] : per_class) {
            out << " " << code << " " << s.count << " [";
            for (size_t i = 0; i < s.examples.size(); ++i)
                out << (i ? " " : "") << s.examples[i];
            out << (s.count > s.examples.size() ? " ...]" : "]");
        }
        out << "\n";
    }
    for (const auto& w : warnings)
        out << "  warning: " << w << "\n";
    out << "  time: read+assemble " << fixed(read_s, 3) << " s, triangulate " << fixed(triangulate_s, 3) << " s, write "
        << fixed(write_s, 3) << " s, total " << fixed(total_s, 3) << " s\n";
    return out.str();
}

nlohmann::json ImportReport::to_json() const {
    nlohmann::json j;
    j["source"] = source;
    j["sha256"] = sha256;
    j["store"] = store;
    j["started_at"] = started_at;
    j["read"] = {{"nodes", nodes_read}, {"ways", ways_read}, {"relations", relations_read}};
    j["relations_missing_members"] = relations_missing_members;
    j["missing_members"] = {{"nodes", missing_nodes}, {"ways", missing_ways}, {"relations", missing_relations}};
    j["features"] = feature_count();
    auto& cls = j["classes"] = nlohmann::json::object();
    for (const auto& [code, c] : classes)
        cls[code] = {
            {"total", c.total()}, {"nodes", c.from_nodes}, {"ways", c.from_ways}, {"relations", c.from_relations}};
    j["relations_assembled"] = relations_assembled;
    auto& rep = j["repaired"] = nlohmann::json::array();
    for (const auto& r : repaired)
        rep.push_back({{"relation", r.relation_id},
                       {"class", r.cls},
                       {"name", r.name},
                       {"member_ways", r.member_ways},
                       {"gaps_closed", r.gaps_closed},
                       {"max_gap_m", r.max_gap_m},
                       {"total_gap_m", r.total_gap_m},
                       {"open_chains_dropped", r.open_chains_dropped},
                       {"area_km2", r.area_km2}});
    auto& sk = j["skipped"] = nlohmann::json::object();
    for (const auto& [reason, per_class] : skipped)
        for (const auto& [code, s] : per_class)
            sk[reason][code] = {{"count", s.count}, {"examples", s.examples}};
    j["warnings"] = warnings;
    j["triangles"] = triangles / 3;
    j["cameras"] = cameras;
    j["addresses"] = addresses;
    j["coastline"] = {{"ways", coastline_ways}, {"sea_km2", sea_km2}};
    j["timings_s"] = {{"read", read_s}, {"triangulate", triangulate_s}, {"write", write_s}, {"total", total_s}};
    return j;
}

} // namespace oko::geo
