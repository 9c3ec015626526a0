#include "app/figure/vector_figure.hpp"

#include "app/figure/page_geometry.hpp"
#include "app/figure/pdf_canvas.hpp"
#include "app/figure/svg_canvas.hpp"

#include "geo/base/atomic_file.hpp"
#include "geo/base/error.hpp"
#include "geo/map/attribution.hpp"
#include "geo/scene/colour_ramp.hpp"
#include "geo/scene/compiled_filter.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <variant>

namespace oko::app::figure {

namespace {

// Past the page's edges, geometry is kept this far (page px): wider than any line's half-width,
// so neither a clipped ring's new edges nor a cut line's end shows.
constexpr double kMarginPx = 64;

geo::Colour colour_of(const geo::Rgba& c, float alpha = 1.0f) {
    return {c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f * alpha};
}

// Whether a geometry's box on the page is big enough to draw (the painters' min_feature_px).
bool big_enough(const geo::BBox& world, const geo::Viewport& view, double min_px) {
    if (min_px <= 0) return true;
    return std::max(world.width(), world.height()) / view.resolution >= min_px;
}

void add_rings(const geo::Geometry& g, const PageGeometry& page, Parts& out) {
    for (size_t p = 0; p < g.part_count(); ++p)
        page.add_ring(g.points.data() + g.part_begin(p), g.part_end(p) - g.part_begin(p), out);
}

void add_lines(const geo::Geometry& g, const PageGeometry& page, Parts& out) {
    for (size_t p = 0; p < g.part_count(); ++p)
        page.add_line(g.points.data() + g.part_begin(p), g.part_end(p) - g.part_begin(p), out);
}

// The basemap's features that may show on the page, by class and level (MapRenderer::drawn_level).
using FeatureIndex = std::map<std::pair<geo::FeatureClass, int>, std::vector<const geo::Feature*>>;

FeatureIndex index_features(const geo::Basemap& basemap, const PageGeometry& page) {
    FeatureIndex index;
    for (const auto& f : basemap.features)
        if (f.geometry.bounds().intersects(page.world_clip()))
            index[{f.cls, render::MapRenderer::drawn_level(f)}].push_back(&f);
    return index;
}

void draw_basemap(const FigureScene& figure, const PageGeometry& page, VectorCanvas& canvas) {
    const FeatureIndex index = index_features(figure.project.basemap, page);
    canvas.begin_group("basemap");
    for (const render::BasemapStep& step : figure.renderer.basemap_steps(figure.scene)) {
        if (step.kind == render::BasemapStep::Kind::feather) continue; // a raster's anti-aliasing only
        const auto it = index.find({step.cls, step.level});
        if (it == index.end()) continue;
        const bool area = geo::info(step.cls).kind == geo::GeomKind::Area;
        if (step.kind == render::BasemapStep::Kind::fill) {
            std::vector<Parts> shapes;
            for (const geo::Feature* f : it->second) {
                if (!big_enough(f->geometry.bounds(), page.view(), step.min_feature_px)) continue;
                Parts rings;
                add_rings(f->geometry, page, rings);
                if (!rings.empty()) shapes.push_back(std::move(rings));
            }
            canvas.fill(shapes, step.colour);
            continue;
        }
        Parts lines;
        for (const geo::Feature* f : it->second) {
            if (!big_enough(f->geometry.bounds(), page.view(), step.min_feature_px)) continue;
            if (area)
                add_rings(f->geometry, page, lines);
            else
                add_lines(f->geometry, page, lines);
        }
        canvas.stroke(lines, area, {step.colour, step.width_px, step.dash_on_px, step.dash_off_px});
    }
    canvas.end_group();
}

// The reference layers over the basemap, as MapRenderer draws them (MapRenderer::reference_steps).
void draw_reference_layers(const FigureScene& figure, const PageGeometry& page, VectorCanvas& canvas) {
    for (const auto& layer : figure.scene.reference_layers) {
        const auto* data = figure.project.reference_layer(layer.name);
        if (!data) continue;
        const bool areas = data->kind == geo::ReferenceKind::Areas;
        canvas.begin_group(layer.name);
        for (const render::ReferenceStep& step : figure.renderer.reference_steps(figure.scene, layer)) {
            if (step.fill) {
                std::vector<Parts> shapes;
                for (const size_t f : step.features) {
                    if (f >= data->features.size() || !data->features[f].bounds().intersects(page.world_clip()))
                        continue;
                    Parts rings;
                    add_rings(data->features[f], page, rings);
                    if (!rings.empty()) shapes.push_back(std::move(rings));
                }
                canvas.fill(shapes, step.colour);
                continue;
            }
            Parts lines;
            for (const size_t f : step.features) {
                if (f >= data->features.size() || !data->features[f].bounds().intersects(page.world_clip())) continue;
                if (areas)
                    add_rings(data->features[f], page, lines);
                else
                    add_lines(data->features[f], page, lines);
            }
            canvas.stroke(lines, areas, {step.colour, step.width_px, step.dash_on_px, step.dash_off_px});
        }
        canvas.end_group();
    }
}

// The points of a layer that pass its filter, as MapRenderer's point painter draws them: the
// symbol in the vendor's colour (or the layer's), a white ring at its edge, the layer's opacity.
void draw_points(const FigureScene& figure, const geo::PointLayerSpec& spec, const geo::PointLayerData& data,
                 const PageGeometry& page, VectorCanvas& canvas) {
    const geo::CompiledFilter filter = geo::compile(spec.filter, data);
    const auto& style = spec.style;
    const double ratio = figure.scene.pixel_ratio;
    const double radius = std::min(style.radius_px * ratio, 120.0);
    const double ring = 1.2 * ratio;
    const geo::Colour white{1, 1, 1, style.opacity};
    std::vector<geo::Colour> vendor_colours;
    for (const auto& rgba : figure.project.palette.colours(data.vendors))
        vendor_colours.push_back(colour_of(rgba, style.opacity));
    const geo::Colour single = colour_of(style.colour, style.opacity);
    const double r = radius - ring / 2; // the ring's stroke is centred on this edge
    // Symbols whose centre is off the page but whose edge shows.
    const geo::BBox clip{-radius - 1, -radius - 1, page.view().width + radius + 1, page.view().height + radius + 1};
    canvas.begin_group(spec.name);
    for (size_t i = 0; i < data.positions.size(); ++i) {
        if (!filter.passes(data, i)) continue;
        const geo::XY p = page.to_page(data.positions[i]);
        if (p.x < clip.min_x || p.x > clip.max_x || p.y < clip.min_y || p.y > clip.max_y) continue;
        const size_t v = data.vendor_index[i];
        const geo::Colour fill = style.colour_by_vendor && v < vendor_colours.size() ? vendor_colours[v] : single;
        const Stroke outline{white, ring};
        std::vector<geo::XY> shape;
        switch (style.symbol) {
        case geo::PointSymbol::Disc:
            canvas.circle(p, r, fill, outline);
            continue;
        case geo::PointSymbol::Square: {
            const double h = radius * 0.85 - ring / 2;
            shape = {{p.x - h, p.y - h}, {p.x + h, p.y - h}, {p.x + h, p.y + h}, {p.x - h, p.y + h}};
            break;
        }
        case geo::PointSymbol::Diamond: {
            const double h = radius * 1.15 - ring * 0.7071;
            shape = {{p.x, p.y - h}, {p.x + h, p.y}, {p.x, p.y + h}, {p.x - h, p.y}};
            break;
        }
        case geo::PointSymbol::Triangle: {
            // The point painter's triangle: its tip 0.65 r below the centre, its top edge at r.
            const double w = (1.65 * radius) / 1.732;
            shape = {{p.x, p.y + 0.65 * radius - ring},
                     {p.x + w - ring, p.y - radius + ring / 2},
                     {p.x - w + ring, p.y - radius + ring / 2}};
            break;
        }
        }
        canvas.fill(std::vector<Parts>{Parts{shape}}, fill);
        canvas.stroke(Parts{shape}, true, outline);
    }
    canvas.end_group();
}

// A heatmap's grid through its ramp, as the density painter colours it (density_painter.hpp),
// cropped to the page: one image pixel a grid cell.
void draw_density(const render::DensityOverlay& d, const PageGeometry& page, VectorCanvas& canvas) {
    const auto& grid = d.grid;
    if (grid.width <= 0 || grid.height <= 0 || grid.cell <= 0) return;
    const geo::BBox& clip = page.world_clip();
    const int c0 =
        std::clamp(static_cast<int>(std::floor((clip.min_x - grid.region.min_x) / grid.cell)), 0, grid.width);
    const int c1 = std::clamp(static_cast<int>(std::ceil((clip.max_x - grid.region.min_x) / grid.cell)), 0, grid.width);
    const int r0 =
        std::clamp(static_cast<int>(std::floor((grid.region.max_y - clip.max_y) / grid.cell)), 0, grid.height);
    const int r1 =
        std::clamp(static_cast<int>(std::ceil((grid.region.max_y - clip.min_y) / grid.cell)), 0, grid.height);
    if (c1 <= c0 || r1 <= r0) return;
    geo::RgbaImage image(c1 - c0, r1 - r0, {0, 0, 0, 0});
    const double top = d.look.scale_max > 0 ? d.look.scale_max : 1.0;
    for (int row = r0; row < r1; ++row)
        for (int col = c0; col < c1; ++col) {
            const double v = grid.at(col, row);
            if (!(v > 0) || !std::isfinite(v)) continue;
            geo::Rgba c = geo::ramp_colour(d.look.ramp, std::clamp(v / top, 0.0, 1.0));
            const double fade = d.look.fade_below > 0 ? std::min(1.0, v / (d.look.fade_below * top)) : 1.0;
            c.a = static_cast<uint8_t>(std::lround(255 * fade));
            image.set(col - c0, row - r0, c);
        }
    geo::BBox where;
    where.extend(page.to_page({grid.region.min_x + c0 * grid.cell, grid.region.max_y - r0 * grid.cell}));
    where.extend(page.to_page({grid.region.min_x + c1 * grid.cell, grid.region.max_y - r1 * grid.cell}));
    canvas.image(image, where, d.look.opacity);
}

void draw_cells(const render::CellOverlay& cells, const PageGeometry& page, double ratio, VectorCanvas& canvas) {
    // Fills by colour, each cell or district on its own; the outlines over them all.
    std::map<std::array<uint8_t, 4>, std::vector<Parts>> by_colour;
    std::vector<std::array<uint8_t, 4>> order;
    Parts outlines;
    const auto add = [&](Parts rings, size_t i) {
        if (rings.empty() || i >= cells.fills.size()) return;
        const geo::Rgba& c = cells.fills[i];
        const std::array<uint8_t, 4> key{c.r, c.g, c.b, c.a};
        auto& shapes = by_colour[key];
        if (shapes.empty()) order.push_back(key);
        outlines.insert(outlines.end(), rings.begin(), rings.end());
        shapes.push_back(std::move(rings));
    };
    for (size_t i = 0; i < cells.cells.size(); ++i) {
        Parts rings;
        page.add_ring(cells.cells[i].data(), cells.cells[i].size(), rings);
        add(std::move(rings), i);
    }
    for (size_t i = 0; i < cells.areas.size(); ++i) {
        Parts rings;
        if (cells.areas[i].bounds().intersects(page.world_clip())) add_rings(cells.areas[i], page, rings);
        add(std::move(rings), cells.cells.size() + i);
    }
    for (const auto& key : order)
        canvas.fill(by_colour[key], colour_of({key[0], key[1], key[2], key[3]}, cells.opacity));
    if (cells.outline_px > 0) canvas.stroke(outlines, true, {cells.outline, cells.outline_px * ratio});
}

void draw_overlay(const DensityView& view, const PageGeometry& page, double ratio, VectorCanvas& canvas) {
    canvas.begin_group(view.layer);
    if (view.drawn) {
        if (const auto* d = std::get_if<render::DensityOverlay>(&view.overlay)) draw_density(*d, page, canvas);
        if (const auto* c = std::get_if<render::CellOverlay>(&view.overlay)) draw_cells(*c, page, ratio, canvas);
        if (const auto* l = std::get_if<render::LineOverlay>(&view.overlay)) {
            Parts lines;
            for (const auto& g : l->lines)
                if (g.bounds().intersects(page.world_clip())) add_lines(g, page, lines);
            canvas.stroke(lines, false, {l->colour, l->width_px * ratio});
        }
    }
    canvas.end_group();
}

} // namespace

void draw_figure(const FigureScene& figure, VectorCanvas& canvas) {
    const auto& scene = figure.scene;
    const PageGeometry page(scene.view, kMarginPx);
    canvas.rect({0, 0, static_cast<double>(scene.view.width), static_cast<double>(scene.view.height)},
                figure.renderer.style().background);
    draw_basemap(figure, page, canvas);
    draw_reference_layers(figure, page, canvas);
    for (const auto& layer : scene.point_layers) {
        if (!layer.style.visible) continue;
        const auto view = std::find_if(figure.views.begin(), figure.views.end(),
                                       [&](const DensityView& v) { return v.layer == layer.name; });
        if (view != figure.views.end()) {
            draw_overlay(*view, page, scene.pixel_ratio, canvas);
            continue;
        }
        if (const auto* data = figure.project.point_layer(layer.name)) draw_points(figure, layer, *data, page, canvas);
    }
    canvas.begin_group("text");
    for (const render::QueuedText& t : figure.renderer.lay_out(scene)) {
        if (t.is_box)
            canvas.rect(t.box, t.box_colour);
        else
            canvas.text(t);
    }
    canvas.end_group();
}

FigureMetadata figure_metadata(const FigureScene& figure) {
    FigureMetadata m;
    m.title = figure.scene.furniture.title;
    std::string line;
    for (const auto& l : figure.renderer.furniture().attribution)
        line += (line.empty() ? "" : " ") + l;
    m.subject = line.empty() ? std::string(geo::osm_attribution) : line;
    const std::string& date = figure.project.basemap_date;
    const bool iso = date.size() == 10 && date[4] == '-' && date[7] == '-';
    m.created = (iso ? date : std::string("2000-01-01")) + "T00:00:00Z";
    return m;
}

std::vector<std::filesystem::path> write_vector_figure(const FigureScene& figure, geo::PictureFormat format, double dpi,
                                                       const std::filesystem::path& out, geo::FileSet* set) {
    const auto& view = figure.scene.view;
    // The furniture is laid out first: the metadata names the attribution it placed.
    figure.renderer.lay_out(figure.scene);
    const FigureMetadata metadata = figure_metadata(figure);
    std::string bytes;
    if (format == geo::PictureFormat::Pdf) {
        PdfCanvas canvas(view.width, view.height, dpi, metadata);
        draw_figure(figure, canvas);
        bytes = canvas.finish();
    } else if (format == geo::PictureFormat::Svg) {
        SvgCanvas canvas(view.width, view.height, dpi, metadata);
        draw_figure(figure, canvas);
        bytes = canvas.finish();
    } else {
        throw geo::Error("not a vector format", out.string());
    }
    if (set) {
        auto& file = set->add(out);
        file.write(bytes);
        file.flush_to_disk();
    } else {
        geo::write_file_atomically(out, bytes);
    }
    return {out};
}

} // namespace oko::app::figure
