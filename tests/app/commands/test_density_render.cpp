// `oko render --heatmap/--hexbin/--squarebin/--choropleth/--coverage`: each density view drawn in
// place of its layer's points, its figures in --json (checked against independent counts and
// brute-force sums here), its colours fixed per scene (the same at two zoom levels) and the whole
// of it reproduced from a scene file.

#include "support/render_checks.hpp"
#include "support/shared_data.hpp"

#include "geo/base/mercator.hpp"
#include "geo/base/viewport.hpp"
#include "geo/density/kernel.hpp"
#include "geo/export/image_png.hpp"
#include "geo/scene/colour_ramp.hpp"
#include "support/spatialite_db.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace oko;
using oko::test::run_command;

namespace {

// Monaco's extract with its ten surveillance cameras as the layer "cameras"; false without the data.
bool monaco_with_cameras(const std::filesystem::path& store) {
    const auto pbf = test::shared_data("osm/monaco.osm.pbf");
    const auto cams = test::shared_data("cameras/monaco_osm_surveillance.geojson");
    if (!pbf || !cams) return false;
    for (const auto& cmd : {"import " + test::quoted(*pbf) + " --store " + test::quoted(store),
                            "import " + test::quoted(*cams) + " --store " + test::quoted(store) + " --layer cameras"}) {
        const auto r = run_command(test::oko_command(cmd));
        INFO(r.output);
        REQUIRE(r.status == 0);
    }
    return true;
}

std::vector<geo::LonLat> monaco_cameras() {
    std::ifstream in(*test::shared_data("cameras/monaco_osm_surveillance.geojson"));
    const auto j = nlohmann::json::parse(in);
    std::vector<geo::LonLat> out;
    for (const auto& f : j["features"])
        out.push_back({f["geometry"]["coordinates"][0].get<double>(), f["geometry"]["coordinates"][1].get<double>()});
    return out;
}

nlohmann::json render_json(const std::filesystem::path& store, const std::filesystem::path& out,
                           const std::string& args) {
    const auto r = run_command(
        test::oko_command("render --store " + test::quoted(store) + " --out " + test::quoted(out) + " --json " + args));
    INFO(r.output);
    REQUIRE(r.status == 0);
    const auto brace = r.output.find('{');
    REQUIRE(brace != std::string::npos);
    return nlohmann::json::parse(r.output.substr(brace));
}

const nlohmann::json& layer_of(const nlohmann::json& j, const std::string& name) {
    for (const auto& l : j["layers"])
        if (l["name"] == name) return l;
    FAIL("no layer " << name);
    static nlohmann::json none;
    return none;
}

geo::Viewport view_of(const nlohmann::json& j) {
    geo::BBox box;
    box.extend(geo::to_mercator({j["bbox"][0].get<double>(), j["bbox"][1].get<double>()}));
    box.extend(geo::to_mercator({j["bbox"][2].get<double>(), j["bbox"][3].get<double>()}));
    return geo::Viewport::fit(box, j["width"].get<int>(), j["height"].get<int>());
}

// Everything but the paper hidden: the heat's colour over one background, whatever the zoom.
const std::string kBare = "--hide landuse --hide green --hide water --hide buildings --hide boundaries --hide rail "
                          "--hide roads --no-labels --no-legend";

} // namespace

TEST_CASE("A heatmap's colour at a place is the same at two zoom levels, its scale the layer's peak",
          "[e2e][render][density]") {
    test::TempDir dir;
    const auto store = dir / "monaco.oko";
    if (!monaco_with_cameras(store)) return;
    const auto cams = monaco_cameras();
    const auto wide = render_json(store, dir / "wide.png",
                                  "--heatmap cameras:150 --layer cameras --size 800x600 " + kBare +
                                      " --bbox 7.405,43.722,7.432,43.745");
    const auto close = render_json(store, dir / "close.png",
                                   "--heatmap cameras:150 --layer cameras --size 800x600 " + kBare +
                                       " --bbox 7.410,43.726,7.420,43.734");
    const auto& dw = layer_of(wide, "cameras")["display"];
    const auto& dc = layer_of(close, "cameras")["display"];
    REQUIRE(dw["kind"] == "heatmap");
    CHECK(dw["points"] == 10);
    CHECK(dw["units"] == "cameras per km²");
    // The top of the scale is the layer's peak, not the view's.
    CHECK(dw["scale_max_per_km2"].get<double>() == Approx(dc["scale_max_per_km2"].get<double>()));
    CHECK(dw["scale"] == "layer peak");

    // The peak is at least one camera's own kernel at its centre (3/(πh²) per m²), and at most all ten's.
    geo::KernelSpec k{geo::Kernel::quartic, 150};
    const double one = geo::kernel_value(k, 0) * 1e6;
    CHECK(dw["layer_peak_per_km2"].get<double>() >= one * 0.99);
    CHECK(dw["layer_peak_per_km2"].get<double>() <= 10 * one);

    // The brute-force density at each camera, by the formula: where it is over a fifth of the
    // scale, the two pictures show the same colour there.
    const auto a = geo::read_png(dir / "wide.png");
    const auto b = geo::read_png(dir / "close.png");
    const auto va = view_of(wide), vb = view_of(close);
    int compared = 0;
    for (const auto& c : cams) {
        const auto at = geo::to_mercator(c);
        if (!vb.bounds().contains(at)) continue;
        double d = 0;
        for (const auto& o : cams) {
            // Ground distance on the sphere is enough to choose the places compared.
            const double dx = (o.lon - c.lon) * 111320 * std::cos(c.lat * M_PI / 180), dy = (o.lat - c.lat) * 110540;
            d += geo::kernel_value(k, std::hypot(dx, dy)) * 1e6;
        }
        if (d < 0.2 * dw["scale_max_per_km2"].get<double>()) continue;
        const auto pa = test::pixel_at(a, va, at), pb = test::pixel_at(b, vb, at);
        INFO("camera at " << c.lon << "," << c.lat << ": " << test::describe(pa) << " vs " << test::describe(pb));
        // A wide pixel spans 3.7 m, a close one 1.4 m: at a peak between two cameras 35 m apart that
        // is up to 2 % of the value, which the ramp's steep yellow end shows as 8 levels of red.
        CHECK(test::colour_distance(pa, pb) <= 12);
        ++compared;
    }
    CHECK(compared >= 3);
    // The heat is drawn: a camera's place is not the paper's colour.
    const geo::Rgba paper{a.pixels[0], a.pixels[1], a.pixels[2], a.pixels[3]};
    CHECK(test::colour_distance(test::pixel_at(a, va, geo::to_mercator(cams[0])), paper) > 30);
}

TEST_CASE("Hexagon and square bins count every camera once, districts add up to the layer", "[e2e][render][density]") {
    test::TempDir dir;
    const auto store = dir / "monaco.oko";
    if (!monaco_with_cameras(store)) return;
    for (const char* option : {"--hexbin cameras:200", "--squarebin cameras:300"}) {
        const auto j = render_json(store, dir / "bins.png", std::string(option) + " --size 600x400");
        const auto& d = layer_of(j, "cameras")["display"];
        INFO(option << ": " << d.dump());
        REQUIRE(d["kind"] == "bins");
        CHECK(d["points"] == 10);
        CHECK(d["cells"].get<int>() >= 1);
        CHECK(d["cells"].get<int>() <= 10);
        int64_t members = 0;
        for (const auto& c : d["classification"]["classes"])
            members += c["members"].get<int64_t>();
        CHECK(members == d["cells"].get<int64_t>());
    }
    const auto j = render_json(store, dir / "districts.png", "--choropleth cameras --size 600x400");
    const auto& d = layer_of(j, "cameras")["display"];
    INFO(d.dump());
    REQUIRE(d["kind"] == "choropleth");
    int64_t counted = d["outside"].get<int64_t>();
    for (const auto& row : d["districts"]) {
        counted += row["count"].get<int64_t>();
        CHECK(row["per_km2"].get<double>() ==
              Approx(row["count"].get<double>() / row["area_km2"].get<double>()).epsilon(1e-9));
    }
    CHECK(counted == 10);
    // The same districts and counts as `oko stats --by municipality` (SQL and GEOS on the project file).
    const auto r = run_command(test::oko_command("stats --store " + test::quoted(store) +
                                                 " --layer cameras --by municipality --admin-level " +
                                                 std::to_string(d["admin_level"].get<int>()) + " --json"));
    REQUIRE(r.status == 0);
    const auto stats = nlohmann::json::parse(r.output.substr(r.output.find('{')));
    for (const auto& row : stats["rows"]) {
        if (row["outside"] == true) {
            CHECK(row["count"] == d["outside"]);
            continue;
        }
        bool found = false;
        for (const auto& drow : d["districts"])
            if (drow["name"] == row["municipality"]) {
                found = true;
                CHECK(drow["count"] == row["count"]);
                CHECK(drow["area_km2"].get<double>() == Approx(row["area_km2"].get<double>()).epsilon(1e-6));
            }
        CHECK(found);
    }
}

TEST_CASE("Street coverage drawn by oko render says the figures oko stats --coverage prints",
          "[e2e][render][density]") {
    test::TempDir dir;
    const auto store = dir / "monaco.oko";
    if (!monaco_with_cameras(store)) return;
    const auto j = render_json(store, dir / "coverage.png", "--coverage cameras:50 --size 600x400");
    const auto& d = layer_of(j, "cameras")["display"];
    INFO(d.dump());
    REQUIRE(d["kind"] == "coverage");
    CHECK(d["radius_m"] == 50);
    CHECK(d["share"].get<double>() > 0);
    CHECK(d["share"].get<double>() < 1);
    CHECK(d["covered_km"].get<double>() == Approx(d["share"].get<double>() * d["street_km"].get<double>()));
    const auto r = run_command(
        test::oko_command("stats --store " + test::quoted(store) + " --layer cameras --coverage 50 --json"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    const auto stats = nlohmann::json::parse(r.output.substr(r.output.find('{')));
    CHECK(stats["share"].get<double>() == Approx(d["share"].get<double>()));
    CHECK(stats["street_km"].get<double>() == Approx(d["street_km"].get<double>()));
}

TEST_CASE("A density view saved in a scene file draws the same picture as its options", "[e2e][render][density]") {
    test::TempDir dir;
    const auto store = dir / "monaco.oko";
    if (!monaco_with_cameras(store)) return;
    render_json(store, dir / "options.png", "--heatmap cameras:120 --kernel gaussian --ramp magma --size 500x400");
    const std::string scene = R"({"oko_scene": 1, "point_layers": [{"name": "cameras", "display": {"kind": "heatmap",
        "heatmap": {"kernel": "gaussian", "radius_m": 120, "ramp": "magma"}}}]})";
    std::ofstream(dir / "fig.json") << scene;
    render_json(store, dir / "scene.png", "--scene " + test::quoted(dir / "fig.json") + " --size 500x400");
    const auto a = geo::read_png(dir / "options.png");
    const auto b = geo::read_png(dir / "scene.png");
    REQUIRE(a.width == b.width);
    CHECK(a.pixels == b.pixels);

    // A wrong name in the scene file is an error that names it.
    std::ofstream(dir / "bad.json")
        << R"({"oko_scene": 1, "point_layers": [{"name": "cameras", "display": {"kind": "heatmap",
        "heatmap": {"kernel": "quartik"}}}]})";
    const auto r =
        run_command(test::oko_command("render --store " + test::quoted(store) + " --out " +
                                      test::quoted(dir / "bad.png") + " --scene " + test::quoted(dir / "bad.json")));
    CHECK(r.status != 0);
    CHECK_THAT(r.output, Catch::Contains("quartik"));
    CHECK_THAT(r.output, Catch::Contains("quartic"));
}

namespace {

// Points over Novi Sad and the municipalities around it, with the Serbian municipalities of the
// shared data as the reference layer "opstine"; false without the data.
bool novi_sad_with_opstine(const test::TempDir& dir, const std::filesystem::path& store) {
    const auto opstine = test::shared_data("boundaries/serbia_opstine.geojson");
    if (!opstine) return false;
    {
        std::ofstream f(dir / "cameras.csv");
        f << "lon,lat\n";
        uint64_t state = 12345;
        const auto next = [&] {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            return static_cast<double>(state >> 11) / static_cast<double>(1ull << 53);
        };
        for (int i = 0; i < 2000; ++i) {
            char line[64];
            // Denser towards the city centre (19.84, 45.255), so that the districts differ.
            const double r = 0.25 * next() * next(), a = 2 * M_PI * next();
            std::snprintf(line, sizeof line, "%.7f,%.7f\n", 19.84 + r * std::cos(a), 45.255 + 0.7 * r * std::sin(a));
            f << line;
        }
    }
    for (const auto& cmd :
         {"import " + test::quoted(dir / "cameras.csv") + " --store " + test::quoted(store) +
              " --layer cameras --duplicate-distance 0",
          "import " + test::quoted(*opstine) + " --store " + test::quoted(store) + " --layer opstine"}) {
        const auto r = run_command(test::oko_command(cmd));
        INFO(r.output);
        REQUIRE(r.status == 0);
    }
    return true;
}

// A point inside each polygon of a reference layer (SpatiaLite's ST_PointOnSurface), by name.
std::map<std::string, geo::LonLat> points_on_surface(const std::filesystem::path& store, const std::string& layer) {
    const test::SpatiaLiteDb db(store);
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(db.h,
                               "SELECT json_extract(a.attributes, '$.name'), X(ST_PointOnSurface(a.geom)), "
                               "Y(ST_PointOnSurface(a.geom)) FROM reference_areas a JOIN reference_layers l ON l.id = "
                               "a.layer_id WHERE l.name = ?",
                               -1, &q, nullptr) == SQLITE_OK);
    sqlite3_bind_text(q, 1, layer.c_str(), -1, SQLITE_TRANSIENT);
    std::map<std::string, geo::LonLat> out;
    while (sqlite3_step(q) == SQLITE_ROW)
        out[reinterpret_cast<const char*>(sqlite3_column_text(q, 0))] = {sqlite3_column_double(q, 1),
                                                                         sqlite3_column_double(q, 2)};
    sqlite3_finalize(q);
    return out;
}

} // namespace

TEST_CASE("A choropleth of a reference layer's polygons: each district in its class colour, the counts of oko "
          "stats --boundary-layer",
          "[e2e][render][density][reference]") {
    test::TempDir dir;
    const auto store = dir / "novi_sad.oko";
    if (!novi_sad_with_opstine(dir, store)) return;
    // From a scene file, as the window saves it: opaque fills, so that a pixel is its class's colour.
    {
        std::ofstream f(dir / "districts.json");
        f << R"({"oko_scene": 1, "point_layers": [{"name": "cameras", "display": {"kind": "choropleth",
            "legend": false, "choropleth": {"boundary_layer": "opstine", "method": "equal-interval", "classes": 5,
            "ramp": "viridis", "opacity": 1}}}]})";
    }
    const auto png = dir / "districts.png";
    const auto j = render_json(store, png,
                               "--scene " + test::quoted(dir / "districts.json") +
                                   " --no-labels --no-legend --no-scale-bar --no-north-arrow --size 900x700 "
                                   "--bbox 19.55,45.10,20.15,45.42");
    const auto& d = layer_of(j, "cameras")["display"];
    INFO(d.dump());
    REQUIRE(d["kind"] == "choropleth");
    CHECK(d["boundaries"] == "reference layer opstine");
    CHECK(d["name_field"] == "name");
    CHECK(d["admin_level"].is_null());
    CHECK(d["districts"].size() == 162);
    const auto& classes = d["classification"]["classes"];
    REQUIRE(classes.size() == 5);
    const auto colours = geo::ramp_classes(geo::ColourRamp::viridis, 5);

    const auto image = geo::read_png(png);
    const auto view = view_of(j);
    const auto inside = points_on_surface(store, "opstine");
    int checked = 0;
    std::set<int> classes_seen;
    int64_t counted = d["outside"].get<int64_t>();
    for (const auto& row : d["districts"]) {
        counted += row["count"].get<int64_t>();
        const auto at = geo::to_mercator(inside.at(row["name"].get<std::string>()));
        const auto px = view.to_pixel(at);
        if (px.x < 5 || px.y < 5 || px.x > image.width - 5 || px.y > image.height - 5) continue;
        // Not under the attribution, which every figure has.
        const auto& credit = j["furniture"]["attribution"];
        if (px.x >= credit["x"].get<double>() - 2 && px.y >= credit["y"].get<double>() - 2 &&
            px.x <= credit["x"].get<double>() + credit["w"].get<double>() + 2 &&
            px.y <= credit["y"].get<double>() + credit["h"].get<double>() + 2)
            continue;
        const int k = row["class"].get<int>();
        // The class is the one its density falls in.
        const double per_km2 = row["per_km2"].get<double>();
        CHECK(per_km2 >= classes[k]["from"].get<double>() * (1 - 1e-3) - 1e-9);
        const auto got = test::pixel_at(image, view, at);
        INFO(row["name"] << " (class " << k << "): " << test::describe(got) << ", its class "
                         << test::describe(colours[k]));
        CHECK(test::colour_distance(got, colours[k]) <= 3);
        ++checked;
        classes_seen.insert(k);
    }
    CHECK(counted == 2000);
    CHECK(checked >= 6);
    CHECK(classes_seen.size() >= 2);   // Novi Sad's class and its neighbours'
    CHECK(classes_seen.count(4) == 1); // Novi Sad, the densest, in the top class

    // The same districts, counts and areas as `oko stats --by municipality --boundary-layer`.
    const auto r = run_command(test::oko_command("stats --store " + test::quoted(store) +
                                                 " --layer cameras --by municipality --boundary-layer opstine --json"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    const auto stats = nlohmann::json::parse(r.output.substr(r.output.find('{')));
    CHECK(stats["boundaries"] == "reference layer opstine");
    std::map<std::string, nlohmann::json> drawn;
    for (const auto& row : d["districts"])
        drawn[row["name"].get<std::string>()] = row;
    size_t rows = 0;
    for (const auto& row : stats["rows"]) {
        if (row["outside"] == true) {
            CHECK(row["count"] == d["outside"]);
            continue;
        }
        ++rows;
        const auto& dr = drawn.at(row["municipality"].get<std::string>());
        CHECK(dr["count"] == row["count"]);
        CHECK(dr["area_km2"].get<double>() == Approx(row["area_km2"].get<double>()).epsilon(1e-9));
    }
    CHECK(rows == 162);

    // The options draw the same districts as the scene (in the default classes).
    const auto o = render_json(store, dir / "options.png",
                               "--choropleth cameras --boundary-layer opstine --size 600x400 --bbox "
                               "19.55,45.10,20.15,45.42");
    const auto& od = layer_of(o, "cameras")["display"];
    CHECK(od["boundaries"] == "reference layer opstine");
    CHECK(od["classification"]["method"] == "natural-breaks");
    REQUIRE(od["districts"].size() == d["districts"].size());
    for (size_t i = 0; i < od["districts"].size(); ++i) {
        CHECK(od["districts"][i]["name"] == d["districts"][i]["name"]);
        CHECK(od["districts"][i]["count"] == d["districts"][i]["count"]);
    }
}

TEST_CASE("A choropleth or table of a reference layer says what is wrong with it",
          "[e2e][render][density][reference]") {
    test::TempDir dir;
    const auto store = dir / "novi_sad.oko";
    if (!novi_sad_with_opstine(dir, store)) return;
    const auto at = " --store " + test::quoted(store) + " --layer cameras";
    const auto out = " --out " + test::quoted(dir / "x.png");
    struct Case {
        std::string args, says;
    };
    for (const auto& c : std::vector<Case>{
             {"render --store " + test::quoted(store) + out + " --choropleth cameras --boundary-layer okruzi",
              "field --boundary-layer: no reference layer 'okruzi' in the project (its layers of areas: opstine)"},
             {"render --store " + test::quoted(store) + out +
                  " --choropleth cameras --boundary-layer opstine --boundary-name naziv",
              "field --boundary-name: reference layer 'opstine' has no field 'naziv' (its fields: slug, name)"},
             {"stats" + at + " --by municipality --boundary-layer okruzi",
              "field --boundary-layer: no reference layer 'okruzi' in the project (its layers of areas: opstine)"},
             {"stats" + at + " --by municipality --boundary-layer opstine --boundary-name naziv",
              "field --boundary-name: reference layer 'opstine' has no field 'naziv' (its fields: slug, name)"},
             {"stats" + at + " --by municipality --boundary-name name",
              "--boundary-name names the field of --boundaries FILE or --boundary-layer REF"},
         }) {
        const auto r = run_command(test::oko_command(c.args));
        INFO(c.args << "\n" << r.output);
        CHECK(r.status == 2);
        CHECK(r.output.find(c.says) != std::string::npos);
        CHECK(!std::filesystem::exists(dir / "x.png"));
    }
    // Two sources of districts at once are refused before anything is read.
    const auto both = run_command(test::oko_command("stats" + at +
                                                    " --by municipality --boundary-layer opstine "
                                                    "--admin-level 8"));
    INFO(both.output);
    CHECK(both.status != 0);
    CHECK(both.output.find("excludes") != std::string::npos);
    // A name field that exists names the rows.
    const auto slug = run_command(test::oko_command("stats" + at +
                                                    " --by municipality --boundary-layer opstine --boundary-name slug "
                                                    "--csv"));
    INFO(slug.output);
    CHECK(slug.status == 0);
    CHECK(slug.output.find("novi-sad") != std::string::npos);
}
