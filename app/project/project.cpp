#include "app/project/project.hpp"

#include "geo/base/error.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_reference.hpp"
#include "geo/store/store_scenes.hpp"
#include "render/map/map_renderer.hpp"

#include <algorithm>
#include <iostream>

namespace oko::app {

Project Project::load(const std::filesystem::path& path) {
    Project p;
    p.path = path;
    const auto store = geo::Store::open(path);
    p.basemap = store.load_basemap();
    p.basemap_source = store.meta("basemap_source").value_or("");
    // The extract header's timestamp, as the import kept it: only a date it plainly is.
    const std::string stamp = store.meta("basemap_data_timestamp").value_or("");
    const bool is_date =
        stamp.size() >= 10 &&
        std::all_of(stamp.begin(), stamp.begin() + 10, [](char c) { return (c >= '0' && c <= '9') || c == '-'; }) &&
        stamp[4] == '-' && stamp[7] == '-';
    if (is_date) p.basemap_date = stamp.substr(0, 10);
    p.reference_layers = geo::load_reference_layers(store);
    for (const auto& summary : geo::list_point_layers(store))
        if (auto layer = geo::load_point_layer(store, summary.name)) {
            layer->sources = summary.sources;
            p.point_layers.push_back(std::move(*layer));
        }
    std::vector<std::pair<std::string, int64_t>> counts;
    for (const auto& l : p.point_layers) {
        std::vector<int64_t> n(l.vendors.size());
        for (auto v : l.vendor_index)
            ++n[v];
        for (size_t v = 0; v < n.size(); ++v)
            counts.emplace_back(l.vendors[v], n[v]);
    }
    p.palette = geo::VendorPalette(counts);
    return p;
}

geo::BBox Project::extent() const {
    if (!basemap.extent.empty()) return basemap.extent;
    geo::BBox b;
    for (const auto& l : reference_layers)
        b.extend(l.extent);
    if (!b.empty()) return b;
    // The user's own points (kind "points"): the shipped sites spread across the country, and
    // would show the country instead of the points the project was made for.
    for (const auto& l : point_layers)
        if (l.kind == "points")
            for (const auto& p : l.positions)
                b.extend(p);
    if (b.empty())
        for (const auto& l : point_layers)
            for (const auto& p : l.positions)
                b.extend(p);
    if (b.empty()) return b;
    // Points lie on the box's edges: a margin of 5 % (at least 100 m, for a single point) shows
    // their symbols whole.
    const double dx = std::max(100.0, 0.05 * b.width()), dy = std::max(100.0, 0.05 * b.height());
    b.extend(b.min_x - dx, b.min_y - dy);
    b.extend(b.max_x + dx, b.max_y + dy);
    return b;
}

const geo::PointLayerData* Project::point_layer(const std::string& name) const {
    for (const auto& l : point_layers)
        if (l.name == name) return &l;
    return nullptr;
}

const geo::ReferenceLayerData* Project::reference_layer(const std::string& name) const {
    for (const auto& l : reference_layers)
        if (l.name == name) return &l;
    return nullptr;
}

void upload(const Project& project, render::MapRenderer& renderer) {
    renderer.set_basemap(project.basemap);
    renderer.clear_reference_layers();
    for (const auto& l : project.reference_layers)
        renderer.set_reference_layer(l);
    renderer.clear_point_layers();
    for (const auto& l : project.point_layers)
        renderer.set_point_layer(l.name, {l.positions, l.vendors, l.vendor_index, l.years, l.search_text,
                                          project.palette.colours(l.vendors), l.statuses});
}

geo::SceneSpec default_scene(const Project& project, const geo::BBox& box, int width, int height,
                             double margin_fraction) {
    return geo::default_scene(project.reference_layers, project.point_layers, box, width, height, margin_fraction);
}

void apply_reference_style(const Project& project, std::vector<geo::ReferenceLayerSpec>& specs,
                           const std::string& choice, const std::string& option) {
    const auto eq = choice.find('=');
    const std::string name = choice.substr(0, eq);
    const auto* data = project.reference_layer(name);
    if (eq == std::string::npos || !data)
        throw geo::Error("expected LAYER=FIELD with a line or polygon layer of the project (see `oko layers`)", "", 0,
                         option + " " + choice);
    const std::string field = choice.substr(eq + 1);
    if (!field.empty() && !data->field_index(field)) {
        throw geo::Error("layer '" + name + "' has no attribute '" + field +
                             "' (it has: " + geo::list_names(data->fields) + ")",
                         "", 0, option + " " + choice);
    }
    for (auto& spec : specs)
        if (spec.name == name) {
            const auto label = spec.style.label_field;
            spec.style = geo::categorised_style(*data, field);
            spec.style.label_field = label;
        }
}

namespace {

// `defaults` with each reference layer that `scene` colours by another attribute of its data than
// the default restyled by that attribute (keeping its labels); nothing when there is none.
std::optional<geo::SceneSpec> rebased_defaults(const Project& project, const geo::SceneSpec& scene,
                                               const geo::SceneSpec& defaults) {
    geo::SceneSpec base = defaults;
    bool rebased = false;
    for (auto& spec : base.reference_layers) {
        const auto* data = project.reference_layer(spec.name);
        const auto it = std::find_if(scene.reference_layers.begin(), scene.reference_layers.end(),
                                     [&](const geo::ReferenceLayerSpec& s) { return s.name == spec.name; });
        if (!data || it == scene.reference_layers.end() || it->style.category_field == spec.style.category_field)
            continue;
        if (!it->style.category_field.empty() && !data->field_index(it->style.category_field)) continue;
        const auto label = spec.style.label_field;
        spec.style = geo::categorised_style(*data, it->style.category_field);
        spec.style.label_field = label;
        rebased = true;
    }
    if (!rebased) return std::nullopt;
    return base;
}

} // namespace

geo::SceneRead read_scene(const Project& project, std::string_view text, const std::string& file,
                          const geo::SceneSpec& defaults) {
    auto read = geo::scene_from_json(text, file, &defaults);
    const auto base = rebased_defaults(project, read.scene, defaults);
    return base ? geo::scene_from_json(text, file, &*base) : read;
}

geo::SceneSpec merge_scene(const Project& project, const geo::SceneSpec& defaults, const geo::SceneSpec& shown) {
    const auto base = rebased_defaults(project, shown, defaults);
    return geo::merge_scene(base ? *base : defaults, shown);
}

std::optional<geo::SceneRead> load_saved_scene(const Project& project, const std::string& name,
                                               const geo::SceneSpec& defaults) {
    const auto json = geo::load_scene(geo::Store::open(project.path), name);
    if (!json) return std::nullopt;
    return read_scene(project, *json, project.path.string() + " (scene '" + name + "')", defaults);
}

geo::SceneRead saved_scene_for_command(const Project& project, const std::string& name, const geo::SceneSpec& defaults,
                                       const std::string& option, const std::string& command, const std::string& hint) {
    auto read = load_saved_scene(project, name, defaults);
    if (!read) {
        const auto known = geo::list_names(geo::scene_names(geo::Store::open(project.path)));
        throw geo::Error("no scene '" + name + "' in the project (" +
                             (known.empty() ? "it has none: the window saves one once a style or the view changes"
                                            : "it has: " + known) +
                             ")" + (hint.empty() ? "" : "; " + hint),
                         project.path.string(), 0, option);
    }
    warn_skipped_layers(*read, command);
    return std::move(*read);
}

void warn_skipped_layers(const geo::SceneRead& read, const std::string& command) {
    if (!read.skipped_layers.empty())
        std::cerr << command << ": warning: the scene names layers the project does not have, left out: "
                  << geo::list_names(read.skipped_layers) << "\n";
}

} // namespace oko::app
