// The renderer on a real extract (Monaco, through the project's importer): the picture must agree
// with a plain CPU point-in-triangle test over the same imported geometry.

#include "geo/base/mercator.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/store/store.hpp"
#include "render/gl/headless_context.hpp"
#include "render/map/render_offscreen.hpp"
#include "support/render_checks.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace oko;

namespace {

bool inside_any(const std::vector<const geo::Feature*>& features, const geo::XY& p) {
    for (const auto* f : features) {
        const auto& g = f->geometry;
        const geo::BBox b = g.bounds();
        if (!b.contains(p)) continue;
        for (size_t t = 0; t + 2 < g.triangles.size(); t += 3) {
            const auto& a = g.points[g.triangles[t]];
            const auto& c = g.points[g.triangles[t + 1]];
            const auto& d = g.points[g.triangles[t + 2]];
            const double s1 = (c.x - a.x) * (p.y - a.y) - (c.y - a.y) * (p.x - a.x);
            const double s2 = (d.x - c.x) * (p.y - c.y) - (d.y - c.y) * (p.x - c.x);
            const double s3 = (a.x - d.x) * (p.y - d.y) - (a.y - d.y) * (p.x - d.x);
            if ((s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0)) return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("Monaco's buildings are where the imported triangles say", "[render][real]") {
    const auto pbf = test::shared_data("osm/monaco.osm.pbf");
    if (!pbf) return;
    test::TempDir dir;
    geo::import_osm(*pbf, dir / "monaco.oko");
    const geo::Basemap basemap = geo::Store::open(dir / "monaco.oko").load_basemap();
    std::vector<const geo::Feature*> buildings;
    for (const auto& f : basemap.features)
        if (f.cls == geo::FeatureClass::Building) buildings.push_back(&f);
    REQUIRE(buildings.size() > 1000);

    render::HeadlessContext ctx;
    geo::SceneSpec spec;
    spec.labels = false;
    spec.basemap.visible.fill(false);
    spec.set_visible(geo::BasemapLayer::Buildings, true);
    spec.view.center = geo::to_mercator({7.4240, 43.7310}); // Monte Carlo and Monaco-Ville
    spec.view.resolution = 1.2;
    spec.view.width = 640;
    spec.view.height = 480;
    const auto img = render::render_offscreen(basemap, spec);

    const auto style = geo::BasemapStyle::standard();
    const auto building = style.of(geo::FeatureClass::Building).fill_colour.rgba();
    const auto background = style.background.rgba();
    std::mt19937 rng(7);
    int inside = 0, outside = 0, wrong = 0;
    for (int i = 0; i < 600; ++i) {
        const int x = std::uniform_int_distribution<int>(4, img.width - 5)(rng);
        const int y = std::uniform_int_distribution<int>(4, img.height - 30)(rng); // above the attribution
        // Classify the pixel centre and a ring of points 3 px around it: only clear cases count.
        int hits = 0, probes = 0;
        for (int dy = -3; dy <= 3; dy += 3)
            for (int dx = -3; dx <= 3; dx += 3) {
                ++probes;
                hits += inside_any(buildings, spec.view.to_world(x + 0.5 + dx, y + 0.5 + dy)) ? 1 : 0;
            }
        const auto pixel = img.at(x, y);
        if (hits == probes) {
            ++inside;
            if (test::colour_distance(pixel, building) > 2) ++wrong;
        } else if (hits == 0) {
            ++outside;
            if (test::colour_distance(pixel, background) > 2) ++wrong;
        }
    }
    INFO(inside << " inside, " << outside << " outside");
    CHECK(inside > 30);
    CHECK(outside > 30);
    CHECK(wrong == 0);
}

TEST_CASE("Monaco's sea is drawn in the water's colour, its casino square is not", "[render][real][coastline]") {
    const auto pbf = test::shared_data("osm/monaco.osm.pbf");
    if (!pbf) return;
    test::TempDir dir;
    geo::import_osm(*pbf, dir / "monaco.oko");
    const geo::Basemap basemap = geo::Store::open(dir / "monaco.oko").load_basemap();
    render::HeadlessContext ctx;
    const auto style = geo::BasemapStyle::standard();
    const auto water = style.of(geo::FeatureClass::Sea).fill_colour.rgba();
    // Zoomed out (the fill raster) and in (the triangles): the sea must be there in both.
    for (const double resolution : {12.0, 1.0}) {
        geo::SceneSpec spec;
        spec.labels = false;
        spec.view.center = geo::to_mercator({7.4290, 43.7348});
        spec.view.resolution = resolution;
        spec.view.width = 300;
        spec.view.height = 1600; // the two points are about 1,500 projected metres apart
        const auto img = render::render_offscreen(basemap, spec);
        INFO("metres per pixel " << resolution);
        const auto sea = test::pixel_at(img, spec.view, geo::to_mercator({7.4300, 43.7300}));
        const auto casino = test::pixel_at(img, spec.view, geo::to_mercator({7.4281, 43.7396}));
        INFO("sea " << test::describe(sea) << ", casino " << test::describe(casino));
        REQUIRE(spec.view.bounds().contains(geo::to_mercator({7.4300, 43.7300})));
        REQUIRE(spec.view.bounds().contains(geo::to_mercator({7.4281, 43.7396})));
        CHECK(test::colour_distance(sea, water) <= 2);
        CHECK(test::colour_distance(casino, water) > 20);
    }
}
