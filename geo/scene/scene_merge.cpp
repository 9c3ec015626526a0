#include "geo/scene/scene_merge.hpp"

#include <algorithm>

namespace oko::geo {

namespace {

template <class Spec> const Spec* named(const std::vector<Spec>& layers, const std::string& name) {
    const auto it = std::find_if(layers.begin(), layers.end(), [&](const Spec& s) { return s.name == name; });
    return it == layers.end() ? nullptr : &*it;
}

template <class Spec> std::vector<Spec> put_back(const std::vector<Spec>& base, std::vector<Spec> out) {
    for (size_t k = 0; k < base.size(); ++k) {
        if (named(out, base[k].name)) continue;
        auto where = out.begin();
        for (size_t before = k; before-- > 0;) {
            const auto it =
                std::find_if(out.begin(), out.end(), [&](const Spec& s) { return s.name == base[before].name; });
            if (it != out.end()) {
                where = it + 1;
                break;
            }
        }
        out.insert(where, base[k]);
    }
    return out;
}

ReferenceLayerSpec merge_layer(const ReferenceLayerSpec& base, const ReferenceLayerSpec& over) {
    ReferenceLayerSpec out = base;
    out.style = over.style;
    for (auto& c : out.style.categories)
        if (const auto known = base.style.category_of(c.value)) c.count = base.style.categories[*known].count;
    return out;
}

PointLayerSpec merge_layer(const PointLayerSpec& base, const PointLayerSpec& over) {
    PointLayerSpec out = base;
    out.style = over.style;
    out.filter = over.filter;
    out.display = over.display;
    return out;
}

template <class Spec>
std::vector<Spec> merge_layers(const std::vector<Spec>& base, const std::vector<Spec>& over,
                               std::vector<std::string>* skipped) {
    std::vector<Spec> out;
    for (const auto& layer : over) {
        if (const auto* known = named(base, layer.name)) {
            out.push_back(merge_layer(*known, layer));
        } else if (skipped) {
            skipped->push_back(layer.name);
        }
    }
    return put_back(base, std::move(out));
}

} // namespace

SceneSpec merge_scene(const SceneSpec& base, const SceneSpec& over, std::vector<std::string>* skipped) {
    SceneSpec out = over;
    out.reference_layers = merge_layers(base.reference_layers, over.reference_layers, skipped);
    out.point_layers = merge_layers(base.point_layers, over.point_layers, skipped);
    return out;
}

std::vector<ReferenceLayerSpec> with_unlisted_layers(const std::vector<ReferenceLayerSpec>& base,
                                                     std::vector<ReferenceLayerSpec> listed) {
    return put_back(base, std::move(listed));
}

std::vector<PointLayerSpec> with_unlisted_layers(const std::vector<PointLayerSpec>& base,
                                                 std::vector<PointLayerSpec> listed) {
    return put_back(base, std::move(listed));
}

} // namespace oko::geo
