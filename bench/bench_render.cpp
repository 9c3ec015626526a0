// Times headless renders: draw + MSAA resolve + readback of a whole picture, N times, and prints
// {"render_median_s":..,"render_min_s":..,"render_max_s":..} like the peers harness.
//
//   bench_render [--pbf novi_sad_center.osm.pbf] [--size 1600x1000] [--runs 20] [--png out.png]
//
// Without --pbf it draws a synthetic city of 30,000 buildings and 13,000 streets. With --pbf it
// reads the extract through GDAL's OSM driver and triangulates areas with GEOS: a stand-in for
// the project's own importer, good enough to time and look at the renderer on real data.

#include <CLI/CLI.hpp>
#include <cpl_conv.h>
#include <gdal.h>
#include <geos_c.h>
#include <ogr_api.h>

#include "geo/basemap.hpp"
#include "geo/image_png.hpp"
#include "geo/mercator.hpp"
#include "render/headless_context.hpp"
#include "render/map_renderer.hpp"
#include "render/offscreen_target.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

using namespace oko;
using FC = geo::FeatureClass;

namespace {

geo::Basemap synthetic_city(int buildings, int streets) {
    geo::Basemap b;
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> u(0, 1);
    const geo::XY c = geo::to_mercator({19.84, 45.25});
    const double side = 20000;
    auto rect = [&](FC cls, double x, double y, double w, double h) {
        geo::Feature f;
        f.cls = cls;
        f.geometry.kind = geo::GeomKind::Area;
        f.geometry.points = {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
        f.geometry.parts = {0};
        f.geometry.triangles = {0, 1, 2, 0, 2, 3};
        b.features.push_back(std::move(f));
    };
    for (int i = 0; i < 300; ++i)
        rect(i % 3 ? FC::LanduseResidential : FC::Park, c.x - side / 2 + u(rng) * side, c.y - side / 2 + u(rng) * side,
             200 + u(rng) * 800, 200 + u(rng) * 800);
    for (int i = 0; i < buildings; ++i)
        rect(FC::Building, c.x - side / 2 + u(rng) * side, c.y - side / 2 + u(rng) * side, 8 + u(rng) * 20, 8 + u(rng) * 20);
    const FC road_classes[] = {FC::RoadResidential, FC::RoadResidential, FC::RoadService, FC::RoadTertiary,
                               FC::RoadSecondary, FC::RoadPrimary, FC::RoadFootway};
    for (int i = 0; i < streets; ++i) {
        geo::Feature f;
        f.cls = road_classes[i % 7];
        f.name = "Улица " + std::to_string(i);
        f.geometry.kind = geo::GeomKind::Line;
        double x = c.x - side / 2 + u(rng) * side, y = c.y - side / 2 + u(rng) * side;
        const double heading = u(rng) * 6.283;
        for (int k = 0; k < 8; ++k) {
            f.geometry.points.push_back({x, y});
            x += std::cos(heading + (u(rng) - 0.5) * 0.3) * 25;
            y += std::sin(heading + (u(rng) - 0.5) * 0.3) * 25;
        }
        f.geometry.parts = {0};
        b.features.push_back(std::move(f));
    }
    b.recompute_extent();
    return b;
}

std::string field(OGRFeatureH f, const char* name) {
    const int i = OGR_F_GetFieldIndex(f, name);
    return i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : "";
}

bool other_tag(OGRFeatureH f, const char* key, const char* value) {
    const std::string tags = field(f, "other_tags");
    return tags.find(std::string("\"") + key + "\"=>\"" + value + "\"") != std::string::npos;
}

std::optional<FC> classify_area(OGRFeatureH f) {
    const std::string building = field(f, "building"), landuse = field(f, "landuse"), leisure = field(f, "leisure"),
                      natural = field(f, "natural"), boundary = field(f, "boundary");
    if (!building.empty()) return FC::Building;
    if (natural == "water" || landuse == "basin" || landuse == "reservoir" || other_tag(f, "waterway", "riverbank"))
        return FC::WaterArea;
    if (boundary == "administrative") return FC::AdminBoundary;
    if (landuse == "forest" || natural == "wood") return FC::Forest;
    if (leisure == "park" || leisure == "garden" || leisure == "playground" || leisure == "pitch" ||
        leisure == "sports_centre" || leisure == "stadium")
        return FC::Park;
    if (landuse == "grass" || landuse == "meadow" || landuse == "village_green" || landuse == "recreation_ground" ||
        natural == "grassland" || natural == "scrub")
        return FC::Grass;
    if (landuse == "cemetery") return FC::Cemetery;
    if (landuse == "farmland" || landuse == "farmyard" || landuse == "orchard" || landuse == "vineyard" ||
        landuse == "allotments" || landuse == "greenfield")
        return FC::Farmland;
    if (landuse == "residential") return FC::LanduseResidential;
    if (landuse == "commercial") return FC::LanduseCommercial;
    if (landuse == "retail") return FC::LanduseRetail;
    if (landuse == "industrial" || landuse == "railway" || landuse == "construction" || landuse == "brownfield" ||
        landuse == "garages")
        return FC::LanduseIndustrial;
    if (!landuse.empty()) return FC::LanduseOther;
    return std::nullopt;
}

std::optional<FC> classify_line(OGRFeatureH f) {
    static const std::map<std::string, FC> highways{
        {"motorway", FC::RoadMotorway}, {"motorway_link", FC::RoadMotorway}, {"trunk", FC::RoadTrunk},
        {"trunk_link", FC::RoadTrunk}, {"primary", FC::RoadPrimary}, {"primary_link", FC::RoadPrimary},
        {"secondary", FC::RoadSecondary}, {"secondary_link", FC::RoadSecondary}, {"tertiary", FC::RoadTertiary},
        {"tertiary_link", FC::RoadTertiary}, {"residential", FC::RoadResidential}, {"unclassified", FC::RoadResidential},
        {"living_street", FC::RoadResidential}, {"service", FC::RoadService}, {"pedestrian", FC::RoadPedestrian},
        {"footway", FC::RoadFootway}, {"path", FC::RoadFootway}, {"steps", FC::RoadFootway},
        {"cycleway", FC::RoadCycleway}, {"track", FC::RoadService}};
    if (auto it = highways.find(field(f, "highway")); it != highways.end()) return it->second;
    const std::string railway = field(f, "railway"), waterway = field(f, "waterway");
    if (railway == "rail" || railway == "light_rail" || railway == "narrow_gauge" || railway == "preserved") return FC::Rail;
    if (railway == "tram") return FC::Tram;
    if (railway == "subway") return FC::Subway;
    if (waterway == "river") return FC::River;
    if (waterway == "canal") return FC::Canal;
    if (waterway == "stream" || waterway == "drain" || waterway == "ditch") return FC::Stream;
    return std::nullopt;
}

std::optional<FC> classify_point(OGRFeatureH f) {
    const std::string place = field(f, "place");
    if (place == "city") return FC::PlaceCity;
    if (place == "town") return FC::PlaceTown;
    if (place == "suburb" || place == "quarter") return FC::PlaceSuburb;
    if (place == "neighbourhood" || place == "village" || place == "hamlet") return FC::PlaceNeighbourhood;
    return std::nullopt;
}

void append_lines(OGRGeometryH g, geo::Geometry& out) {
    const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
    if (type == wkbLineString || type == wkbLinearRing) {
        out.parts.push_back(static_cast<uint32_t>(out.points.size()));
        for (int i = 0; i < OGR_G_GetPointCount(g); ++i)
            out.points.push_back(geo::to_mercator({OGR_G_GetX(g, i), OGR_G_GetY(g, i)}));
        return;
    }
    for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i) append_lines(OGR_G_GetGeometryRef(g, i), out);
}

// Triangles of a (multi)polygon whose rings are already in `geom.points`, by GEOS constrained
// Delaunay (which adds no vertices, so every corner is found among the ring points).
void triangulate(GEOSContextHandle_t geos, OGRGeometryH polygon, geo::Geometry& geom) {
    struct Hash {
        size_t operator()(const std::pair<double, double>& p) const {
            return std::hash<double>()(p.first) * 31 + std::hash<double>()(p.second);
        }
    };
    std::unordered_map<std::pair<double, double>, uint32_t, Hash> index;
    for (uint32_t i = 0; i < geom.points.size(); ++i) index.emplace(std::make_pair(geom.points[i].x, geom.points[i].y), i);
    OGRGeometryH projected = OGR_G_Clone(polygon);
    // Project in place, so GEOS sees exactly the doubles stored in `points`.
    std::function<void(OGRGeometryH)> project = [&](OGRGeometryH g) {
        const int n = OGR_G_GetGeometryCount(g);
        if (n == 0) {
            for (int i = 0; i < OGR_G_GetPointCount(g); ++i) {
                const geo::XY p = geo::to_mercator({OGR_G_GetX(g, i), OGR_G_GetY(g, i)});
                OGR_G_SetPoint_2D(g, i, p.x, p.y);
            }
        }
        for (int i = 0; i < n; ++i) project(OGR_G_GetGeometryRef(g, i));
    };
    project(projected);
    std::vector<unsigned char> wkb(OGR_G_WkbSize(projected));
    OGR_G_ExportToWkb(projected, wkbNDR, wkb.data());
    OGR_G_DestroyGeometry(projected);
    GEOSWKBReader* reader = GEOSWKBReader_create_r(geos);
    GEOSGeometry* g = GEOSWKBReader_read_r(geos, reader, wkb.data(), wkb.size());
    GEOSWKBReader_destroy_r(geos, reader);
    if (!g) return;
    GEOSGeometry* tris = GEOSConstrainedDelaunayTriangulation_r(geos, g);
    if (tris) {
        for (int i = 0; i < GEOSGetNumGeometries_r(geos, tris); ++i) {
            const GEOSGeometry* ring = GEOSGetExteriorRing_r(geos, GEOSGetGeometryN_r(geos, tris, i));
            const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geos, ring);
            uint32_t corner[3];
            bool found = true;
            for (unsigned k = 0; k < 3 && found; ++k) {
                double x = 0, y = 0;
                GEOSCoordSeq_getXY_r(geos, seq, k, &x, &y);
                auto it = index.find({x, y});
                found = it != index.end();
                if (found) corner[k] = it->second;
            }
            if (found) geom.triangles.insert(geom.triangles.end(), corner, corner + 3);
        }
        GEOSGeom_destroy_r(geos, tris);
    }
    GEOSGeom_destroy_r(geos, g);
}

geo::Basemap load_pbf(const std::string& path) {
    GDALAllRegister();
    CPLSetErrorHandler(CPLQuietErrorHandler);  // unclosed rings and the like: not the renderer's business
    CPLSetConfigOption("OGR_INTERLEAVED_READING", "YES");
    GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (!ds) throw std::runtime_error("cannot open " + path);
    GEOSContextHandle_t geos = GEOS_init_r();
    geo::Basemap b;
    OGRLayerH layer = nullptr;
    while (OGRFeatureH f = GDALDatasetGetNextFeature(ds, &layer, nullptr, nullptr, nullptr)) {
        const std::string lname = OGR_L_GetName(layer);
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        std::optional<FC> cls;
        if (g) {
            if (lname == "multipolygons") cls = classify_area(f);
            else if (lname == "lines") cls = classify_line(f);
            else if (lname == "points") cls = classify_point(f);
        }
        if (cls) {
            geo::Feature feature;
            feature.cls = *cls;
            feature.name = field(f, "name");
            feature.geometry.kind = geo::info(*cls).kind;
            if (feature.geometry.kind == geo::GeomKind::Point) {
                feature.geometry.points.push_back(geo::to_mercator({OGR_G_GetX(g, 0), OGR_G_GetY(g, 0)}));
                feature.geometry.parts = {0};
            } else {
                append_lines(g, feature.geometry);
                if (feature.geometry.kind == geo::GeomKind::Area) triangulate(geos, g, feature.geometry);
            }
            if (!feature.geometry.points.empty()) b.features.push_back(std::move(feature));
        }
        OGR_F_Destroy(f);
    }
    GEOS_finish_r(geos);
    GDALClose(ds);
    b.recompute_extent();
    return b;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"Times headless map renders (draw + readback)"};
    std::string pbf, png, size = "1600x1000";
    int runs = 20;
    int samples = 4;
    bool labels = true;
    app.add_option("--pbf", pbf, "OSM extract to draw (default: a synthetic city)");
    app.add_option("--size", size, "picture size, WIDTHxHEIGHT");
    app.add_option("--runs", runs, "timed renders");
    app.add_option("--png", png, "also write the last picture here");
    app.add_option("--samples", samples, "MSAA samples");
    app.add_flag("!--no-labels", labels, "leave out labels");
    std::vector<std::string> hidden;
    app.add_option("--hide", hidden, "layers to leave out (roads, buildings, ...)");
    CLI11_PARSE(app, argc, argv);
    int width = 1600, height = 1000;
    if (std::sscanf(size.c_str(), "%dx%d", &width, &height) != 2 || width < 1 || height < 1) {
        std::fprintf(stderr, "--size wants WIDTHxHEIGHT\n");
        return 2;
    }

    const auto t_load = std::chrono::steady_clock::now();
    const geo::Basemap basemap = pbf.empty() ? synthetic_city(30000, 13000) : load_pbf(pbf);
    const double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_load).count();

    render::HeadlessContext context;
    render::MapRenderer renderer;
    const auto t_upload = std::chrono::steady_clock::now();
    renderer.set_basemap(basemap);
    const double upload_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_upload).count();
    geo::SceneSpec spec;
    spec.view = geo::Viewport::fit(basemap.extent, width, height);
    spec.labels = labels;
    for (const auto& name : hidden)
        for (size_t l = 0; l < static_cast<size_t>(geo::BasemapLayer::Count); ++l)
            if (geo::layer_name(static_cast<geo::BasemapLayer>(l)) == name) spec.layer_visible[l] = false;
    render::OffscreenTarget target(width, height, samples);

    std::vector<double> times;
    geo::RgbaImage image;
    for (int i = 0; i < runs + 1; ++i) {
        // Alternate by a fraction of a pixel so each run lays out its labels again, as a pan does.
        geo::SceneSpec s = spec;
        s.view.center.x += (i % 2) * spec.view.resolution * 0.25;
        const auto t0 = std::chrono::steady_clock::now();
        target.bind();
        renderer.draw(s, width, height);
        image = target.read();
        const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (i > 0) times.push_back(t);  // the first run compiles shaders and fills the glyph atlas
    }
    std::sort(times.begin(), times.end());
    const auto stats = renderer.stats();
    std::fprintf(stderr,
                 "renderer: %s\nfeatures: %zu, triangles: %zu, segments: %zu, labels: %zu\n"
                 "load: %.3f s, upload: %.3f s, MSAA samples: %d\n",
                 context.renderer().c_str(), basemap.features.size(), stats.triangles, stats.segments, stats.labels,
                 load_s, upload_s, target.samples());
    if (!png.empty()) geo::write_georeferenced_png(image, spec.view, png);
    if (times.empty()) return 0;
    std::printf("{\"render_median_s\":%.6f,\"render_min_s\":%.6f,\"render_max_s\":%.6f}\n", times[times.size() / 2],
                times.front(), times.back());
    return 0;
}
