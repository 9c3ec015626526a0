// Lines and polygons from any OGR format, reprojected to WGS84 and triangulated once.

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "geo/base/error.hpp"
#include "geo/base/limits.hpp"
#include "geo/base/mercator.hpp"
#include "geo/base/ogr_dataset.hpp"
#include "geo/points/point_crs.hpp"
#include "geo/map/reference_layer.hpp"
#include "geo/map/triangulate.hpp"

namespace oko::geo {

namespace {

using Dataset = OgrDataset;

Dataset open_dataset(const std::filesystem::path& file) {
    if (!std::filesystem::exists(file)) throw Error("no such file", file.string());
    std::string why;
    Dataset ds = open_vector_file(file, &why);
    if (!ds)
        throw Error("cannot read the file as GeoJSON, GeoPackage, KML, zipped Shapefile or another GIS format" +
                        (why.empty() ? std::string() : ": " + why),
                    file.string());
    return ds;
}

enum class Shape { None, Point, Line, Area, Unsupported };

Shape shape_of(OGRwkbGeometryType type) {
    switch (wkbFlatten(type)) {
    case wkbPoint:
    case wkbMultiPoint:
        return Shape::Point;
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve:
        return Shape::Line;
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
        return Shape::Area;
    case wkbGeometryCollection:
        return Shape::None; // judged by its parts
    default:
        return Shape::Unsupported;
    }
}

// The kinds a geometry holds (collections by their parts); throws on a kind a map cannot draw.
void shapes_in(const OGRGeometry& g, bool& point, bool& line, bool& area, const std::filesystem::path& file,
               const std::string& layer, int64_t number) {
    if (g.IsEmpty()) return;
    const auto type = g.getGeometryType();
    switch (shape_of(type)) {
    case Shape::Point:
        point = true;
        return;
    case Shape::Line:
        line = true;
        return;
    case Shape::Area:
        area = true;
        return;
    case Shape::None:
        for (const auto* part : *g.toGeometryCollection())
            shapes_in(*part, point, line, area, file, layer, number);
        return;
    case Shape::Unsupported:
        throw Error("layer " + layer + ", feature " + std::to_string(number) + ": a " + OGRGeometryTypeToName(type) +
                        " cannot be drawn as lines or areas; convert it to polygons first "
                        "(e.g. ogr2ogr -nlt MULTIPOLYGON out.gpkg in.file)",
                    file.string(), number);
    }
}

// Collects the lines or the polygons of a geometry into one feature.
class Builder {
public:
    Builder(ReferenceFeature& f, const PointTransform& t) : m_f(f), m_t(t) {}

    bool ok() const { return m_ok; }

    void lines(const OGRGeometry& g) {
        if (g.IsEmpty()) return;
        const auto flat = wkbFlatten(g.getGeometryType());
        if (flat == wkbLineString) {
            add_line(*g.toLineString());
        } else if (flat == wkbMultiLineString || flat == wkbGeometryCollection) {
            for (const auto* part : *g.toGeometryCollection())
                lines(*part);
        } else if (shape_of(g.getGeometryType()) == Shape::Line) {
            std::unique_ptr<OGRGeometry> linear(g.getLinearGeometry());
            if (linear) lines(*linear);
        }
    }

    void areas(const OGRGeometry& g) {
        if (g.IsEmpty()) return;
        const auto flat = wkbFlatten(g.getGeometryType());
        if (flat == wkbPolygon) {
            add_polygon(*g.toPolygon());
        } else if (flat == wkbMultiPolygon || flat == wkbGeometryCollection) {
            for (const auto* part : *g.toGeometryCollection())
                areas(*part);
        } else if (shape_of(g.getGeometryType()) == Shape::Area) {
            std::unique_ptr<OGRGeometry> linear(g.getLinearGeometry());
            if (linear) areas(*linear);
        }
    }

private:
    bool put(double x, double y) {
        if (!m_t.apply(x, y) || !std::isfinite(x) || !std::isfinite(y) || std::abs(x) > 180 || std::abs(y) > 90) {
            m_ok = false;
            return false;
        }
        m_f.points.push_back({x, y});
        return true;
    }

    void add_line(const OGRLineString& l) {
        if (l.getNumPoints() < 2) return;
        const size_t start = m_f.points.size();
        for (int i = 0; i < l.getNumPoints(); ++i)
            if (!put(l.getX(i), l.getY(i))) return;
        m_f.parts.push_back(static_cast<uint32_t>(start));
    }

    void add_polygon(const OGRPolygon& p) {
        const auto* outer = p.getExteriorRing();
        if (!outer || outer->getNumPoints() < 3) return;
        m_f.polygons.push_back(static_cast<uint32_t>(m_f.parts.size()));
        add_ring(*outer);
        for (int r = 0; r < p.getNumInteriorRings(); ++r)
            if (p.getInteriorRing(r)->getNumPoints() >= 3) add_ring(*p.getInteriorRing(r));
    }

    void add_ring(const OGRLinearRing& ring) {
        const size_t start = m_f.points.size();
        for (int i = 0; i < ring.getNumPoints(); ++i)
            if (!put(ring.getX(i), ring.getY(i))) return;
        const auto& first = m_f.points[start];
        const auto& last = m_f.points.back();
        if (first.lon != last.lon || first.lat != last.lat) m_f.points.push_back(first);
        m_f.parts.push_back(static_cast<uint32_t>(start));
    }

    ReferenceFeature& m_f;
    const PointTransform& m_t;
    bool m_ok = true;
};

void triangulate_feature(ReferenceFeature& f) {
    std::vector<XY> xy(f.points.size());
    for (size_t i = 0; i < f.points.size(); ++i)
        xy[i] = to_mercator(f.points[i]);
    triangulate_polygons(xy, f.parts, f.polygons, f.triangles);
}

std::string crs_name(const OGRLayer& layer) {
    const auto* srs = const_cast<OGRLayer&>(layer).GetSpatialRef();
    return srs ? PointTransform(srs).name() : "EPSG:4326";
}

} // namespace

GeometryCensus census_geometries(const std::filesystem::path& file) {
    Dataset ds = open_dataset(file);
    GeometryCensus c;
    c.format = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "OGR";
    const int64_t max_features = limit(Limit::features);
    for (OGRLayer* layer : ds->GetLayers()) {
        if (c.crs.empty() && layer->GetSpatialRef()) c.crs = crs_name(*layer);
        const std::string layer_name = layer->GetName();
        if (layer->GetLayerDefn()->GetFieldCount() > limit(Limit::columns))
            throw limit_error(Limit::columns,
                              "layer " + excerpt(layer_name) + " has " +
                                  std::to_string(layer->GetLayerDefn()->GetFieldCount()) + " fields, which",
                              file.string());
        layer->ResetReading();
        int64_t number = 0;
        for (auto& feature : *layer) {
            ++number;
            if (++c.features > max_features)
                throw limit_error(Limit::features,
                                  "the number of features (more than " + std::to_string(max_features) + ")",
                                  file.string());
            const OGRGeometry* g = feature->GetGeometryRef();
            bool point = false, line = false, area = false;
            if (g) shapes_in(*g, point, line, area, file, layer_name, number);
            if (!point && !line && !area) ++c.empty;
            // A collection mixing kinds is split: it counts once for each kind it holds.
            c.points += point;
            c.lines += line;
            c.areas += area;
            if ((point + line + area) > 1) ++c.mixed;
        }
    }
    if (c.crs.empty()) c.crs = "EPSG:4326";
    if (c.features == 0) throw Error("the file has no features", file.string());
    return c;
}

ReferenceRead read_reference_features(const std::filesystem::path& file, const std::string& crs,
                                      const GeometryCensus* census) {
    ReferenceRead out;
    out.census = census ? *census : census_geometries(file);
    Dataset ds = open_dataset(file);
    const std::optional<PointTransform> user_crs =
        crs.empty() ? std::nullopt : std::optional<PointTransform>(PointTransform(crs));
    const size_t max_field = static_cast<size_t>(limit(Limit::field_kb)) * 1024;
    for (OGRLayer* layer : ds->GetLayers()) {
        const std::string layer_name = layer->GetName();
        const OGRSpatialReference* srs = layer->GetSpatialRef();
        const PointTransform transform = srs ? PointTransform(srs) : user_crs ? PointTransform(crs) : PointTransform();
        const OGRFeatureDefn& defn = *layer->GetLayerDefn();
        std::vector<std::string> names;
        for (int i = 0; i < defn.GetFieldCount(); ++i) {
            names.emplace_back(defn.GetFieldDefn(i)->GetNameRef());
            if (std::find(out.fields.begin(), out.fields.end(), names.back()) == out.fields.end())
                out.fields.push_back(names.back());
        }
        layer->ResetReading();
        int64_t number = 0;
        for (auto& feature : *layer) {
            ++number;
            const OGRGeometry* g = feature->GetGeometryRef();
            if (!g || g->IsEmpty()) continue; // counted in the census; nothing to draw
            bool point = false, line = false, area = false;
            shapes_in(*g, point, line, area, file, layer_name, number);
            if (!line && !area) continue; // points go to the point layer
            std::vector<std::pair<std::string, std::string>> attributes;
            for (int i = 0; i < defn.GetFieldCount(); ++i) {
                if (!feature->IsFieldSetAndNotNull(i)) continue;
                std::string value = feature->GetFieldAsString(i);
                if (value.size() > max_field)
                    throw limit_error(Limit::field_kb,
                                      "the value of field " + excerpt(names[static_cast<size_t>(i)]) + " (\"" +
                                          excerpt(value) + "\")",
                                      file.string(), number);
                attributes.emplace_back(names[static_cast<size_t>(i)], std::move(value));
            }
            for (const bool as_area : {false, true}) {
                if (as_area ? !area : !line) continue;
                ReferenceFeature f;
                f.source_feature = number;
                f.source_layer = layer_name;
                f.attributes = attributes;
                Builder b(f, transform);
                if (as_area)
                    b.areas(*g);
                else
                    b.lines(*g);
                const std::string where = layer_name + " #" + std::to_string(number) + ": ";
                if (!b.ok()) {
                    ++out.skipped_count;
                    if (out.skipped.size() < 100)
                        out.skipped.push_back(where + "a coordinate is outside the world or cannot be reprojected");
                    continue;
                }
                if (f.parts.empty()) {
                    ++out.skipped_count;
                    if (out.skipped.size() < 100)
                        out.skipped.push_back(
                            where + (as_area ? "no ring of three points or more" : "no line of two points or more"));
                    continue;
                }
                if (as_area) {
                    triangulate_feature(f);
                    out.areas.push_back(std::move(f));
                } else {
                    out.lines.push_back(std::move(f));
                }
            }
        }
    }
    return out;
}

} // namespace oko::geo
