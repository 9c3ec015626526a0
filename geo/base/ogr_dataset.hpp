#pragma once
// The one way Oko opens a vector file with GDAL/OGR, for every reader (point files, reference
// layers, boundaries): read-only, quietly (the caller words the error), a zip opened as the folder
// it holds (a zipped Shapefile), a KMZ directly or, without LIBKML, through its doc.kml.
//
// A file is only what it claims to be: it is opened with an explicit list of drivers, none of
// which reads other files or URLs (no VRT), GDAL's network access is off, a /vsi path is refused,
// and an archive or a JSON/XML file is checked against the limits (limits.hpp) before GDAL
// parses it.

#include <filesystem>
#include <memory>
#include <string>

class GDALDataset;

namespace oko::geo {

struct OgrDatasetCloser {
    void operator()(GDALDataset* dataset) const;
};
using OgrDataset = std::unique_ptr<GDALDataset, OgrDatasetCloser>;

// The file as an OGR dataset, or null when GDAL cannot read it; then `why` (when given) holds
// GDAL's reason, possibly empty. Throws Error for a file Oko refuses to open: a VRT, a /vsi
// path, a file over a limit. `native_data`: GeoJSON features keep their own JSON text
// (OGRFeature::GetNativeData), so that a geometry GDAL cannot read can still be shown as written.
OgrDataset open_vector_file(const std::filesystem::path& file, std::string* why = nullptr, bool native_data = false);

// Registers GDAL's drivers once per process, with its network access off (as above): what every
// use of GDAL runs first (open_vector_file does; so does the GeoTIFF writer).
void ensure_gdal_registered();

// Throws Error for a path starting with /vsi, which GDAL would read as one of its virtual file
// systems (/vsicurl/ is the network): a user's file is a file. open_vector_file() checks it; the
// importers check it first, so that the message says so rather than "no such file".
void refuse_virtual_path(const std::filesystem::path& file);

} // namespace oko::geo
