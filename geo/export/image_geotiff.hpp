#pragma once
// A map picture as an RGB GeoTIFF: its EPSG:3857 geotransform and CRS inside, DEFLATE in 256 × 256
// tiles, its DPI in the TIFF resolution tags, so that GDAL and QGIS place it exactly and a print
// comes out at its size. Written by GDAL a band of rows at a time into a temporary file beside the
// target and renamed over it (atomic_file.hpp): the whole picture is never in memory.

#include "geo/base/atomic_file.hpp"
#include "geo/base/image.hpp"
#include "geo/base/viewport.hpp"

#include <filesystem>
#include <memory>

namespace oko::geo {

class GeoTiffStreamWriter {
public:
    // A picture of `view` (its size and place) at `dpi` into `out` (a .tif or .tiff target, not yet
    // committed). Throws geo::Error naming the target.
    GeoTiffStreamWriter(AtomicFile& out, const Viewport& view, double dpi);
    ~GeoTiffStreamWriter();
    GeoTiffStreamWriter(const GeoTiffStreamWriter&) = delete;
    GeoTiffStreamWriter& operator=(const GeoTiffStreamWriter&) = delete;

    // The next `band.height` rows, top first, RGBA (the alpha is dropped: a map is opaque).
    void write_rows(const RgbaImage& band);
    // After the last row: GDAL writes the last tiles and closes the file (then commit `out`).
    void finish();

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace oko::geo
