// The figures a density view keeps for the window's hover and tables (app/project/density_views),
// against independent computations: a hexagon's count against a brute-force point-in-polygon
// count over its corners and its area against SpatiaLite's geodesic ST_Area; a district's count
// and area against SpatiaLite's ST_Within and ST_Area on the project file; a heatmap's value
// under the cursor against a brute-force kernel sum over geodesic distances (PROJ), and a
// weighted heatmap's integral against the weights summed from the CSV that was imported.

#include "support/shared_data.hpp"

#include "app/project/density_views.hpp"
#include "app/project/project.hpp"
#include "geo/base/mercator.hpp"
#include "geo/density/kernel.hpp"
#include "support/spatialite_db.hpp"

#include <catch2/catch.hpp>
#include <geodesic.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <variant>

using namespace oko;

namespace {

struct Camera {
    geo::LonLat at;
    int year = 0; // 0: none given
    double cost = 0;
};

// 3000 cameras over central Novi Sad, in clusters (so that cells hold several), with a numeric
// column (cost), a text column (note) and a column only some rows fill (partial).
std::vector<Camera> cameras() {
    std::vector<Camera> out;
    for (int i = 0; i < 3000; ++i) {
        const double cx = 19.80 + 0.07 * ((i % 17) * 7919 % 17) / 17.0;
        const double cy = 45.235 + 0.035 * ((i % 13) * 104729 % 13) / 13.0;
        const double dx = 0.004 * (((i * 7919) % 1000) / 1000.0 - 0.5);
        const double dy = 0.003 * (((i * 104729) % 997) / 997.0 - 0.5);
        out.push_back(
            {{cx + dx, cy + dy}, i % 7 ? 2014 + i % 9 : 0, static_cast<double>((i * 37) % 51) + 0.5 * (i % 2)});
    }
    return out;
}

bool year_passes(const Camera& c) { return c.year >= 2016 && c.year <= 2019; }

struct Fixture {
    test::TempDir dir;
    std::filesystem::path store;
    std::vector<Camera> cams;
    std::unique_ptr<app::Project> project;
};

// Novi Sad's extract with the cameras as layer "cameras"; null without the data. Imported once
// for every test case here.
Fixture* novi_sad() {
    static std::unique_ptr<Fixture> f;
    static bool tried = false;
    if (tried) return f.get();
    tried = true;
    const auto pbf = test::shared_data("osm/novi_sad_center.osm.pbf");
    if (!pbf) return nullptr;
    auto fx = std::make_unique<Fixture>();
    fx->store = fx->dir / "ns.oko";
    fx->cams = cameras();
    const auto csv = fx->dir / "cams.csv";
    {
        std::ofstream out(csv);
        out.precision(10);
        out << "lat,lon,vendor,year,cost,note,partial\n";
        for (size_t i = 0; i < fx->cams.size(); ++i) {
            const auto& c = fx->cams[i];
            out << c.at.lat << "," << c.at.lon << ",Dahua," << (c.year ? std::to_string(c.year) : "") << "," << c.cost
                << ",camera " << i << "," << (i % 3 ? std::to_string(i) : "") << "\n";
        }
    }
    for (const auto& cmd : {"import " + test::quoted(*pbf) + " --store " + test::quoted(fx->store),
                            "import " + test::quoted(csv) + " --store " + test::quoted(fx->store) +
                                " --layer cameras --duplicate-distance 0"}) {
        const auto r = test::run_command(test::oko_command(cmd));
        INFO(r.output);
        REQUIRE(r.status == 0);
    }
    fx->project = std::make_unique<app::Project>(app::Project::load(fx->store));
    REQUIRE(fx->project->point_layer("cameras"));
    REQUIRE(fx->project->point_layer("cameras")->positions.size() == fx->cams.size());
    f = std::move(fx);
    return f.get();
}

// A scene of the whole project at 1400 x 900 with the cameras shown as `display`, filtered by year.
geo::SceneSpec scene_with(const app::Project& project, const geo::PointDisplaySpec& display, bool year_filter = true) {
    auto scene = app::default_scene(project, project.extent(), 1400, 900);
    for (auto& l : scene.point_layers) {
        if (l.name != "cameras") continue;
        l.display = display;
        if (year_filter) l.filter = geo::Filter::parse({"year=2016..2019"});
    }
    return scene;
}

const app::DensityView& view_of(const std::vector<app::DensityView>& views) {
    for (const auto& v : views)
        if (v.layer == "cameras") return v;
    FAIL("no view of the cameras");
    static app::DensityView none;
    return none;
}

// Even-odd point-in-polygon over a closed ring of Web Mercator corners (W. R. Franklin's test).
bool in_polygon(const std::vector<geo::XY>& ring, geo::XY p) {
    bool inside = false;
    for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
        if ((ring[i].y > p.y) != (ring[j].y > p.y) &&
            p.x < (ring[j].x - ring[i].x) * (p.y - ring[i].y) / (ring[j].y - ring[i].y) + ring[i].x)
            inside = !inside;
    return inside;
}

using Db = test::SpatiaLiteDb;

std::string wkt_polygon(const std::vector<geo::XY>& ring) {
    std::ostringstream s;
    s.precision(12);
    s << "POLYGON((";
    for (size_t i = 0; i <= ring.size(); ++i) {
        const auto ll = geo::from_mercator(ring[i % ring.size()]);
        s << (i ? "," : "") << ll.lon << " " << ll.lat;
    }
    s << "))";
    return s.str();
}

// Ground metres between two places on the WGS84 ellipsoid (Karney's geodesic, PROJ).
double geodesic_m(geo::LonLat a, geo::LonLat b) {
    geod_geodesic g;
    geod_init(&g, 6378137.0, 1.0 / 298.257223563);
    double s = 0, az1 = 0, az2 = 0;
    geod_inverse(&g, a.lat, a.lon, b.lat, b.lon, &s, &az1, &az2);
    return s;
}

// Square metres of ground per square Web Mercator metre at northing y: Web Mercator maps the
// ellipsoid's latitude φ with the sphere's formula of radius a, so ground/Mercator is
// N·cos φ / a east-west and M·cos φ / a north-south (N, M: the ellipsoid's radii of curvature).
double ground_area_per_mercator_m2(double y) {
    const double a = 6378137.0, f = 1.0 / 298.257223563, e2 = f * (2 - f);
    const double phi = 2 * std::atan(std::exp(y / a)) - M_PI / 2;
    const double w = 1 - e2 * std::sin(phi) * std::sin(phi);
    const double n = a / std::sqrt(w), m = a * (1 - e2) / (w * std::sqrt(w));
    return (n * std::cos(phi) / a) * (m * std::cos(phi) / a);
}

} // namespace

TEST_CASE("A hexagon's hover figures equal a brute-force count of the points inside its corners", "[app][density]") {
    auto* f = novi_sad();
    if (!f) return;
    geo::PointDisplaySpec display;
    display.kind = geo::PointDisplay::bins;
    display.bins.cells = {geo::CellShape::hexagon, 250};
    app::DensityViews views(*f->project);
    const auto all = views.compute(scene_with(*f->project, display));
    const auto& v = view_of(all);
    REQUIRE(v.drawn);
    REQUIRE(v.lattice);
    REQUIRE(v.cells.size() > 20);
    Db db(f->store);

    int hovered = 0;
    int64_t seen = 0; // cameras counted in the cells hovered
    std::vector<std::vector<geo::XY>> checked;
    for (size_t i = 0; i < f->cams.size(); i += 37) {
        const geo::XY p = geo::to_mercator(f->cams[i].at);
        const auto h = app::density_at(v, p);
        // The cell under a camera that passes the filter holds at least it.
        if (year_passes(f->cams[i])) REQUIRE(h);
        if (!h) continue;
        CHECK(h->kind == geo::PointDisplay::bins);
        REQUIRE(h->cell.size() == 6);
        CHECK(in_polygon(h->cell, p));
        if (std::find(checked.begin(), checked.end(), h->cell) != checked.end()) continue;
        checked.push_back(h->cell);
        int64_t inside = 0;
        for (const auto& c : f->cams)
            inside += year_passes(c) && in_polygon(h->cell, geo::to_mercator(c.at));
        INFO("cell at " << f->cams[i].at.lon << "," << f->cams[i].at.lat);
        CHECK(h->count == inside);
        // The geodesic area of the same six corners, by SpatiaLite on the ellipsoid.
        const double km2 = db.number("SELECT ST_Area(GeomFromText(?, 4326), 1) / 1e6", {wkt_polygon(h->cell)});
        CHECK(h->area_km2 == Approx(km2).epsilon(1e-4));
        CHECK(h->per_km2 == Approx(inside / km2).epsilon(1e-4));
        // A hexagon of 250 m a side is 3√3/2 · 0.0625 km² on the ground.
        CHECK(h->area_km2 == Approx(1.5 * std::sqrt(3.0) * 0.0625).epsilon(0.002));
        REQUIRE(h->class_index >= 0);
        REQUIRE(h->class_index < static_cast<int>(v.classes.size()));
        const auto& cls = v.classes[h->class_index];
        CHECK(h->per_km2 >= cls.from * (1 - 1e-2));
        CHECK(h->per_km2 <= cls.to * (1 + 1e-2));
        seen += inside;
        ++hovered;
    }
    CHECK(hovered >= 10);
    CHECK(seen > 100);

    // Where no camera passes, nothing: the paper at the extent's corner.
    const auto box = f->project->extent();
    const geo::XY empty{box.min_x + 1, box.min_y + 1};
    int64_t there = 0;
    const auto corners = v.lattice->corners(v.lattice->cell_at(empty));
    const std::vector<geo::XY> ring(corners.begin(), corners.begin() + 6);
    for (const auto& c : f->cams)
        there += year_passes(c) && in_polygon(ring, geo::to_mercator(c.at));
    REQUIRE(there == 0);
    CHECK_FALSE(app::density_at(v, empty));

    // The classes add up to the cells and the cameras, and cover them in order.
    int64_t members = 0, counted = 0, passing = 0;
    for (const auto& c : v.classes) {
        members += c.members;
        counted += c.count;
    }
    for (const auto& c : f->cams)
        passing += year_passes(c);
    CHECK(members == static_cast<int64_t>(v.cells.size()));
    CHECK(counted == passing);
    for (size_t k = 1; k < v.classes.size(); ++k)
        CHECK(v.classes[k].from >= v.classes[k - 1].from);
}

TEST_CASE("A district's hover figures equal SpatiaLite's ST_Within and ST_Area on the project", "[app][density]") {
    auto* f = novi_sad();
    if (!f) return;
    geo::PointDisplaySpec display;
    display.kind = geo::PointDisplay::choropleth;
    app::DensityViews views(*f->project);
    const auto all = views.compute(scene_with(*f->project, display));
    const auto& v = view_of(all);
    REQUIRE(v.drawn);
    REQUIRE(v.districts.size() >= 2);
    const int level = v.figures["admin_level"].get<int>();
    Db db(f->store);
    const std::string areas =
        "FROM basemap_areas a WHERE a.class = 'boundary.admin' AND a.admin_level = " + std::to_string(level);
    int hovered = 0;
    std::set<std::string> names;
    for (size_t i = 0; i < f->cams.size(); i += 23) {
        const geo::XY p = geo::to_mercator(f->cams[i].at);
        const auto ll = f->cams[i].at;
        char point[128];
        std::snprintf(point, sizeof point, "MakePoint(%.10f, %.10f, 4326)", ll.lon, ll.lat);
        // Only places inside exactly one district of the level: a point in two counts in the first.
        const double holding = db.number("SELECT count(*) " + areas + " AND ST_Within(" + point + ", a.geom)");
        const auto h = app::density_at(v, p);
        if (holding == 0) {
            CHECK_FALSE(h);
            continue;
        }
        if (holding > 1) continue;
        REQUIRE(h);
        CHECK(h->kind == geo::PointDisplay::choropleth);
        const std::string where = areas + " AND ST_Within(" + point + ", a.geom)";
        const double id = db.number("SELECT a.id " + where);
        sqlite3_stmt* q = nullptr;
        REQUIRE(sqlite3_prepare_v2(db.h, ("SELECT a.name " + where).c_str(), -1, &q, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(q) == SQLITE_ROW);
        const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
        CHECK(h->name == name);
        if (!names.insert(name).second) continue;
        // The cameras of the filter inside it, and not inside a district loaded before it.
        const std::string id_text = std::to_string(static_cast<int64_t>(id));
        const double count = db.number(
            "SELECT count(*) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = 'cameras' "
            "AND p.year BETWEEN 2016 AND 2019 AND ST_Within(p.geom, (SELECT geom FROM basemap_areas WHERE id = " +
            id_text + ")) AND NOT EXISTS (SELECT 1 " + areas + " AND a.id < " + id_text +
            " AND ST_Within(p.geom, a.geom))");
        INFO(name);
        CHECK(h->count == static_cast<int64_t>(count));
        const double km2 = db.number("SELECT ST_Area(geom, 1) / 1e6 FROM basemap_areas WHERE id = " + id_text);
        // Areas are measured in UTM (scale within 0.04 % of 1 here), SpatiaLite's on the ellipsoid.
        CHECK(h->area_km2 == Approx(km2).epsilon(0.002));
        CHECK(h->per_km2 == Approx(h->count / h->area_km2));
        REQUIRE(h->district >= 0);
        CHECK(v.districts[h->district].name == name);
        ++hovered;
    }
    CHECK(hovered >= 2);
    int64_t in_classes = 0;
    for (const auto& c : v.classes)
        in_classes += c.members;
    CHECK(in_classes == static_cast<int64_t>(v.districts.size()));
}

TEST_CASE("A heatmap's value under the cursor is the brute-force kernel sum there", "[app][density]") {
    auto* f = novi_sad();
    if (!f) return;
    geo::PointDisplaySpec display;
    display.kind = geo::PointDisplay::heatmap;
    display.heatmap.kernel = {geo::Kernel::quartic, 300};
    app::DensityViews views(*f->project);
    const auto all = views.compute(scene_with(*f->project, display), 0.5);
    const auto& v = view_of(all);
    REQUIRE(v.drawn);
    const auto* overlay = std::get_if<render::DensityOverlay>(&v.overlay);
    REQUIRE(overlay);
    const auto& grid = overlay->grid;
    const double peak = v.figures["layer_peak_per_km2"].get<double>();
    REQUIRE(peak > 0);
    const auto brute = [&](geo::XY at) {
        const auto ll = geo::from_mercator(at);
        double sum = 0;
        for (const auto& c : f->cams)
            if (year_passes(c)) sum += geo::kernel_value(display.heatmap.kernel, geodesic_m(ll, c.at)) * 1e6;
        return sum;
    };
    int compared = 0;
    for (size_t i = 0; i < f->cams.size(); i += 97) {
        // At the centre of the grid cell under a camera the value is that cell's.
        const geo::XY p = geo::to_mercator(f->cams[i].at);
        const int col = static_cast<int>((p.x - grid.region.min_x) / grid.cell);
        const int row = static_cast<int>((grid.region.max_y - p.y) / grid.cell);
        REQUIRE(col >= 0);
        REQUIRE(row >= 0);
        REQUIRE(col < grid.width);
        REQUIRE(row < grid.height);
        const geo::XY centre = grid.cell_centre(col, row);
        const double expected = brute(centre);
        const auto h = app::density_at(v, centre);
        if (expected == 0) continue;
        REQUIRE(h);
        CHECK(h->kind == geo::PointDisplay::heatmap);
        INFO("at " << f->cams[i].at.lon << "," << f->cams[i].at.lat << ": " << h->per_km2 << " against " << expected);
        // The binned surface is within 1 % of the layer's peak of the exact sum.
        CHECK(std::abs(h->per_km2 - expected) <= 0.01 * peak);
        // Between cell centres the value lies between the four around it, as the map blends them.
        const geo::XY between{centre.x + 0.3 * grid.cell, centre.y - 0.6 * grid.cell};
        const auto b = app::density_at(v, between);
        if (col + 1 < grid.width && row + 1 < grid.height && b) {
            const float q[] = {grid.at(col, row), grid.at(col + 1, row), grid.at(col, row + 1),
                               grid.at(col + 1, row + 1)};
            CHECK(b->per_km2 >= *std::min_element(q, q + 4) - 1e-3);
            CHECK(b->per_km2 <= *std::max_element(q, q + 4) + 1e-3);
        }
        ++compared;
    }
    CHECK(compared >= 20);
}

TEST_CASE("A weighted heatmap integrates to the sum of its weights, and lists the numeric columns", "[app][density]") {
    auto* f = novi_sad();
    if (!f) return;
    app::DensityViews views(*f->project);
    // Only the column that is a number at every camera can weigh them.
    CHECK(views.weight_fields("cameras") == std::vector<std::string>{"cost"});
    geo::PointDisplaySpec display;
    display.kind = geo::PointDisplay::heatmap;
    display.heatmap.kernel = {geo::Kernel::quartic, 200};
    display.heatmap.weight_field = "cost";
    // The view holds the whole layer and its kernels: the grid covers it and half of it more.
    const auto all = views.compute(scene_with(*f->project, display), 0.5);
    const auto& v = view_of(all);
    REQUIRE(v.drawn);
    CHECK(v.figures["units"] == "cost per km²");
    CHECK(v.legend.units == "cost per km²");
    const auto& grid = std::get<render::DensityOverlay>(v.overlay).grid;
    double integral = 0;
    for (int row = 0; row < grid.height; ++row) {
        const double km2 = grid.cell * grid.cell * ground_area_per_mercator_m2(grid.cell_centre(0, row).y) / 1e6;
        for (int col = 0; col < grid.width; ++col)
            integral += grid.at(col, row) * km2;
    }
    double weights = 0;
    int64_t passing = 0;
    for (const auto& c : f->cams)
        if (year_passes(c)) {
            weights += c.cost;
            ++passing;
        }
    REQUIRE(weights > 1000);
    CHECK(integral == Approx(weights).epsilon(0.005));
    // Unweighted, the same surface integrates to the cameras.
    display.heatmap.weight_field.clear();
    const auto plain = views.compute(scene_with(*f->project, display), 0.5);
    const auto& pg = std::get<render::DensityOverlay>(view_of(plain).overlay).grid;
    double cams = 0;
    for (int row = 0; row < pg.height; ++row) {
        const double km2 = pg.cell * pg.cell * ground_area_per_mercator_m2(pg.cell_centre(0, row).y) / 1e6;
        for (int col = 0; col < pg.width; ++col)
            cams += pg.at(col, row) * km2;
    }
    CHECK(cams == Approx(static_cast<double>(passing)).epsilon(0.005));
    CHECK(view_of(plain).figures["units"] == "cameras per km²");

    // A weight the layer has not is an error that names it.
    display.heatmap.weight_field = "note";
    try {
        views.compute(scene_with(*f->project, display), 0.5);
        FAIL("a text column weighed the cameras");
    } catch (const std::exception& e) {
        CHECK(std::string(e.what()).find("note") != std::string::npos);
    }
}

TEST_CASE("Hover lookups answer nothing for coverage, undrawn views and places off the grid", "[app][density]") {
    app::DensityView v;
    v.spec.display.kind = geo::PointDisplay::bins;
    CHECK_FALSE(app::density_at(v, {0, 0})); // not drawn
    v.drawn = true;
    CHECK_FALSE(app::density_at(v, {0, 0})); // no lattice
    v.spec.display.kind = geo::PointDisplay::heatmap;
    render::DensityOverlay overlay;
    overlay.grid.region = {0, 0, 20, 10};
    overlay.grid.width = 2;
    overlay.grid.height = 1;
    overlay.grid.cell = 10;
    overlay.grid.values = {4.0f, 8.0f};
    v.overlay = overlay;
    // Cell centres at x = 5 and 15: their values there, blended between, the edge cell's beyond.
    CHECK(app::density_at(v, {5, 5})->per_km2 == Approx(4));
    CHECK(app::density_at(v, {15, 5})->per_km2 == Approx(8));
    CHECK(app::density_at(v, {7.5, 2})->per_km2 == Approx(5));
    CHECK(app::density_at(v, {1, 9})->per_km2 == Approx(4));
    CHECK_FALSE(app::density_at(v, {21, 5}));
    CHECK_FALSE(app::density_at(v, {5, -1}));
    // release_overlay keeps a heatmap's grid (hover reads it) and drops cells.
    app::release_overlay(v);
    CHECK(app::density_at(v, {15, 5}));
    render::CellOverlay cells;
    cells.cells.push_back({{0, 0}, {1, 0}, {1, 1}});
    v.overlay = cells;
    app::release_overlay(v);
    CHECK(std::get<render::CellOverlay>(v.overlay).cells.empty());
    v.spec.display.kind = geo::PointDisplay::coverage;
    CHECK_FALSE(app::density_at(v, {5, 5}));
}
