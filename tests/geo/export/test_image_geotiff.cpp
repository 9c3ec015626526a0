#include "geo/base/error.hpp"
#include "geo/export/picture_file.hpp"
#include "support/shared_data.hpp"

#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>
#include <proj.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace oko::geo;

namespace {

// WGS84 longitude and latitude to Web Mercator through PROJ.
XY mercator_by_proj(double lon, double lat) {
    PJ_CONTEXT* ctx = proj_context_create();
    PJ* raw = proj_create_crs_to_crs(ctx, "EPSG:4326", "EPSG:3857", nullptr);
    PJ* pj = proj_normalize_for_visualization(ctx, raw);
    const PJ_COORD c = proj_trans(pj, PJ_FWD, proj_coord(lon, lat, 0, 0));
    proj_destroy(pj);
    proj_destroy(raw);
    proj_context_destroy(ctx);
    return {c.xy.x, c.xy.y};
}

} // namespace

TEST_CASE("A GeoTIFF picture that GDAL places exactly: CRS, geotransform, tiles, DEFLATE, DPI", "[geotiff][gdal]") {
    oko::test::TempDir dir;
    // Novi Sad's Freedom Square (19.8451 E, 45.2551 N) at the centre of pixel (32, 20): the view's
    // centre is the corner between the four middle pixels, half a pixel up and left of it.
    const XY square = mercator_by_proj(19.8451, 45.2551);
    Viewport view;
    view.center = {square.x - 3.7 / 2, square.y + 3.7 / 2};
    view.resolution = 3.7;
    view.width = 64;
    view.height = 40;
    RgbaImage image(64, 40, {240, 238, 230, 255});
    image.set(32, 20, {200, 0, 0, 255});
    image.set(0, 0, {1, 2, 3, 255});
    const auto path = dir / "map.tif";
    const auto files = write_picture(image, view, 300, path);
    REQUIRE(files == std::vector<std::filesystem::path>{path});
    size_t entries = 0; // no side files, no temporary left
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path()))
        ++entries;
    CHECK(entries == 1);

    GDALAllRegister();
    GDALDatasetH ds = GDALOpen(path.c_str(), GA_ReadOnly);
    REQUIRE(ds != nullptr);
    CHECK(std::string(GDALGetDriverShortName(GDALGetDatasetDriver(ds))) == "GTiff");
    CHECK(GDALGetRasterXSize(ds) == 64);
    CHECK(GDALGetRasterYSize(ds) == 40);
    REQUIRE(GDALGetRasterCount(ds) == 3);
    double gt[6] = {};
    REQUIRE(GDALGetGeoTransform(ds, gt) == CE_None);
    CHECK(gt[1] == Approx(3.7));
    CHECK(gt[5] == Approx(-3.7));
    CHECK(gt[2] == 0.0);
    CHECK(gt[4] == 0.0);
    // The square, through GDAL's geotransform, on the pixel it was painted on.
    const double col = (square.x - gt[0]) / gt[1], row = (square.y - gt[3]) / gt[5];
    CHECK(col == Approx(32.5).margin(1e-6));
    CHECK(row == Approx(20.5).margin(1e-6));
    uint8_t rgb[3] = {};
    for (int b = 0; b < 3; ++b) {
        GDALRasterBandH band = GDALGetRasterBand(ds, b + 1);
        CHECK(GDALGetRasterDataType(band) == GDT_Byte);
        CHECK(static_cast<int>(GDALGetRasterColorInterpretation(band)) == static_cast<int>(GCI_RedBand) + b);
        int bx = 0, by = 0;
        GDALGetBlockSize(band, &bx, &by);
        CHECK(bx == 256);
        CHECK(by == 256);
        REQUIRE(GDALRasterIO(band, GF_Read, static_cast<int>(col), static_cast<int>(row), 1, 1, &rgb[b], 1, 1, GDT_Byte,
                             0, 0) == CE_None);
    }
    CHECK(rgb[0] == 200);
    CHECK(rgb[1] == 0);
    CHECK(rgb[2] == 0);
    // Every pixel as written.
    std::vector<uint8_t> back(64 * 40 * 3);
    int bands[3] = {1, 2, 3};
    REQUIRE(GDALDatasetRasterIO(ds, GF_Read, 0, 0, 64, 40, back.data(), 64, 40, GDT_Byte, 3, bands, 3, 64 * 3, 1) ==
            CE_None);
    size_t differ = 0;
    for (size_t i = 0; i < 64 * 40; ++i)
        for (int c = 0; c < 3; ++c)
            differ += back[i * 3 + c] != image.pixels[i * 4 + c];
    CHECK(differ == 0);

    const char* compression = GDALGetMetadataItem(ds, "COMPRESSION", "IMAGE_STRUCTURE");
    REQUIRE(compression);
    CHECK(std::string(compression) == "DEFLATE");
    const char* xres = GDALGetMetadataItem(ds, "TIFFTAG_XRESOLUTION", nullptr);
    const char* unit = GDALGetMetadataItem(ds, "TIFFTAG_RESOLUTIONUNIT", nullptr);
    REQUIRE(xres);
    REQUIRE(unit);
    CHECK(std::stod(xres) == Approx(300));
    CHECK(std::string(unit).find('2') != std::string::npos); // 2 (pixels/inch)

    OGRSpatialReferenceH written = OSRNewSpatialReference(GDALGetProjectionRef(ds));
    OGRSpatialReferenceH expected = OSRNewSpatialReference(nullptr);
    REQUIRE(OSRImportFromEPSG(expected, 3857) == OGRERR_NONE);
    CHECK(OSRIsSame(written, expected));
    OSRDestroySpatialReference(written);
    OSRDestroySpatialReference(expected);
    GDALClose(ds);
}

TEST_CASE("A GeoTIFF that cannot be written names the file and leaves nothing", "[geotiff]") {
    oko::test::TempDir dir;
    Viewport view;
    view.width = 8;
    view.height = 8;
    const auto missing = dir / "no-such-folder" / "map.tif";
    try {
        write_picture(RgbaImage(8, 8), view, 96, missing);
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.file() == missing.string());
    }
    // Rows missing: the old file stays as it was.
    const auto path = dir / "map.tif";
    write_picture(RgbaImage(8, 8, {9, 9, 9, 255}), view, 96, path);
    const auto size = std::filesystem::file_size(path);
    {
        PictureWriter writer(path, view, 96);
        writer.write_rows(RgbaImage(8, 5));
        CHECK_THROWS_AS(writer.finish(), Error);
    }
    CHECK(std::filesystem::file_size(path) == size);
    size_t entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path()))
        ++entries;
    CHECK(entries == 1);
}
