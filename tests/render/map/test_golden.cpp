// The look of a fixed synthetic scene, compared with a committed picture. After a deliberate
// change of style, regenerate with OKO_UPDATE_GOLDEN=1 and look at the new picture before
// committing it.

#include "geo/export/image_png.hpp"
#include "render/gl/headless_context.hpp"
#include "render/map/render_offscreen.hpp"
#include "support/render_checks.hpp"
#include "support/synthetic_basemap.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

using namespace oko;

TEST_CASE("The synthetic scene matches its golden picture", "[render][golden]") {
    render::HeadlessContext ctx;
    const auto b = test::synthetic_basemap();
    geo::SceneSpec spec;
    spec.view = geo::Viewport::fit(b.extent, 480, 300, 0.02);
    const auto img = render::render_offscreen(b, spec);
    const std::filesystem::path golden = std::filesystem::path(OKO_TEST_FIXTURES) / "golden" / "synthetic_480x300.png";
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
        const auto actual = std::filesystem::temp_directory_path() / "oko_golden_actual.png";
        geo::write_png(img, actual);
        FAIL("rendering differs from " << golden.string() << "; this run's picture: " << actual.string());
    }
}
