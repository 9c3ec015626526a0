#include "geo/analysis/boundaries.hpp"

#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/base/ogr_dataset.hpp"
#include "geo/density/density_crs.hpp"
#include "geo/map/geos_handle.hpp"
#include "geo/store/store_geometry.hpp"
#include "geo/store/store_reference.hpp"

#include <gdal_priv.h>
#include <geos_c.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdlib>
#include <map>
#include <mutex>

namespace oko::geo {

namespace {

void geos_message(const char* /*fmt*/, ...) {}

// The metric CRS of each polygon: the UTM zone of its centre (utm_epsg), made once per zone.
class MetricProjections {
public:
    const DensityCrs& for_point(double lon, double lat) {
        const int epsg = utm_epsg({lon, lat});
        auto it = m_zones.find(epsg);
        if (it == m_zones.end()) it = m_zones.emplace(epsg, DensityCrs::utm_for({lon, lat})).first;
        return it->second;
    }

private:
    std::map<int, DensityCrs> m_zones;
};

double ring_area_m2(GEOSContextHandle_t ctx, const GEOSGeometry* ring, const DensityCrs& crs) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, ring);
    unsigned int n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(ctx, seq, &n) || n < 4) return 0.0;
    std::vector<XY> xy(n);
    for (unsigned int i = 0; i < n; ++i) {
        double lon = 0, lat = 0;
        GEOSCoordSeq_getXY_r(ctx, seq, i, &lon, &lat);
        xy[i] = crs.from_lonlat({lon, lat});
    }
    double twice = 0.0;
    for (unsigned int i = 0; i + 1 < n; ++i)
        twice += xy[i].x * xy[i + 1].y - xy[i + 1].x * xy[i].y;
    return std::abs(twice) / 2.0;
}

double area_km2(GEOSContextHandle_t ctx, const GEOSGeometry* geom, MetricProjections& projections) {
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    if (GEOSGeom_getXMin_r(ctx, geom, &x0) == 0) return 0.0;
    GEOSGeom_getXMax_r(ctx, geom, &x1);
    GEOSGeom_getYMin_r(ctx, geom, &y0);
    GEOSGeom_getYMax_r(ctx, geom, &y1);
    const DensityCrs& crs = projections.for_point((x0 + x1) / 2, (y0 + y1) / 2);
    double m2 = 0.0;
    const int parts = GEOSGetNumGeometries_r(ctx, geom);
    for (int p = 0; p < parts; ++p) {
        const GEOSGeometry* poly = GEOSGetGeometryN_r(ctx, geom, p);
        if (GEOSGeomTypeId_r(ctx, poly) != GEOS_POLYGON) continue;
        m2 += ring_area_m2(ctx, GEOSGetExteriorRing_r(ctx, poly), crs);
        const int holes = GEOSGetNumInteriorRings_r(ctx, poly);
        for (int h = 0; h < holes; ++h)
            m2 -= ring_area_m2(ctx, GEOSGetInteriorRingN_r(ctx, poly, h), crs);
    }
    return m2 / 1e6;
}

struct Sqlite3Stmt {
    sqlite3_stmt* stmt = nullptr;
    ~Sqlite3Stmt() { sqlite3_finalize(stmt); }
};

std::string text_column(sqlite3_stmt* s, int i) {
    const auto* t = sqlite3_column_text(s, i);
    return t ? reinterpret_cast<const char*>(t) : "";
}

GEOSGeometry* ring_to_geos(GEOSContextHandle_t ctx, const GeometryParts& g, size_t ring) {
    const size_t begin = g.parts[ring];
    const size_t end = ring + 1 < g.parts.size() ? g.parts[ring + 1] : g.points.size();
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(end - begin), 2);
    for (size_t i = begin; i < end; ++i)
        GEOSCoordSeq_setXY_r(ctx, seq, static_cast<unsigned>(i - begin), g.points[i].lon, g.points[i].lat);
    return GEOSGeom_createLinearRing_r(ctx, seq);
}

// A stored MULTIPOLYGON as a GEOS geometry: each polygon is its outer ring and the holes after it.
GEOSGeometry* to_geos(GEOSContextHandle_t ctx, const GeometryParts& g) {
    std::vector<GEOSGeometry*> polygons;
    for (size_t p = 0; p < g.polygons.size(); ++p) {
        const size_t first = g.polygons[p];
        const size_t last = p + 1 < g.polygons.size() ? g.polygons[p + 1] : g.parts.size();
        GEOSGeometry* shell = ring_to_geos(ctx, g, first);
        std::vector<GEOSGeometry*> holes;
        for (size_t r = first + 1; r < last; ++r)
            holes.push_back(ring_to_geos(ctx, g, r));
        if (!shell || std::find(holes.begin(), holes.end(), nullptr) != holes.end()) {
            for (auto* h : holes)
                if (h) GEOSGeom_destroy_r(ctx, h);
            if (shell) GEOSGeom_destroy_r(ctx, shell);
            continue;
        }
        polygons.push_back(GEOSGeom_createPolygon_r(ctx, shell, holes.data(), static_cast<unsigned>(holes.size())));
    }
    if (polygons.empty()) return nullptr;
    return GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polygons.data(), static_cast<unsigned>(polygons.size()));
}

// The polygons of a GEOS result as one polygon or multipolygon (MakeValid turns a self-crossing
// ring into polygons and, where it collapses, lines or points beside them); takes `g`. Null when
// it holds no polygon.
GEOSGeometry* polygonal_part(GEOSContextHandle_t ctx, GEOSGeometry* g) {
    if (!g) return nullptr;
    const int type = GEOSGeomTypeId_r(ctx, g);
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return g;
    std::vector<GEOSGeometry*> polygons;
    const auto collect = [&](const auto& self, const GEOSGeometry* part) -> void {
        const int t = GEOSGeomTypeId_r(ctx, part);
        if (t == GEOS_POLYGON) {
            if (GEOSisEmpty_r(ctx, part) != 1) polygons.push_back(GEOSGeom_clone_r(ctx, part));
        } else if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
            const int n = GEOSGetNumGeometries_r(ctx, part);
            for (int i = 0; i < n; ++i)
                self(self, GEOSGetGeometryN_r(ctx, part, i));
        }
    };
    collect(collect, g);
    GEOSGeom_destroy_r(ctx, g);
    if (polygons.empty()) return nullptr;
    return GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polygons.data(), static_cast<unsigned>(polygons.size()));
}

// A Web Mercator geometry's rings (closed) as one WGS84 area by the even-odd rule: a ring inside
// an odd number of others is a hole. Each ring is made valid first (GEOS MakeValid). Null when no
// ring makes an area.
GEOSGeometry* even_odd_area(GEOSContextHandle_t ctx, const Geometry& g) {
    GEOSGeometry* area = nullptr;
    std::vector<LonLat> ring;
    for (size_t r = 0; r < g.part_count(); ++r) {
        const size_t begin = g.part_begin(r), end = g.part_end(r);
        if (end - begin < 4) continue;
        ring.clear();
        for (size_t i = begin; i < end; ++i)
            ring.push_back(from_mercator(g.points[i]));
        GEOSGeometry* polygon = ring_polygon(ctx, ring).release();
        if (!polygon) continue;
        if (GEOSisValid_r(ctx, polygon) != 1) {
            GEOSGeometry* valid = polygonal_part(ctx, GEOSMakeValid_r(ctx, polygon));
            GEOSGeom_destroy_r(ctx, polygon);
            polygon = valid;
            if (!polygon) continue;
        }
        if (!area) {
            area = polygon;
            continue;
        }
        GEOSGeometry* both = polygonal_part(ctx, GEOSSymDifference_r(ctx, area, polygon));
        GEOSGeom_destroy_r(ctx, polygon);
        if (both) {
            GEOSGeom_destroy_r(ctx, area);
            area = both;
        }
    }
    return area;
}

} // namespace

struct BoundarySet::Impl {
    GEOSContextHandle_t ctx = nullptr;
    std::vector<Boundary> boundaries;
    std::vector<GEOSGeometry*> geoms;
    std::vector<const GEOSPreparedGeometry*> prepared;
    GEOSSTRtree* tree = nullptr;
    std::string source;
    std::string name_field;
    std::vector<size_t> features; // from_basemap: each boundary's feature in the basemap
    mutable std::vector<int> hits;

    Impl() : ctx(GEOS_init_r()) {
        GEOSContext_setNoticeHandler_r(ctx, geos_message);
        GEOSContext_setErrorHandler_r(ctx, geos_message);
    }
    ~Impl() {
        if (tree) GEOSSTRtree_destroy_r(ctx, tree);
        for (auto* p : prepared)
            GEOSPreparedGeom_destroy_r(ctx, p);
        for (auto* g : geoms)
            GEOSGeom_destroy_r(ctx, g);
        GEOS_finish_r(ctx);
    }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    // Takes ownership of `geom` (WGS84, lon/lat) if it is a non-empty polygon or multipolygon.
    bool add(GEOSGeometry* geom, std::string name, int admin_level, MetricProjections& projections) {
        if (!geom) return false;
        const int type = GEOSGeomTypeId_r(ctx, geom);
        if ((type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) || GEOSisEmpty_r(ctx, geom) == 1) {
            GEOSGeom_destroy_r(ctx, geom);
            return false;
        }
        boundaries.push_back({std::move(name), admin_level, area_km2(ctx, geom, projections)});
        geoms.push_back(geom);
        return true;
    }

    void build_index() {
        tree = GEOSSTRtree_create_r(ctx, 10);
        for (size_t i = 0; i < geoms.size(); ++i) {
            prepared.push_back(GEOSPrepare_r(ctx, geoms[i]));
            // The tree stores the index itself as the item pointer (offset by one: null is not an item).
            GEOSSTRtree_insert_r(ctx, tree, geoms[i], reinterpret_cast<void*>(i + 1));
        }
    }

    int locate(LonLat p) const {
        GEOSGeometry* point = GEOSGeom_createPointFromXY_r(ctx, p.lon, p.lat);
        hits.clear();
        GEOSSTRtree_query_r(
            ctx, tree, point,
            [](void* item, void* data) {
                static_cast<std::vector<int>*>(data)->push_back(
                    static_cast<int>(reinterpret_cast<uintptr_t>(item) - 1));
            },
            &hits);
        std::sort(hits.begin(), hits.end());
        int found = -1;
        for (int i : hits)
            if (GEOSPreparedContains_r(ctx, prepared[i], point) == 1) {
                found = i;
                break;
            }
        GEOSGeom_destroy_r(ctx, point);
        return found;
    }
};

namespace {

// The line parts of a GEOS result (a line, multiline or collection), appended with `index`.
void append_lines(GEOSContextHandle_t ctx, const GEOSGeometry* g, int index,
                  std::vector<std::pair<int, std::vector<LonLat>>>& out) {
    if (!g || GEOSisEmpty_r(ctx, g) == 1) return;
    const int type = GEOSGeomTypeId_r(ctx, g);
    if (type == GEOS_LINESTRING) {
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, g);
        unsigned n = 0;
        GEOSCoordSeq_getSize_r(ctx, seq, &n);
        std::vector<LonLat> line(n);
        for (unsigned i = 0; i < n; ++i)
            GEOSCoordSeq_getXY_r(ctx, seq, i, &line[i].lon, &line[i].lat);
        if (n >= 2) out.emplace_back(index, std::move(line));
    } else if (type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(ctx, g);
        for (int i = 0; i < n; ++i)
            append_lines(ctx, GEOSGetGeometryN_r(ctx, g, i), index, out);
    }
}

} // namespace

std::vector<std::pair<int, std::vector<LonLat>>> BoundarySet::clip_line(std::span<const LonLat> line) const {
    std::vector<std::pair<int, std::vector<LonLat>>> out;
    if (line.size() < 2) return out;
    const auto ctx = m_impl->ctx;
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(line.size()), 2);
    for (size_t i = 0; i < line.size(); ++i)
        GEOSCoordSeq_setXY_r(ctx, seq, static_cast<unsigned>(i), line[i].lon, line[i].lat);
    GEOSGeometry* rest = GEOSGeom_createLineString_r(ctx, seq);
    if (!rest) {
        out.emplace_back(-1, std::vector<LonLat>(line.begin(), line.end()));
        return out;
    }
    auto& hits = m_impl->hits;
    hits.clear();
    GEOSSTRtree_query_r(
        ctx, m_impl->tree, rest,
        [](void* item, void* data) {
            static_cast<std::vector<int>*>(data)->push_back(static_cast<int>(reinterpret_cast<uintptr_t>(item) - 1));
        },
        &hits);
    std::sort(hits.begin(), hits.end());
    const std::vector<int> candidates = hits;
    for (int i : candidates) {
        if (!rest || GEOSisEmpty_r(ctx, rest) == 1) break;
        if (GEOSPreparedContains_r(ctx, m_impl->prepared[i], rest) == 1) {
            append_lines(ctx, rest, i, out);
            GEOSGeom_destroy_r(ctx, rest);
            rest = nullptr;
            break;
        }
        if (GEOSPreparedIntersects_r(ctx, m_impl->prepared[i], rest) != 1) continue;
        GEOSGeometry* inside = GEOSIntersection_r(ctx, rest, m_impl->geoms[i]);
        GEOSGeometry* outside = GEOSDifference_r(ctx, rest, m_impl->geoms[i]);
        if (!inside || !outside) {
            if (inside) GEOSGeom_destroy_r(ctx, inside);
            if (outside) GEOSGeom_destroy_r(ctx, outside);
            continue; // GEOS failed on this pair: the line stays with the boundaries after it
        }
        // The parts inside joined again where GEOS cut them at the line's own vertices.
        GEOSGeometry* merged = GEOSLineMerge_r(ctx, inside);
        append_lines(ctx, merged ? merged : inside, i, out);
        if (merged) GEOSGeom_destroy_r(ctx, merged);
        GEOSGeom_destroy_r(ctx, inside);
        GEOSGeom_destroy_r(ctx, rest);
        rest = outside;
    }
    if (rest) {
        GEOSGeometry* merged = GEOSisEmpty_r(ctx, rest) == 1 ? nullptr : GEOSLineMerge_r(ctx, rest);
        append_lines(ctx, merged ? merged : rest, -1, out);
        if (merged) GEOSGeom_destroy_r(ctx, merged);
        GEOSGeom_destroy_r(ctx, rest);
    }
    return out;
}

BoundarySet::BoundarySet(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
BoundarySet::BoundarySet(BoundarySet&&) noexcept = default;
BoundarySet& BoundarySet::operator=(BoundarySet&&) noexcept = default;
BoundarySet::~BoundarySet() = default;

const std::vector<Boundary>& BoundarySet::boundaries() const { return m_impl->boundaries; }
const std::vector<size_t>& BoundarySet::features() const { return m_impl->features; }
const std::string& BoundarySet::source() const { return m_impl->source; }
const std::string& BoundarySet::name_field() const { return m_impl->name_field; }
int BoundarySet::locate(LonLat p) const { return m_impl->locate(p); }

std::optional<size_t> name_field_of(std::span<const std::string> fields) {
    // Names as the common sources spell them: OSM exports, geoBoundaries, Serbian open data.
    for (const char* candidate : {"name", "NAME", "Name", "shapeName", "naziv", "NAZIV", "Naziv", "opstina", "OPSTINA",
                                  "opstina_imel", "NAME_2", "NAME_1", "name_en", "NAME_EN"})
        for (size_t i = 0; i < fields.size(); ++i)
            if (fields[i] == candidate) return i;
    return std::nullopt;
}

BoundarySet BoundarySet::from_reference(const ReferenceLayerData& layer, const std::string& name_field) {
    const std::string what = "reference layer '" + layer.name + "'";
    const auto fields_text = [&] {
        return layer.fields.empty() ? std::string("it has no fields") : "its fields: " + list_names(layer.fields);
    };
    if (layer.kind != ReferenceKind::Areas)
        throw Error(what + " holds lines, not polygons: districts come from a reference layer of areas", "", 0,
                    "boundary_layer");
    std::optional<size_t> name_index;
    if (!name_field.empty()) {
        name_index = layer.field_index(name_field);
        if (!name_index)
            throw Error(what + " has no field '" + name_field + "' (" + fields_text() + ")", "", 0, "boundary_name");
    } else {
        name_index = name_field_of(layer.fields);
        if (!name_index)
            throw Error(what +
                            " has no field that names its districts (name, NAME, shapeName, naziv, ...): choose "
                            "one (" +
                            fields_text() + ")",
                        "", 0, "boundary_name");
    }
    const auto level_index = layer.field_index("admin_level");

    auto impl = std::make_unique<Impl>();
    impl->source = "reference layer " + layer.name;
    impl->name_field = layer.fields[*name_index];
    MetricProjections projections;
    for (size_t f = 0; f < layer.features.size(); ++f) {
        const auto& values = layer.values[f];
        std::string name = *name_index < values.size() ? values[*name_index] : "";
        if (name.empty()) name = "feature " + std::to_string(f + 1);
        int level = 0;
        if (level_index && *level_index < values.size()) level = std::atoi(values[*level_index].c_str());
        if (impl->add(even_odd_area(impl->ctx, layer.features[f]), std::move(name), level, projections))
            impl->features.push_back(f);
    }
    if (impl->geoms.empty()) throw Error(what + " has no polygons", "", 0, "boundary_layer");
    impl->build_index();
    return BoundarySet(std::move(impl));
}

BoundarySet BoundarySet::from_reference(const Store& store, const std::string& layer, const std::string& name_field) {
    const auto data = load_reference_layer(store, layer);
    if (!data) {
        std::vector<std::string> areas;
        for (const auto& l : list_reference_layers(store))
            if (l.kind == ReferenceKind::Areas) areas.push_back(l.name);
        throw Error("no reference layer '" + layer + "' in the project (" +
                        (areas.empty() ? std::string("it has no reference layer of areas; import a polygon file")
                                       : "its layers of areas: " + list_names(areas)) +
                        ")",
                    store.path().string(), 0, "boundary_layer");
    }
    return from_reference(*data, name_field);
}

BoundarySet BoundarySet::from_file(const std::filesystem::path& path, const std::string& name_field) {
    if (!std::filesystem::exists(path)) throw Error("no such file", path.string());
    const OgrDataset ds = open_vector_file(path);
    if (!ds || ds->GetLayerCount() == 0)
        throw Error("not a polygon file GDAL can read (GeoJSON, GeoPackage, Shapefile, ...)", path.string());

    auto impl = std::make_unique<Impl>();
    impl->source = path.filename().string();
    MetricProjections projections;
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    GEOSWKBReader* reader = GEOSWKBReader_create_r(impl->ctx);

    OGRLayer* layer = ds->GetLayer(0);
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    int name_index = -1;
    if (!name_field.empty()) {
        name_index = defn->GetFieldIndex(name_field.c_str());
        if (name_index < 0) {
            GEOSWKBReader_destroy_r(impl->ctx, reader);
            std::vector<std::string> fields;
            for (int i = 0; i < defn->GetFieldCount(); ++i)
                fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
            throw Error("no field '" + name_field + "' in the file (" +
                            (fields.empty() ? std::string("it has no fields") : "its fields: " + list_names(fields)) +
                            ")",
                        path.string(), 0, "boundary_name");
        }
    } else {
        std::vector<std::string> fields;
        for (int i = 0; i < defn->GetFieldCount(); ++i)
            fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
        if (const auto found = name_field_of(fields)) name_index = static_cast<int>(*found);
        for (int i = 0; name_index < 0 && i < defn->GetFieldCount(); ++i)
            if (defn->GetFieldDefn(i)->GetType() == OFTString) name_index = i;
    }
    if (name_index >= 0) impl->name_field = defn->GetFieldDefn(name_index)->GetNameRef();
    const int level_index = defn->GetFieldIndex("admin_level");

    std::unique_ptr<OGRCoordinateTransformation> to_wgs84;
    if (const OGRSpatialReference* srs = layer->GetSpatialRef(); srs && !srs->IsSame(&wgs84)) {
        OGRSpatialReference source(*srs);
        source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        to_wgs84.reset(OGRCreateCoordinateTransformation(&source, &wgs84));
    }

    std::vector<unsigned char> wkb;
    int64_t feature_number = 0;
    for (auto& feature : *layer) {
        ++feature_number;
        OGRGeometry* g = feature->GetGeometryRef();
        if (!g) continue;
        if (to_wgs84 && g->transform(to_wgs84.get()) != OGRERR_NONE) continue;
        wkb.resize(g->WkbSize());
        g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
        GEOSGeometry* geom = GEOSWKBReader_read_r(impl->ctx, reader, wkb.data(), wkb.size());
        std::string name = name_index >= 0 ? feature->GetFieldAsString(name_index) : "";
        if (name.empty()) name = "feature " + std::to_string(feature_number);
        const int level = level_index >= 0 ? feature->GetFieldAsInteger(level_index) : 0;
        impl->add(geom, std::move(name), level, projections);
    }
    GEOSWKBReader_destroy_r(impl->ctx, reader);
    if (impl->geoms.empty()) throw Error("no polygons in the file", path.string());
    impl->build_index();
    return BoundarySet(std::move(impl));
}

std::vector<std::pair<int, int>> BoundarySet::store_levels(const Store& store) {
    Sqlite3Stmt s;
    const char* sql =
        "SELECT admin_level, count(*) FROM basemap_areas WHERE class = 'boundary.admin' AND admin_level > 0 "
        "GROUP BY admin_level ORDER BY admin_level DESC";
    if (sqlite3_prepare_v2(store.handle(), sql, -1, &s.stmt, nullptr) != SQLITE_OK)
        throw Error(std::string("database error: ") + sqlite3_errmsg(store.handle()), store.path().string());
    std::vector<std::pair<int, int>> out;
    while (sqlite3_step(s.stmt) == SQLITE_ROW)
        out.emplace_back(sqlite3_column_int(s.stmt, 0), sqlite3_column_int(s.stmt, 1));
    return out;
}

BoundarySet BoundarySet::from_store(const Store& store, std::optional<int> admin_level,
                                    std::span<const LonLat> points) {
    const auto levels = store_levels(store);
    if (levels.empty())
        throw Error("the project has no OSM admin boundaries (import an OSM extract, or give --boundaries FILE)",
                    store.path().string());
    if (admin_level) {
        if (std::none_of(levels.begin(), levels.end(), [&](const auto& l) { return l.first == *admin_level; })) {
            std::string have;
            for (const auto& [level, count] : levels)
                have += (have.empty() ? "" : ", ") + std::to_string(level);
            throw Error("no admin boundaries of admin_level " + std::to_string(*admin_level) + " (the project has " +
                            have + ")",
                        store.path().string());
        }
        return load_level(store, *admin_level);
    }
    if (points.empty()) return load_level(store, levels.front().first);
    // Finest level first; a sample of the points is enough to judge coverage.
    const size_t step = std::max<size_t>(1, points.size() / 5000);
    std::optional<BoundarySet> best;
    size_t best_covered = 0;
    for (const auto& [level, count] : levels) {
        auto set = load_level(store, level);
        size_t covered = 0, sampled = 0;
        for (size_t i = 0; i < points.size(); i += step, ++sampled)
            if (set.locate(points[i]) >= 0) ++covered;
        if (covered * 2 > sampled) return set;
        if (!best || covered > best_covered) {
            best.emplace(std::move(set));
            best_covered = covered;
        }
    }
    return std::move(*best);
}

BoundarySet BoundarySet::from_basemap(const Basemap& basemap, int admin_level) {
    auto impl = std::make_unique<Impl>();
    impl->source = "OSM admin_level " + std::to_string(admin_level);
    MetricProjections projections;
    GEOSContextHandle_t ctx = impl->ctx;
    for (size_t index = 0; index < basemap.features.size(); ++index) {
        const auto& f = basemap.features[index];
        if (f.cls != FeatureClass::AdminBoundary || f.admin_level != admin_level) continue;
        GEOSGeometry* area = even_odd_area(ctx, f.geometry);
        std::string name = !f.name.empty() ? f.name : f.name_latin;
        if (name.empty()) name = f.osm_type + std::to_string(f.osm_id);
        if (impl->add(area, std::move(name), admin_level, projections)) impl->features.push_back(index);
    }
    impl->build_index();
    return BoundarySet(std::move(impl));
}

BoundarySet BoundarySet::load_level(const Store& store, int level) {
    Sqlite3Stmt s;
    const char* sql = "SELECT name, name_latin, osm_type, osm_id, geom FROM basemap_areas "
                      "WHERE class = 'boundary.admin' AND admin_level = ? ORDER BY id";
    if (sqlite3_prepare_v2(store.handle(), sql, -1, &s.stmt, nullptr) != SQLITE_OK)
        throw Error(std::string("database error: ") + sqlite3_errmsg(store.handle()), store.path().string());
    sqlite3_bind_int(s.stmt, 1, level);
    auto impl = std::make_unique<Impl>();
    impl->source = "OSM admin_level " + std::to_string(level);
    MetricProjections projections;
    GeometryParts parts;
    while (sqlite3_step(s.stmt) == SQLITE_ROW) {
        std::string name = text_column(s.stmt, 0);
        if (name.empty()) name = text_column(s.stmt, 1);
        if (name.empty()) name = text_column(s.stmt, 2) + std::to_string(sqlite3_column_int64(s.stmt, 3));
        const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(s.stmt, 4));
        if (!blob) continue;
        parts = {};
        if (!decode_geometry(blob, static_cast<size_t>(sqlite3_column_bytes(s.stmt, 4)), parts)) continue;
        impl->add(to_geos(impl->ctx, parts), std::move(name), level, projections);
    }
    impl->build_index();
    return BoundarySet(std::move(impl));
}

} // namespace oko::geo
