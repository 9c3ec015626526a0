#include "geo/osm/osm_import.hpp"
#include "geo/osm/osm_pbf_framing.hpp"

#include "geo/osm/osm_cameras.hpp"
#include "geo/points/shipped_layers.hpp"
#include "geo/store/store_errors.hpp"
#include "geo/store/store_points.hpp"
#include "geo/text/json_text.hpp"
#include "geo/text/vendor_table.hpp"

// GCC 12 reports a false -Wstringop-overread inside osmium's builder headers (a strlen on a
// buffer whose size it cannot see); the code there is correct.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overread"
#endif
#include <osmium/area/assembler.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/sparse_mem_array.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/relations/relations_manager.hpp>
#include <osmium/visitor.hpp>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <future>
#include <optional>
#include <random>
#include <string_view>

#include "geo/base/atomic_file.hpp"
#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/base/sha256.hpp"
#include "geo/base/utc_time.hpp"
#include "geo/map/attribution.hpp"
#include "geo/map/triangulate.hpp"
#include "geo/osm/osm_classify.hpp"
#include "geo/osm/osm_coastline.hpp"
#include "geo/osm/osm_ring_repair.hpp"

namespace oko::geo {

namespace {

using Clock = std::chrono::steady_clock;
using LocationIndex = osmium::index::map::SparseMemArray<osmium::unsigned_object_id_type, osmium::Location>;
using LocationHandler = osmium::handler::NodeLocationsForWays<LocationIndex>;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// All tags as one JSON object, written by hand: this runs for every feature.
std::string tags_json(const osmium::TagList& tags) {
    std::string out;
    out.reserve(tags.byte_size() + 4 * tags.size() + 2); // quotes, colon and comma per tag: one allocation
    out += '{';
    bool first = true;
    for (const auto& tag : tags) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, tag.key());
        out += ':';
        append_json_string(out, tag.value());
    }
    out += '}';
    return out;
}

StoredFeature make_feature(FeatureClass cls, char osm_type, int64_t id, const osmium::TagList& tags) {
    StoredFeature f;
    f.cls = cls;
    f.osm_type = osm_type;
    f.osm_id = id;
    if (const char* n = tags.get_value_by_key("name")) f.name = n;
    if (const char* n = tags.get_value_by_key("name:sr-Latn")) f.name_latin = n;
    if (cls == FeatureClass::AdminBoundary)
        if (const char* l = tags.get_value_by_key("admin_level")) f.admin_level = std::atoi(l);
    f.tags_json = tags_json(tags);
    return f;
}

// The street (or, for a village address without streets, the place) and number an object is tagged with.
std::optional<StoredAddress> address_of(const osmium::TagList& tags, char osm_type, int64_t id) {
    const char* number = tags.get_value_by_key("addr:housenumber");
    if (!number || !*number) return std::nullopt;
    const char* street = tags.get_value_by_key("addr:street");
    if (!street || !*street) street = tags.get_value_by_key("addr:place");
    if (!street || !*street) return std::nullopt;
    StoredAddress a;
    a.street = street;
    a.housenumber = number;
    a.osm_type = osm_type;
    a.osm_id = id;
    return a;
}

// Where an address on an area is: the centroid of its rings (holes subtract), in degrees, which over
// a building is a plane as good as any; the mean of the vertices when the rings enclose nothing.
LonLat centre_of(const std::vector<LonLat>& points, const std::vector<uint32_t>& parts,
                 const std::vector<uint32_t>& polygons) {
    double area = 0, cx = 0, cy = 0;
    size_t polygon = 0;
    for (size_t r = 0; r < parts.size(); ++r) {
        const size_t begin = parts[r];
        const size_t end = r + 1 < parts.size() ? parts[r + 1] : points.size();
        while (polygon + 1 < polygons.size() && polygons[polygon + 1] <= r)
            ++polygon;
        const bool outer = polygons.empty() || polygons[polygon] == r;
        double a = 0, x = 0, y = 0;
        const LonLat o = points[begin]; // relative to the first vertex, for precision
        for (size_t i = begin; i + 1 < end; ++i) {
            const double x0 = points[i].lon - o.lon, y0 = points[i].lat - o.lat;
            const double x1 = points[i + 1].lon - o.lon, y1 = points[i + 1].lat - o.lat;
            const double cross = x0 * y1 - x1 * y0;
            a += cross;
            x += (x0 + x1) * cross;
            y += (y0 + y1) * cross;
        }
        const double sign = (a < 0) == outer ? -1.0 : 1.0; // outer rings add, holes subtract, whatever their winding
        area += sign * a / 2;
        cx += sign * (x / 6 + o.lon * a / 2);
        cy += sign * (y / 6 + o.lat * a / 2);
    }
    if (std::abs(area) > 1e-14) return {cx / area, cy / area};
    double mx = 0, my = 0;
    for (const auto& p : points) {
        mx += p.lon;
        my += p.lat;
    }
    const auto n = static_cast<double>(std::max<size_t>(1, points.size()));
    return {mx / n, my / n};
}

std::string code_of(FeatureClass cls) { return std::string(info(cls).code); }

struct Collector {
    const OsmImportOptions& options;
    ImportReport& report;
    std::vector<StoredFeature> features;
    std::vector<PointRecord> cameras; // man_made=surveillance
    std::vector<StoredAddress> addresses;
    std::vector<CoastlineWay> coastline; // natural=coastline, for the sea (osm_coastline.hpp)
    VendorTable vendors = VendorTable::load(default_vendor_table_path());
    std::array<ClassCounts, static_cast<size_t>(FeatureClass::Count)> counts{};

    void add(StoredFeature&& f) {
        auto& c = counts[static_cast<size_t>(f.cls)];
        if (f.osm_type == 'n')
            ++c.from_nodes;
        else if (f.osm_type == 'w')
            ++c.from_ways;
        else
            ++c.from_relations;
        features.push_back(std::move(f));
    }

    void finish() {
        for (size_t i = 0; i < counts.size(); ++i)
            if (counts[i].total() > 0) report.classes[code_of(static_cast<FeatureClass>(i))] = counts[i];
    }
};

// Multipolygon and boundary relations of a basemap class, with their member ways (and those
// ways' node locations) kept until the relation is complete.
class AreaRelations : public osmium::relations::RelationsManager<AreaRelations, false, true, false> {
public:
    explicit AreaRelations(Collector& out) : m_out(out) {
        m_config.create_empty_areas = false;
        m_config.create_way_polygons = false;
        m_config.create_old_style_polygons = false;
    }

    bool new_relation(const osmium::Relation& relation) const {
        const char* type = relation.tags().get_value_by_key("type");
        if (!type || (std::string_view{type} != "multipolygon" && std::string_view{type} != "boundary")) return false;
        if (!classify_area(relation.tags(), true)) return false;
        for (const auto& m : relation.members())
            if (m.type() == osmium::item_type::way) return true;
        return false;
    }

    void complete_relation(const osmium::Relation& relation) {
        const FeatureClass cls = *classify_area(relation.tags(), true);
        std::vector<const osmium::Way*> ways;
        std::vector<bool> inner;
        for (const auto& member : relation.members()) {
            if (member.ref() == 0) continue; // not a way: the manager did not keep it
            ways.push_back(this->get_member_way(member.ref()));
            inner.push_back(std::string_view{member.role()} == "inner");
        }
        m_buffer.clear();
        bool ok = false;
        try {
            osmium::area::Assembler assembler{m_config};
            ok = assembler(relation, ways, m_buffer);
        } catch (const osmium::invalid_location&) {
            ok = false;
        }
        if (ok && m_buffer.committed() > 0) {
            const auto& area = m_buffer.get<osmium::Area>(0);
            StoredFeature f = make_feature(cls, 'r', relation.id(), relation.tags());
            for (const auto& outer : area.outer_rings()) {
                f.polygons.push_back(static_cast<uint32_t>(f.parts.size()));
                add_ring(f, outer);
                for (const auto& in : area.inner_rings(outer))
                    add_ring(f, in);
            }
            if (!f.polygons.empty()) {
                ++m_out.report.relations_assembled;
                add_address(relation, f);
                m_out.add(std::move(f));
                return;
            }
        }
        if (m_out.options.repair_rings && repair(relation, cls, ways, inner)) return;
        m_out.report.skip("assembly failed", code_of(cls), 'r', relation.id());
    }

    void count_incomplete() {
        for_each_incomplete_relation([&](const osmium::relations::RelationHandle& handle) {
            const auto cls = classify_area(handle->tags(), true);
            m_out.report.skip("missing members", cls ? code_of(*cls) : "other", 'r', handle->id());
        });
    }

private:
    void add_address(const osmium::Relation& relation, const StoredFeature& f) {
        if (auto a = address_of(relation.tags(), 'r', relation.id())) {
            a->at = centre_of(f.points, f.parts, f.polygons);
            m_out.addresses.push_back(std::move(*a));
        }
    }

    template <typename TRing> static void add_ring(StoredFeature& f, const TRing& ring) {
        f.parts.push_back(static_cast<uint32_t>(f.points.size()));
        for (const auto& nr : ring)
            f.points.push_back({nr.location().lon(), nr.location().lat()});
    }

    bool repair(const osmium::Relation& relation, FeatureClass cls, const std::vector<const osmium::Way*>& ways,
                const std::vector<bool>& inner) {
        std::vector<RepairWay> input;
        for (size_t i = 0; i < ways.size(); ++i) {
            RepairWay w;
            w.inner = inner[i];
            for (const auto& nr : ways[i]->nodes()) {
                if (!nr.location().valid()) continue;
                w.node_ids.push_back(nr.ref());
                w.points.push_back({nr.location().lon(), nr.location().lat()});
            }
            input.push_back(std::move(w));
        }
        const bool water = info(cls).layer == BasemapLayer::Water;
        const double tolerance = water ? m_out.options.water_gap_tolerance_m : m_out.options.other_gap_tolerance_m;
        RingRepairResult r = repair_rings(std::move(input), tolerance);
        if (!r.ok()) return false;
        StoredFeature f = make_feature(cls, 'r', relation.id(), relation.tags());
        f.points = std::move(r.geometry.points);
        f.parts = std::move(r.geometry.parts);
        f.polygons = std::move(r.geometry.polygons);
        RingRepair rep;
        rep.relation_id = relation.id();
        rep.cls = code_of(cls);
        rep.name = f.name;
        rep.member_ways = ways.size();
        rep.gaps_closed = r.gaps_closed;
        rep.max_gap_m = r.max_gap_m;
        rep.total_gap_m = r.total_gap_m;
        rep.open_chains_dropped = r.open_chains_dropped;
        rep.area_km2 = r.area_km2;
        m_out.report.repaired.push_back(rep);
        add_address(relation, f);
        m_out.add(std::move(f));
        return true;
    }

    Collector& m_out;
    osmium::area::AssemblerConfig m_config;
    osmium::memory::Buffer m_buffer{1024 * 64, osmium::memory::Buffer::auto_grow::yes};
};

// Place labels, lines, and areas from closed ways. Closed ways are turned into rings here and
// not by the assembler: a way ring needs no assembly, and this keeps the ways that are also
// members of some relation (a building inside a landuse multipolygon).
class FeatureHandler : public osmium::handler::Handler {
public:
    explicit FeatureHandler(Collector& out) : m_out(out) {}

    void node(const osmium::Node& node) {
        ++m_out.report.nodes_read;
        if (node.tags().empty()) return;
        if (auto a = address_of(node.tags(), 'n', node.id()); a && node.location().valid()) {
            a->at = {node.location().lon(), node.location().lat()};
            m_out.addresses.push_back(std::move(*a));
        }
        if (is_surveillance(node.tags()) && node.location().valid())
            m_out.cameras.push_back(osm_camera_record('n', node.id(), node.location().lon(), node.location().lat(),
                                                      node.tags(), m_out.vendors));
        const auto cls = classify_node(node.tags());
        if (!cls) return;
        if (!node.location().valid()) {
            m_out.report.skip("invalid locations", code_of(*cls), 'n', node.id());
            return;
        }
        StoredFeature f = make_feature(*cls, 'n', node.id(), node.tags());
        f.points.push_back({node.location().lon(), node.location().lat()});
        f.parts.push_back(0);
        m_out.add(std::move(f));
    }

    void way(const osmium::Way& way) {
        ++m_out.report.ways_read;
        if (way.tags().empty()) return;
        if (auto a = address_of(way.tags(), 'w', way.id())) {
            // A building (or any ring) is found at its centroid, a line at the mean of its vertices.
            std::vector<LonLat> points;
            for (const auto& nr : way.nodes())
                if (nr.location().valid()) points.push_back({nr.location().lon(), nr.location().lat()});
            if (!points.empty()) {
                const bool ring = points.size() >= 4 && way.nodes().front().ref() == way.nodes().back().ref();
                a->at = ring ? centre_of(points, {0}, {0}) : centre_of(points, {}, {});
                m_out.addresses.push_back(std::move(*a));
            }
        }
        if (is_surveillance(way.tags())) {
            // A camera mapped as a way (a mast, a housing): its centre stands for it.
            double lon = 0, lat = 0;
            size_t n = 0;
            for (const auto& nr : way.nodes())
                if (nr.location().valid()) {
                    lon += nr.location().lon();
                    lat += nr.location().lat();
                    ++n;
                }
            if (n)
                m_out.cameras.push_back(osm_camera_record('w', way.id(), lon / n, lat / n, way.tags(), m_out.vendors));
        }
        if (way.tags().has_tag("natural", "coastline")) {
            CoastlineWay c;
            c.id = way.id();
            for (const auto& nr : way.nodes())
                if (nr.location().valid()) {
                    c.nodes.push_back(nr.ref());
                    c.points.push_back({nr.location().lon(), nr.location().lat()});
                }
            m_out.coastline.push_back(std::move(c));
        }
        if (const auto cls = classify_line(way.tags())) {
            StoredFeature f = make_feature(*cls, 'w', way.id(), way.tags());
            f.parts.push_back(0);
            f.points.reserve(way.nodes().size());
            for (const auto& nr : way.nodes())
                if (nr.location().valid()) f.points.push_back({nr.location().lon(), nr.location().lat()});
            if (f.points.size() < 2) {
                m_out.report.skip("too few points", code_of(*cls), 'w', way.id());
                return;
            }
            if (f.points.size() != way.nodes().size())
                m_out.report.warnings.push_back("w" + std::to_string(way.id()) +
                                                ": nodes missing from the extract were left out");
            m_out.add(std::move(f));
            return;
        }
        const auto cls = classify_area(way.tags(), false);
        if (!cls) return;
        const auto& nodes = way.nodes();
        if (nodes.size() < 4 || nodes.front().ref() != nodes.back().ref()) {
            m_out.report.skip("unclosed way", code_of(*cls), 'w', way.id());
            return;
        }
        StoredFeature f = make_feature(*cls, 'w', way.id(), way.tags());
        f.points.reserve(nodes.size());
        for (const auto& nr : nodes) {
            if (!nr.location().valid()) {
                m_out.report.skip("invalid locations", code_of(*cls), 'w', way.id());
                return;
            }
            f.points.push_back({nr.location().lon(), nr.location().lat()});
        }
        f.parts.push_back(0);
        f.polygons.push_back(0);
        m_out.add(std::move(f));
    }

    void relation(const osmium::Relation&) { ++m_out.report.relations_read; }

private:
    Collector& m_out;
};

// The sea, from the coastline ways, within the header's bounds or else the data's extent.
void add_sea(Collector& collector, const BBox& header_box, const OsmImportOptions& options) {
    collector.report.coastline_ways = collector.coastline.size();
    if (collector.coastline.empty()) return;
    BBox bounds = header_box;
    if (bounds.empty())
        for (const auto& f : collector.features)
            for (const auto& p : f.points)
                bounds.extend(p.lon, p.lat);
    SeaResult sea = build_sea(std::move(collector.coastline), bounds, collector.features, options.sea);
    collector.coastline.clear();
    for (auto& w : sea.warnings)
        collector.report.warnings.push_back(std::move(w));
    collector.report.sea_km2 = sea.area_km2;
    for (auto& f : sea.features)
        collector.add(std::move(f));
}

void triangulate_areas(std::vector<StoredFeature>& features, size_t begin, size_t end, size_t& triangle_count) {
    std::vector<XY> xy;
    for (size_t k = begin; k < end; ++k) {
        auto& f = features[k];
        // Boundaries are drawn as outlines only; their fill would be the whole map.
        if (f.kind() != GeomKind::Area || f.cls == FeatureClass::AdminBoundary) continue;
        xy.resize(f.points.size());
        for (size_t i = 0; i < f.points.size(); ++i)
            xy[i] = to_mercator(f.points[i]);
        triangulate_polygons(xy, f.parts, f.polygons, f.triangles);
        triangle_count += f.triangles.size();
    }
}

// Overpass cuts and clipped extracts keep relations whose members are not in the file. The
// basemap draws only area relations (counted per class as "missing members"); this counts
// all of them, routes and turn restrictions included, so the report says how incomplete the
// extract is.
void count_missing_members(const std::vector<osmium::memory::Buffer>& buffers, const LocationIndex& nodes,
                           ImportReport& report) {
    std::vector<osmium::object_id_type> ways, relations;
    for (const auto& buffer : buffers) {
        for (const auto& w : buffer.select<osmium::Way>())
            ways.push_back(w.id());
        for (const auto& r : buffer.select<osmium::Relation>())
            relations.push_back(r.id());
    }
    std::sort(ways.begin(), ways.end());
    std::sort(relations.begin(), relations.end());
    std::vector<osmium::object_id_type> missing[3]; // nodes, ways, relations
    for (const auto& buffer : buffers) {
        for (const auto& r : buffer.select<osmium::Relation>()) {
            bool incomplete = false;
            for (const auto& m : r.members()) {
                int kind = -1;
                if (m.type() == osmium::item_type::node) {
                    if (m.ref() <= 0 ||
                        !nodes.get_noexcept(static_cast<osmium::unsigned_object_id_type>(m.ref())).valid())
                        kind = 0;
                } else if (m.type() == osmium::item_type::way) {
                    if (!std::binary_search(ways.begin(), ways.end(), m.ref())) kind = 1;
                } else if (m.type() == osmium::item_type::relation) {
                    if (!std::binary_search(relations.begin(), relations.end(), m.ref())) kind = 2;
                }
                if (kind >= 0) {
                    missing[kind].push_back(m.ref());
                    incomplete = true;
                }
            }
            if (incomplete) ++report.relations_missing_members;
        }
    }
    size_t* counts[3] = {&report.missing_nodes, &report.missing_ways, &report.missing_relations};
    for (int k = 0; k < 3; ++k) {
        std::sort(missing[k].begin(), missing[k].end());
        *counts[k] = static_cast<size_t>(std::unique(missing[k].begin(), missing[k].end()) - missing[k].begin());
    }
}

[[noreturn]] void rethrow_as_error(const std::filesystem::path& input) {
    try {
        throw;
    } catch (const Error&) {
        throw;
    } catch (const osmium::pbf_error& e) {
        throw Error(std::string("corrupt or truncated OSM PBF file (") + e.what() + ")", input.string());
    } catch (const osmium::xml_error& e) {
        throw Error(std::string("not a valid OSM XML file (") + e.what() + ")", input.string(),
                    static_cast<int64_t>(e.line));
    } catch (const osmium::io_error& e) {
        throw Error(std::string("cannot read the OSM file (") + e.what() + ")", input.string());
    } catch (const std::system_error& e) {
        throw Error(std::string("cannot read the OSM file (") + e.what() + ")", input.string());
    } catch (const std::exception& e) {
        throw Error(std::string("cannot read the OSM file (") + e.what() + ")", input.string());
    }
}

void check_input(const std::filesystem::path& input) {
    std::error_code ec;
    if (!std::filesystem::exists(input, ec)) throw Error("no such file", input.string());
    if (!std::filesystem::is_regular_file(input, ec)) throw Error("not a regular file", input.string());
    if (::access(input.c_str(), R_OK) != 0) throw Error("the file is not readable", input.string());
    if (std::filesystem::file_size(input, ec) == 0) throw Error("the file is empty", input.string());
}

void check_destination(const std::filesystem::path& store_path) {
    const auto dir = store_path.has_parent_path() ? store_path.parent_path() : std::filesystem::path(".");
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw Error("cannot write the project: the folder " + dir.string() + " does not exist", store_path.string());
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
        throw Error("cannot write the project: the folder " + dir.string() + " is not writable", store_path.string());
    if (std::filesystem::exists(store_path, ec)) {
        if (std::filesystem::is_directory(store_path, ec))
            throw Error("cannot write the project: it is a folder", store_path.string());
        if (::access(store_path.c_str(), R_OK | W_OK) != 0)
            throw Error("cannot write the project: the file is not writable", store_path.string());
    }
}

std::string bbox_text(const std::vector<StoredFeature>& features) {
    BBox b;
    for (const auto& f : features)
        for (const auto& p : f.points)
            b.extend(p.lon, p.lat);
    char buf[128];
    std::snprintf(buf, sizeof buf, "%.7f,%.7f,%.7f,%.7f", b.min_x, b.min_y, b.max_x, b.max_y);
    return buf;
}

void write_project(Store& store, const OsmExtract& extract, ImportReport& report, Clock::time_point write_start,
                   Clock::time_point t0) {
    Store::Transaction tx(store);
    store.write_basemap(extract.features);
    store.set_meta("basemap_source", std::filesystem::path(report.source).filename().string());
    store.set_meta("basemap_source_sha256", report.sha256);
    store.set_meta("basemap_imported_at", report.started_at);
    store.set_meta("basemap_bbox", bbox_text(extract.features));
    store.set_meta("basemap_attribution", osm_attribution_with_licence);
    store.set_meta("basemap_data_timestamp", extract.data_timestamp); // empty: the header gives no date
    write_addresses(store, extract.addresses);
    replace_point_layer(store, kOsmCamerasLayer, "cameras", std::filesystem::path(report.source).filename().string(),
                        report.sha256, extract.cameras);
    report.write_s = seconds_since(write_start);
    report.total_s = seconds_since(t0);
    store.add_import_run(report.source, report.sha256, report.started_at, report.to_json().dump());
    tx.commit();
}

} // namespace

namespace {
// Longest first, so that "x.osm.pbf" loses ".osm.pbf", not ".pbf".
constexpr std::string_view osm_extract_suffixes[] = {".osm.pbf", ".osm.bz2", ".osm.gz", ".osm", ".pbf"};

std::optional<std::string_view> osm_suffix_of(const std::string& name) {
    for (const std::string_view suffix : osm_extract_suffixes)
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            return suffix;
    return std::nullopt;
}
} // namespace

bool is_osm_extract(const std::filesystem::path& file) { return osm_suffix_of(file.filename().string()).has_value(); }

std::string osm_extract_stem(const std::filesystem::path& file) {
    std::string name = file.filename().string();
    if (const auto suffix = osm_suffix_of(name)) name.resize(name.size() - suffix->size());
    return name;
}

OsmExtract read_osm(const std::filesystem::path& input, const OsmImportOptions& options) {
    check_input(input);
    OsmExtract out;
    out.report.source = input.string();
    const auto t0 = Clock::now();
    Collector collector{options, out.report, {}, {}, {}, {}};
    BBox header_box; // the extract's bounds as its header gives them
    // City extracts hold about one feature per 64 bytes of PBF; this avoids most regrowth.
    std::error_code ec;
    collector.features.reserve(std::filesystem::file_size(input, ec) / 64);
    try {
        const osmium::io::File file{input.string()};
        if (file.format() == osmium::io::file_format::pbf) check_pbf_framing(input);
        // Decoded once and kept: both passes walk the same ways and relations, which halves the decoding
        // (a city extract decodes to a few tens of MB). Nodes and ways become features as their
        // buffers arrive, while the reader's threads decode the next ones; only the relations'
        // member ways wait for the relations, which come last in the file.
        std::vector<osmium::memory::Buffer> buffers;
        LocationIndex index;
        LocationHandler locations{index};
        locations.ignore_errors(); // Overpass cuts lack nodes; the handlers count what is missing
        FeatureHandler features{collector};
        {
            osmium::io::Reader reader{file};
            const osmium::Box box = reader.header().box();
            for (const char* key : {"osmosis_replication_timestamp", "timestamp"})
                if (out.data_timestamp.empty()) out.data_timestamp = reader.header().get(key);
            if (box.valid()) {
                header_box.extend(box.bottom_left().lon(), box.bottom_left().lat());
                header_box.extend(box.top_right().lon(), box.top_right().lat());
            }
            while (auto buffer = reader.read()) {
                osmium::apply(buffer, locations, features);
                // Nodes are done with once their locations are indexed, and PBF blocks hold one
                // kind of object: freeing the node blocks lets the decoder reuse their memory
                // instead of touching fresh pages (each a page fault) for every block.
                const bool only_nodes = std::all_of(buffer.begin(), buffer.end(), [](const osmium::memory::Item& item) {
                    return item.type() == osmium::item_type::node;
                });
                if (!only_nodes) buffers.push_back(std::move(buffer));
            }
            reader.close();
        }
        AreaRelations relations{collector};
        for (const auto& buffer : buffers)
            for (const auto& relation : buffer.select<osmium::Relation>())
                relations.relation(relation);
        relations.prepare_for_lookup();
        // The ways in the buffers carry their node locations now (set in place above).
        auto& second_pass = relations.handler();
        for (auto& buffer : buffers)
            osmium::apply(buffer, second_pass);
        relations.count_incomplete();
        count_missing_members(buffers, index, out.report);
    } catch (...) {
        rethrow_as_error(input);
    }
    add_sea(collector, header_box, options);
    collector.finish();
    out.features = std::move(collector.features);
    out.cameras = std::move(collector.cameras);
    out.addresses = std::move(collector.addresses);
    out.report.addresses = out.addresses.size();
    for (size_t i = 0; i < out.cameras.size(); ++i)
        out.cameras[i].index = static_cast<int64_t>(i);
    out.report.cameras = out.cameras.size();
    out.report.read_s = seconds_since(t0);
    if (out.features.empty())
        throw Error("the extract holds no map features (no roads, buildings, water, green, rail or places)",
                    input.string());

    const auto t1 = Clock::now();
    // Two halves on two threads: the areas are spread evenly enough through the file.
    const size_t mid = out.features.size() / 2;
    size_t tris_a = 0, tris_b = 0;
    auto other =
        std::async(std::launch::async, [&] { triangulate_areas(out.features, mid, out.features.size(), tris_b); });
    triangulate_areas(out.features, 0, mid, tris_a);
    other.get();
    out.report.triangles = tris_a + tris_b;
    out.report.triangulate_s = seconds_since(t1);
    return out;
}

ImportReport import_osm(const std::filesystem::path& input, const std::filesystem::path& store_path,
                        const OsmImportOptions& options) {
    const auto t0 = Clock::now();
    const std::string started_at = utc_now();
    check_input(input);
    check_destination(store_path);
    remove_stale_temporaries(store_path); // what killed imports into this project left beside it
    const bool existing = std::filesystem::exists(store_path);
    std::optional<Store> target;
    if (existing) target.emplace(Store::open(store_path, true)); // fails early on a file that is not a project

    auto sha = std::async(std::launch::async, [&] { return sha256_file(input); });
    // A new project's empty schema (SpatiaLite metadata, tables, indexes) is set up while the
    // extract is read: it needs nothing from it.
    const auto tmp = unique_temporary_path(store_path);
    std::future<Store> created;
    if (!existing)
        created = std::async(std::launch::async, [&] {
            Store store = Store::create(tmp);
            // Private until the rename, as in Store::create_atomically: a crash leaves only the
            // temporary file, which is never opened, so it is built without journal or syncs.
            store.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
            Store::Transaction tx(store);
            add_shipped_layers(store); // every new project starts with the smart-city sites
            tx.commit();
            return store;
        });
    auto discard_tmp = [&] {
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        std::filesystem::remove(tmp.string() + "-journal", ec);
    };
    // On a failure before writing: let the schema set-up finish, close it, and remove the file.
    auto abandon_new_project = [&] {
        if (!created.valid()) return;
        try {
            created.get();
        } catch (...) {
        }
        discard_tmp();
    };
    OsmExtract extract;
    try {
        extract = read_osm(input, options);
    } catch (...) {
        sha.wait();
        abandon_new_project();
        throw;
    }
    ImportReport& report = extract.report;
    try {
        report.sha256 = sha.get();
    } catch (...) {
        abandon_new_project();
        throw;
    }
    report.store = store_path.string();
    report.started_at = started_at;

    const auto write_start = Clock::now();
    try {
        if (existing) {
            write_project(*target, extract, report, write_start, t0);
        } else {
            bool placed = false;
            try {
                Store store = created.get();
                write_project(store, extract, report, write_start, t0);
                store.exec("PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL;");
                store.close();
                // Never over a project another process has made meanwhile (see Store::create_atomically).
                placed = rename_no_replace(tmp, store_path);
            } catch (const Error& e) {
                discard_tmp();
                throw naming_target(e, tmp, store_path);
            } catch (const std::exception& e) {
                discard_tmp();
                throw Error(naming_target(std::string("cannot write the project: ") + e.what(), tmp, store_path),
                            store_path.string());
            }
            if (!placed) {
                // It was created while this extract was read: the basemap goes into it as into any
                // existing project, as if this import had started after the other one.
                discard_tmp();
                Store store = Store::open(store_path, true);
                write_project(store, extract, report, write_start, t0);
            }
        }
    } catch (const Error& e) {
        throw import_error_in_users_words(e, store_path);
    }
    report.write_s = seconds_since(write_start);
    report.total_s = seconds_since(t0);
    return report;
}

} // namespace oko::geo
