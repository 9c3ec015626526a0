// Which format an output's name gets: PNG, GeoTIFF, and the vector PDF and SVG; anything else is an
// error that names the formats Oko writes.

#include "geo/base/error.hpp"
#include "geo/export/picture_format.hpp"

#include <catch2/catch.hpp>

using namespace oko;

TEST_CASE("An output's extension decides its picture format, case aside", "[export]") {
    CHECK(geo::picture_format("map.png") == geo::PictureFormat::Png);
    CHECK(geo::picture_format("map.TIF") == geo::PictureFormat::GeoTiff);
    CHECK(geo::picture_format("a/b/map.pdf") == geo::PictureFormat::Pdf);
    CHECK(geo::picture_format("MAP.SVG") == geo::PictureFormat::Svg);
    CHECK_FALSE(geo::picture_format("map.jpg"));
    CHECK_FALSE(geo::picture_format("map.svgz"));
    CHECK_FALSE(geo::picture_format("map"));
    CHECK(geo::is_vector(geo::PictureFormat::Pdf));
    CHECK(geo::is_vector(geo::PictureFormat::Svg));
    CHECK_FALSE(geo::is_vector(geo::PictureFormat::Png));
    CHECK_FALSE(geo::is_vector(geo::PictureFormat::GeoTiff));
    CHECK(std::string(geo::picture_format_name(geo::PictureFormat::Pdf)) == "pdf");
    CHECK(std::string(geo::picture_format_name(geo::PictureFormat::Svg)) == "svg");
    try {
        geo::require_picture_format("map.eps", "--out");
        FAIL("map.eps was accepted");
    } catch (const geo::Error& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("'.eps'"));
        CHECK_THAT(std::string(e.what()), Catch::Contains("*.pdf or *.svg"));
    }
}
