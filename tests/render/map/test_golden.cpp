// The look of fixed synthetic scenes, compared with committed pictures: the map alone, and two
// figure layouts with every piece of furniture (title block, legend, scale bar, north arrow, note,
// attribution) in different corners and at two pixel ratios. After a deliberate change of style,
// regenerate with OKO_UPDATE_GOLDEN=1 and look at the new pictures before committing them.

#include "geo/export/image_png.hpp"
#include "render/gl/headless_context.hpp"
#include "render/map/map_renderer.hpp"
#include "render/map/render_offscreen.hpp"
#include "support/render_checks.hpp"
#include "support/synthetic_basemap.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

using namespace oko;
using E = geo::FurnitureElement;

namespace {

// Compares `img` with tests/fixtures/golden/<name>, or rewrites it under OKO_UPDATE_GOLDEN=1.
void check_golden(const geo::RgbaImage& img, const std::string& name) {
    const std::filesystem::path golden = std::filesystem::path(OKO_TEST_FIXTURES) / "golden" / name;
    const char* update = std::getenv("OKO_UPDATE_GOLDEN");
    if (update && std::string(update) == "1") {
        geo::write_png(img, golden);
        WARN("golden picture rewritten: " << golden.string());
        return;
    }
    REQUIRE(std::filesystem::exists(golden));
    const auto expected = geo::read_png(golden);
    REQUIRE(expected.width == img.width);
    REQUIRE(expected.height == img.height);
    // Rasterisers differ in the last bit of an anti-aliased edge: allow small per-pixel
    // differences everywhere and larger ones on a few edge pixels.
    const auto diff = test::compare_images(img, expected, 24);
    INFO("pixels off by more than 24: " << diff.over << ", mean difference " << diff.mean);
    if (diff.over > img.width * img.height / 500 || diff.mean > 1.0) {
        const auto actual = std::filesystem::temp_directory_path() / ("oko_golden_actual_" + name);
        geo::write_png(img, actual);
        FAIL("rendering differs from " << golden.string() << "; this run's picture: " << actual.string());
    }
}

geo::LegendSpec vendor_legend() {
    geo::LegendSpec legend;
    legend.title = "Cameras by vendor";
    legend.classes = {{{213, 94, 0, 255}, "Huawei (219)", geo::PointSymbol::Disc},
                      {{0, 114, 178, 255}, "Dahua (41)", geo::PointSymbol::Disc},
                      {{0, 158, 115, 255}, "Hikvision (12)", geo::PointSymbol::Disc}};
    return legend;
}

geo::RgbaImage figure(const geo::SceneSpec& spec, geo::LegendSpec legend) {
    const auto b = test::synthetic_basemap();
    render::MapRenderer renderer;
    renderer.set_basemap(b);
    legend.corner = spec.furniture[E::legend].corner;
    renderer.set_legends({legend});
    renderer.set_credits({"cameras: kamere.csv", "OSM data of 2024-10-22"});
    return render::render_offscreen(renderer, spec);
}

} // namespace

TEST_CASE("The synthetic scene matches its golden picture", "[render][golden]") {
    render::HeadlessContext ctx;
    const auto b = test::synthetic_basemap();
    geo::SceneSpec spec;
    spec.view = geo::Viewport::fit(b.extent, 480, 300, 0.02);
    check_golden(render::render_offscreen(b, spec), "synthetic_480x300.png");
}

TEST_CASE("A figure with all its furniture in the default corners matches its golden picture", "[render][golden]") {
    render::HeadlessContext ctx;
    const auto b = test::synthetic_basemap();
    geo::SceneSpec spec;
    spec.view = geo::Viewport::fit(b.extent, 640, 420, 0.02);
    spec.furniture.title = "Kamere u centru";
    spec.furniture.subtitle = "Reports of 2019 to 2021";
    spec.furniture.note = "Every report checked on site\nFilter: status verified";
    spec.furniture[E::scale_bar].shown = true;
    spec.furniture[E::north_arrow].shown = true;
    check_golden(figure(spec, vendor_legend()), "figure_default_640x420.png");
}

TEST_CASE("A figure with its furniture moved and at 1.5 px per point matches its golden picture", "[render][golden]") {
    render::HeadlessContext ctx;
    const auto b = test::synthetic_basemap();
    geo::SceneSpec spec;
    spec.view = geo::Viewport::fit(b.extent, 720, 480, 0.02);
    spec.pixel_ratio = 1.5f;
    spec.furniture.title = "Камере у центру";
    spec.furniture[E::title].corner = geo::Corner::top_right;
    spec.furniture[E::legend].corner = geo::Corner::top_left;
    spec.furniture[E::scale_bar].shown = true;
    spec.furniture[E::scale_bar].corner = geo::Corner::bottom_right;
    spec.furniture[E::north_arrow].shown = true;
    spec.furniture[E::north_arrow].corner = geo::Corner::bottom_left;
    spec.furniture[E::note].shown = false;
    check_golden(figure(spec, vendor_legend()), "figure_moved_720x480_1.5x.png");
}
