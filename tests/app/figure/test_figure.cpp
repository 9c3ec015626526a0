// write_figure, the one body behind `oko render` and the window's export: on the real Monaco
// extract with its OSM cameras, its picture is `oko render`'s byte for byte (the scene it saves
// beside the figure drawn again by the command line), its progress goes band by band to 1, and a
// figure cancelled after its first band leaves no file, old or hidden, behind.

#include "app/figure/figure.hpp"
#include "app/project/project.hpp"
#include "geo/export/image_png.hpp"
#include "geo/scene/scene_json.hpp"
#include "render/map/render_offscreen.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

using namespace oko;
using oko::test::run_command;

namespace {

// Monaco's basemap and its OSM surveillance cameras, as a user imports them.
bool monaco_with_cameras(const std::filesystem::path& store) {
    const auto cameras = test::shared_data("cameras/monaco_osm_surveillance.geojson");
    if (!cameras || !test::import_monaco(store)) return false;
    const auto r = run_command(
        test::oko_command("import " + test::quoted(*cameras) + " --store " + test::quoted(store) + " --layer cctv"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    return true;
}

std::vector<std::string> names_in(const std::filesystem::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

TEST_CASE("A figure is oko render's picture byte for byte, from the scene saved beside it", "[figure][e2e]") {
    test::TempDir dir;
    const auto store = dir / "m.oko";
    if (!monaco_with_cameras(store)) return;
    const auto project = app::Project::load(store);
    auto scene = app::default_scene(project, project.extent(), 900, 700);
    scene.furniture.title = "Cameras in Monaco";
    scene.furniture.note = "OSM man_made=surveillance";
    scene.furniture[geo::FurnitureElement::scale_bar].shown = true;
    scene.pixel_ratio = 1.5f;

    std::vector<double> progress;
    app::FigureOptions options;
    options.save_scene = true;
    options.progress = [&](double done) {
        progress.push_back(done);
        return true;
    };
    const auto fig = dir / "fig.png";
    const auto figure = app::write_figure(project, scene, fig, geo::PictureFormat::Png, options);
    REQUIRE_FALSE(figure.cancelled);
    // The picture, its world file, .prj and .aux.xml, then the scene.
    REQUIRE(figure.files.size() == 5);
    CHECK(figure.files.front() == fig);
    CHECK(figure.files.back() == dir / "fig.json");
    // 700 rows: a band of kBandRows (512), then the rest.
    CHECK(progress == std::vector<double>{512.0 / 700, 1.0});
    // The scene file is the scene.
    CHECK(test::file_bytes(dir / "fig.json") == geo::scene_to_json(scene));
    // The legend lists the cameras with their count; the attribution credits their file.
    REQUIRE_FALSE(figure.legends.empty());
    CHECK(figure.furniture.box(geo::FurnitureElement::title).has_value());
    CHECK(figure.furniture.box(geo::FurnitureElement::scale_bar).has_value());
    std::string attribution;
    for (const auto& line : figure.furniture.attribution)
        attribution += line + " ";
    CHECK(attribution.find("monaco_osm_surveillance.geojson") != std::string::npos);

    // `oko render --scene fig.json` draws the same bytes.
    const auto again = dir / "again.png";
    const auto r = run_command(test::render_command(store, again, "--scene " + test::quoted(dir / "fig.json")));
    INFO(r.output);
    REQUIRE(r.status == 0);
    const auto bytes = test::file_bytes(fig);
    CHECK(bytes.size() > 10000);
    CHECK(bytes == test::file_bytes(again));
    const auto image = geo::read_png(fig);
    CHECK(image.width == 900);
    CHECK(image.height == 700);
}

TEST_CASE("A figure cancelled after its first band leaves no file behind", "[figure][e2e]") {
    test::TempDir dir;
    const auto store = dir / "m.oko";
    if (!monaco_with_cameras(store)) return;
    const auto project = app::Project::load(store);
    // 2600 rows: bands of 2048 rows and 552, so progress is said twice.
    const auto scene = app::default_scene(project, project.extent(), 700, 2600);
    const auto out_dir = dir / "out";
    std::filesystem::create_directory(out_dir);
    app::FigureOptions options;
    options.save_scene = true;
    std::vector<double> progress;
    options.progress = [&](double done) {
        progress.push_back(done);
        return false;
    };
    const auto figure = app::write_figure(project, scene, out_dir / "fig.png", geo::PictureFormat::Png, options);
    CHECK(figure.cancelled);
    CHECK(figure.files.empty());
    REQUIRE(progress.size() == 1); // no band after the one that said stop
    constexpr int band = render::OffscreenRenderer::kBandRows;
    CHECK(progress[0] == Approx(double(band) / 2600));
    CHECK(names_in(out_dir).empty()); // no picture, side file, scene or hidden temporary file

    // Over an earlier figure, a cancelled one leaves it as it was.
    {
        std::ofstream old(out_dir / "fig.png", std::ios::binary);
        old << "earlier figure";
    }
    options.progress = [](double) { return false; };
    CHECK(app::write_figure(project, scene, out_dir / "fig.png", geo::PictureFormat::Png, options).cancelled);
    CHECK(names_in(out_dir) == std::vector<std::string>{"fig.png"});
    CHECK(test::file_bytes(out_dir / "fig.png") == "earlier figure");

    // Going on to the end, every band is said and the files appear.
    progress.clear();
    options.progress = [&](double done) {
        progress.push_back(done);
        return true;
    };
    const auto done = app::write_figure(project, scene, out_dir / "fig.png", geo::PictureFormat::Png, options);
    CHECK_FALSE(done.cancelled);
    std::vector<double> expected;
    for (int rows = band; rows < 2600; rows += band)
        expected.push_back(double(rows) / 2600);
    expected.push_back(1.0);
    CHECK(progress == expected);
    CHECK(geo::read_png(out_dir / "fig.png").height == 2600);
    CHECK(std::filesystem::exists(out_dir / "fig.json"));
}
