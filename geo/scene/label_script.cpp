#include "geo/scene/label_script.hpp"

#include "geo/text/text_fold.hpp"

#include <array>
#include <utility>

namespace oko::geo {

namespace {

constexpr std::array<std::pair<LabelScript, std::string_view>, 4> kNames{{
    {LabelScript::native, "native"},
    {LabelScript::latin, "latin"},
    {LabelScript::cyrillic, "cyrillic"},
    {LabelScript::both, "both"},
}};

} // namespace

std::string_view label_script_name(LabelScript s) {
    for (const auto& [script, name] : kNames)
        if (script == s) return name;
    return "native";
}

std::optional<LabelScript> parse_label_script(std::string_view name) {
    for (const auto& [script, n] : kNames)
        if (n == name) return script;
    return std::nullopt;
}

std::string name_in_script(std::string_view name, std::string_view name_latin, LabelScript script,
                           std::string_view both_separator) {
    if (name.empty()) return std::string(name_latin);
    const auto latin = [&] { return name_latin.empty() ? to_serbian_latin(name) : std::string(name_latin); };
    switch (script) {
    case LabelScript::native:
        return std::string(name);
    case LabelScript::latin:
        return latin();
    case LabelScript::cyrillic:
        return std::string(name);
    case LabelScript::both: {
        const std::string lat = latin();
        if (!has_cyrillic(name) || lat == name) return std::string(name);
        return std::string(name) + std::string(both_separator) + lat;
    }
    }
    return std::string(name);
}

} // namespace oko::geo
