#include "geo/base/error.hpp"
#include "geo/export/image_png.hpp"
#include "support/shared_data.hpp"

#include <gdal.h>
#include <ogr_srs_api.h>

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace oko::geo;

namespace {

RgbaImage gradient(int w, int h) {
    RgbaImage img(w, h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            img.set(x, y,
                    {static_cast<uint8_t>(x * 7), static_cast<uint8_t>(y * 11), static_cast<uint8_t>(x ^ y),
                     static_cast<uint8_t>(255 - x)});
    return img;
}

} // namespace

TEST_CASE("PNG written and read back is the same picture", "[png]") {
    oko::test::TempDir dir;
    const auto img = gradient(37, 23);
    write_png(img, dir / "g.png");
    const auto back = read_png(dir / "g.png");
    REQUIRE(back.width == 37);
    REQUIRE(back.height == 23);
    CHECK(back.pixels == img.pixels);
    // Nothing temporary is left beside it.
    size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path()))
        ++files;
    CHECK(files == 1);
}

TEST_CASE("GDAL places a georeferenced PNG where the viewport says", "[png][gdal]") {
    oko::test::TempDir dir;
    Viewport view;
    view.center = {2209000.25, 5657000.5};
    view.resolution = 3.7;
    view.width = 64;
    view.height = 40;
    const auto path = dir / "map.png";
    write_georeferenced_png(gradient(64, 40), view, path);
    CHECK(std::filesystem::exists(dir / "map.pgw"));
    CHECK(std::filesystem::exists(dir / "map.prj"));

    GDALAllRegister();
    GDALDatasetH ds = GDALOpen(path.c_str(), GA_ReadOnly);
    REQUIRE(ds != nullptr);
    double gt[6] = {};
    REQUIRE(GDALGetGeoTransform(ds, gt) == CE_None);
    CHECK(GDALGetRasterXSize(ds) == 64);
    CHECK(GDALGetRasterYSize(ds) == 40);
    const XY top_left = view.to_world(0, 0);
    CHECK(gt[0] == Approx(top_left.x).margin(1e-6));
    CHECK(gt[3] == Approx(top_left.y).margin(1e-6));
    CHECK(gt[1] == Approx(view.resolution));
    CHECK(gt[5] == Approx(-view.resolution));
    CHECK(gt[2] == 0.0);
    CHECK(gt[4] == 0.0);
    GDALClose(ds);

    // The .prj names EPSG:3857.
    std::ifstream in(dir / "map.prj");
    std::stringstream text;
    text << in.rdbuf();
    OGRSpatialReferenceH written = OSRNewSpatialReference(nullptr);
    OGRSpatialReferenceH expected = OSRNewSpatialReference(nullptr);
    std::string wkt = text.str();
    char* p = wkt.data();
    REQUIRE(OSRImportFromWkt(written, &p) == OGRERR_NONE);
    REQUIRE(OSRImportFromEPSG(expected, 3857) == OGRERR_NONE);
    CHECK(OSRIsSame(written, expected));
    OSRDestroySpatialReference(written);
    OSRDestroySpatialReference(expected);
}

TEST_CASE("Writing where it cannot names the file", "[png]") {
    oko::test::TempDir dir;
    const auto missing = dir / "no-such-folder" / "map.png";
    try {
        write_png(gradient(4, 4), missing);
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.file() == missing.string());
    }
    if (::geteuid() != 0) { // root writes through permissions
        std::filesystem::permissions(dir.path(),
                                     std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
        CHECK_THROWS_AS(write_png(gradient(4, 4), dir / "ro.png"), Error);
        std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all);
    }
    CHECK_THROWS_AS(read_png(dir / "absent.png"), Error);
}
