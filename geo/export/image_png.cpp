#include "geo/export/image_png.hpp"

#include <cpl_conv.h>
#include <ogr_srs_api.h>
#include <png.h>

#include "geo/base/atomic_file.hpp"
#include "geo/base/error.hpp"
#include "geo/base/print_size.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>

namespace oko::geo {

namespace {

namespace fs = std::filesystem;

struct FileCloser {
    void operator()(FILE* f) const {
        if (f) std::fclose(f);
    }
};
using File = std::unique_ptr<FILE, FileCloser>;

[[noreturn]] void png_fail(png_structp png, png_const_charp message) {
    auto* reason = static_cast<std::string*>(png_get_error_ptr(png));
    if (reason) *reason = message;
    png_longjmp(png, 1);
}

// libpng reports errors by longjmp: the functions that call setjmp hold no C++ objects, and each
// call into libpng that can fail goes through one of them.
bool start_png(png_structp png, png_infop info, FILE* out, int width, int height, double dpi, bool alpha) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_init_io(png, out);
    // Maps are flat colours: a low level with the Sub and Up filters compresses them almost as
    // well as the default and about twice as fast, which matters for 24-megapixel prints.
    png_set_compression_level(png, 3);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB | PNG_FILTER_UP);
    png_set_IHDR(png, info, width, height, 8, alpha ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (dpi > 0) {
        const png_uint_32 ppm = pixels_per_metre(dpi); // PNG 1.2, 4.2.4.2: pixels per unit, the unit the metre
        png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    }
    png_write_info(png, info);
    if (!alpha) png_set_filler(png, 0, PNG_FILLER_AFTER); // rows stay RGBA in memory; the file has no alpha
    return true;
}

bool put_rows(png_structp png, png_bytepp rows, int count) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_write_rows(png, rows, static_cast<png_uint_32>(count));
    return true;
}

bool end_png(png_structp png, png_infop info) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_write_end(png, info);
    return true;
}

bool decode_header(png_structp png, png_infop info, FILE* in) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_init_io(png, in);
    png_set_sig_bytes(png, 8);
    png_read_info(png, info);
    // Whatever the file holds (palette, grey, 16 bit), hand out 8-bit RGBA.
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
    png_read_update_info(png, info);
    return true;
}

bool decode_rows(png_structp png, png_bytepp rows) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_read_image(png, rows);
    png_read_end(png, nullptr);
    return true;
}

bool read_phys(png_structp png, png_infop info, FILE* in, png_uint_32* x, png_uint_32* y, int* unit) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_init_io(png, in);
    png_set_sig_bytes(png, 8);
    png_read_info(png, info);
    if (!png_get_pHYs(png, info, x, y, unit)) *unit = -1;
    return true;
}

bool is_opaque(const RgbaImage& image) {
    for (size_t i = 3; i < image.pixels.size(); i += 4)
        if (image.pixels[i] != 255) return false;
    return true;
}

void encode_png(const RgbaImage& image, AtomicFile& out, double dpi) {
    if (image.empty()) throw Error("cannot write an empty image", out.target().string());
    PngStreamWriter writer(out, image.width, image.height, dpi, !is_opaque(image));
    writer.write_rows(image);
    writer.finish();
}

File open_png(const fs::path& path) {
    File in(std::fopen(path.c_str(), "rb"));
    if (!in) throw Error(std::string("cannot read: ") + std::strerror(errno), path.string());
    png_byte sig[8] = {};
    if (std::fread(sig, 1, 8, in.get()) != 8 || png_sig_cmp(sig, 0, 8) != 0)
        throw Error("not a PNG file", path.string());
    return in;
}

} // namespace

struct PngStreamWriter::Impl {
    AtomicFile& out;
    int width, height;
    int written = 0;
    std::string reason = "out of memory";
    png_structp png = nullptr;
    png_infop info = nullptr;
    std::vector<png_bytep> rows;

    explicit Impl(AtomicFile& o, int w, int h) : out(o), width(w), height(h) {}
    [[noreturn]] void fail() const { throw Error("cannot encode PNG: " + reason, out.target().string()); }
};

PngStreamWriter::PngStreamWriter(AtomicFile& out, int width, int height, double dpi, bool alpha)
    : m(std::make_unique<Impl>(out, width, height)) {
    if (width <= 0 || height <= 0) throw Error("cannot write an empty image", out.target().string());
    m->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &m->reason, png_fail, nullptr);
    m->info = m->png ? png_create_info_struct(m->png) : nullptr;
    if (!m->info || !start_png(m->png, m->info, out.stream(), width, height, dpi, alpha)) {
        png_destroy_write_struct(&m->png, m->info ? &m->info : nullptr); // the destructor will not run
        m->fail();
    }
}

PngStreamWriter::~PngStreamWriter() { png_destroy_write_struct(&m->png, m->info ? &m->info : nullptr); }

void PngStreamWriter::write_rows(const RgbaImage& band) {
    if (band.width != m->width || m->written + band.height > m->height)
        throw Error("a band of " + std::to_string(band.width) + " × " + std::to_string(band.height) +
                        " pixels does not fit the picture's rows",
                    m->out.target().string());
    m->rows.resize(band.height);
    for (int y = 0; y < band.height; ++y)
        m->rows[y] = const_cast<png_bytep>(band.pixels.data() + static_cast<size_t>(y) * band.width * 4);
    if (!put_rows(m->png, m->rows.data(), band.height)) m->fail();
    m->written += band.height;
}

void PngStreamWriter::finish() {
    if (m->written != m->height)
        throw Error("the picture ended after " + std::to_string(m->written) + " of its " + std::to_string(m->height) +
                        " rows",
                    m->out.target().string());
    if (!end_png(m->png, m->info)) m->fail();
}

PngSideFiles png_side_files(const fs::path& path) {
    auto world = path, prj = path, aux = path;
    world.replace_extension(".pgw");
    prj += ".prj";
    aux += ".aux.xml";
    return {world, prj, aux};
}

std::string world_file_text(const Viewport& view) {
    const WorldFile wf = view.world_file();
    std::ostringstream text;
    text.precision(17);
    text << wf.a << '\n' << wf.d << '\n' << wf.b << '\n' << wf.e << '\n' << wf.c << '\n' << wf.f << '\n';
    return text.str();
}

std::string wkt_3857(const fs::path& path) {
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    char* wkt = nullptr;
    const bool ok = OSRImportFromEPSG(srs, 3857) == OGRERR_NONE && OSRExportToWkt(srs, &wkt) == OGRERR_NONE;
    std::string text = ok && wkt ? wkt : "";
    CPLFree(wkt);
    OSRDestroySpatialReference(srs);
    if (text.empty()) throw Error("GDAL cannot describe EPSG:3857 (is proj.db installed?)", path.string());
    return text;
}

std::string aux_xml_text(const std::string& wkt, const Viewport& view) {
    // GDAL's geotransform: the top-left corner of the top-left pixel, the pixel's size and rotation.
    const XY top_left = view.to_world(0, 0);
    std::ostringstream gt;
    gt.precision(17);
    gt << top_left.x << ", " << view.resolution << ", 0, " << top_left.y << ", 0, " << -view.resolution;
    return "<PAMDataset>\n  <SRS dataAxisToSRSAxisMapping=\"1,2\">" + wkt + "</SRS>\n  <GeoTransform>" + gt.str() +
           "</GeoTransform>\n</PAMDataset>\n";
}

void write_png(const RgbaImage& image, const fs::path& path, double dpi) {
    AtomicFile out(path);
    encode_png(image, out, dpi);
    out.commit();
}

RgbaImage read_png(const fs::path& path) {
    File in = open_png(path);
    std::string reason = "out of memory";
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &reason, png_fail, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    RgbaImage image;
    bool ok = info && decode_header(png, info, in.get());
    if (ok) {
        image.width = static_cast<int>(png_get_image_width(png, info));
        image.height = static_cast<int>(png_get_image_height(png, info));
        image.pixels.resize(static_cast<size_t>(image.width) * image.height * 4);
        std::vector<png_bytep> rows(image.height);
        for (int y = 0; y < image.height; ++y)
            rows[y] = image.pixels.data() + static_cast<size_t>(y) * image.width * 4;
        ok = decode_rows(png, rows.data());
    }
    png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
    if (!ok) throw Error("cannot decode PNG: " + reason, path.string());
    return image;
}

double read_png_dpi(const fs::path& path) {
    File in = open_png(path);
    std::string reason = "out of memory";
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &reason, png_fail, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    png_uint_32 x = 0, y = 0;
    int unit = -1;
    const bool ok = info && read_phys(png, info, in.get(), &x, &y, &unit);
    png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
    if (!ok) throw Error("cannot decode PNG: " + reason, path.string());
    if (unit != PNG_RESOLUTION_METER || x != y) return 0;
    return x * 0.0254;
}

} // namespace oko::geo
