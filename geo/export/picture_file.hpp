#pragma once
// A map picture as the files `oko render` writes, a band of rows at a time so that an A0 print
// never sits whole in memory: a PNG with its world file, .prj and .aux.xml, or a GeoTIFF, the
// format decided by the name (picture_format.hpp). Nothing appears under the targets' names until
// finish(), which renames them all together (atomic_file.hpp): a failed or abandoned picture
// leaves the old files as they were.

#include "geo/base/image.hpp"
#include "geo/base/viewport.hpp"
#include "geo/export/picture_format.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace oko::geo {

class FileSet;

class PictureWriter {
public:
    // The picture of `view` (its size in pixels and its place in EPSG:3857) at `dpi`, recorded in
    // the file (PNG's pHYs, TIFF's resolution tags). Throws geo::Error naming the output, with
    // `field` ("--out") when Oko cannot write its format. With a `set`, the files are the set's:
    // finish() writes and syncs them, and they appear when the set is committed.
    PictureWriter(const std::filesystem::path& path, const Viewport& view, double dpi,
                  const std::string& field = "--out", FileSet* set = nullptr);
    ~PictureWriter();
    PictureWriter(const PictureWriter&) = delete;
    PictureWriter& operator=(const PictureWriter&) = delete;

    PictureFormat format() const;
    // The next rows, top first, full width, RGBA; the picture is opaque (its alpha is not kept).
    void write_rows(const RgbaImage& band);
    // After the last row: every file synced, then renamed into place (with a set: left for its
    // commit). Returns them, picture first.
    std::vector<std::filesystem::path> finish();

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

// A whole picture in memory, written the same way.
std::vector<std::filesystem::path> write_picture(const RgbaImage& image, const Viewport& view, double dpi,
                                                 const std::filesystem::path& path);

} // namespace oko::geo
