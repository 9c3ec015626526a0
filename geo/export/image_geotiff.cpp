#include "geo/export/image_geotiff.hpp"

#include "geo/base/error.hpp"
#include "geo/base/ogr_dataset.hpp"
#include "geo/export/image_png.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>

#include <cmath>
#include <string>

namespace oko::geo {

namespace {

std::string gdal_reason() {
    const char* msg = CPLGetLastErrorMsg();
    return msg && *msg ? std::string(": ") + msg : std::string();
}

// GDAL's block cache holds written tiles until it is full (by default 5% of the RAM): kept at
// 64 MB while a picture is written, so that an A0 print streams to disk instead of filling it.
class CacheLimit {
public:
    explicit CacheLimit(GIntBig bytes) : m_old(GDALGetCacheMax64()) {
        if (bytes < m_old) GDALSetCacheMax64(bytes);
    }
    ~CacheLimit() { GDALSetCacheMax64(m_old); }
    CacheLimit(const CacheLimit&) = delete;
    CacheLimit& operator=(const CacheLimit&) = delete;

private:
    GIntBig m_old;
};

} // namespace

struct GeoTiffStreamWriter::Impl {
    AtomicFile& out;
    int width = 0, height = 0, written = 0;
    GDALDatasetH ds = nullptr;
    CacheLimit cache{64 << 20};

    explicit Impl(AtomicFile& o) : out(o) {}
    // A failed or abandoned picture: GDAL lets go of the temporary file, which goes with `out`.
    ~Impl() {
        if (ds) GDALClose(ds);
    }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    [[noreturn]] void fail(const std::string& what) const {
        throw naming_target(Error(what + gdal_reason(), out.temporary().string()), out.temporary(), out.target());
    }
};

GeoTiffStreamWriter::GeoTiffStreamWriter(AtomicFile& out, const Viewport& view, double dpi)
    : m(std::make_unique<Impl>(out)) {
    m->width = view.width;
    m->height = view.height;
    if (view.width <= 0 || view.height <= 0) throw Error("cannot write an empty image", out.target().string());
    ensure_gdal_registered();
    GDALDriverH driver = GDALGetDriverByName("GTiff");
    if (!driver) throw Error("this GDAL has no GeoTIFF driver", out.target().string());
    const std::string wkt = wkt_3857(out.target());
    // GDAL opens the temporary file by name and writes it itself: AtomicFile's stream stays idle.
    CPLErrorReset();
    char** create = nullptr;
    create = CSLSetNameValue(create, "COMPRESS", "DEFLATE");
    create = CSLSetNameValue(create, "PREDICTOR", "2"); // horizontal differences: flat colours compress better
    create = CSLSetNameValue(create, "TILED", "YES");
    create = CSLSetNameValue(create, "BLOCKXSIZE", "256");
    create = CSLSetNameValue(create, "BLOCKYSIZE", "256");
    create = CSLSetNameValue(create, "PHOTOMETRIC", "RGB");
    create = CSLSetNameValue(create, "INTERLEAVE", "PIXEL");
    create = CSLSetNameValue(create, "BIGTIFF", "IF_SAFER"); // as the density rasters
    const std::string temporary = out.temporary().string();
    m->ds = GDALCreate(driver, temporary.c_str(), view.width, view.height, 3, GDT_Byte, create);
    CSLDestroy(create);
    if (!m->ds) m->fail("GDAL cannot create the GeoTIFF");
    const XY top_left = view.to_world(0, 0);
    double transform[6] = {top_left.x, view.resolution, 0.0, top_left.y, 0.0, -view.resolution};
    bool ok = GDALSetGeoTransform(m->ds, transform) == CE_None && GDALSetProjection(m->ds, wkt.c_str()) == CE_None;
    if (dpi > 0) {
        // TIFF 6.0 XResolution, YResolution and ResolutionUnit 2 (inch): the print size.
        const std::string res = std::to_string(dpi);
        ok = ok && GDALSetMetadataItem(m->ds, "TIFFTAG_XRESOLUTION", res.c_str(), nullptr) == CE_None &&
             GDALSetMetadataItem(m->ds, "TIFFTAG_YRESOLUTION", res.c_str(), nullptr) == CE_None &&
             GDALSetMetadataItem(m->ds, "TIFFTAG_RESOLUTIONUNIT", "2", nullptr) == CE_None;
    }
    ok = ok && GDALSetMetadataItem(m->ds, "TIFFTAG_SOFTWARE", "Oko", nullptr) == CE_None;
    if (!ok) m->fail("GDAL cannot georeference the GeoTIFF");
}

GeoTiffStreamWriter::~GeoTiffStreamWriter() = default;

void GeoTiffStreamWriter::write_rows(const RgbaImage& band) {
    if (band.width != m->width || m->written + band.height > m->height)
        throw Error("a band of " + std::to_string(band.width) + " × " + std::to_string(band.height) +
                        " pixels does not fit the picture's rows",
                    m->out.target().string());
    // The RGBA rows read in place: 3 bands of bytes 1 apart, pixels 4 apart.
    int bands[3] = {1, 2, 3};
    CPLErrorReset();
    if (GDALDatasetRasterIO(m->ds, GF_Write, 0, m->written, band.width, band.height,
                            const_cast<uint8_t*>(band.pixels.data()), band.width, band.height, GDT_Byte, 3, bands, 4,
                            band.width * 4, 1) != CE_None)
        m->fail("GDAL could not write the GeoTIFF");
    m->written += band.height;
}

void GeoTiffStreamWriter::finish() {
    if (m->written != m->height)
        throw Error("the picture ended after " + std::to_string(m->written) + " of its " + std::to_string(m->height) +
                        " rows",
                    m->out.target().string());
    CPLErrorReset();
    GDALClose(m->ds); // writes the last tiles: a full disk shows here
    m->ds = nullptr;
    if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
        m->fail("GDAL could not write the GeoTIFF");
}

} // namespace oko::geo
