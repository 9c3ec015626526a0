#include "geo/export/picture_format.hpp"

#include "geo/base/error.hpp"
#include "geo/export/raster_geotiff.hpp"

#include <algorithm>
#include <cctype>

namespace oko::geo {

std::optional<PictureFormat> picture_format(const std::filesystem::path& out) {
    std::string ext = out.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".png") return PictureFormat::Png;
    if (is_geotiff_path(out)) return PictureFormat::GeoTiff;
    if (ext == ".pdf") return PictureFormat::Pdf;
    if (ext == ".svg") return PictureFormat::Svg;
    return std::nullopt;
}

const char* picture_format_name(PictureFormat format) {
    switch (format) {
    case PictureFormat::Png:
        return "png";
    case PictureFormat::GeoTiff:
        return "geotiff";
    case PictureFormat::Pdf:
        return "pdf";
    case PictureFormat::Svg:
        return "svg";
    }
    return "png";
}

PictureFormat require_picture_format(const std::filesystem::path& out, const std::string& field) {
    if (const auto format = picture_format(out)) return *format;
    const std::string ext = out.extension().string();
    throw Error((ext.empty() ? std::string("the output has no extension") : "Oko cannot write '" + ext + "' files") +
                    ": name the picture *.png (a PNG with its world file, .prj and .aux.xml beside it), *.tif "
                    "(a GeoTIFF), *.pdf or *.svg (vector figures, text as text)",
                out.string(), 0, field);
}

} // namespace oko::geo
