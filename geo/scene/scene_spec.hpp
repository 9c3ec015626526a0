#pragma once
// Everything that decides a picture, as plain data: the window edits one (and keeps it in the
// project), `oko render` builds one from its options or reads a scene (geo/scene/scene_json.hpp), and
// both hand it to the same renderer.

#include "geo/base/viewport.hpp"
#include "geo/map/attribution.hpp"
#include "geo/map/feature_class.hpp"
#include "geo/scene/furniture.hpp"
#include "geo/scene/label_script.hpp"
#include "geo/scene/point_style.hpp"
#include "geo/scene/reference_style.hpp"

#include <array>
#include <string>
#include <vector>

namespace oko::geo {

// How the basemap's layers are drawn.
struct BasemapLook {
    static constexpr size_t kLayers = static_cast<size_t>(BasemapLayer::Count);
    std::array<bool, kLayers> visible{true, true, true, true, true, true, true, true};
    // How strongly each layer shows: 1 as styled, towards 0 faded into the paper colour (a muted
    // basemap lets the points stand out).
    std::array<float, kLayers> opacity{1, 1, 1, 1, 1, 1, 1, 1};
    // The layers bottom first; inside a layer its classes keep the style's order.
    std::array<BasemapLayer, kLayers> order{BasemapLayer::Landuse,   BasemapLayer::Green,      BasemapLayer::Water,
                                            BasemapLayer::Buildings, BasemapLayer::Boundaries, BasemapLayer::Rail,
                                            BasemapLayer::Roads,     BasemapLayer::Places};

    // The layer's place in `order`, 0 at the bottom.
    size_t rank(BasemapLayer l) const {
        for (size_t i = 0; i < kLayers; ++i)
            if (order[i] == l) return i;
        return kLayers;
    }
    bool operator==(const BasemapLook&) const = default;
};

struct SceneSpec {
    Viewport view;
    BasemapLook basemap;
    bool labels = true;
    // Place and street names over the point layers: labels are laid out as if the points were not
    // there and drawn above them with their halos. Off, labels keep clear of the symbols of small
    // layers (up to 2,000 points), and a dense layer leaves few of them.
    bool labels_over_points = false;
    LabelScript label_script = LabelScript::native;   // Cyrillic, Latin or both (label_script.hpp)
    std::vector<ReferenceLayerSpec> reference_layers; // lines and areas over the basemap, first at the bottom
    std::vector<PointLayerSpec> point_layers;         // drawn over the reference layers, first at the bottom
    std::string attribution = osm_attribution;
    float pixel_ratio = 1.0f; // device pixels per logical pixel: scales line widths and text
    Furniture furniture;      // title, legend, scale bar, north arrow, attribution, note

    bool visible(BasemapLayer l) const { return basemap.visible[static_cast<size_t>(l)]; }
    void set_visible(BasemapLayer l, bool on) { basemap.visible[static_cast<size_t>(l)] = on; }
    float opacity(BasemapLayer l) const { return basemap.opacity[static_cast<size_t>(l)]; }
    bool operator==(const SceneSpec&) const = default;
};

} // namespace oko::geo
