// Not a check: writes the synthetic scene to $OKO_LOOK_DIR for a person to look at.
#include "geo/export/image_png.hpp"
#include "render/gl/headless_context.hpp"
#include "render/map/render_offscreen.hpp"
#include "support/synthetic_basemap.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

TEST_CASE("Synthetic scene picture for inspection", "[render][.look]") {
    const char* dir = std::getenv("OKO_LOOK_DIR");
    if (!dir) return;
    oko::render::HeadlessContext ctx;
    const auto basemap = oko::test::synthetic_basemap();
    oko::geo::SceneSpec spec;
    spec.view = oko::geo::Viewport::fit(basemap.extent, 800, 500, 0.02);
    const auto image = oko::render::render_offscreen(basemap, spec);
    oko::geo::write_png(image, std::string(dir) + "/synthetic.png");
}
