#include "geo/base/ogr_dataset.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_http.h>
#include <gdal_priv.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <mutex>

#include "geo/base/error.hpp"
#include "geo/base/input_checks.hpp"

namespace oko::geo {

namespace {

// Every HTTP fetch a GDAL driver asks for (CPLHTTPFetch: remote schemas, URLs named in a file)
// fails here, without a socket being opened.
CPLHTTPResult* refuse_http(const char* url, CSLConstList, GDALProgressFunc, void*, CPLHTTPFetchWriteFunc, void*,
                           void*) {
    auto* result = static_cast<CPLHTTPResult*>(CPLCalloc(1, sizeof(CPLHTTPResult)));
    result->nStatus = 1;
    result->pszErrBuf = CPLStrdup((std::string("Oko does not access the network (") + (url ? url : "") + ")").c_str());
    return result;
}

void register_gdal() {
    GDALAllRegister();
    // No network, whatever a file names: HTTP fetches fail in refuse_http, /vsicurl/ and the
    // cloud file systems built on it (/vsis3/, /vsigs/, ...) find no file they may open, since
    // none has the one extension they are allowed, and if anything still tried, it would give up
    // at once. Set as config options, these win over the environment.
    CPLHTTPSetFetchCallback(refuse_http, nullptr);
    CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".oko-network-access-is-off");
    CPLSetConfigOption("GDAL_HTTP_MAX_RETRY", "0");
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "1");
    CPLSetConfigOption("GDAL_HTTP_CONNECTTIMEOUT", "1");
    CPLSetConfigOption("GDAL_HTTP_PROXY", nullptr);
    CPLSetConfigOption("GDAL_HTTPS_PROXY", nullptr);
    // A style or a virtual table defined in a file must not make GDAL open another file.
    CPLSetConfigOption("LIBKML_EXTERNAL_STYLE", "NO");
    CPLSetConfigOption("OGR_SQLITE_ALLOW_EXTERNAL_ACCESS", "NO");
    CPLSetConfigOption("GDAL_VRT_ENABLE_PYTHON", "NO");
}

// The drivers Oko opens files with: each reads the one file it is given (a Shapefile also its
// .dbf, .shx, .prj and .cpg beside it) and nothing it names. Left out on purpose: OGR_VRT and VRT
// (a VRT names other files and URLs to read), SQLite (a SpatiaLite database is what an Oko
// project is: views, triggers and virtual tables belong to the project checks, not to a point
// file), MapInfo File (a seamless or view table opens the tables it lists), GML and the web
// services (they fetch schemas and pages). GPKG is a SQLite database too, but one GDAL opens
// read-only with external access and extension loading off, and it is the format QGIS writes.
constexpr std::array<const char*, 12> allowed_drivers = {"CSV",    "GeoJSON", "GeoJSONSeq", "KML",
                                                         "LIBKML", "GPX",     "GPKG",       "ESRI Shapefile",
                                                         "XLSX",   "ODS",     "FlatGeobuf", nullptr};

// Whether the start of the file declares a GDAL virtual dataset, whatever its name says.
bool is_vrt(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return head.find("<ogrvrtdatasource") != std::string::npos || head.find("<vrtdataset") != std::string::npos;
}

} // namespace

void refuse_virtual_path(const std::filesystem::path& file) {
    const std::string given = file.string();
    std::error_code ec;
    const std::string absolute = std::filesystem::absolute(file, ec).string();
    if (given.rfind("/vsi", 0) == 0 || absolute.rfind("/vsi", 0) == 0)
        throw Error("a path starting with /vsi names one of GDAL's virtual file systems; Oko opens only files", given);
}

void OgrDatasetCloser::operator()(GDALDataset* dataset) const { GDALClose(dataset); }

void ensure_gdal_registered() {
    static std::once_flag registered;
    std::call_once(registered, register_gdal);
}

OgrDataset open_vector_file(const std::filesystem::path& file, std::string* why, bool native_data) {
    ensure_gdal_registered();
    refuse_virtual_path(file);
    const std::string given = file.string();
    const std::string absolute = std::filesystem::absolute(file).string();
    std::error_code ec;
    if (std::filesystem::is_regular_file(file, ec) && is_vrt(file))
        throw Error("the file is a GDAL virtual dataset (VRT), which reads other files or URLs; Oko does not open "
                    "those: export the data itself (GeoJSON, KML, GeoPackage, CSV)",
                    given);
    if (std::filesystem::is_regular_file(file, ec)) check_input_limits(file);

    std::string reason;
    std::string lower = file.extension().string();
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // Only the GeoJSON driver knows the option; others would warn about it.
    const bool json = native_data && (lower == ".geojson" || lower == ".json");
    const char* const open_options[] = {json ? "NATIVE_DATA=YES" : nullptr, nullptr};
    const auto open = [&](const std::string& path) {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        CPLErrorReset();
        OgrDataset ds(static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                                           allowed_drivers.data(), open_options, nullptr)));
        if (!ds) reason = CPLGetLastErrorMsg();
        CPLPopErrorHandler();
        return ds;
    };
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // The absolute path, so that no name is read as a driver prefix ("GPKG:", "CSV:").
    OgrDataset ds = ext == ".zip" ? open("/vsizip/" + absolute) : open(absolute);
    if (!ds && ext == ".kmz") ds = open("/vsizip/" + absolute + "/doc.kml");
    if (!ds && why) *why = reason;
    return ds;
}

} // namespace oko::geo
