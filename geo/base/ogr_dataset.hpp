#pragma once
// The one way Oko opens a vector file with GDAL/OGR, for every reader (point files, reference
// layers, boundaries): read-only, quietly (the caller words the error), a zip opened as the folder
// it holds (a zipped Shapefile), a KMZ directly or, without LIBKML, through its doc.kml.

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
// GDAL's reason, possibly empty.
OgrDataset open_vector_file(const std::filesystem::path& file, std::string* why = nullptr);

} // namespace oko::geo
