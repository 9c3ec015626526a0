#pragma once
// PNG files with their georeference: the picture, an ESRI world file and the CRS (.prj, and
// .aux.xml for GDAL) beside it, so that QGIS or GDAL place an exported map where it belongs, and
// its DPI (the pHYs chunk) so that a print comes out at its size. Every file is written to a
// temporary name in the same folder and renamed, so a reader never sees half a file.
//
// No other file of the same stem (map.tif, a shapefile map.shp with its map.prj) loses its own:
// map.png gets map.pgw, map.png.prj and map.png.aux.xml. The world file keeps GDAL's first name
// for it, ".pgw" (the extension's first and last letters and "w", a name only a .png's world
// file has): GDAL reads map.pgw before map.pngw and before the .aux.xml's geotransform, so any
// other name would let a stale map.pgw place the new picture. The .prj and the .aux.xml (GDAL's
// own name for it) are named after the whole name.

#include "geo/base/atomic_file.hpp"
#include "geo/base/image.hpp"
#include "geo/base/viewport.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace oko::geo {

// Throws geo::Error naming the file when it cannot be written. `dpi` > 0 writes a pHYs chunk.
void write_png(const RgbaImage& image, const std::filesystem::path& path, double dpi = 0);

// Throws geo::Error naming the file when it is missing or not a PNG.
RgbaImage read_png(const std::filesystem::path& path);

// The DPI a PNG's pHYs chunk records (pixels per metre × 0.0254, x and y), or 0 when it has none
// or its unit is not the metre. Throws geo::Error as read_png().
double read_png_dpi(const std::filesystem::path& path);

// The side files of picture `path`, in this order: world file, .prj, .aux.xml.
struct PngSideFiles {
    std::filesystem::path world, prj, aux_xml;
};
PngSideFiles png_side_files(const std::filesystem::path& path);

// Encodes a PNG a band of rows at a time into an AtomicFile (not committed): the whole picture
// is never in memory. Rows are RGBA in memory; the file is RGB (a map is opaque) unless `alpha`.
class PngStreamWriter {
public:
    // Throws geo::Error naming the output.
    PngStreamWriter(AtomicFile& out, int width, int height, double dpi, bool alpha);
    ~PngStreamWriter();
    PngStreamWriter(const PngStreamWriter&) = delete;
    PngStreamWriter& operator=(const PngStreamWriter&) = delete;

    // The next `band.height` rows, top first; `band.width` must be the picture's width.
    void write_rows(const RgbaImage& band);
    // After the last row: the end of the file. Throws when rows are missing.
    void finish();

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

// The georeference texts of a picture of `view` in EPSG:3857, named for the errors by `path`.
std::string world_file_text(const Viewport& view);
std::string wkt_3857(const std::filesystem::path& path);
// GDAL's .aux.xml for a picture: its CRS and geotransform (GDAL reads the CRS there; the
// geotransform places the picture should its world file be lost).
std::string aux_xml_text(const std::string& wkt, const Viewport& view);

} // namespace oko::geo
