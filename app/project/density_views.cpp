#include "app/project/density_views.hpp"

#include "geo/scene/furniture.hpp"
#include "geo/analysis/boundaries.hpp"
#include "geo/analysis/street_coverage.hpp"
#include "geo/analysis/streets.hpp"
#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/map/ring_contains.hpp"
#include "geo/map/triangulate.hpp"
#include "geo/density/cell_bins.hpp"
#include "geo/density/class_breaks.hpp"
#include "geo/density/kernel_density.hpp"
#include "geo/scene/colour_ramp.hpp"
#include "geo/scene/compiled_filter.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_points.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <tuple>

namespace oko::app {

namespace {

// Bins beyond this many cells are not drawn: a view of them would take seconds and show noise.
constexpr double kMaxBinCells = 250'000;
// A heatmap grid's cells: at least two pixels and an eighth of the kernel's radius (finer adds
// nothing the eye sees: the surface is smooth at that scale), and at most this many.
constexpr double kMaxGridCells = 4'000'000;

// A figure for a legend: three significant digits, whole numbers from 100.
std::string number(double v) {
    char buf[64];
    if (std::abs(v) >= 100)
        std::snprintf(buf, sizeof buf, "%.0f", v);
    else
        std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

std::string count_text(int64_t n) { return geo::legend_count(n); }

// About five round ticks from 0 to `top`.
std::vector<double> round_ticks(double top) {
    if (!(top > 0)) return {0};
    const double raw = top / 4;
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    double step = p;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * p >= raw) {
            step = m * p;
            break;
        }
    std::vector<double> ticks;
    for (double t = 0; t <= top * (1 + 1e-9); t += step)
        ticks.push_back(t);
    return ticks;
}

std::vector<uint8_t> pass_mask(const geo::PointLayerData& data, const geo::Filter& filter) {
    const auto compiled = geo::compile(filter, data);
    std::vector<uint8_t> pass(data.positions.size());
    for (size_t i = 0; i < pass.size(); ++i)
        pass[i] = compiled.passes(data, i) ? 1 : 0;
    return pass;
}

size_t count_passing(const std::vector<uint8_t>& pass) {
    return static_cast<size_t>(std::count(pass.begin(), pass.end(), 1));
}

// Classes of `values` as a legend and a colour per value.
struct Classed {
    std::vector<double> edges;
    std::vector<geo::Rgba> colours; // per class
    std::vector<int> of;            // per value
    std::vector<int64_t> members;   // per class
};

// To the three significant digits a legend shows: values that read the same fall in one class (the
// cells of one count differ in area by a few parts in ten thousand from north to south).
double legend_precision(double v) {
    if (!(v != 0) || !std::isfinite(v)) return v;
    const double p = std::pow(10.0, std::floor(std::log10(std::abs(v))) - 2);
    return std::round(v / p) * p;
}

Classed classify(std::vector<double> values, geo::ClassMethod method, int classes, geo::ColourRamp ramp) {
    Classed c;
    for (auto& v : values)
        v = legend_precision(v);
    c.edges = geo::class_breaks(values, method, classes);
    const int n = std::max(1, static_cast<int>(c.edges.size()) - 1);
    c.colours = geo::ramp_classes(ramp, n);
    c.members.assign(n, 0);
    for (double v : values) {
        const int k = std::clamp(geo::class_of(c.edges, v), 0, n - 1);
        c.of.push_back(k);
        ++c.members[k];
    }
    return c;
}

std::vector<geo::LegendSpec::Class> class_legend(const Classed& c, const std::string& unit, const std::string& units) {
    std::vector<geo::LegendSpec::Class> out;
    for (size_t k = 0; k < c.colours.size(); ++k) {
        const double lo = c.edges.empty() ? 0 : c.edges[k];
        const double hi = c.edges.size() > k + 1 ? c.edges[k + 1] : lo;
        const bool last = k + 1 == c.colours.size();
        std::string label = (lo == hi ? number(lo) : number(lo) + (last ? " – " : " – <") + number(hi)) + " (" +
                            count_text(c.members[k]) + " " + (c.members[k] == 1 ? unit : units) + ")";
        out.push_back({c.colours[k], label, std::nullopt});
    }
    return out;
}

nlohmann::ordered_json classes_json(const Classed& c, geo::ClassMethod method) {
    nlohmann::ordered_json classes = nlohmann::ordered_json::array();
    for (size_t k = 0; k < c.colours.size(); ++k)
        classes.push_back({{"from", c.edges.empty() ? 0.0 : c.edges[k]},
                           {"to", c.edges.size() > k + 1 ? c.edges[k + 1] : 0.0},
                           {"members", c.members[k]}});
    return {{"method", std::string(geo::class_method_name(method))}, {"classes", classes}};
}

// Each class's members, cameras and area, from each member's class, count and area.
std::vector<ClassFigure> class_figures(const Classed& c, const std::vector<int64_t>& counts,
                                       const std::vector<double>& areas) {
    std::vector<ClassFigure> out(c.colours.size());
    for (size_t k = 0; k < out.size(); ++k) {
        out[k].from = c.edges.empty() ? 0.0 : c.edges[k];
        out[k].to = c.edges.size() > k + 1 ? c.edges[k + 1] : out[k].from;
        out[k].members = c.members[k];
    }
    for (size_t i = 0; i < c.of.size(); ++i) {
        out[c.of[i]].count += counts[i];
        out[c.of[i]].area_km2 += areas[i];
    }
    return out;
}

// A district with its fill triangles. OSM boundaries are kept as rings without them (the map draws
// their outlines); their rings fill by the even-odd rule, as geo::BoundarySet counts them: a ring
// inside an odd number of others is a hole.
geo::Geometry filled(const geo::Geometry& g) {
    if (!g.triangles.empty() || g.part_count() == 0) return g;
    const size_t n = g.part_count();
    std::vector<int> depth(n, 0);
    for (size_t r = 0; r < n; ++r)
        for (size_t o = 0; o < n; ++o)
            if (o != r && g.part_end(r) > g.part_begin(r) && geo::ring_contains(g, o, g.points[g.part_begin(r)]))
                ++depth[r];
    geo::Geometry out;
    out.kind = g.kind;
    std::vector<uint32_t> polygons;
    const auto append = [&](size_t r) {
        out.parts.push_back(static_cast<uint32_t>(out.points.size()));
        out.points.insert(out.points.end(), g.points.begin() + g.part_begin(r), g.points.begin() + g.part_end(r));
    };
    for (size_t r = 0; r < n; ++r) {
        if (depth[r] % 2) continue;
        polygons.push_back(static_cast<uint32_t>(out.parts.size()));
        append(r);
        for (size_t h = 0; h < n; ++h)
            if (depth[h] == depth[r] + 1 && g.part_end(h) > g.part_begin(h) &&
                geo::ring_contains(g, r, g.points[g.part_begin(h)]))
                append(h);
    }
    geo::triangulate_polygons(out.points, out.parts, polygons, out.triangles);
    return out;
}

geo::Colour colour_of(geo::Rgba c) { return {c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f}; }

} // namespace

struct DensityViews::Impl {
    const Project* project;
    std::optional<geo::Store> store;

    // The peak of a layer's surface, by (layer, filter, kernel, weights).
    std::map<std::tuple<std::string, std::string, int, double, std::string>, double> peaks;
    // A layer's centre latitude (the bins' reference: cells do not move when the filter changes).
    std::map<std::string, double> reference_lat;
    // The districts: by admin level (OSM) or by reference layer and name field, the boundaries
    // and, per point layer, the district of each point.
    struct Districts {
        std::optional<geo::BoundarySet> set;
        std::vector<size_t> feature; // per boundary: its feature in the basemap or the reference layer
        std::map<std::string, std::vector<int32_t>> located;
    };
    std::map<std::tuple<int, std::string, std::string>, Districts> districts;
    std::map<std::string, int> chosen_level; // per layer, for admin_level 0
    std::map<std::vector<std::string>, std::optional<geo::StreetNetwork>> streets;
    std::map<std::string, std::vector<std::optional<double>>> bearings; // per layer, per point
    std::map<std::string, std::vector<std::string>> weight_fields;      // per layer

    const geo::Store& db() {
        if (!store) store.emplace(geo::Store::open(project->path));
        return *store;
    }

    // A heatmap's points: which pass the layer's filter, and their weights (none: 1 each).
    struct HeatmapInput {
        std::vector<uint8_t> pass;
        std::vector<float> weights;
        geo::DensityInput input(const geo::PointLayerData& data) const { return {data.positions, weights, pass}; }
    };
    HeatmapInput heatmap_input(const geo::PointLayerData& data, const geo::PointLayerSpec& spec) {
        const auto& style = spec.display.heatmap;
        HeatmapInput in;
        in.pass = pass_mask(data, spec.filter);
        if (!style.weight_field.empty()) {
            const auto numbers = geo::point_numbers(db(), data.name, style.weight_field, in.pass);
            in.weights.resize(data.positions.size(), 0.0f);
            for (size_t i = 0; i < numbers.values.size() && i < in.weights.size(); ++i)
                in.weights[i] = in.pass[i] ? static_cast<float>(numbers.values[i]) : 0.0f;
        }
        return in;
    }
    // The peak of the layer's whole surface under its filter, kernel and weights, computed once.
    double peak_of(const geo::PointLayerData& data, const geo::PointLayerSpec& spec, const geo::DensityInput& input,
                   const geo::BBox& extent) {
        const auto& style = spec.display.heatmap;
        const auto key =
            std::make_tuple(data.name, spec.filter.describe() + (spec.filter.include_unknown ? "+u" : ""),
                            static_cast<int>(style.kernel.kernel), style.kernel.radius_m, style.weight_field);
        auto peak = peaks.find(key);
        if (peak == peaks.end()) peak = peaks.emplace(key, geo::density_peak(input, style.kernel, true, extent)).first;
        return peak->second;
    }

    DensityView heatmap(const geo::PointLayerData& data, const geo::PointLayerSpec& spec, const geo::SceneSpec& scene,
                        double margin, const std::atomic<bool>* cancel);
    DensityView bins(const geo::PointLayerData& data, const geo::PointLayerSpec& spec);
    DensityView choropleth(const geo::PointLayerData& data, const geo::PointLayerSpec& spec);
    DensityView coverage(const geo::PointLayerData& data, const geo::PointLayerSpec& spec);
};

DensityViews::DensityViews(const Project& project) : m(std::make_unique<Impl>()) { m->project = &project; }
DensityViews::~DensityViews() = default;
DensityViews::DensityViews(DensityViews&&) noexcept = default;
DensityViews& DensityViews::operator=(DensityViews&&) noexcept = default;

std::vector<const geo::PointLayerSpec*> density_layers(const geo::SceneSpec& scene) {
    std::vector<const geo::PointLayerSpec*> out;
    for (const auto& layer : scene.point_layers)
        if (layer.style.visible && layer.display.kind != geo::PointDisplay::points) out.push_back(&layer);
    return out;
}

std::vector<DensityView> DensityViews::compute(const geo::SceneSpec& scene, double margin,
                                               const std::atomic<bool>* cancel) {
    std::vector<DensityView> out;
    for (const auto* spec : density_layers(scene)) {
        if (cancel && cancel->load()) break;
        const auto* data = m->project->point_layer(spec->name);
        if (!data) continue;
        switch (spec->display.kind) {
        case geo::PointDisplay::heatmap:
            out.push_back(m->heatmap(*data, *spec, scene, margin, cancel));
            break;
        case geo::PointDisplay::bins:
            out.push_back(m->bins(*data, *spec));
            break;
        case geo::PointDisplay::choropleth:
            out.push_back(m->choropleth(*data, *spec));
            break;
        case geo::PointDisplay::coverage:
            out.push_back(m->coverage(*data, *spec));
            break;
        case geo::PointDisplay::points:
            break;
        }
        out.back().legend.corner = geo::LegendCorner::bottom_left;
    }
    return out;
}

const std::vector<std::string>& DensityViews::weight_fields(const std::string& layer) {
    auto fields = m->weight_fields.find(layer);
    if (fields == m->weight_fields.end())
        fields = m->weight_fields.emplace(layer, geo::weight_attributes(m->db(), layer)).first;
    return fields->second;
}

double DensityViews::heatmap_peak(const geo::PointLayerSpec& spec) {
    const auto* data = m->project->point_layer(spec.name);
    if (!data) throw geo::Error("no point layer '" + spec.name + "' in the project", m->project->path.string());
    const auto in = m->heatmap_input(*data, spec);
    const auto input = in.input(*data);
    return m->peak_of(*data, spec, input, geo::density_extent(input, spec.display.heatmap.kernel, true));
}

bool DensityViews::current(const DensityView& view, const geo::SceneSpec& scene) {
    for (const auto& layer : scene.point_layers) {
        if (layer.name != view.layer) continue;
        if (layer.filter != view.spec.filter || layer.display != view.spec.display ||
            layer.style.visible != view.spec.style.visible)
            return false;
        if (layer.display.kind != geo::PointDisplay::heatmap || !view.drawn) return true;
        const auto b = scene.view.bounds();
        const bool inside = b.min_x >= view.region.min_x && b.max_x <= view.region.max_x &&
                            b.min_y >= view.region.min_y && b.max_y <= view.region.max_y;
        // The grid's cell follows the resolution (two pixels, at least an eighth of the radius):
        // when the cell this view would get is more than twice or under half the grid's, the grid
        // is computed again.
        const double kx = geo::mercator_ground_scale(scene.view.center.y).kx;
        const double want = std::max(2 * scene.view.resolution, layer.display.heatmap.kernel.radius_m / kx / 8);
        return (inside || view.region.empty()) && want <= 2 * view.cell && want >= view.cell / 2;
    }
    return false;
}

DensityView DensityViews::Impl::heatmap(const geo::PointLayerData& data, const geo::PointLayerSpec& spec,
                                        const geo::SceneSpec& scene, double margin, const std::atomic<bool>* cancel) {
    const auto& style = spec.display.heatmap;
    DensityView v;
    v.layer = spec.name;
    v.spec = spec;
    const HeatmapInput in = heatmap_input(data, spec);
    const geo::DensityInput input = in.input(data);
    const auto extent = geo::density_extent(input, style.kernel, true);
    const double layer_peak = peak_of(data, spec, input, extent);
    const double scale_max = style.scale_max > 0 ? style.scale_max : layer_peak;

    const auto& view = scene.view;
    const double kx = geo::mercator_ground_scale(view.center.y).kx;
    double cell = std::max(2 * view.resolution, style.kernel.radius_m / kx / 8);
    geo::BBox region = view.bounds();
    const double mx = region.width() * margin, my = region.height() * margin;
    region = {region.min_x - mx, region.min_y - my, region.max_x + mx, region.max_y + my};
    double view_peak = 0;
    if (!extent.empty() && extent.intersects(region)) {
        // Anchored on a lattice of the cell, so grids of nearby views put their cells in the same places.
        geo::BBox clipped{std::max(region.min_x, extent.min_x), std::max(region.min_y, extent.min_y),
                          std::min(region.max_x, extent.max_x), std::min(region.max_y, extent.max_y)};
        while (clipped.width() / cell * (clipped.height() / cell) > kMaxGridCells)
            cell *= 1.25;
        clipped = {std::floor(clipped.min_x / cell) * cell, std::floor(clipped.min_y / cell) * cell,
                   std::ceil(clipped.max_x / cell) * cell, std::ceil(clipped.max_y / cell) * cell};
        geo::DensityOptions options;
        options.kernel = style.kernel;
        options.region = clipped;
        options.cell = cell;
        options.mercator = true;
        options.method = geo::DensityMethod::binned;
        options.cancel = cancel;
        auto grid = geo::kernel_density(input, options);
        v.region = region;
        if (!grid.values.empty()) {
            const double peak_in_view = grid.max_value();
            render::DensityOverlay overlay;
            overlay.grid = std::move(grid);
            overlay.look.ramp = style.ramp;
            overlay.look.scale_max = scale_max;
            overlay.look.opacity = style.opacity;
            v.overlay = std::move(overlay);
            v.drawn = true;
            view_peak = peak_in_view;
        }
    } else {
        v.region = region;
    }
    v.cell = cell;
    const size_t passing = count_passing(in.pass);
    auto& leg = v.legend;
    // Weighted, the surface is the weights' sum per km², not cameras.
    const std::string units = style.weight_field.empty() ? "cameras per km²" : style.weight_field + " per km²";
    leg.title = spec.name + (style.weight_field.empty() ? ": camera density" : ": " + style.weight_field + " density");
    leg.units = units;
    leg.ramp = style.ramp;
    leg.min = 0;
    leg.max = scale_max;
    leg.ticks = round_ticks(scale_max);
    leg.opacity = style.opacity;
    leg.fade_below = render::DensityLook{}.fade_below;
    leg.note = std::string(geo::kernel_name(style.kernel.kernel)) + " kernel, " +
               (style.kernel.kernel == geo::Kernel::gaussian ? "σ " : "radius ") +
               geo::length_label(style.kernel.radius_m) +
               (style.weight_field.empty() ? "" : ", weighted by " + style.weight_field) + "; " +
               count_text(static_cast<int64_t>(passing)) + " cameras" +
               (style.scale_max > 0 ? "" : "; top = the layer's peak");
    v.figures = nlohmann::ordered_json{{"kind", "heatmap"},
                                       {"units", units},
                                       {"kernel", std::string(geo::kernel_name(style.kernel.kernel))},
                                       {"radius_m", style.kernel.radius_m},
                                       {"weight_field", style.weight_field.empty()
                                                            ? nlohmann::ordered_json()
                                                            : nlohmann::ordered_json(style.weight_field)},
                                       {"points", passing},
                                       {"scale_max_per_km2", scale_max},
                                       {"scale", style.scale_max > 0 ? "set" : "layer peak"},
                                       {"layer_peak_per_km2", layer_peak},
                                       {"peak_in_view_per_km2", view_peak},
                                       {"cell_m", cell * kx},
                                       {"projection", "Web Mercator grid, distances in ground metres (WGS84)"}};
    return v;
}

DensityView DensityViews::Impl::bins(const geo::PointLayerData& data, const geo::PointLayerSpec& spec) {
    const auto& style = spec.display.bins;
    DensityView v;
    v.layer = spec.name;
    v.spec = spec;
    auto lat = reference_lat.find(data.name);
    if (lat == reference_lat.end())
        lat = reference_lat.emplace(data.name, geo::reference_latitude(data.positions)).first;
    const auto pass = pass_mask(data, spec.filter);
    geo::BBox passing_box;
    for (size_t i = 0; i < pass.size(); ++i)
        if (pass[i]) passing_box.extend(data.positions[i]);
    const std::string shape = std::string(geo::cell_shape_name(style.cells.shape));
    v.figures = {{"kind", "bins"}, {"shape", shape}, {"size_m", style.cells.size_m}, {"units", "cameras per km²"}};
    if (passing_box.empty()) return v;
    const double estimate = geo::estimate_cells(passing_box, style.cells, lat->second);
    if (estimate > kMaxBinCells) {
        v.warnings.push_back(spec.name + ": " + shape + "s of " + geo::length_label(style.cells.size_m) +
                             " would make up to " + std::to_string(static_cast<int64_t>(estimate)) +
                             " cells over its points; choose a larger size (not drawn)");
        return v;
    }
    const auto bins = geo::bin_points(data.positions, pass, {}, style.cells, lat->second);
    std::vector<double> values;
    for (const auto& c : bins.cells)
        values.push_back(c.per_km2());
    const auto classed = classify(values, style.method, style.classes, style.ramp);
    render::CellOverlay overlay;
    std::vector<int64_t> counts;
    std::vector<double> areas;
    v.lattice.emplace(style.cells, bins.reference_lat);
    v.cells.reserve(bins.cells.size());
    for (size_t i = 0; i < bins.cells.size(); ++i) {
        const auto& c = bins.cells[i];
        overlay.cells.emplace_back(c.corners.begin(), c.corners.begin() + c.corner_count);
        overlay.fills.push_back(classed.colours[classed.of[i]]);
        v.cells.push_back({c.id, c.count, c.area_km2, c.per_km2(), classed.of[i]});
        counts.push_back(c.count);
        areas.push_back(c.area_km2);
    }
    v.classes = class_figures(classed, counts, areas);
    overlay.opacity = style.opacity;
    v.overlay = std::move(overlay);
    v.drawn = !bins.cells.empty();
    auto& leg = v.legend;
    leg.title = spec.name + ": cameras per km²";
    leg.units = "in " + shape + "s of " + geo::length_label(style.cells.size_m) +
                (style.cells.shape == geo::CellShape::hexagon ? " (side)" : "");
    leg.classes = class_legend(classed, "cell", "cells");
    leg.note = count_text(bins.points) + " cameras in " + count_text(static_cast<int64_t>(bins.cells.size())) +
               " cells; " + std::string(geo::class_method_name(style.method));
    v.figures["cells"] = bins.cells.size();
    v.figures["points"] = bins.points;
    v.figures["reference_lat"] = bins.reference_lat;
    v.figures["method"] = bins.method;
    v.figures["classification"] = classes_json(classed, style.method);
    return v;
}

DensityView DensityViews::Impl::choropleth(const geo::PointLayerData& data, const geo::PointLayerSpec& spec) {
    const auto& style = spec.display.choropleth;
    DensityView v;
    v.layer = spec.name;
    v.spec = spec;
    // The districts' geometry as the map draws it: the basemap's boundaries or the reference layer's.
    const geo::ReferenceLayerData* reference = nullptr;
    int level = 0;
    if (!style.boundary_layer.empty()) {
        reference = project->reference_layer(style.boundary_layer);
        if (!reference) {
            // Not in the project: the store's reader says so, naming the layers of areas it has.
            (void)geo::BoundarySet::from_reference(db(), style.boundary_layer, style.boundary_name);
            throw geo::Error("no reference layer '" + style.boundary_layer + "' in the project", project->path.string(),
                             0, "boundary_layer");
        }
    } else {
        level = style.admin_level;
        if (level == 0) {
            auto chosen = chosen_level.find(data.name);
            if (chosen == chosen_level.end()) {
                std::vector<geo::LonLat> all;
                all.reserve(data.positions.size());
                for (const auto& p : data.positions)
                    all.push_back(geo::from_mercator(p));
                const auto set = geo::BoundarySet::from_store(db(), std::nullopt, all);
                chosen = chosen_level.emplace(data.name, set.boundaries().empty() ? 0 : set.boundaries()[0].admin_level)
                             .first;
            }
            level = chosen->second;
        }
    }
    auto& d = districts[{level, style.boundary_layer, reference ? style.boundary_name : std::string()}];
    if (!d.set) {
        d.set.emplace(reference ? geo::BoundarySet::from_reference(*reference, style.boundary_name)
                                : geo::BoundarySet::from_basemap(project->basemap, level));
        d.feature = d.set->features();
    }
    if (d.set->size() == 0)
        throw geo::Error("the project has no OSM admin boundaries of admin_level " + std::to_string(level),
                         project->path.string());
    auto located = d.located.find(data.name);
    if (located == d.located.end()) {
        std::vector<int32_t> at(data.positions.size());
        for (size_t i = 0; i < at.size(); ++i)
            at[i] = d.set->locate(geo::from_mercator(data.positions[i]));
        located = d.located.emplace(data.name, std::move(at)).first;
    }
    const auto pass = pass_mask(data, spec.filter);
    const auto& bounds = d.set->boundaries();
    std::vector<int64_t> counts(bounds.size(), 0);
    int64_t outside = 0;
    for (size_t i = 0; i < pass.size(); ++i) {
        if (!pass[i]) continue;
        const int b = located->second[i];
        if (b >= 0)
            ++counts[b];
        else
            ++outside;
    }
    std::vector<double> values;
    for (size_t b = 0; b < bounds.size(); ++b)
        values.push_back(bounds[b].area_km2 > 0 ? counts[b] / bounds[b].area_km2 : 0.0);
    const auto classed = classify(values, style.method, style.classes, style.ramp);
    render::CellOverlay overlay;
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    std::vector<double> areas;
    for (size_t b = 0; b < bounds.size(); ++b) {
        const auto& rings =
            reference ? reference->features[d.feature[b]] : project->basemap.features[d.feature[b]].geometry;
        overlay.areas.push_back(filled(rings));
        overlay.fills.push_back(classed.colours[classed.of[b]]);
        DistrictFigure figure{bounds[b].name, counts[b], bounds[b].area_km2, values[b], classed.of[b], {}, {}};
        figure.rings.kind = rings.kind;
        figure.rings.points = rings.points;
        figure.rings.parts = rings.parts;
        figure.box = rings.bounds();
        v.districts.push_back(std::move(figure));
        areas.push_back(bounds[b].area_km2);
        rows.push_back({{"name", bounds[b].name},
                        {"count", counts[b]},
                        {"area_km2", bounds[b].area_km2},
                        {"per_km2", values[b]},
                        {"class", classed.of[b]}});
    }
    v.classes = class_figures(classed, counts, areas);
    overlay.opacity = style.opacity;
    overlay.outline = {0.25f, 0.25f, 0.25f, 0.9f};
    overlay.outline_px = 1.0;
    v.overlay = std::move(overlay);
    v.drawn = true;
    auto& leg = v.legend;
    leg.title = spec.name + ": cameras per km²";
    leg.units = "by district (" + d.set->source() + ")";
    leg.classes = class_legend(classed, "district", "districts");
    leg.note = std::string(geo::class_method_name(style.method)) + "; areas on the WGS84 ellipsoid (UTM)" +
               (outside > 0 ? "; " + count_text(outside) + " cameras outside every district" : "");
    v.figures = {{"kind", "choropleth"},
                 {"units", "cameras per km²"},
                 {"boundaries", d.set->source()},
                 {"admin_level", reference ? nlohmann::ordered_json() : nlohmann::ordered_json(level)},
                 {"name_field",
                  d.set->name_field().empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(d.set->name_field())},
                 {"outside", outside},
                 {"classification", classes_json(classed, style.method)},
                 {"districts", rows}};
    return v;
}

DensityView DensityViews::Impl::coverage(const geo::PointLayerData& data, const geo::PointLayerSpec& spec) {
    const auto& style = spec.display.coverage;
    DensityView v;
    v.layer = spec.name;
    v.spec = spec;
    auto network = streets.find(style.streets);
    if (network == streets.end())
        network = streets.emplace(style.streets, geo::StreetNetwork::load(db(), style.streets)).first;
    auto bearing = bearings.find(data.name);
    if (bearing == bearings.end()) bearing = bearings.emplace(data.name, geo::layer_bearings(db(), data.name)).first;
    const auto cameras = geo::coverage_cameras(data, geo::compile(spec.filter, data), bearing->second);
    geo::CoverageOptions options;
    options.radius_m = style.radius_m;
    if (style.sector_deg > 0) options.sector_deg = style.sector_deg;
    const auto result = geo::compute_coverage(*network->second, cameras, options);
    render::LineOverlay overlay;
    overlay.lines.push_back(result.covered);
    overlay.colour = colour_of(style.colour);
    overlay.width_px = style.width_px;
    v.overlay = std::move(overlay);
    v.drawn = !result.covered.points.empty();
    const auto& w = result.whole;
    std::string classes;
    for (const auto& c : network->second->classes())
        classes += (classes.empty() ? "" : ", ") + c;
    char share[160];
    std::snprintf(share, sizeof share, "within %s of a camera: %.1f of %.1f km (%.1f %%)",
                  geo::length_label(style.radius_m).c_str(), w.covered_m / 1000, w.street_m / 1000, 100 * w.share());
    auto& leg = v.legend;
    leg.title = spec.name + ": street coverage";
    leg.classes = {{style.colour, share, std::nullopt}};
    leg.units = count_text(w.cameras) + " cameras, " + number(w.cameras_per_street_km()) + " per street-km";
    const bool default_classes = style.streets.empty();
    leg.note =
        (default_classes ? std::string("streets: OSM motorway to residential, living_street, pedestrian (no service "
                                       "roads, tracks or paths)")
                         : "streets: " + classes) +
        "; lengths in EPSG:" + std::to_string(network->second->epsg()) +
        (options.sector_deg ? "; sectors of " + number(*options.sector_deg) + "°, " +
                                  std::to_string(w.cameras_with_direction) + " cameras with a direction"
                            : "");
    v.figures = {
        {"kind", "coverage"},
        {"radius_m", style.radius_m},
        {"share", w.share()},
        {"street_km", w.street_m / 1000},
        {"covered_km", w.covered_m / 1000},
        {"streets", network->second->classes()},
        {"crs", "EPSG:" + std::to_string(network->second->epsg())},
        {"cameras", w.cameras},
        {"cameras_with_direction", w.cameras_with_direction},
        {"sector_deg", options.sector_deg ? nlohmann::ordered_json(*options.sector_deg) : nlohmann::ordered_json()},
        {"cameras_per_street_km", w.cameras_per_street_km()}};
    return v;
}

namespace {

// A grid's value at `p`, bilinear between the cells' centres (as the map's texture is sampled),
// clamped to the edge cells; nullopt outside the grid.
std::optional<double> grid_value(const geo::DensityGrid& g, geo::XY p) {
    if (g.width <= 0 || g.height <= 0 || !(g.cell > 0) || !g.region.contains(p)) return std::nullopt;
    const double fx = (p.x - g.region.min_x) / g.cell - 0.5, fy = (g.region.max_y - p.y) / g.cell - 0.5;
    const auto clamp_col = [&](double c) { return std::clamp(static_cast<int>(c), 0, g.width - 1); };
    const auto clamp_row = [&](double r) { return std::clamp(static_cast<int>(r), 0, g.height - 1); };
    const double x0 = std::floor(fx), y0 = std::floor(fy);
    const double tx = std::clamp(fx - x0, 0.0, 1.0), ty = std::clamp(fy - y0, 0.0, 1.0);
    const int c0 = clamp_col(x0), c1 = clamp_col(x0 + 1), r0 = clamp_row(y0), r1 = clamp_row(y0 + 1);
    const double top = g.at(c0, r0) * (1 - tx) + g.at(c1, r0) * tx;
    const double bottom = g.at(c0, r1) * (1 - tx) + g.at(c1, r1) * tx;
    return top * (1 - ty) + bottom * ty;
}

} // namespace

std::optional<DensityHover> density_at(const DensityView& view, geo::XY p) {
    if (!view.drawn || !std::isfinite(p.x) || !std::isfinite(p.y)) return std::nullopt;
    DensityHover h;
    h.kind = view.spec.display.kind;
    switch (h.kind) {
    case geo::PointDisplay::bins: {
        if (!view.lattice) return std::nullopt;
        const auto id = view.lattice->cell_at(p);
        // The cells run north to south (row descending), then west to east (col ascending).
        const auto before = [](const CellFigure& c, const geo::CellId& k) {
            return c.id.row != k.row ? c.id.row > k.row : c.id.col < k.col;
        };
        const auto it = std::lower_bound(view.cells.begin(), view.cells.end(), id, before);
        if (it == view.cells.end() || !(it->id == id)) return std::nullopt;
        const auto corners = view.lattice->corners(id);
        h.cell.assign(corners.begin(), corners.begin() + view.lattice->corner_count());
        h.count = it->count;
        h.area_km2 = it->area_km2;
        h.per_km2 = it->per_km2;
        h.class_index = it->class_index;
        return h;
    }
    case geo::PointDisplay::choropleth:
        for (size_t d = 0; d < view.districts.size(); ++d) {
            const auto& district = view.districts[d];
            if (!district.box.contains(p) || !geo::inside_rings(district.rings, p)) continue;
            h.district = static_cast<int>(d);
            h.name = district.name;
            h.count = district.count;
            h.area_km2 = district.area_km2;
            h.per_km2 = district.per_km2;
            h.class_index = district.class_index;
            return h;
        }
        return std::nullopt;
    case geo::PointDisplay::heatmap: {
        const auto* overlay = std::get_if<render::DensityOverlay>(&view.overlay);
        if (!overlay) return std::nullopt;
        const auto value = grid_value(overlay->grid, p);
        if (!value || !(*value > 0)) return std::nullopt;
        h.per_km2 = *value;
        return h;
    }
    case geo::PointDisplay::coverage:
    case geo::PointDisplay::points:
        break;
    }
    return std::nullopt;
}

void release_overlay(DensityView& view) {
    if (!std::holds_alternative<render::DensityOverlay>(view.overlay)) view.overlay = render::CellOverlay{};
}

} // namespace oko::app
