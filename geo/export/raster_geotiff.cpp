#include "geo/export/raster_geotiff.hpp"

#include "geo/base/atomic_file.hpp"
#include "geo/base/error.hpp"
#include "geo/base/ogr_dataset.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <cctype>

namespace oko::geo {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string gdal_reason() {
    const char* msg = CPLGetLastErrorMsg();
    return msg && *msg ? std::string(": ") + msg : std::string();
}

} // namespace

bool is_geotiff_path(const std::filesystem::path& path) {
    const std::string ext = lower(path.extension().string());
    return ext == ".tif" || ext == ".tiff";
}

void write_geotiff(const FloatRaster& r, const std::filesystem::path& path) {
    if (!is_geotiff_path(path))
        throw Error("a GeoTIFF's name must end in .tif or .tiff, not '" + path.extension().string() + "'",
                    path.string());
    if (r.width <= 0 || r.height <= 0 || r.values.size() != static_cast<size_t>(r.width) * r.height || !(r.cell > 0))
        throw Error("no raster to write (" + std::to_string(r.width) + " × " + std::to_string(r.height) + " pixels)",
                    path.string());
    ensure_gdal_registered();
    GDALDriverH driver = GDALGetDriverByName("GTiff");
    if (!driver) throw Error("this GDAL has no GeoTIFF driver", path.string());

    remove_stale_temporaries(path);
    AtomicFile out(path); // the temporary file GDAL writes into, renamed by commit()
    const std::string temporary = out.temporary().string();
    CPLErrorReset();
    char** create = nullptr;
    create = CSLSetNameValue(create, "COMPRESS", "DEFLATE");
    create = CSLSetNameValue(create, "PREDICTOR", "3"); // floating point: differences compress better
    create = CSLSetNameValue(create, "TILED", "YES");
    create = CSLSetNameValue(create, "BLOCKXSIZE", "256");
    create = CSLSetNameValue(create, "BLOCKYSIZE", "256");
    // Large rasters: BigTIFF when the uncompressed data could pass 4 GB.
    create = CSLSetNameValue(create, "BIGTIFF", "IF_SAFER");
    GDALDatasetH ds = GDALCreate(driver, temporary.c_str(), r.width, r.height, 1, GDT_Float32, create);
    CSLDestroy(create);
    if (!ds)
        throw naming_target(Error("GDAL cannot create the GeoTIFF" + gdal_reason(), temporary), out.temporary(), path);

    bool ok = true;
    double transform[6] = {r.min_x, r.cell, 0.0, r.max_y, 0.0, -r.cell};
    ok = ok && GDALSetGeoTransform(ds, transform) == CE_None;
    if (!r.crs_wkt.empty()) ok = ok && GDALSetProjection(ds, r.crs_wkt.c_str()) == CE_None;
    for (const auto& [key, value] : r.metadata)
        ok = ok && GDALSetMetadataItem(ds, key.c_str(), value.c_str(), nullptr) == CE_None;
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    if (!r.description.empty()) GDALSetDescription(band, r.description.c_str());
    if (!r.units.empty()) ok = ok && GDALSetRasterUnitType(band, r.units.c_str()) == CE_None;
    ok = ok && GDALRasterIO(band, GF_Write, 0, 0, r.width, r.height, const_cast<float*>(r.values.data()), r.width,
                            r.height, GDT_Float32, 0, 0) == CE_None;
    const std::string reason = gdal_reason();
    CPLErrorReset();
    GDALClose(ds); // writes the last tiles: a full disk shows here
    ok = ok && CPLGetLastErrorType() != CE_Failure && CPLGetLastErrorType() != CE_Fatal;
    if (!ok) {
        const std::string why = reason.empty() ? gdal_reason() : reason;
        throw naming_target(Error("GDAL could not write the GeoTIFF" + why, temporary), out.temporary(), path);
    }
    // Sync and rename: the file GDAL wrote is the one AtomicFile created (GDAL opened it by name).
    out.commit();
}

} // namespace oko::geo
