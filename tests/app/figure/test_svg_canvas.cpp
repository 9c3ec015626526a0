// The SVG writer's pieces: numbers written the same in every locale, with no exponent and no
// trailing zeros (its text is escaped by geo/text/xml_text.hpp).

#include "app/figure/svg_canvas.hpp"

#include <catch2/catch.hpp>

using namespace oko;
using app::figure::svg_number;

TEST_CASE("SVG numbers have at most two decimals, no exponent, no -0", "[figure]") {
    CHECK(svg_number(1.0) == "1");
    CHECK(svg_number(1.2345) == "1.23");
    CHECK(svg_number(-0.001) == "0");
    CHECK(svg_number(1e-7) == "0");
    CHECK(svg_number(123456789.5) == "123456789.5");
    CHECK(svg_number(0.5, 3) == "0.5");
    CHECK(svg_number(-2.5) == "-2.5");
}
