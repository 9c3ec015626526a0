#pragma once
// Which picture format an output gets, from its extension: the one place that decides it, so that
// `--out map.jpg` is an error, never a PNG under that name.

#include <filesystem>
#include <optional>
#include <string>

namespace oko::geo {

enum class PictureFormat {
    Png,     // .png: with its world file, .prj and .aux.xml (image_png.hpp)
    GeoTiff, // .tif, .tiff: RGB, its georeference inside (image_geotiff.hpp)
    Pdf,     // .pdf: vector, text as text (app/figure)
    Svg      // .svg: vector, text as text (app/figure)
};

// Whether the format is drawn as paths and text rather than pixels.
inline bool is_vector(PictureFormat format) { return format == PictureFormat::Pdf || format == PictureFormat::Svg; }

// The format for `out`'s extension (case-insensitive), or none when Oko cannot write it.
std::optional<PictureFormat> picture_format(const std::filesystem::path& out);

// "png", "geotiff", "pdf", "svg": for --json.
const char* picture_format_name(PictureFormat format);

// The same, or a geo::Error that names the output, the formats Oko writes and, in `field`, the
// option the name came from ("--out").
PictureFormat require_picture_format(const std::filesystem::path& out, const std::string& field);

} // namespace oko::geo
