#include "geo/scene/default_scene.hpp"

#include <algorithm>

namespace oko::geo {

SceneSpec default_scene(const std::vector<ReferenceLayerData>& reference_layers,
                        const std::vector<PointLayerData>& point_layers, const BBox& extent, int width, int height,
                        double margin_fraction) {
    SceneSpec scene;
    if (extent.empty()) {
        // Viewport::fit of an empty box has no centre (NaN), which would compare unequal to itself.
        scene.view.width = std::max(1, width);
        scene.view.height = std::max(1, height);
    } else {
        scene.view = Viewport::fit(extent, width, height, margin_fraction);
    }
    for (const auto& l : reference_layers)
        scene.reference_layers.push_back({l.name, l.kind, default_reference_style(l)});
    std::stable_partition(scene.reference_layers.begin(), scene.reference_layers.end(),
                          [](const ReferenceLayerSpec& s) { return s.kind == ReferenceKind::Areas; });
    for (const auto& l : point_layers) {
        const bool known = std::any_of(l.vendors.begin(), l.vendors.end(),
                                       [](const std::string& v) { return !Filter::is_unknown_vendor(v); });
        scene.point_layers.push_back({l.name, l.kind, default_point_style(l.kind, known), {}, {}});
    }
    std::stable_partition(scene.point_layers.begin(), scene.point_layers.end(),
                          [](const PointLayerSpec& s) { return s.kind != "sites"; });
    // A project's map, in the window and in `oko render`'s figures, has a scale bar and a north
    // arrow, and its place and street names over the points (a dense layer would leave none).
    scene.furniture[FurnitureElement::scale_bar].shown = true;
    scene.furniture[FurnitureElement::north_arrow].shown = true;
    scene.labels_over_points = true;
    return scene;
}

} // namespace oko::geo
