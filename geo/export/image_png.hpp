#pragma once
// PNG files with their georeference: the picture, an ESRI world file (.pgw) and the CRS (.prj)
// beside it, so that QGIS or GDAL place an exported map where it belongs. Every file is written
// to a temporary name in the same folder and renamed, so a reader never sees half a file.

#include "geo/base/image.hpp"
#include "geo/base/viewport.hpp"

#include <filesystem>

namespace oko::geo {

// Throws geo::Error naming the file when it cannot be written.
void write_png(const RgbaImage& image, const std::filesystem::path& path);

// Throws geo::Error naming the file when it is missing or not a PNG.
RgbaImage read_png(const std::filesystem::path& path);

// `path` is the picture's path; writes `.pgw`, `.prj` and `.png.aux.xml` (for GDAL) beside it (EPSG:3857).
void write_world_file(const Viewport& view, const std::filesystem::path& path);
void write_prj_3857(const std::filesystem::path& path);

// The picture and both side files.
void write_georeferenced_png(const RgbaImage& image, const Viewport& view, const std::filesystem::path& path);

} // namespace oko::geo
