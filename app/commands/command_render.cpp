#include "app/commands/commands.hpp"

#include "app/commands/json_shape.hpp"

#include "app/figure/figure.hpp"
#include "app/figure/figure_series.hpp"
#include "app/project/project.hpp"

#include "geo/base/error.hpp"
#include "geo/export/picture_format.hpp"
#include "geo/base/mercator.hpp"
#include "geo/base/print_size.hpp"
#include "geo/scene/filter_warnings.hpp"
#include "geo/scene/scene_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

namespace oko::app {

namespace {

// `--scene`: a file (a name ending in .json, or a path) or a scene saved in the project, read over
// the project's defaults. Its view and size stand unless --bbox or --size are given; the options
// that follow (filters, hidden layers, styles) apply on top.
void apply_scene_option(const Project& project, const RenderOptions& options, const geo::BBox& box,
                        geo::SceneSpec& scene) {
    const auto& choice = options.scene;
    const bool is_file = choice.ends_with(".json") || choice.find('/') != std::string::npos;
    geo::SceneRead read;
    if (is_file) {
        read = read_scene(project, geo::read_scene_text(choice), choice, scene);
        warn_skipped_layers(read, "oko render");
    } else {
        read =
            saved_scene_for_command(project, choice, scene, "--scene", "oko render", "a scene file must end in .json");
    }
    const float pixel_ratio = scene.pixel_ratio;
    scene = std::move(read.scene);
    if (options.bbox || !read.has_view) {
        // The box asked for (or the project's), at the size asked for, else the scene's.
        const bool scene_size = !options.size_given && read.has_size;
        scene.view = geo::Viewport::fit(box, scene_size ? scene.view.width : options.width,
                                        scene_size ? scene.view.height : options.height);
    } else if (options.size_given) {
        scene.view =
            geo::Viewport::fit(scene.view.bounds(), options.width, options.height); // the scene's area at another size
    }
    if (!options.labels) scene.labels = false;
    if (const auto script = geo::parse_label_script(options.label_script)) scene.label_script = *script;
    if (options.scale_given) scene.pixel_ratio = pixel_ratio;
}

// --paper, --landscape and --dpi into the size in pixels and the pixel ratio the rest of the
// command (and the scene) knows, as if --size and --scale had been given. Throws geo::Error naming
// the option for a request that cannot be right.
std::string number_text(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}

RenderOptions with_print_size(RenderOptions o) {
    const std::string range =
        "from " + number_text(geo::kMinDpi) + " to " + number_text(geo::kMaxDpi) + " dots per inch";
    if (o.dpi_given && !(o.dpi >= geo::kMinDpi && o.dpi <= geo::kMaxDpi))
        throw geo::Error("the DPI must be " + std::string(range) + " (300 for print, 96 for a screen), not " +
                             number_text(o.dpi),
                         "", 0, "--dpi");
    if (o.dpi_given && o.scale_given)
        throw geo::Error("give --dpi or --scale, not both (--scale N is --dpi 96×N)", "", 0, "--scale");
    if (o.landscape && o.paper.empty())
        throw geo::Error("--landscape turns a paper: give --paper too (for pixels, swap the sides of --size)", "", 0,
                         "--landscape");
    if (!o.paper.empty()) {
        const auto paper = geo::parse_paper(o.paper);
        if (!paper)
            throw geo::Error("'" + o.paper + "' is not a paper Oko knows: A0, A1, A2, A3 or A4 (ISO 216)", "", 0,
                             "--paper");
        if (o.size_given)
            throw geo::Error("give --paper or --size, not both: the paper and --dpi decide the size in pixels", "", 0,
                             "--paper");
        if (o.scale_given)
            throw geo::Error("with --paper, give the resolution as --dpi, not --scale", "", 0, "--scale");
        if (!o.dpi_given) o.dpi = 300;
        const auto px = geo::paper_pixels(*paper, o.landscape, o.dpi);
        if (std::max(px.width, px.height) > geo::kMaxPictureSide) {
            // The highest DPI at which the paper's long side fits.
            const double long_mm = geo::paper_size(*paper).height_mm;
            const int most = static_cast<int>(std::floor((geo::kMaxPictureSide + 0.5) / long_mm * 25.4));
            throw geo::Error(std::string(geo::paper_size(*paper).name) + " at " + number_text(o.dpi) + " dpi is " +
                                 std::to_string(px.width) + "x" + std::to_string(px.height) +
                                 " pixels; Oko draws up to " + std::to_string(geo::kMaxPictureSide) +
                                 " on a side: give at most --dpi " + std::to_string(most) + " or a smaller paper",
                             "", 0, "--dpi");
        }
        o.width = px.width;
        o.height = px.height;
        o.size_given = true;
        o.dpi_given = true;
    }
    if (o.dpi_given) {
        o.scale = geo::pixel_ratio_of_dpi(o.dpi);
        o.scale_given = true;
    }
    return o;
}

// A --bbox that shows none of the project draws an empty picture: refuse it, and when swapping
// latitude and longitude would show the project, say so.
void check_bbox(const std::array<double, 4>& b, const geo::BBox& extent, const std::filesystem::path& store) {
    if (extent.empty()) return;
    const auto box_of = [](double lon0, double lat0, double lon1, double lat1) {
        geo::BBox box;
        box.extend(geo::to_mercator({lon0, lat0}));
        box.extend(geo::to_mercator({lon1, lat1}));
        return box;
    };
    if (box_of(b[0], b[1], b[2], b[3]).intersects(extent)) return;
    const auto lo = geo::from_mercator({extent.min_x, extent.min_y});
    const auto hi = geo::from_mercator({extent.max_x, extent.max_y});
    char have[128];
    std::snprintf(have, sizeof have, "%.4f,%.4f,%.4f,%.4f", lo.lon, lo.lat, hi.lon, hi.lat);
    std::string reason = "the area asked for lies outside the project, which covers " + std::string(have);
    if (std::abs(b[1]) <= 180 && std::abs(b[3]) <= 180 && std::abs(b[0]) <= 85.06 && std::abs(b[2]) <= 85.06 &&
        box_of(b[1], b[0], b[3], b[2]).intersects(extent)) {
        char swapped[128];
        std::snprintf(swapped, sizeof swapped, "%g,%g,%g,%g", b[1], b[0], b[3], b[2]);
        reason += "; latitude and longitude look swapped: the order is minlon,minlat,maxlon,maxlat, so try --bbox " +
                  std::string(swapped);
    }
    throw geo::Error(reason, store.string(), 0, "--bbox");
}

// "LAYER" or "LAYER:METRES" (a name may hold ':' itself: only a number after the last one is a size).
std::pair<std::string, std::optional<double>> layer_and_metres(const std::string& text, const char* option) {
    const auto colon = text.rfind(':');
    if (colon != std::string::npos) {
        const std::string number = text.substr(colon + 1);
        char* end = nullptr;
        const double v = std::strtod(number.c_str(), &end);
        if (!number.empty() && end == number.c_str() + number.size()) {
            if (!(v > 0) || !std::isfinite(v))
                throw geo::Error("the size after the layer's name must be a positive number of metres, not '" + number +
                                     "'",
                                 "", 0, option);
            return {text.substr(0, colon), v};
        }
    }
    return {text, std::nullopt};
}

template <class T, class Parse>
T parse_named(const std::string& text, Parse parse, const char* option, const char* expected) {
    if (const auto v = parse(text)) return *v;
    throw geo::Error("'" + text + "' is not one of " + std::string(expected), "", 0, option);
}

// --heatmap, --hexbin, --squarebin, --choropleth, --coverage and their settings: each shows a layer
// as that density view, in the scene (so --json and a scene saved from it say the same).
void apply_display_options(const Project& project, const RenderOptions& o, geo::SceneSpec& scene) {
    const auto layer_spec = [&](const std::string& name, const char* option) -> geo::PointLayerSpec& {
        for (auto& layer : scene.point_layers)
            if (layer.name == name) {
                layer.style.visible = true;
                return layer;
            }
        std::string names;
        for (const auto& layer : project.point_layers)
            names += (names.empty() ? "" : ", ") + layer.name;
        throw geo::Error("no point layer '" + name + "' in the project" +
                             (names.empty() ? std::string(" (it has none)") : " (it has " + names + ")"),
                         o.store.string(), 0, option);
    };
    std::optional<geo::ColourRamp> ramp;
    if (!o.ramp.empty())
        ramp =
            parse_named<geo::ColourRamp>(o.ramp, geo::parse_ramp, "--ramp", "viridis, magma, inferno, plasma, cividis");
    std::optional<geo::ClassMethod> method;
    if (!o.class_method.empty())
        method = parse_named<geo::ClassMethod>(o.class_method, geo::parse_class_method, "--class-method",
                                               "quantile, equal-interval, natural-breaks");
    std::optional<geo::Kernel> kernel;
    if (!o.kernel.empty())
        kernel = parse_named<geo::Kernel>(o.kernel, geo::parse_kernel, "--kernel",
                                          "quartic, gaussian, epanechnikov, triangular, uniform");
    for (const auto& choice : o.heatmaps) {
        const auto [name, metres] = layer_and_metres(choice, "--heatmap");
        auto& d = layer_spec(name, "--heatmap").display;
        d.kind = geo::PointDisplay::heatmap;
        if (metres) d.heatmap.kernel.radius_m = *metres;
        if (kernel) d.heatmap.kernel.kernel = *kernel;
        if (!o.weight.empty()) d.heatmap.weight_field = o.weight;
        if (ramp) d.heatmap.ramp = *ramp;
        if (o.scale_max > 0) d.heatmap.scale_max = o.scale_max;
    }
    for (const auto* list : {&o.hexbins, &o.squarebins}) {
        const bool hex = list == &o.hexbins;
        for (const auto& choice : *list) {
            const auto [name, metres] = layer_and_metres(choice, hex ? "--hexbin" : "--squarebin");
            auto& d = layer_spec(name, hex ? "--hexbin" : "--squarebin").display;
            d.kind = geo::PointDisplay::bins;
            d.bins.cells.shape = hex ? geo::CellShape::hexagon : geo::CellShape::square;
            if (metres) d.bins.cells.size_m = *metres;
            if (ramp) d.bins.ramp = *ramp;
            if (method) d.bins.method = *method;
            if (o.classes > 0) d.bins.classes = o.classes;
        }
    }
    for (const auto& name : o.choropleths) {
        auto& d = layer_spec(name, "--choropleth").display;
        d.kind = geo::PointDisplay::choropleth;
        if (o.admin_level) d.choropleth.admin_level = *o.admin_level;
        // A layer the project lacks, a layer of lines or a name field it lacks: said when the
        // districts are made (geo::BoundarySet::from_reference), about these options.
        if (!o.boundary_layer.empty()) {
            d.choropleth.admin_level = 0;
            d.choropleth.boundary_layer = o.boundary_layer;
            d.choropleth.boundary_name = o.boundary_name;
        } else if (o.admin_level) {
            d.choropleth.boundary_layer.clear(); // the OSM boundaries, whatever the scene had
            d.choropleth.boundary_name.clear();
        }
        if (ramp) d.choropleth.ramp = *ramp;
        if (method) d.choropleth.method = *method;
        if (o.classes > 0) d.choropleth.classes = o.classes;
    }
    for (const auto& choice : o.coverages) {
        const auto [name, metres] = layer_and_metres(choice, "--coverage");
        auto& d = layer_spec(name, "--coverage").display;
        d.kind = geo::PointDisplay::coverage;
        if (metres) {
            if (*metres < 10 || *metres > 500)
                throw geo::Error("the coverage distance must be from 10 to 500 metres", "", 0, "--coverage");
            d.coverage.radius_m = *metres;
        }
        if (!o.streets.empty()) d.coverage.streets = o.streets;
        if (o.sector_deg > 0) d.coverage.sector_deg = o.sector_deg;
    }
}

// --title, --subtitle, --note, --no-legend, --no-scale-bar, --no-north-arrow and
// --furniture-corner, over the scene's furniture.
void apply_furniture_options(const RenderOptions& o, geo::Furniture& f) {
    using E = geo::FurnitureElement;
    if (o.title) f.title = *o.title;
    if (o.subtitle) f.subtitle = *o.subtitle;
    if (o.note) f.note = *o.note;
    if (!o.legends) f[E::legend].shown = false;
    if (!o.scale_bar) f[E::scale_bar].shown = false;
    if (!o.north_arrow) f[E::north_arrow].shown = false;
    for (const auto& choice : o.furniture_corners) {
        const auto eq = choice.find('=');
        const auto element = geo::parse_element(choice.substr(0, eq));
        const auto corner = eq == std::string::npos ? std::nullopt : geo::parse_corner(choice.substr(eq + 1));
        if (!element)
            throw geo::Error("'" + choice.substr(0, eq) +
                                 "' is not one of title, legend, scale-bar, north-arrow, attribution, note",
                             "", 0, "--furniture-corner " + choice);
        if (!corner)
            throw geo::Error("expected ELEMENT=CORNER with a corner of top-left, top-right, bottom-left, bottom-right",
                             "", 0, "--furniture-corner " + choice);
        f[*element].corner = *corner;
    }
}

nlohmann::json box_json(const geo::BBox& b) {
    return {{"x", b.min_x}, {"y", b.min_y}, {"w", b.width()}, {"h", b.height()}};
}

// Where the furniture went (`--json`): each element's box, the scale bar's ground length and
// length in pixels, the attribution's text and each legend's entries.
nlohmann::json furniture_json(const render::FurnitureLayout& layout, const std::vector<geo::LegendSpec>& legends) {
    nlohmann::json out = nlohmann::json::object();
    for (size_t i = 0; i < geo::kFurnitureElements; ++i) {
        const auto e = static_cast<geo::FurnitureElement>(i);
        const auto& box = layout.box(e);
        out[std::string(geo::element_name(e))] = box ? box_json(*box) : nlohmann::json();
    }
    if (layout.box(geo::FurnitureElement::scale_bar)) {
        auto& bar = out["scale_bar"];
        bar["metres"] = layout.scale_bar.metres;
        bar["length_px"] = layout.scale_bar.length_px;
        bar["label"] = layout.scale_bar.label;
    }
    if (layout.box(geo::FurnitureElement::attribution)) {
        std::string text;
        for (const auto& line : layout.attribution)
            text += (text.empty() ? "" : " ") + line;
        out["attribution"]["text"] = text;
    }
    nlohmann::json items = nlohmann::json::array();
    for (size_t i = 0; i < layout.legends.size() && i < legends.size(); ++i) {
        nlohmann::json item = box_json(layout.legends[i]);
        item["title"] = legends[i].title;
        nlohmann::json entries = nlohmann::json::array();
        for (const auto& c : legends[i].classes)
            entries.push_back(c.label);
        item["entries"] = entries;
        items.push_back(item);
    }
    out["legends"] = items;
    return out;
}

} // namespace

int run_render(const RenderOptions& given) {
    try {
        const RenderOptions options = with_print_size(given);
        const auto format = geo::require_picture_format(options.out, "--out");
        const auto project = Project::load(options.store);

        geo::BBox box = project.extent();
        if (options.bbox) {
            const auto& b = *options.bbox;
            check_bbox(b, box, options.store);
            box = {};
            box.extend(geo::to_mercator({b[0], b[1]}));
            box.extend(geo::to_mercator({b[2], b[3]}));
        }
        if (box.empty()) throw geo::Error("the project has no map data to render", options.store.string());
        geo::SceneSpec scene = default_scene(project, box, options.width, options.height);
        scene.pixel_ratio = static_cast<float>(options.scale);
        scene.labels = options.labels;
        if (const auto script = geo::parse_label_script(options.label_script)) scene.label_script = *script;
        if (!options.scene.empty()) apply_scene_option(project, options, box, scene);
        // Without a scene, every layer gets the command line's filter (none: everything); with
        // one, only a filter given on the command line replaces the scene's.
        if (options.scene.empty() || !options.filters.empty()) {
            const auto filter = geo::Filter::parse(options.filters);
            for (auto& layer : scene.point_layers)
                layer.filter = filter;
        }
        for (auto& layer : scene.point_layers)
            if (!options.point_layers.empty())
                layer.style.visible = std::find(options.point_layers.begin(), options.point_layers.end(), layer.name) !=
                                      options.point_layers.end();
        for (const auto& choice : options.reference_styles)
            apply_reference_style(project, scene.reference_layers, choice);
        apply_display_options(project, options, scene);
        apply_furniture_options(options, scene.furniture);
        for (const auto& name : options.point_layers)
            if (!project.point_layer(name))
                throw geo::Error("no point layer '" + name + "' in the project (see `oko layers`)",
                                 options.store.string(), 0, "--layer");
        for (const auto& name : options.hide_layers) {
            bool found = false;
            for (auto& layer : scene.point_layers)
                if (layer.name == name) {
                    layer.style.visible = false;
                    found = true;
                }
            for (auto& layer : scene.reference_layers)
                if (layer.name == name) {
                    layer.style.visible = false;
                    found = true;
                }
            for (int i = 0; i < static_cast<int>(geo::BasemapLayer::Count); ++i) {
                if (geo::layer_name(static_cast<geo::BasemapLayer>(i)) == name) {
                    scene.set_visible(static_cast<geo::BasemapLayer>(i), false);
                    found = true;
                }
            }
            if (!found) throw geo::Error("unknown layer '" + name + "' (see `oko layers`)", "", 0, "--hide");
        }

        // A filter naming a vendor or years that the drawn layers lack draws nothing: say so (and in
        // --json). Layers under the same filter (the command line's applies to all) count as one, so
        // a vendor is missing only when none of them has it; empty layers say nothing.
        const auto filter_warnings_of = [&](const geo::SceneSpec& drawn, const std::string& prefix) {
            std::vector<std::pair<geo::Filter, std::vector<geo::LayerValues>>> by_filter;
            for (const auto& layer : drawn.point_layers) {
                const auto* data = project.point_layer(layer.name);
                if (!data || !layer.style.visible || data->positions.empty()) continue;
                auto same = std::find_if(by_filter.begin(), by_filter.end(),
                                         [&](const auto& group) { return group.first == layer.filter; });
                if (same == by_filter.end()) same = by_filter.insert(by_filter.end(), {layer.filter, {}});
                same->second.push_back(geo::layer_values(*data));
            }
            std::vector<std::string> out;
            for (const auto& group : by_filter)
                for (auto& w : geo::filter_warnings(group.first, geo::merge_layer_values(group.second))) {
                    std::cerr << "oko render: warning: " << prefix << w << "\n";
                    out.push_back(prefix + w);
                }
            return out;
        };

        // What one figure drew, for --json (docs/JSON.md).
        const auto figure_json = [&](const geo::SceneSpec& drawn, const std::filesystem::path& out,
                                     const Figure& figure, std::vector<std::string> warnings, std::optional<int> year) {
            const double dpi = geo::dpi_of_pixel_ratio(drawn.pixel_ratio);
            const auto lo = geo::from_mercator({drawn.view.bounds().min_x, drawn.view.bounds().min_y});
            const auto hi = geo::from_mercator({drawn.view.bounds().max_x, drawn.view.bounds().max_y});
            nlohmann::json layers = nlohmann::json::array();
            // One shape for every layer (docs/JSON.md): a reference layer has no filter.
            for (const auto& layer : drawn.point_layers) {
                nlohmann::json display; // null: drawn as points
                for (const auto& v : figure.views)
                    if (v.layer == layer.name) display = nlohmann::json::parse(v.figures.dump());
                layers.push_back({{"name", layer.name},
                                  {"kind", "points"},
                                  {"visible", layer.style.visible},
                                  {"filter", layer.filter.describe()},
                                  {"unknown_included", layer.filter.unknown_included()},
                                  {"display", display}});
            }
            for (const auto& layer : drawn.reference_layers)
                layers.push_back({{"name", layer.name},
                                  {"kind", "reference"},
                                  {"visible", layer.style.visible},
                                  {"filter", nullptr},
                                  {"unknown_included", nullptr},
                                  {"display", nullptr}});
            nlohmann::json written = nlohmann::json::array();
            for (const auto& f : figure.files)
                written.push_back(f.string());
            for (const auto& w : figure.warnings)
                warnings.push_back(w);
            const auto paper = geo::paper_of({drawn.view.width, drawn.view.height}, dpi);
            return conform(
                nlohmann::json{{"out", out.string()},
                               {"files", written},
                               {"format", geo::picture_format_name(format)},
                               {"width", drawn.view.width},
                               {"height", drawn.view.height},
                               {"pixel_ratio", drawn.pixel_ratio},
                               {"dpi", dpi},
                               {"paper", paper ? nlohmann::json(*paper) : nlohmann::json()},
                               {"bbox", {lo.lon, lo.lat, hi.lon, hi.lat}},
                               {"scene", options.scene.empty() ? nlohmann::json() : nlohmann::json(options.scene)},
                               {"labels", drawn.labels},
                               {"year", year ? nlohmann::json(*year) : nlohmann::json()},
                               {"layers", layers},
                               {"furniture", furniture_json(figure.furniture, figure.legends)},
                               {"warnings", warnings}},
                render_shape());
        };

        // The picture and its side files, a band at a time (app/figure).
        FigureOptions figure_options;
        figure_options.repeat = options.repeat;
        figure_options.warning = [](const std::string& w) { std::cerr << "oko render: warning: " << w << "\n"; };
        const auto as_option = [&](const geo::Error& e) {
            if (!options.boundary_layer.empty()) throw_as_option(e);
            throw e;
        };

        if (!options.by_year.empty()) {
            // A series: one figure per year, all written or none (app/figure/figure_series.hpp).
            if (options.repeat > 1) throw geo::Error("--repeat times one figure, not a series", "", 0, "--repeat");
            const auto series = parse_year_series(options.by_year, options.cumulative);
            std::vector<std::vector<std::string>> frame_warnings;
            for (const auto& frame : series_frames(scene, series, options.out))
                frame_warnings.push_back(filter_warnings_of(frame.scene, std::to_string(frame.year) + ": "));
            FigureSeries written;
            try {
                written = write_figure_series(project, scene, series, options.out, format, figure_options);
            } catch (const geo::Error& e) {
                as_option(e);
            }
            if (options.json) {
                nlohmann::json frames = nlohmann::json::array();
                for (size_t k = 0; k < written.frames.size(); ++k)
                    frames.push_back(figure_json(written.frames[k].scene, written.frames[k].out, written.figures[k],
                                                 frame_warnings[k], written.frames[k].year));
                std::cout << conform(nlohmann::json{{"series",
                                                     {{"first", series.first},
                                                      {"last", series.last},
                                                      {"cumulative", series.cumulative}}},
                                                    {"frames", frames}},
                                     render_series_shape())
                                 .dump(2)
                          << "\n";
            } else {
                for (const auto& frame : written.frames)
                    std::cout << frame.out.string() << "\n";
            }
            return 0;
        }

        const auto warnings = filter_warnings_of(scene, "");
        const Figure figure = [&] {
            try {
                return write_figure(project, scene, options.out, format, figure_options);
            } catch (const geo::Error& e) {
                as_option(e);
            }
            return Figure{};
        }();
        if (options.repeat > 1) {
            std::vector<double> times = figure.times;
            std::sort(times.begin(), times.end());
            std::cout << nlohmann::json{{"render_median_s", times[times.size() / 2]},
                                        {"render_min_s", times.front()},
                                        {"render_max_s", times.back()},
                                        {"renders", times.size()}}
                             .dump()
                      << "\n";
        } else if (options.json) {
            std::cout << figure_json(scene, options.out, figure, warnings, std::nullopt).dump(2) << "\n";
        } else {
            std::cout << options.out.string() << "\n";
        }
        return 0;
    } catch (const std::exception& e) {
        return report_failure("oko render", e);
    }
}

} // namespace oko::app
