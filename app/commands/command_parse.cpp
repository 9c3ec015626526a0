#include "app/commands/commands.hpp"

#include "geo/base/print_size.hpp"

#include <charconv>
#include <sstream>

namespace oko::app {

namespace {
bool parse_double(std::string_view s, double& out) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    if (s.empty()) return false;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && ptr == s.data() + s.size();
}
} // namespace

bool parse_size(const std::string& text, int& width, int& height) {
    if (const auto preset = geo::size_preset(text)) {
        width = preset->width;
        height = preset->height;
        return true;
    }
    const auto x = text.find_first_of("xX");
    if (x == std::string::npos) return false;
    int w = 0, h = 0;
    const auto r1 = std::from_chars(text.data(), text.data() + x, w);
    const auto r2 = std::from_chars(text.data() + x + 1, text.data() + text.size(), h);
    if (r1.ec != std::errc{} || r1.ptr != text.data() + x || r2.ec != std::errc{} ||
        r2.ptr != text.data() + text.size())
        return false;
    if (w < 1 || h < 1 || w > geo::kMaxPictureSide || h > geo::kMaxPictureSide) return false;
    width = w;
    height = h;
    return true;
}

bool parse_bbox(const std::string& text, std::array<double, 4>& bbox) {
    std::array<double, 4> b{};
    size_t start = 0;
    for (int i = 0; i < 4; ++i) {
        const size_t comma = text.find(',', start);
        if ((i < 3) == (comma == std::string::npos)) return false;
        if (!parse_double(
                std::string_view(text).substr(start, comma == std::string::npos ? std::string::npos : comma - start),
                b[i]))
            return false;
        start = comma + 1;
    }
    if (!(b[0] < b[2] && b[1] < b[3])) return false;
    if (b[0] < -180 || b[2] > 180 || b[1] < -85.06 || b[3] > 85.06) return false;
    bbox = b;
    return true;
}

} // namespace oko::app
