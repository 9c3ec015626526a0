#include "geo/base/error.hpp"
#include "geo/export/image_png.hpp"
#include "geo/export/picture_file.hpp"
#include "support/shared_data.hpp"

#include <gdal.h>
#include <ogr_srs_api.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <fstream>
#include <optional>
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
    const auto files = write_picture(gradient(64, 40), view, 96, path);
    // map.tif or a shapefile's map.prj beside it keep theirs.
    REQUIRE(files.size() == 4);
    CHECK(files[0] == path);
    CHECK(files[1] == dir / "map.pgw");
    CHECK(files[2] == dir / "map.png.prj");
    CHECK(files[3] == dir / "map.png.aux.xml");
    for (const auto& f : files)
        CHECK(std::filesystem::exists(f));
    CHECK_FALSE(std::filesystem::exists(dir / "map.prj"));

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
    std::ifstream in(dir / "map.png.prj");
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

namespace {

// The geotransform GDAL gives `path`, or none when it has none.
std::optional<std::array<double, 6>> gdal_geotransform(const std::filesystem::path& path, bool* has_srs = nullptr) {
    GDALAllRegister();
    GDALDatasetH ds = GDALOpen(path.c_str(), GA_ReadOnly);
    REQUIRE(ds != nullptr);
    std::array<double, 6> gt{};
    const bool ok = GDALGetGeoTransform(ds, gt.data()) == CE_None;
    if (has_srs) *has_srs = GDALGetProjectionRef(ds) && *GDALGetProjectionRef(ds);
    GDALClose(ds);
    if (!ok) return std::nullopt;
    return gt;
}

uint32_t big_endian(const std::string& bytes, size_t at) {
    return static_cast<uint32_t>(static_cast<uint8_t>(bytes[at])) << 24 |
           static_cast<uint32_t>(static_cast<uint8_t>(bytes[at + 1])) << 16 |
           static_cast<uint32_t>(static_cast<uint8_t>(bytes[at + 2])) << 8 | static_cast<uint8_t>(bytes[at + 3]);
}

} // namespace

TEST_CASE("GDAL places the PNG by its world file, and by its .aux.xml alone", "[png][gdal]") {
    oko::test::TempDir dir;
    Viewport view;
    view.center = {2209000.25, 5657000.5};
    view.resolution = 3.7;
    view.width = 64;
    view.height = 40;
    const auto path = dir / "map.png";
    // A shapefile's map.prj beside the picture is not Oko's to replace.
    {
        std::ofstream shapefile_prj(dir / "map.prj");
        shapefile_prj << "GEOGCS[\"WGS 84\"]";
    }
    write_picture(gradient(64, 40), view, 96, path);
    CHECK(oko::test::file_bytes(dir / "map.prj") == "GEOGCS[\"WGS 84\"]");
    const XY top_left = view.to_world(0, 0);
    const auto placed = [&](const std::array<double, 6>& gt) {
        CHECK(gt[0] == Approx(top_left.x).margin(1e-6));
        CHECK(gt[3] == Approx(top_left.y).margin(1e-6));
        CHECK(gt[1] == Approx(view.resolution));
        CHECK(gt[5] == Approx(-view.resolution));
    };

    // Without the .aux.xml, GDAL places it by map.pgw alone (no CRS then: that is the .aux.xml's).
    const std::string aux = oko::test::file_bytes(dir / "map.png.aux.xml");
    std::filesystem::remove(dir / "map.png.aux.xml");
    bool srs = true;
    auto gt = gdal_geotransform(path, &srs);
    REQUIRE(gt);
    placed(*gt);
    CHECK_FALSE(srs);
    // Without the world file, by the .aux.xml alone, with its CRS.
    std::filesystem::remove(dir / "map.pgw");
    CHECK_FALSE(gdal_geotransform(path)); // nothing else places it
    {
        std::ofstream back(dir / "map.png.aux.xml");
        back << aux;
    }
    gt = gdal_geotransform(path, &srs);
    REQUIRE(gt);
    placed(*gt);
    CHECK(srs);
}

TEST_CASE("A PNG records its DPI in its pHYs chunk", "[png][print]") {
    oko::test::TempDir dir;
    const auto path = dir / "print.png";
    write_png(gradient(16, 8), path, 300);
    // The chunk read from the bytes (PNG 1.2, 4.2.4.2): length 9, "pHYs", x and y pixels per unit,
    // unit 1 (the metre); 300 dpi is 300 / 0.0254 = 11811.02 pixels per metre.
    const std::string bytes = oko::test::file_bytes(path);
    const auto at = bytes.find("pHYs");
    REQUIRE(at != std::string::npos);
    REQUIRE(at >= 4);
    CHECK(big_endian(bytes, at - 4) == 9);
    CHECK(big_endian(bytes, at + 4) == 11811);
    CHECK(big_endian(bytes, at + 8) == 11811);
    CHECK(static_cast<uint8_t>(bytes[at + 12]) == 1);
    CHECK(bytes.find("pHYs") < bytes.find("IDAT")); // before the pixels, as the standard orders it
    // libpng reads the same back: 11811 × 0.0254 = 299.9994.
    CHECK(read_png_dpi(path) == Approx(300).margin(0.001));
    // Without a DPI, no chunk.
    write_png(gradient(16, 8), dir / "plain.png");
    CHECK(oko::test::file_bytes(dir / "plain.png").find("pHYs") == std::string::npos);
    CHECK(read_png_dpi(dir / "plain.png") == 0);
}

TEST_CASE("A picture written a band at a time is the picture", "[png][print]") {
    oko::test::TempDir dir;
    RgbaImage whole = gradient(50, 23);
    for (size_t i = 3; i < whole.pixels.size(); i += 4)
        whole.pixels[i] = 255; // a map is opaque
    Viewport view;
    view.center = {0, 0};
    view.width = 50;
    view.height = 23;
    const auto path = dir / "bands.png";
    PictureWriter writer(path, view, 150);
    for (int y0 = 0; y0 < 23; y0 += 10) {
        const int rows = std::min(10, 23 - y0);
        RgbaImage band(50, rows);
        std::copy(whole.pixels.begin() + static_cast<long>(y0) * 50 * 4,
                  whole.pixels.begin() + static_cast<long>(y0 + rows) * 50 * 4, band.pixels.begin());
        writer.write_rows(band);
        CHECK_FALSE(std::filesystem::exists(path)); // nothing under the name before finish()
    }
    writer.finish();
    const auto back = read_png(path);
    REQUIRE(back.width == 50);
    REQUIRE(back.height == 23);
    CHECK(back.pixels == whole.pixels);
    CHECK(read_png_dpi(path) == Approx(150.0124).margin(1e-4)); // 150 / 0.0254 = 5905.5, kept as 5906 per metre

    // A band too many is refused, naming the picture; a picture with missing rows is not written.
    PictureWriter short_one(dir / "short.png", view, 96);
    short_one.write_rows(RgbaImage(50, 20));
    CHECK_THROWS_AS(short_one.write_rows(RgbaImage(50, 4)), Error);
    CHECK_THROWS_AS(short_one.finish(), Error);
    CHECK_THROWS_AS(PictureWriter(dir / "wide.png", view, 96).write_rows(RgbaImage(51, 1)), Error);
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
