// Text escaped for XML, the one escaper of the SVG figures and the OSM export: the five entities,
// tab and line breaks as references, and what XML 1.0 cannot hold replaced.

#include "geo/text/xml_text.hpp"

#include <catch2/catch.hpp>

using oko::geo::xml_text;

TEST_CASE("Text in XML is escaped, broken UTF-8 and control characters replaced", "[text][xml]") {
    CHECK(xml_text("a < b & c > \"d\" 'e'") == "a &lt; b &amp; c &gt; &quot;d&quot; &apos;e&apos;");
    CHECK(xml_text("Нови Сад · Novi Sad") == "Нови Сад · Novi Sad");
    CHECK(xml_text(std::string("x\x01y")) == "x\xEF\xBF\xBDy");
    CHECK(xml_text(std::string("bad \xC3 byte")) == "bad \xEF\xBF\xBD byte");
    CHECK(xml_text("</text><script>") == "&lt;/text&gt;&lt;script&gt;");
    CHECK(xml_text("one\ttwo\nthree\r") == "one&#9;two&#10;three&#13;");
    CHECK(xml_text("\xEF\xBF\xBE") == "\xEF\xBF\xBD");                       // U+FFFE
    CHECK(xml_text("\xF0\x9F\x93\xB7 camera") == "\xF0\x9F\x93\xB7 camera"); // beyond the BMP
}
