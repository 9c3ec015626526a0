#include "app/project/figure_legend.hpp"

#include "geo/scene/compiled_filter.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace oko::app {

namespace {

std::string counted(const std::string& label, int64_t n) { return label + " (" + geo::legend_count(n) + ")"; }

bool in_view(const geo::BBox& view, const geo::XY& p) {
    return p.x >= view.min_x && p.x <= view.max_x && p.y >= view.min_y && p.y <= view.max_y;
}

std::optional<geo::LegendSpec> point_legend(const Project& project, const geo::PointLayerSpec& spec,
                                            const geo::PointLayerData& data, const geo::BBox& view) {
    const geo::CompiledFilter filter = geo::compile(spec.filter, data);
    std::vector<int64_t> per_vendor(data.vendors.size(), 0);
    int64_t total = 0;
    for (size_t i = 0; i < data.positions.size(); ++i)
        if (in_view(view, data.positions[i]) && filter.passes(data, i)) {
            ++per_vendor[data.vendor_index[i]];
            ++total;
        }
    if (total == 0) return std::nullopt;
    geo::LegendSpec legend;
    legend.title = spec.name;
    const auto& style = spec.style;
    const geo::Rgba shown_as{style.colour.r, style.colour.g, style.colour.b,
                             static_cast<uint8_t>(std::lround(255 * std::clamp(style.opacity, 0.0f, 1.0f)))};
    const bool no_vendor = std::all_of(data.vendors.begin(), data.vendors.end(),
                                       [](const std::string& v) { return geo::Filter::is_unknown_vendor(v); });
    if (!style.colour_by_vendor || no_vendor) {
        // Coloured by vendor, a layer without any is drawn in the unknown vendors' grey.
        geo::Rgba c = style.colour_by_vendor ? project.palette.colour("") : shown_as;
        c.a = shown_as.a;
        legend.classes.push_back({c, counted(data.kind.empty() ? "points" : data.kind, total), style.symbol});
    } else {
        // Vendors by their count here, most first; the palette's shared greys as one entry each.
        struct Entry {
            std::string label;
            geo::Rgba colour;
            int64_t n = 0;
            int rank = 0; // 0: a vendor of its own colour, 1: other vendors, 2: unknown
        };
        std::vector<Entry> entries;
        Entry other{"other vendors", {}, 0, 1}, unknown{"unknown vendor", {}, 0, 2};
        const geo::Rgba other_colour = geo::vendor_colour(geo::kDistinctVendorColours, false);
        for (size_t v = 0; v < data.vendors.size(); ++v) {
            if (per_vendor[v] == 0) continue;
            const geo::Rgba c = project.palette.colour(data.vendors[v]);
            if (geo::Filter::is_unknown_vendor(data.vendors[v])) {
                unknown.colour = c;
                unknown.n += per_vendor[v];
            } else if (c == other_colour) {
                other.colour = c;
                other.n += per_vendor[v];
            } else {
                entries.push_back({data.vendors[v], c, per_vendor[v], 0});
            }
        }
        for (const auto* e : {&other, &unknown})
            if (e->n > 0) entries.push_back(*e);
        std::stable_sort(entries.begin(), entries.end(),
                         [](const Entry& a, const Entry& b) { return a.rank != b.rank ? a.rank < b.rank : a.n > b.n; });
        for (const auto& e : entries) {
            geo::Rgba c = e.colour;
            c.a = shown_as.a;
            legend.classes.push_back({c, counted(e.label, e.n), style.symbol});
        }
    }
    const auto& f = spec.filter;
    const std::string filter_text = f.empty() ? std::string() : f.describe();
    legend.note = "in the picture" + (filter_text.empty() ? std::string() : "; " + filter_text);
    // The default leaves rejected reports out: say so where the picture has any.
    if (!f.status_passes(geo::PointStatus::rejected)) {
        int64_t rejected = 0;
        for (size_t i = 0; i < data.positions.size() && i < data.statuses.size(); ++i)
            rejected += data.statuses[i] == static_cast<uint8_t>(geo::PointStatus::rejected) &&
                        in_view(view, data.positions[i]);
        if (rejected > 0) legend.note += "; " + geo::legend_count(rejected) + " rejected left out";
    }
    return legend;
}

std::optional<geo::LegendSpec> reference_legend(const geo::ReferenceLayerSpec& spec,
                                                const geo::ReferenceLayerData& data, const geo::BBox& view) {
    const auto& style = spec.style;
    if (style.category_field.empty() || style.categories.empty()) return std::nullopt;
    const auto field = data.field_index(style.category_field);
    if (!field) return std::nullopt;
    std::map<size_t, int64_t> counts; // by category
    for (size_t i = 0; i < data.features.size(); ++i) {
        if (!data.features[i].bounds().intersects(view)) continue;
        if (const auto c = style.category_of(data.values[i][*field])) ++counts[*c];
    }
    geo::LegendSpec legend;
    legend.title = spec.name;
    for (size_t c = 0; c < style.categories.size(); ++c) {
        const auto& cat = style.categories[c];
        const auto it = counts.find(c);
        if (!cat.visible || it == counts.end()) continue;
        geo::Colour colour = cat.symbol.fill ? cat.symbol.fill_colour : cat.symbol.line.colour;
        if (cat.symbol.fill) colour.a = std::max(colour.a, 0.6f); // a faint fill still shows its hue
        legend.classes.push_back({colour.rgba(), counted(cat.value, it->second), std::nullopt});
    }
    if (legend.classes.empty()) return std::nullopt;
    legend.note = "by " + style.category_field + ", features in the picture";
    return legend;
}

} // namespace

std::vector<geo::LegendSpec> figure_legends(const Project& project, const geo::SceneSpec& scene, geo::Corner corner) {
    std::vector<geo::LegendSpec> out;
    const geo::BBox view = scene.view.bounds();
    for (auto layer = scene.point_layers.rbegin(); layer != scene.point_layers.rend(); ++layer) {
        // The top layer's legend first, as the map shows it.
        if (!layer->style.visible || layer->display.kind != geo::PointDisplay::points) continue;
        const auto* data = project.point_layer(layer->name);
        if (!data) continue;
        if (auto l = point_legend(project, *layer, *data, view)) out.push_back(std::move(*l));
    }
    for (auto layer = scene.reference_layers.rbegin(); layer != scene.reference_layers.rend(); ++layer) {
        if (!layer->style.visible) continue;
        const auto* data = project.reference_layer(layer->name);
        if (!data) continue;
        if (auto l = reference_legend(*layer, *data, view)) out.push_back(std::move(*l));
    }
    for (auto& l : out)
        l.corner = corner;
    return out;
}

std::vector<std::string> figure_credits(const Project& project, const geo::SceneSpec& scene) {
    std::vector<std::string> out;
    if (!project.basemap.features.empty()) {
        std::string osm = "map data";
        if (!project.basemap_source.empty()) osm += ": " + project.basemap_source;
        if (!project.basemap_date.empty()) osm += ", " + project.basemap_date;
        out.push_back(osm);
    }
    auto sources = [](const std::vector<std::string>& files) {
        std::string s;
        for (const auto& f : files)
            s += (s.empty() ? "" : ", ") + f;
        return s;
    };
    const geo::BBox view = scene.view.bounds();
    for (const auto& layer : scene.point_layers) {
        const auto* data = project.point_layer(layer.name);
        if (!layer.style.visible || !data) continue;
        const bool shows = std::any_of(data->positions.begin(), data->positions.end(),
                                       [&](const geo::XY& p) { return in_view(view, p); });
        const std::string files = sources(data->sources);
        if (shows && !files.empty()) out.push_back(layer.name + ": " + files);
    }
    for (const auto& layer : scene.reference_layers) {
        const auto* data = project.reference_layer(layer.name);
        if (!layer.style.visible || !data || !data->extent.intersects(view)) continue;
        const std::string files = sources(data->sources);
        if (!files.empty()) out.push_back(layer.name + ": " + files);
    }
    return out;
}

} // namespace oko::app
