#include "geo/export/picture_file.hpp"

#include "geo/base/atomic_file.hpp"
#include "geo/base/error.hpp"
#include "geo/export/image_geotiff.hpp"
#include "geo/export/image_png.hpp"

#include <optional>

namespace oko::geo {

struct PictureWriter::Impl {
    PictureFormat format;
    std::filesystem::path path;
    AtomicFile picture;
    std::optional<PngStreamWriter> png;
    std::optional<GeoTiffStreamWriter> tiff;
    Viewport view;

    Impl(PictureFormat f, const std::filesystem::path& p, const Viewport& v)
        : format(f), path(p), picture(p), view(v) {}
};

PictureWriter::PictureWriter(const std::filesystem::path& path, const Viewport& view, double dpi,
                             const std::string& field) {
    const PictureFormat format = require_picture_format(path, field);
    if (is_vector(format))
        throw Error("a PDF or an SVG is drawn as paths and text (app/figure), not written as rows of pixels",
                    path.string(), 0, field);
    if (format == PictureFormat::Png) {
        // Before the first pixel: a GDAL without proj.db fails here, not after the drawing.
        (void)wkt_3857(png_side_files(path).prj);
    }
    m = std::make_unique<Impl>(format, path, view);
    if (format == PictureFormat::Png)
        m->png.emplace(m->picture, view.width, view.height, dpi, false);
    else
        m->tiff.emplace(m->picture, view, dpi);
}

PictureWriter::~PictureWriter() = default;

PictureFormat PictureWriter::format() const { return m->format; }

void PictureWriter::write_rows(const RgbaImage& band) {
    if (m->png)
        m->png->write_rows(band);
    else
        m->tiff->write_rows(band);
}

std::vector<std::filesystem::path> PictureWriter::finish() {
    if (m->tiff) {
        m->tiff->finish();
        m->tiff.reset();
        m->picture.commit();
        return {m->path};
    }
    m->png->finish();
    m->png.reset();
    // The side files are small: written now, and renamed with the picture.
    const auto side = png_side_files(m->path);
    const std::string wkt = wkt_3857(side.prj);
    AtomicFile world(side.world), prj(side.prj), aux(side.aux_xml);
    world.write(world_file_text(m->view));
    prj.write(wkt + "\n");
    aux.write(aux_xml_text(wkt, m->view));
    commit_together({&m->picture, &world, &prj, &aux});
    return {m->path, side.world, side.prj, side.aux_xml};
}

std::vector<std::filesystem::path> write_picture(const RgbaImage& image, const Viewport& view, double dpi,
                                                 const std::filesystem::path& path) {
    if (image.width != view.width || image.height != view.height)
        throw Error("the picture is " + std::to_string(image.width) + " × " + std::to_string(image.height) +
                        " pixels, its view " + std::to_string(view.width) + " × " + std::to_string(view.height),
                    path.string());
    PictureWriter writer(path, view, dpi);
    writer.write_rows(image);
    return writer.finish();
}

} // namespace oko::geo
