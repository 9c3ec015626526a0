#pragma once
// The scene a project shows before anyone changes it, built here and nowhere else: the window
// starts from it, `oko render` draws it (its options then apply on top), and a saved scene or a
// scene file is read over it (geo/scene/scene_json.hpp).

#include "geo/base/types.hpp"
#include "geo/map/point_layer.hpp"
#include "geo/map/reference_layer.hpp"
#include "geo/scene/scene_spec.hpp"

#include <vector>

namespace oko::geo {

// The standard basemap with every layer shown, labels on, and:
// - one ReferenceLayerSpec per reference layer with its default style (default_reference_style),
//   areas under lines as in the basemap (a boundary file never hides the roads), otherwise in
//   the order given;
// - one PointLayerSpec per point layer with the default style of its kind and no filter, sites
//   on top of the other layers;
// - a view of `extent` (the whole map, or the part asked for) at width × height pixels with
//   `margin_fraction` around it (Viewport::fit); without an extent, the view is centred on 0, 0.
SceneSpec default_scene(const std::vector<ReferenceLayerData>& reference_layers,
                        const std::vector<PointLayerData>& point_layers, const BBox& extent, int width, int height,
                        double margin_fraction = 0.0);

} // namespace oko::geo
