#include "geo/base/ogr_dataset.hpp"

#include <cpl_error.h>
#include <gdal_priv.h>

#include <algorithm>
#include <cctype>
#include <mutex>

namespace oko::geo {

void OgrDatasetCloser::operator()(GDALDataset* dataset) const { GDALClose(dataset); }

OgrDataset open_vector_file(const std::filesystem::path& file, std::string* why) {
    static std::once_flag registered;
    std::call_once(registered, [] { GDALAllRegister(); });
    std::string reason;
    const auto open = [&](const std::string& path) {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        CPLErrorReset();
        OgrDataset ds(static_cast<GDALDataset*>(
            GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
        if (!ds) reason = CPLGetLastErrorMsg();
        CPLPopErrorHandler();
        return ds;
    };
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const std::string absolute = std::filesystem::absolute(file).string();
    OgrDataset ds = ext == ".zip" ? open("/vsizip/" + absolute) : open(file.string());
    if (!ds && ext == ".kmz") ds = open("/vsizip/" + absolute + "/doc.kml");
    if (!ds && why) *why = reason;
    return ds;
}

} // namespace oko::geo
