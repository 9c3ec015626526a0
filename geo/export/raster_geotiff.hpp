#pragma once
// Float rasters as GeoTIFF: one Float32 band, georeferenced (geotransform and the CRS's WKT),
// DEFLATE compressed in 256 × 256 tiles, with metadata, for analysis in QGIS or GDAL. Written by
// GDAL into a temporary file beside the target and renamed over it (atomic_file.hpp): a reader
// sees the old file or the new one.

#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace oko::geo {

struct FloatRaster {
    int width = 0;
    int height = 0;
    std::span<const float> values; // row-major, row 0 at the top
    // The top-left corner of the top-left pixel and a pixel's side, in the CRS's units (square
    // pixels, north up).
    double min_x = 0, max_y = 0, cell = 0;
    std::string crs_wkt;     // the CRS as WKT (what GDAL writes into the file's GeoKeys)
    std::string description; // the band's description, e.g. "kernel density"
    std::string units;       // the band's unit type, e.g. "cameras per km²"
    // Dataset metadata, KEY=VALUE (keys: letters, digits and _).
    std::vector<std::pair<std::string, std::string>> metadata;
};

// Writes `raster` to `path` (.tif or .tiff; any other extension is an error). No nodata value is
// set: every pixel is a value. Throws geo::Error naming the file when GDAL cannot write it.
void write_geotiff(const FloatRaster& raster, const std::filesystem::path& path);

// Whether `path` ends in .tif or .tiff (any case).
bool is_geotiff_path(const std::filesystem::path& path);

} // namespace oko::geo
