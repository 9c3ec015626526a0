// Any text through the field parsers: coordinates are finite, years in range, normalised names
// made only of [a-z0-9_] without stray separators, and vendors empty only for empty text.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "geo/text/field_names.hpp"
#include "geo/text/field_values.hpp"
#include "geo/text/vendor_table.hpp"

using namespace oko::geo;

namespace {

// Stops with the line of the broken promise, which libFuzzer then reports with the input.
void require_at(bool condition, int line) {
    if (condition) return;
    std::fprintf(stderr, "broken invariant at %s:%d\n", __FILE__, line);
    std::abort();
}

const VendorTable& table() {
    static const VendorTable t = [] {
        VendorTable v;
        v.add("huawei", "Huawei");
        v.add("huawei technologies co.", "Huawei");
        v.add("hikvision", "Hikvision");
        v.add("хиквижн", "Hikvision");
        v.add("dahua", "Dahua");
        return v;
    }();
    return t;
}

} // namespace

#define require(condition) require_at((condition), __LINE__)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    if (const auto value = parse_coordinate(text)) require(std::isfinite(*value));
    const auto one = read_coordinate(text);
    require(one.coordinate.has_value() == one.problem.empty() || trim_field(text).empty());
    if (one.coordinate && one.coordinate->sexagesimal) require(std::abs(one.coordinate->value) <= 180);
    if (const auto pair = read_coordinate_pair(text).pair)
        for (const auto& c : *pair)
            require(std::isfinite(c.value));
    if (const auto year = parse_year(text)) require(*year >= 1900 && *year <= 2100);

    const auto trimmed = trim_field(text);
    require(trimmed.size() <= text.size());
    require(trim_field(trimmed) == trimmed);

    const std::string name = normalise_field_name(text);
    for (char c : name)
        require((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    if (!name.empty()) require(name.front() != '_' && name.back() != '_');
    require(name.find("__") == std::string::npos);
    require(normalise_field_name(name) == name);

    const std::string vendor = table().canonical(text);
    require(vendor.empty() == trimmed.empty());
    return 0;
}
