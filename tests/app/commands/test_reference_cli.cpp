// End-to-end: a city without an OSM extract, mapped from a road GeoJSON and a boundary file.

#include "geo/scene/basemap_style.hpp"
#include "geo/export/image_png.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>

using namespace oko;
using test::run_command;

namespace {

int64_t ogr_count(const std::filesystem::path& file, const std::string& layer, const std::string& geometry_type) {
    const auto r = run_command("ogrinfo -ro -so -where " + test::shell_quote("OGR_GEOMETRY='" + geometry_type + "'") +
                               " " + test::quoted(file) + " " + test::shell_quote(layer));
    std::smatch m;
    if (r.status != 0 || !std::regex_search(r.output, m, std::regex("Feature Count: (\\d+)"))) return -1;
    return std::stoll(m[1]);
}

// Pixels within `tolerance` of a colour.
int64_t pixels_like(const geo::RgbaImage& img, geo::Rgba c, int tolerance) {
    int64_t n = 0;
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            const auto p = img.at(x, y);
            n += std::abs(p.r - c.r) <= tolerance && std::abs(p.g - c.g) <= tolerance &&
                 std::abs(p.b - c.b) <= tolerance;
        }
    return n;
}

} // namespace

TEST_CASE("oko import, layers and render for a project made only of a road GeoJSON and municipalities",
          "[e2e][reference]") {
    const auto roads = test::shared_data("osm/geojson/belgrade.geojson");
    const auto opstine = test::shared_data("boundaries/belgrade_opstine.geojson");
    if (!roads || !opstine) return;
    test::TempDir dir;
    const auto store = dir / "beograd.oko";

    // A dry run says where everything would go and writes nothing.
    const auto dry = run_command(test::oko_command("import " + test::quoted(*roads) + " --store " +
                                                   test::quoted(store) + " --layer beograd --dry-run"));
    INFO(dry.output);
    REQUIRE(dry.status == 0);
    CHECK(dry.output.find("beograd_lines") != std::string::npos);
    CHECK(!std::filesystem::exists(store));

    const auto imported = run_command(test::oko_command("import " + test::quoted(*roads) + " --store " +
                                                        test::quoted(store) + " --layer beograd --json"));
    INFO(imported.output);
    REQUIRE(imported.status == 0);
    const auto report = nlohmann::json::parse(imported.output);
    std::map<std::string, nlohmann::json> dest;
    for (const auto& d : report["layers"]) // what went where, for every kind of input
        dest[d["layer"]] = d;
    CHECK(dest["beograd"]["kind"] == "points");
    CHECK(dest["beograd"]["written"] == ogr_count(*roads, "belgrade", "Point"));
    CHECK(dest["beograd_lines"]["written"] == ogr_count(*roads, "belgrade", "LineString"));
    CHECK(dest["beograd_areas"]["written"] == ogr_count(*roads, "belgrade", "Polygon"));

    const auto boundaries = run_command(
        test::oko_command("import " + test::quoted(*opstine) + " --store " + test::quoted(store) + " --layer opstine"));
    INFO(boundaries.output);
    REQUIRE(boundaries.status == 0);
    CHECK(boundaries.output.find("17 areas -> reference layer \"opstine\"") != std::string::npos);

    const auto layers = run_command(test::oko_command("layers --store " + test::quoted(store) + " --json"));
    INFO(layers.output);
    REQUIRE(layers.status == 0);
    std::map<std::string, nlohmann::json> by_name;
    for (const auto& l : nlohmann::json::parse(layers.output))
        by_name[l["name"]] = l;
    CHECK(by_name["beograd_lines"]["kind"] == "lines");
    CHECK(by_name["beograd_lines"]["features"] == ogr_count(*roads, "belgrade", "LineString"));
    CHECK(by_name["beograd_areas"]["kind"] == "areas");
    CHECK(by_name["opstine"]["kind"] == "areas");
    CHECK(by_name["opstine"]["features"] == 17);

    // Central Belgrade: the roads are there, in the basemap's road colours.
    const auto render = [&](const std::filesystem::path& png, const std::string& extra) {
        const auto r = run_command(test::oko_command("render --store " + test::quoted(store) +
                                                     " --size 800x600 --bbox 20.38,44.76,20.52,44.84 --out " +
                                                     test::quoted(png) + extra));
        INFO(r.output);
        return r;
    };
    const auto png = dir / "beograd.png";
    REQUIRE(render(png, "").status == 0);
    const auto image = geo::read_png(png);
    REQUIRE(image.width == 800);
    std::set<uint32_t> colours;
    for (int y = 0; y < image.height; y += 5)
        for (int x = 0; x < image.width; x += 5) {
            const auto c = image.at(x, y);
            colours.insert(c.r << 16 | c.g << 8 | c.b);
        }
    CHECK(colours.size() > 20);
    const auto style = geo::BasemapStyle::standard();
    const auto trunk = style.of(geo::FeatureClass::RoadTrunk).line.colour.rgba();
    const auto secondary = style.of(geo::FeatureClass::RoadSecondary).line.colour.rgba();
    const int64_t trunk_px = pixels_like(image, trunk, 3);
    CHECK(trunk_px > 500);
    CHECK(pixels_like(image, secondary, 3) > 2000);

    // Coloured by another attribute from the command line: trunk roads lose their colour.
    const auto png2 = dir / "by_category.png";
    REQUIRE(render(png2, " --reference-style beograd_lines=category").status == 0);
    CHECK(pixels_like(geo::read_png(png2), trunk, 3) < trunk_px / 10);

    // Hidden by name like any layer.
    const auto png3 = dir / "hidden.png";
    REQUIRE(render(png3, " --hide beograd_lines").status == 0);
    CHECK(pixels_like(geo::read_png(png3), secondary, 3) < 50);

    // An attribute the layer does not have is named in the error, with the ones it has.
    const auto wrong = render(dir / "x.png", " --reference-style beograd_lines=nosuch");
    CHECK(wrong.status != 0);
    CHECK(wrong.output.find("no attribute 'nosuch'") != std::string::npos);
    CHECK(wrong.output.find("class") != std::string::npos);
}

TEST_CASE("oko import refuses a file without features and leaves no project behind", "[e2e][reference]") {
    test::TempDir dir;
    const auto input = dir / "empty.geojson";
    { std::ofstream(input) << R"({"type":"FeatureCollection","features":[]})"; }
    const auto store = dir / "p.oko";
    const auto r = run_command(
        test::oko_command("import " + test::quoted(input) + " --store " + test::quoted(store) + " --layer x"));
    CHECK(r.status != 0);
    CHECK(r.output.find("no features") != std::string::npos);
    CHECK(!std::filesystem::exists(store));
}
