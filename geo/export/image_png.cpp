#include "geo/export/image_png.hpp"

#include <cpl_conv.h>
#include <ogr_srs_api.h>
#include <png.h>

#include "geo/base/atomic_file.hpp"
#include "geo/base/error.hpp"

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

// libpng reports errors by longjmp: the functions that call setjmp hold no C++ objects.
bool encode(FILE* out, int width, int height, const png_bytep* rows, bool opaque, std::string* reason) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, reason, png_fail, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!info) {
        png_destroy_write_struct(&png, nullptr);
        return false;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return false;
    }
    png_init_io(png, out);
    // Maps are flat colours: a low level with the Sub and Up filters compresses them almost as
    // well as the default and about twice as fast, which matters for 24-megapixel prints.
    png_set_compression_level(png, 3);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB | PNG_FILTER_UP);
    png_set_IHDR(png, info, width, height, 8, opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGBA, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    if (opaque) png_set_filler(png, 0, PNG_FILLER_AFTER); // rows stay RGBA in memory; the file has no alpha
    png_write_rows(png, const_cast<png_bytepp>(rows), height);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
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

// Encodes `image` into `out` (not yet committed). Throws geo::Error.
void encode_png(const RgbaImage& image, AtomicFile& out) {
    if (image.empty()) throw Error("cannot write an empty image", out.target().string());
    std::vector<png_bytep> rows(image.height);
    for (int y = 0; y < image.height; ++y)
        rows[y] = const_cast<png_bytep>(image.pixels.data() + static_cast<size_t>(y) * image.width * 4);
    bool opaque = true;
    for (size_t i = 3; i < image.pixels.size() && opaque; i += 4)
        opaque = image.pixels[i] == 255;
    std::string reason = "out of memory";
    if (!encode(out.stream(), image.width, image.height, rows.data(), opaque, &reason))
        throw Error("cannot encode PNG: " + reason, out.target().string());
}

// "map.png" -> "map.pgw" for ".pgw"; "map.png.aux.xml" for ".png.aux.xml" (GDAL's name, the
// picture's whole name and ".aux.xml").
fs::path side_file(const fs::path& path, const std::string& suffix) {
    auto side = path;
    if (suffix == ".png.aux.xml") return side += ".aux.xml";
    return side.replace_extension(suffix);
}

std::string world_file_text(const Viewport& view) {
    const WorldFile wf = view.world_file();
    std::ostringstream text;
    text.precision(17);
    text << wf.a << '\n' << wf.d << '\n' << wf.b << '\n' << wf.e << '\n' << wf.c << '\n' << wf.f << '\n';
    return text.str();
}

// EPSG:3857 as WKT; throws geo::Error naming `prj` when GDAL cannot describe it.
std::string wkt_3857(const fs::path& prj) {
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    char* wkt = nullptr;
    const bool ok = OSRImportFromEPSG(srs, 3857) == OGRERR_NONE && OSRExportToWkt(srs, &wkt) == OGRERR_NONE;
    std::string text = ok && wkt ? wkt : "";
    CPLFree(wkt);
    OSRDestroySpatialReference(srs);
    if (text.empty()) throw Error("GDAL cannot describe EPSG:3857 (is proj.db installed?)", prj.string());
    return text;
}

// GDAL (and so QGIS) reads a PNG's CRS from its .aux.xml, not from the .prj that ESRI tools
// read: both are written so that every GIS places the picture without asking.
std::string aux_xml_text(const std::string& wkt) {
    return "<PAMDataset>\n  <SRS dataAxisToSRSAxisMapping=\"1,2\">" + wkt + "</SRS>\n</PAMDataset>\n";
}

} // namespace

void write_png(const RgbaImage& image, const fs::path& path) {
    AtomicFile out(path);
    encode_png(image, out);
    out.commit();
}

RgbaImage read_png(const fs::path& path) {
    File in(std::fopen(path.c_str(), "rb"));
    if (!in) throw Error(std::string("cannot read: ") + std::strerror(errno), path.string());
    png_byte sig[8] = {};
    if (std::fread(sig, 1, 8, in.get()) != 8 || png_sig_cmp(sig, 0, 8) != 0)
        throw Error("not a PNG file", path.string());
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

void write_world_file(const Viewport& view, const fs::path& path) {
    write_file_atomically(side_file(path, ".pgw"), world_file_text(view));
}

void write_prj_3857(const fs::path& path) {
    const std::string wkt = wkt_3857(side_file(path, ".prj"));
    write_file_atomically(side_file(path, ".prj"), wkt + "\n");
    write_file_atomically(side_file(path, ".png.aux.xml"), aux_xml_text(wkt));
}

void write_georeferenced_png(const RgbaImage& image, const Viewport& view, const fs::path& path) {
    // The picture and its side files are renamed together, after all four are on disk.
    const std::string wkt = wkt_3857(side_file(path, ".prj"));
    AtomicFile png(path), pgw(side_file(path, ".pgw")), prj(side_file(path, ".prj")),
        aux(side_file(path, ".png.aux.xml"));
    encode_png(image, png);
    pgw.write(world_file_text(view));
    prj.write(wkt + "\n");
    aux.write(aux_xml_text(wkt));
    commit_together({&png, &pgw, &prj, &aux});
}

} // namespace oko::geo
