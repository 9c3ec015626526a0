#pragma once
// Text inside XML, as the SVG figures and the OSM XML export write it: the one escaper. The five
// entities (&, <, >, " and ') and tab, line feed and carriage return as character references, so
// that the text stands as it is in element content and in attribute values alike (a parser folds
// a raw line break in an attribute to a space); the characters XML 1.0 cannot hold (the other
// controls, U+FFFE, U+FFFF) and broken UTF-8 become U+FFFD.

#include <string>
#include <string_view>

namespace oko::geo {

void append_xml_text(std::string& out, std::string_view text);
std::string xml_text(std::string_view text);

} // namespace oko::geo
