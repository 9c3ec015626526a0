#pragma once
// One scene over another, on the types: what the window shows again when its project reloads
// (after an import into it), and the layer order a scene file's reader keeps
// (geo/scene/scene_json.hpp reads a file key by key over the project's scene; this is the same
// rule for a scene that is whole).

#include "geo/scene/scene_spec.hpp"

#include <string>
#include <vector>

namespace oko::geo {

// `over` applied to `base` (a project's default scene), as reading over `base` a scene file that
// holds every field of `over` does, exactly (colours and centre are not rounded): `over`'s view,
// basemap, labels, attribution and pixel ratio; its layers in its order, each the `base` layer of
// its name (whose kind it keeps) with `over`'s style and filter, a category the base layer has
// keeping the base layer's count (counts are the data's, not the style's). Layers `base` lacks are
// left out and named in `skipped`; `base`'s layers that `over` lacks are put back as
// with_unlisted_layers does.
SceneSpec merge_scene(const SceneSpec& base, const SceneSpec& over, std::vector<std::string>* skipped = nullptr);

// `listed` (layers of `base` in a scene's order) with the layers of `base` it does not name put
// back, each after the layer it follows in `base` (first when it follows none that is listed).
std::vector<ReferenceLayerSpec> with_unlisted_layers(const std::vector<ReferenceLayerSpec>& base,
                                                     std::vector<ReferenceLayerSpec> listed);
std::vector<PointLayerSpec> with_unlisted_layers(const std::vector<PointLayerSpec>& base,
                                                 std::vector<PointLayerSpec> listed);

} // namespace oko::geo
