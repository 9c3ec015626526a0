#include "geo/text/xml_text.hpp"

#include "geo/base/utf8.hpp"

namespace oko::geo {

void append_xml_text(std::string& out, std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        const auto d = utf8::decode(text, i);
        const char32_t cp = d.code_point;
        switch (d.valid ? cp : 0) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        case '\t':
            out += "&#9;";
            break;
        case '\n':
            out += "&#10;";
            break;
        case '\r':
            out += "&#13;";
            break;
        default: {
            const bool allowed =
                d.valid && ((cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000);
            if (allowed)
                out.append(text.substr(i, d.length));
            else
                out += "\xEF\xBF\xBD";
        }
        }
        i += d.length;
    }
}

std::string xml_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_xml_text(out, text);
    return out;
}

} // namespace oko::geo
