#pragma once
// Everything that decides a picture, as plain data: the window edits one (and keeps it in the
// project), `oko render` builds one from its options or reads a scene (geo/scene_json.hpp), and
// both hand it to the same renderer.

#include "geo/feature_class.hpp"
#include "geo/point_style.hpp"
#include "geo/reference_style.hpp"
#include "geo/viewport.hpp"

#include <array>
#include <string>
#include <vector>

namespace oko::geo {

struct SceneSpec {
    Viewport view;
    std::array<bool, static_cast<size_t>(BasemapLayer::Count)> layer_visible{
        true, true, true, true, true, true, true, true};
    bool labels = true;
    std::vector<ReferenceLayerSpec> reference_layers;  // lines and areas over the basemap, first at the bottom
    std::vector<PointLayerSpec> point_layers;  // drawn over the reference layers, first at the bottom
    std::string attribution = "© OpenStreetMap contributors";
    float pixel_ratio = 1.0f;  // device pixels per logical pixel: scales line widths and text

    bool visible(BasemapLayer l) const { return layer_visible[static_cast<size_t>(l)]; }
    void set_visible(BasemapLayer l, bool on) { layer_visible[static_cast<size_t>(l)] = on; }
};

} // namespace oko::geo
