#include "geo/density/density_crs.hpp"

#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"

#include <proj.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace oko::geo {

struct DensityCrs::Proj {
    PJ_CONTEXT* ctx = proj_context_create();
    PJ* to_crs = nullptr; // EPSG:4326 (lon, lat) → the CRS (easting, northing)
    ~Proj() {
        proj_destroy(to_crs);
        proj_context_destroy(ctx);
    }
};

namespace {

std::string proj_reason(PJ_CONTEXT* ctx) {
    const int errno_ = proj_context_errno(ctx);
    const char* msg = errno_ ? proj_context_errno_string(ctx, errno_) : nullptr;
    return msg ? std::string(" (") + msg + ")" : std::string();
}

} // namespace

DensityCrs DensityCrs::from_definition(const std::string& definition) {
    DensityCrs crs;
    crs.m_proj = std::make_unique<Proj>();
    PJ_CONTEXT* ctx = crs.m_proj->ctx;
    proj_log_level(ctx, PJ_LOG_NONE);
    const std::string hint = "; give a projected CRS in metres, e.g. EPSG:32634 (UTM 34N) or EPSG:3857";
    PJ* given = proj_create(ctx, definition.c_str());
    if (!given)
        throw Error("PROJ does not know the CRS '" + definition + "'" + proj_reason(ctx) + hint, "", 0, "--crs");
    PJ* target = given;
    if (proj_get_type(given) == PJ_TYPE_BOUND_CRS) target = proj_get_source_crs(ctx, given);
    const bool projected = target && proj_get_type(target) == PJ_TYPE_PROJECTED_CRS;
    double metres = 0;
    if (projected) {
        PJ* cs = proj_crs_get_coordinate_system(ctx, target);
        const char* unit = nullptr;
        if (cs && proj_cs_get_axis_count(ctx, cs) >= 2 &&
            proj_cs_get_axis_info(ctx, cs, 0, nullptr, nullptr, nullptr, &metres, &unit, nullptr, nullptr)) {
            double second = 0;
            proj_cs_get_axis_info(ctx, cs, 1, nullptr, nullptr, nullptr, &second, nullptr, nullptr, nullptr);
            if (second != metres) metres = 0;
        }
        proj_destroy(cs);
    }
    const char* name = proj_get_name(target ? target : given);
    crs.m_description = name ? name : definition;
    const char* auth = proj_get_id_auth_name(given, 0);
    const char* code = proj_get_id_code(given, 0);
    crs.m_name = auth && code ? std::string(auth) + ":" + code : definition;
    const char* wkt = proj_as_wkt(ctx, given, PJ_WKT2_2019, nullptr);
    crs.m_wkt = wkt ? wkt : "";
    if (target != given) proj_destroy(target);
    if (!projected) {
        proj_destroy(given);
        throw Error("the CRS '" + definition + "' (" + crs.m_description + ") is not a projected CRS" + hint, "", 0,
                    "--crs");
    }
    if (std::abs(metres - 1.0) > 1e-12) {
        proj_destroy(given);
        throw Error("the CRS '" + definition + "' (" + crs.m_description + ") is not in metres" + hint, "", 0, "--crs");
    }
    crs.m_web_mercator = crs.m_name == "EPSG:3857" || crs.m_name == "EPSG:900913";
    PJ* wgs84 = proj_create(ctx, "EPSG:4326");
    PJ* raw = wgs84 ? proj_create_crs_to_crs_from_pj(ctx, wgs84, given, nullptr, nullptr) : nullptr;
    proj_destroy(wgs84);
    crs.m_proj->to_crs = raw ? proj_normalize_for_visualization(ctx, raw) : nullptr;
    proj_destroy(raw);
    proj_destroy(given);
    if (!crs.m_proj->to_crs)
        throw Error("PROJ cannot transform WGS84 coordinates into '" + definition + "'" + proj_reason(ctx), "", 0,
                    "--crs");
    return crs;
}

int utm_epsg(LonLat p) {
    const int zone = std::clamp(static_cast<int>(std::floor((p.lon + 180.0) / 6.0)) + 1, 1, 60);
    return (p.lat >= 0 ? 32600 : 32700) + zone;
}

DensityCrs DensityCrs::utm_for(LonLat centre) { return from_definition("EPSG:" + std::to_string(utm_epsg(centre))); }

DensityCrs::DensityCrs(DensityCrs&&) noexcept = default;
DensityCrs& DensityCrs::operator=(DensityCrs&&) noexcept = default;
DensityCrs::~DensityCrs() = default;

XY DensityCrs::from_lonlat(LonLat p) const {
    const PJ_COORD c = proj_trans(m_proj->to_crs, PJ_FWD, proj_coord(p.lon, p.lat, 0, 0));
    if (c.xy.x == HUGE_VAL || !std::isfinite(c.xy.x) || !std::isfinite(c.xy.y))
        return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
    return {c.xy.x, c.xy.y};
}

XY DensityCrs::from_mercator(XY p) const { return m_web_mercator ? p : from_lonlat(geo::from_mercator(p)); }

} // namespace oko::geo
