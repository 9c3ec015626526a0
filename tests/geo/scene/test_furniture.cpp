// The scale bar is true on the ground: its length in pixels times the ground metres per pixel
// equals PROJ's geodesic distance (geod_inverse, Karney's algorithm, independent of the ground
// scale the bar uses) between its two ends, at several latitudes; it is a round length near a
// fifth of the picture; and element and corner names read as the scene file writes them.

#include "geo/scene/furniture.hpp"

#include <catch2/catch.hpp>

#include <geodesic.h>
#include <proj.h>

#include <cmath>

using namespace oko::geo;

namespace {

// Web Mercator to WGS84 longitude and latitude through PROJ (not Oko's own formulas).
struct MercatorToLonLat {
    PJ_CONTEXT* ctx = proj_context_create();
    PJ* pj = nullptr;
    MercatorToLonLat() {
        PJ* raw = proj_create_crs_to_crs(ctx, "EPSG:3857", "EPSG:4326", nullptr);
        pj = proj_normalize_for_visualization(ctx, raw);
        proj_destroy(raw);
    }
    ~MercatorToLonLat() {
        proj_destroy(pj);
        proj_context_destroy(ctx);
    }
    MercatorToLonLat(const MercatorToLonLat&) = delete;
    MercatorToLonLat& operator=(const MercatorToLonLat&) = delete;
    PJ_COORD operator()(XY m) const { return proj_trans(pj, PJ_FWD, proj_coord(m.x, m.y, 0, 0)); }
    PJ_COORD inverse(double lon, double lat) const { return proj_trans(pj, PJ_INV, proj_coord(lon, lat, 0, 0)); }
};

// PROJ's geodesic distance between two pixels of a view, metres.
double geodesic_m(const MercatorToLonLat& proj, const Viewport& view, XY a_px, XY b_px) {
    geod_geodesic wgs84{};
    geod_init(&wgs84, 6378137.0, 1 / 298.257223563);
    const PJ_COORD a = proj(view.to_world(a_px.x, a_px.y)), b = proj(view.to_world(b_px.x, b_px.y));
    double s12 = 0;
    geod_inverse(&wgs84, a.lp.phi, a.lp.lam, b.lp.phi, b.lp.lam, &s12, nullptr, nullptr);
    return s12;
}

bool round_length(double m) {
    const double decade = std::pow(10.0, std::floor(std::log10(m) + 1e-9));
    const double lead = m / decade;
    return std::abs(lead - 1) < 1e-9 || std::abs(lead - 2) < 1e-9 || std::abs(lead - 5) < 1e-9;
}

} // namespace

TEST_CASE("The scale bar's length equals PROJ's geodesic distance between its ends", "[furniture]") {
    struct Place {
        const char* name;
        double lon, lat, metres_per_px; // Web Mercator metres per pixel
        int width;
    };
    const Place places[] = {
        {"the equator", 10.0, 0.0, 2.0, 1600}, {"Monaco", 7.42, 43.7, 1.2, 1600},
        {"Novi Sad", 19.84, 45.25, 6.0, 1600}, {"Novi Sad, a wide view", 19.84, 45.25, 60.0, 1600},
        {"60° north", 25.0, 60.0, 3.0, 1600},  {"Novi Sad, a small picture", 19.84, 45.25, 2.0, 480},
    };
    const MercatorToLonLat proj;
    REQUIRE(proj.pj);
    for (const auto& p : places) {
        INFO(p.name);
        Viewport view;
        const PJ_COORD centre = proj.inverse(p.lon, p.lat);
        view.center = {centre.xy.x, centre.xy.y};
        view.resolution = p.metres_per_px;
        view.width = p.width;
        view.height = 1000;
        const ScaleBar bar = scale_bar_for(view);
        REQUIRE(bar.metres > 0);
        // Its two ends, centred on the view's centre (the bar's scale is that of its parallel).
        const double cx = view.width / 2.0, cy = view.height / 2.0;
        const double ground = geodesic_m(proj, view, {cx - bar.length_px / 2, cy}, {cx + bar.length_px / 2, cy});
        INFO("bar " << bar.metres << " m over " << bar.length_px << " px; PROJ: " << ground << " m");
        CHECK(std::abs(ground - bar.metres) / bar.metres < 0.005);
        // A naive bar (Web Mercator metres as ground metres) would be off by 1/cos(lat) away from
        // the equator: this test sees it.
        if (p.lat > 40) CHECK(std::abs(bar.length_px * view.resolution - ground) / ground > 0.3);
        CHECK(round_length(bar.metres));
        // The longest round length up to a fifth of the width: over a tenth of it, since the next
        // round length is at most 2.5 times as long.
        CHECK(bar.length_px <= 0.2 * view.width + 1e-6);
        CHECK(bar.length_px > 0.08 * view.width);
    }
}

TEST_CASE("Scale bar labels are round lengths in m, then km", "[furniture]") {
    CHECK(length_label(500) == "500 m");
    CHECK(length_label(1000) == "1 km");
    CHECK(length_label(2000) == "2 km");
    CHECK(length_label(50000) == "50 km");
    CHECK(length_label(0.5) == "0.5 m");
    Viewport view;
    view.center = {2208578.7, 5660965.1}; // Novi Sad, 19.84° E 45.25° N
    view.width = 1600;
    view.height = 1000;
    view.resolution = 3.0; // 2.11 ground m per px: a fifth of the width is 676 m
    CHECK(scale_bar_for(view).label == "500 m");
    view.resolution = 12.0; // 2705 m
    CHECK(scale_bar_for(view).label == "2 km");
}

TEST_CASE("Furniture elements and corners are named as the scene file and options write them", "[furniture]") {
    CHECK(parse_corner("top-left") == Corner::top_left);
    CHECK(parse_corner("bottom-right") == Corner::bottom_right);
    CHECK_FALSE(parse_corner("centre"));
    CHECK(parse_element("scale-bar") == FurnitureElement::scale_bar);
    CHECK(parse_element("scale_bar") == FurnitureElement::scale_bar);
    CHECK(parse_element("north-arrow") == FurnitureElement::north_arrow);
    CHECK_FALSE(parse_element("compass"));
    for (size_t i = 0; i < kFurnitureElements; ++i)
        CHECK(parse_element(element_name(static_cast<FurnitureElement>(i))) == static_cast<FurnitureElement>(i));
}
