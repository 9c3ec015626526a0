// The SVG writer's pieces: numbers written the same in every locale, with no exponent and no
// trailing zeros, and text escaped for XML.

#include "app/figure/svg_canvas.hpp"

#include <catch2/catch.hpp>

using namespace oko;
using app::figure::svg_number;
using app::figure::xml_escape;

TEST_CASE("SVG numbers have at most two decimals, no exponent, no -0", "[figure]") {
    CHECK(svg_number(1.0) == "1");
    CHECK(svg_number(1.2345) == "1.23");
    CHECK(svg_number(-0.001) == "0");
    CHECK(svg_number(1e-7) == "0");
    CHECK(svg_number(123456789.5) == "123456789.5");
    CHECK(svg_number(0.5, 3) == "0.5");
    CHECK(svg_number(-2.5) == "-2.5");
}

TEST_CASE("Text in SVG is escaped, broken UTF-8 and control characters replaced", "[figure]") {
    CHECK(xml_escape("a < b & c > \"d\" 'e'") == "a &lt; b &amp; c &gt; &quot;d&quot; &apos;e&apos;");
    CHECK(xml_escape("Нови Сад · Novi Sad") == "Нови Сад · Novi Sad");
    CHECK(xml_escape(std::string("x\x01y")) == "x\xEF\xBF\xBDy");
    CHECK(xml_escape(std::string("bad \xC3 byte")) == "bad \xEF\xBF\xBD byte");
    CHECK(xml_escape("</text><script>") == "&lt;/text&gt;&lt;script&gt;");
}
