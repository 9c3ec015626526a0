#include "geo/points/point_crs.hpp"

#include <cstring>

#include <cpl_error.h>
#include <ogr_spatialref.h>

#include "geo/base/error.hpp"

namespace oko::geo {

namespace {

bool is_wgs84_degrees(const OGRSpatialReference& srs) {
    if (!srs.IsGeographic()) return false;
    const char* auth = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (auth && code && std::strcmp(auth, "EPSG") == 0 && std::strcmp(code, "4326") == 0) return true;
    // OGC:CRS84 and unnamed WGS84 definitions, as GeoJSON and KML layers report them.
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT", nullptr};
    return srs.IsSame(&wgs84, options);
}

} // namespace

void PointTransform::Deleter::operator()(OGRCoordinateTransformation* t) const {
    OGRCoordinateTransformation::DestroyCT(t);
}

PointTransform::PointTransform() = default;
PointTransform::~PointTransform() = default;
PointTransform::PointTransform(PointTransform&&) noexcept = default;
PointTransform& PointTransform::operator=(PointTransform&&) noexcept = default;

PointTransform::PointTransform(const std::string& definition) {
    OGRSpatialReference source;
    // The failure becomes an Error with advice; GDAL's own message on stderr would only repeat it.
    CPLPushErrorHandler(CPLQuietErrorHandler);
    const OGRErr status = source.SetFromUserInput(definition.c_str());
    CPLPopErrorHandler();
    if (status != OGRERR_NONE)
        throw Error("unknown CRS \"" + definition + "\"; give it as EPSG:N, e.g. EPSG:32634 for UTM zone 34N");
    create(source);
    if (!identity()) m_name = definition;
}

PointTransform::PointTransform(const OGRSpatialReference* source) {
    if (source) create(*source);
}

void PointTransform::create(const OGRSpatialReference& source) {
    if (is_wgs84_degrees(source)) return;
    OGRSpatialReference from(source);
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference to;
    to.importFromEPSG(4326);
    to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    m_transform.reset(OGRCreateCoordinateTransformation(&from, &to));
    if (!m_transform) throw Error("PROJ cannot transform this CRS to WGS84");
    const char* auth = from.GetAuthorityName(nullptr);
    const char* code = from.GetAuthorityCode(nullptr);
    m_name = auth && code ? std::string(auth) + ":" + code : (from.GetName() ? from.GetName() : "unnamed CRS");
}

bool PointTransform::apply(double& x, double& y) const {
    if (!m_transform) return true;
    return m_transform->Transform(1, &x, &y) == TRUE;
}

} // namespace oko::geo
