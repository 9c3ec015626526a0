#include "geo/export/picture_file.hpp"

#include "geo/base/atomic_file.hpp"
#include "geo/base/error.hpp"
#include "geo/export/image_geotiff.hpp"
#include "geo/export/image_png.hpp"

#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace oko::geo {

struct PictureWriter::Impl {
    PictureFormat format;
    std::filesystem::path path;
    FileSet* set;                  // the set the files belong to; none: renamed by finish()
    std::optional<AtomicFile> own; // the picture's file without a set
    AtomicFile& picture;
    std::optional<PngStreamWriter> png;
    std::optional<GeoTiffStreamWriter> tiff;
    Viewport view;

    // The encoder's thread: it compresses one band while the renderer draws the next (PNG's
    // filtering and deflate are a quarter of a print's time, and the GPU's rasteriser leaves a
    // core idle between bands). One band waits at most, so memory stays bounded.
    std::thread encoder;
    std::mutex mutex;
    std::condition_variable changed;
    std::optional<RgbaImage> waiting; // handed over, not yet taken
    bool closing = false;             // no more bands: finish, or abandon
    bool abandoned = false;           // destroyed before finish(): drop what waits
    std::exception_ptr error;         // the encoder's failure, rethrown to the caller
    int rows_handed = 0;              // checked here, so that a band that does not fit fails at once

    Impl(PictureFormat f, const std::filesystem::path& p, const Viewport& v, FileSet* s)
        : format(f), path(p), set(s), picture(s ? s->add(p) : own.emplace(p)), view(v) {}

    // A side file, written whole: in the set, or to be committed with the picture.
    AtomicFile& side_file(const std::filesystem::path& target, std::optional<AtomicFile>& slot) {
        return set ? set->add(target) : slot.emplace(target);
    }

    void encode(const RgbaImage& band) {
        if (png)
            png->write_rows(band);
        else
            tiff->write_rows(band);
    }

    void run_encoder() {
        std::unique_lock lock(mutex);
        for (;;) {
            changed.wait(lock, [&] { return waiting || closing; });
            if (abandoned || (!waiting && closing)) return;
            RgbaImage band = std::move(*waiting);
            waiting.reset();
            changed.notify_all();
            lock.unlock();
            try {
                encode(band);
            } catch (...) {
                lock.lock();
                error = std::current_exception();
                closing = true;
                changed.notify_all();
                return;
            }
            lock.lock();
        }
    }

    // Waits for the encoder to finish what it was given; rethrows its failure.
    void drain() {
        {
            std::lock_guard lock(mutex);
            closing = true;
        }
        changed.notify_all();
        if (encoder.joinable()) encoder.join();
        if (error) std::rethrow_exception(error);
    }
};

PictureWriter::PictureWriter(const std::filesystem::path& path, const Viewport& view, double dpi,
                             const std::string& field, FileSet* set) {
    const PictureFormat format = require_picture_format(path, field);
    if (is_vector(format))
        throw Error("a PDF or an SVG is drawn as paths and text (app/figure), not written as rows of pixels",
                    path.string(), 0, field);
    if (format == PictureFormat::Png) {
        // Before the first pixel: a GDAL without proj.db fails here, not after the drawing.
        (void)wkt_3857(png_side_files(path).prj);
    }
    m = std::make_unique<Impl>(format, path, view, set);
    if (format == PictureFormat::Png)
        m->png.emplace(m->picture, view.width, view.height, dpi, false);
    else
        m->tiff.emplace(m->picture, view, dpi);
}

PictureWriter::~PictureWriter() {
    if (!m || !m->encoder.joinable()) return;
    {
        std::lock_guard lock(m->mutex);
        m->closing = m->abandoned = true;
    }
    m->changed.notify_all();
    m->encoder.join();
}

PictureFormat PictureWriter::format() const { return m->format; }

void PictureWriter::write_rows(const RgbaImage& band) {
    if (band.width != m->view.width || m->rows_handed + band.height > m->view.height)
        throw Error("a band of " + std::to_string(band.width) + " × " + std::to_string(band.height) +
                        " pixels does not fit the picture's rows",
                    m->path.string());
    m->rows_handed += band.height;
    if (!m->encoder.joinable()) m->encoder = std::thread([impl = m.get()] { impl->run_encoder(); });
    std::unique_lock lock(m->mutex);
    m->changed.wait(lock, [&] { return !m->waiting || m->error; });
    if (m->error) std::rethrow_exception(m->error);
    m->waiting = band; // a copy: the renderer draws its next band into its own
    m->changed.notify_all();
}

std::vector<std::filesystem::path> PictureWriter::finish() {
    m->drain();
    if (m->tiff) {
        m->tiff->finish();
        m->tiff.reset();
        if (m->set)
            m->picture.flush_to_disk();
        else
            m->picture.commit();
        return {m->path};
    }
    m->png->finish();
    m->png.reset();
    // The side files are small: written now, and renamed with the picture.
    const auto side = png_side_files(m->path);
    const std::string wkt = wkt_3857(side.prj);
    std::optional<AtomicFile> world_slot, prj_slot, aux_slot;
    AtomicFile& world = m->side_file(side.world, world_slot);
    AtomicFile& prj = m->side_file(side.prj, prj_slot);
    AtomicFile& aux = m->side_file(side.aux_xml, aux_slot);
    world.write(world_file_text(m->view));
    prj.write(wkt + "\n");
    aux.write(aux_xml_text(wkt, m->view));
    if (m->set) {
        for (auto* f : {&m->picture, &world, &prj, &aux})
            f->flush_to_disk();
    } else {
        commit_together({&m->picture, &world, &prj, &aux});
    }
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
