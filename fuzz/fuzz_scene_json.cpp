// Any text through the scene reader, alone and over a project's layers: it reads or throws
// geo::Error, never anything else; and what it reads, written and read again, is the same text
// (a scene saved from a hand-edited file does not drift).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "geo/base/error.hpp"
#include "geo/scene/scene_json.hpp"

using namespace oko::geo;

namespace {

void require_at(bool condition, int line) {
    if (condition) return;
    std::fprintf(stderr, "broken invariant at %s:%d\n", __FILE__, line);
    std::abort();
}

const SceneSpec& project() {
    static const SceneSpec p = [] {
        SceneSpec s;
        s.reference_layers.push_back({"opstine", ReferenceKind::Areas, single_symbol_style(ReferenceKind::Areas)});
        s.reference_layers.push_back({"roads", ReferenceKind::Lines, single_symbol_style(ReferenceKind::Lines)});
        s.point_layers.push_back({"cameras", "cameras", default_point_style("cameras"), {}, {}});
        return s;
    }();
    return p;
}

void check(std::string_view text, const SceneSpec* base) {
    SceneRead read;
    try {
        read = scene_from_json(text, "fuzz.json", base);
    } catch (const Error&) {
        return;
    }
    const auto once = scene_to_json(read.scene);
    const auto twice = scene_to_json(scene_from_json(once, "again.json").scene);
    require_at(once == twice, __LINE__);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check(text, nullptr);
    check(text, &project());
    return 0;
}
