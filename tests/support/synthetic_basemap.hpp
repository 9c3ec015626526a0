#pragma once
// Small basemaps built by hand for render tests: every coordinate is known, so a test can say
// which colour a given pixel must have.

#include "geo/map/basemap.hpp"
#include "geo/base/mercator.hpp"

#include <string>
#include <vector>

namespace oko::test {

// Central Novi Sad, so that ground metres and labels behave as they will on real data.
inline geo::XY synthetic_centre() { return geo::to_mercator({19.8450, 45.2550}); }

inline geo::Feature rectangle(geo::FeatureClass cls, double x0, double y0, double x1, double y1) {
    geo::Feature f;
    f.cls = cls;
    f.osm_type = 'w';
    const geo::XY c = synthetic_centre();
    f.geometry.kind = geo::GeomKind::Area;
    f.geometry.points = {{c.x + x0, c.y + y0}, {c.x + x1, c.y + y0}, {c.x + x1, c.y + y1}, {c.x + x0, c.y + y1}};
    f.geometry.parts = {0};
    f.geometry.triangles = {0, 1, 2, 0, 2, 3};
    return f;
}

// A square ring: outer half side `outer`, hole half side `inner`, both centred on (cx, cy).
inline geo::Feature square_with_hole(geo::FeatureClass cls, double cx, double cy, double outer, double inner) {
    geo::Feature f;
    f.cls = cls;
    f.osm_type = 'r';
    const geo::XY c = synthetic_centre();
    f.geometry.kind = geo::GeomKind::Area;
    const double sx[4] = {-1, 1, 1, -1}, sy[4] = {-1, -1, 1, 1};
    for (int k = 0; k < 4; ++k)
        f.geometry.points.push_back({c.x + cx + sx[k] * outer, c.y + cy + sy[k] * outer});
    for (int k = 0; k < 4; ++k)
        f.geometry.points.push_back({c.x + cx + sx[k] * inner, c.y + cy + sy[k] * inner});
    f.geometry.parts = {0, 4};
    for (uint32_t k = 0; k < 4; ++k) {
        const uint32_t o0 = k, o1 = (k + 1) % 4, i0 = 4 + k, i1 = 4 + (k + 1) % 4;
        f.geometry.triangles.insert(f.geometry.triangles.end(), {o0, o1, i0, i0, o1, i1});
    }
    return f;
}

// Offsets in metres from the centre.
inline geo::Feature polyline(geo::FeatureClass cls, const std::vector<geo::XY>& offsets, std::string name = {}) {
    geo::Feature f;
    f.cls = cls;
    f.osm_type = 'w';
    f.name = std::move(name);
    const geo::XY c = synthetic_centre();
    f.geometry.kind = geo::GeomKind::Line;
    for (const auto& o : offsets)
        f.geometry.points.push_back({c.x + o.x, c.y + o.y});
    f.geometry.parts = {0};
    return f;
}

inline geo::Feature place(geo::FeatureClass cls, double dx, double dy, std::string name) {
    geo::Feature f;
    f.cls = cls;
    f.osm_type = 'n';
    f.name = std::move(name);
    const geo::XY c = synthetic_centre();
    f.geometry.kind = geo::GeomKind::Point;
    f.geometry.points = {{c.x + dx, c.y + dy}};
    f.geometry.parts = {0};
    return f;
}

// A park, a lake with an island hole, a building, a zig-zag residential street, a primary road,
// a railway and a town name in Cyrillic.
inline geo::Basemap synthetic_basemap() {
    using FC = geo::FeatureClass;
    geo::Basemap b;
    b.features.push_back(rectangle(FC::LanduseResidential, -600, -400, 600, 400));
    b.features.push_back(rectangle(FC::Park, -500, 100, -200, 350));
    b.features.push_back(square_with_hole(FC::WaterArea, 300, 150, 180, 70));
    b.features.push_back(rectangle(FC::Building, -100, -300, 0, -220));
    b.features.push_back(polyline(FC::RoadResidential, {{-550, -100}, {-300, 0}, {-50, -100}, {200, 0}, {450, -100}},
                                  "Улица Змај Јовина"));
    b.features.push_back(polyline(FC::RoadPrimary, {{-600, -350}, {600, -350}}, "Bulevar oslobođenja"));
    b.features.push_back(polyline(FC::Rail, {{-600, 380}, {600, 300}}));
    b.features.push_back(place(FC::PlaceTown, -350, 220, "Нови Сад"));
    b.recompute_extent();
    return b;
}

} // namespace oko::test
