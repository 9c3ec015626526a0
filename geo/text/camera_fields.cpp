#include "geo/text/camera_fields.hpp"

#include "geo/text/field_names.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace oko::geo {

const std::vector<CameraField>& camera_fields() {
    static const std::vector<CameraField> fields = [] {
        std::vector<CameraField> out{
            // OSM's camera:type, and the column of exports that hold fixed, dome or panning.
            {"type", {"camera:type", "camera_type", "type"}},
            // OSM's camera:direction (degrees or compass points), then a plain "direction".
            {"direction", {"camera:direction", "direction"}},
            // The names the importer recognises as the model column (field_names.hpp).
            {"model", field_role_names(FieldRole::model)},
            {"notes", {"notes", "description"}},
        };
        return out;
    }();
    return fields;
}

const CameraField* camera_field(std::string_view name) {
    for (const auto& f : camera_fields())
        if (f.name == name) return &f;
    return nullptr;
}

const CameraField& camera_field_named(std::string_view name) {
    if (const auto* f = camera_field(name)) return *f;
    throw std::logic_error("no camera field " + std::string(name));
}

bool holds_field(const CameraField& field, std::string_view attribute) {
    const std::string n = normalise_field_name(attribute);
    return !n.empty() && std::any_of(field.names.begin(), field.names.end(),
                                     [&](const std::string& k) { return normalise_field_name(k) == n; });
}

namespace {

constexpr const char* kCompass[] = {"N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
                                    "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"};

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return text;
}

std::optional<double> compass_bearing(std::string_view text) {
    std::string upper(text);
    for (auto& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (int i = 0; i < 16; ++i)
        if (upper == kCompass[i]) return 22.5 * i;
    return std::nullopt;
}

std::optional<double> degrees(std::string_view text) {
    const std::string s(text);
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || end == s.c_str() || *end != '\0' || !std::isfinite(v)) return std::nullopt;
    return v;
}

} // namespace

std::optional<double> parse_bearing(std::string_view text) {
    text = trim(text);
    if (text.empty()) return std::nullopt;
    if (const auto c = compass_bearing(text)) return c;
    const auto v = degrees(text);
    if (!v) return std::nullopt;
    const double m = std::fmod(*v, 360.0);
    return m < 0 ? m + 360.0 : m;
}

std::string camera_field_problem(const CameraField& field, std::string_view value) {
    if (field.name != "direction" || trim(value).empty()) return {};
    const auto text = trim(value);
    if (compass_bearing(text)) return {};
    if (const auto v = degrees(text); v && *v >= 0 && *v <= 360) return {};
    return "'" + std::string(value) +
           "' is not a direction: write degrees clockwise from north, 0 to 360 (90 is east), or a compass point "
           "such as N, NE, SSW";
}

} // namespace oko::geo
