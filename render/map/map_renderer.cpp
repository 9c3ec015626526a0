#include "render/map/map_renderer.hpp"

#include <glad/gl.h>

#include "geo/base/mercator.hpp"
#include "geo/map/attribution.hpp"
#include "render/map/frame_cache.hpp"
#include "render/labels/collision_grid.hpp"
#include "render/labels/furniture_layout.hpp"
#include "render/labels/label_layout.hpp"
#include "render/labels/legend_layout.hpp"
#include "render/labels/text_painter.hpp"
#include "render/painters/area_painter.hpp"
#include "render/painters/cell_painter.hpp"
#include "render/painters/coverage_raster.hpp"
#include "render/painters/line_painter.hpp"
#include "render/painters/reference_layer_painter.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <utility>

namespace oko::render {

namespace {

using geo::FeatureClass;
constexpr size_t kClassCount = static_cast<size_t>(FeatureClass::Count);

} // namespace

struct MapRenderer::Impl {
    geo::BasemapStyle style;
    AreaPainter areas;
    LinePainter lines;
    std::map<std::string, std::unique_ptr<PointLayerPainter>> point_layers;         // by layer name
    std::map<std::string, std::unique_ptr<ReferenceLayerPainter>> reference_layers; // by layer name
    std::map<std::string, std::unique_ptr<OverlayDrawing>> overlays;                // by point layer name
    std::unique_ptr<DensityPainter> density;                                        // made with the first overlay
    std::unique_ptr<CellPainter> cells;
    std::vector<geo::LegendSpec> legends;
    // Positions of the small point layers (sites, a few hundred cameras): labels keep clear of
    // their symbols. Large layers would leave no room for any label, so they are not listed.
    std::map<std::string, std::vector<geo::XY>> label_obstacles;
    TextPainter text;
    LabelLayout labels;
    std::array<std::unique_ptr<AreaBatch>, kClassCount> fills;
    std::array<std::unique_ptr<LineBatch>, kClassCount> strokes; // lines, or the rings of areas
    // Roads and railways in tunnels (z < 0) and on bridges (z > 0), by LineLevel::z() and class;
    // `strokes` holds those on the ground.
    std::map<int, std::array<std::unique_ptr<LineBatch>, kClassCount>> levels;
    std::vector<FeatureClass> style_order; // classes in the style's draw order
    std::optional<LabelKey> label_key;
    size_t placed_labels = 0;
    bool feather_buildings = false;
    bool cache_frames = true;
    uint64_t generation = 0; // bumped by anything that changes pictures without changing the scene
    // The last picture, and its basemap alone: a filter or symbol change draws only the points
    // and labels again, over a copy of the basemap.
    KeptPicture picture, base;
    KeptPicture spare; // the previous basemap, while a pan copies it shifted into the other
    // Zoomed out, every fill (landuse, green, water, buildings, in the scene's order) as one
    // picture of 4 m texels: one textured rectangle instead of tens of thousands of features.
    // Built on first need, again when the basemap's look (layers shown, opacity, order) changes.
    // Lines then all go over the fills, whatever their layers' order.
    std::unique_ptr<CoverageRaster> fill_raster;
    geo::BasemapLook fill_raster_look;
    double fill_raster_texel = 0; // the texel size it was built for, metres
    uint64_t fill_raster_generation = 0;
    uint64_t fills_generation = 0; // bumped by a new basemap or style: the fill raster is stale
    size_t raster_triangles = 0;   // in the last frame
    std::optional<FrameKey> picture_key;
    std::optional<BaseKey> base_key;
    std::string basemap_attribution = geo::osm_attribution;
    std::vector<std::string> credits;         // the visible layers' sources and the data's date
    std::array<double, 4> furniture_insets{}; // left, top, right, bottom, logical px
    FurnitureLayout furniture;                // as the last layout placed it

    explicit Impl(const geo::BasemapStyle& s) : style(s) {}

    void sort_classes() {
        style_order.clear();
        for (size_t i = 0; i < kClassCount; ++i)
            style_order.push_back(static_cast<FeatureClass>(i));
        std::stable_sort(style_order.begin(), style_order.end(),
                         [&](FeatureClass a, FeatureClass b) { return style.of(a).order < style.of(b).order; });
    }

    // The classes by the scene's order of layers, each layer's classes in the style's order.
    std::vector<FeatureClass> classes_in_order(const geo::SceneSpec& spec) const {
        std::vector<FeatureClass> order = style_order;
        std::stable_sort(order.begin(), order.end(), [&](FeatureClass a, FeatureClass b) {
            return spec.basemap.rank(geo::info(a).layer) < spec.basemap.rank(geo::info(b).layer);
        });
        return order;
    }

    // A layer's opacity fades its colours into the paper: its own features do not show through
    // each other (a road's casing through its fill) as true transparency would.
    geo::Colour faded(const geo::Colour& c, FeatureClass cls, const geo::SceneSpec& spec) const {
        const float o = spec.opacity(geo::info(cls).layer);
        if (o >= 1.0f) return c;
        const auto& bg = style.background;
        return {bg.r + (c.r - bg.r) * o, bg.g + (c.g - bg.g) * o, bg.b + (c.b - bg.b) * o, c.a};
    }

    // Whether a class's lines go in tunnels and over bridges: roads and railways.
    static bool has_levels(FeatureClass c) {
        const auto& ci = geo::info(c);
        return ci.kind == geo::GeomKind::Line &&
               (ci.layer == geo::BasemapLayer::Roads || ci.layer == geo::BasemapLayer::Rail);
    }

    // The roads and railways of one level under (z < 0) or over (z > 0) the ground: every casing of
    // the level first, then every line, so that crossings within a level read as joins.
    void level_steps(int z, const std::array<std::unique_ptr<LineBatch>, kClassCount>& batches,
                     const std::vector<FeatureClass>& order, const geo::SceneSpec& spec, double logical_ground,
                     std::vector<BasemapStep>& out) const {
        const bool tunnel = z < 0;
        const double ratio = spec.pixel_ratio;
        const auto& ss = style.structures;
        auto width_px = [&](const geo::LineStyle& l) { return l.width_px(logical_ground) * ratio; };
        auto paler = [&](const geo::Colour& c) {
            const float t = ss.tunnel_fade;
            return geo::Colour{c.r + (1 - c.r) * t, c.g + (1 - c.g) * t, c.b + (1 - c.b) * t, c.a};
        };
        auto stroke = [&](FeatureClass cls, const geo::Colour& colour, double width, double on = 0, double off = 0) {
            out.push_back({BasemapStep::Kind::stroke, cls, z, faded(colour, cls, spec), width, on, off, 0, false});
        };
        for (FeatureClass cls : order) {
            const size_t i = static_cast<size_t>(cls);
            const auto& cs = style.of(cls);
            if (!batches[i] || !shown(cls, spec, logical_ground) || !cs.line.enabled) continue;
            const double line = width_px(cs.line);
            const double edge =
                cs.casing.enabled ? geo::BasemapStyle::casing_edge_px(cs.casing, line / ratio) * ratio : 0.0;
            if (tunnel) {
                if (cs.casing.enabled)
                    stroke(cls, cs.casing.colour, line + 2 * edge, ss.tunnel_dash_on_px * ratio,
                           ss.tunnel_dash_off_px * ratio);
                continue;
            }
            stroke(cls, ss.bridge_casing, line + 2 * (edge + ss.bridge_edge_px * ratio));
            if (cs.casing.enabled) stroke(cls, cs.casing.colour, line + 2 * edge);
        }
        for (FeatureClass cls : order) {
            const size_t i = static_cast<size_t>(cls);
            const auto& cs = style.of(cls);
            if (!batches[i] || !shown(cls, spec, logical_ground) || !cs.line.enabled) continue;
            const double line = width_px(cs.line);
            if (tunnel) {
                // A class without a casing (a railway, a footway) shows its tunnel as a pale dashed line.
                const bool dash = !cs.casing.enabled && cs.line.dash_on_px <= 0;
                stroke(cls, paler(cs.line.colour), line, (dash ? ss.tunnel_dash_on_px : cs.line.dash_on_px) * ratio,
                       (dash ? ss.tunnel_dash_off_px : cs.line.dash_off_px) * ratio);
                continue;
            }
            stroke(cls, cs.line.colour, line, cs.line.dash_on_px * ratio, cs.line.dash_off_px * ratio);
            if (cs.centre.enabled)
                stroke(cls, cs.centre.colour, width_px(cs.centre), cs.centre.dash_on_px * ratio,
                       cs.centre.dash_off_px * ratio);
        }
    }

    // The basemap's fills and lines in the order they are drawn (see BasemapStep).
    std::vector<BasemapStep> steps(const geo::SceneSpec& spec, double logical_ground) const {
        const double ratio = spec.pixel_ratio;
        auto width_px = [&](const geo::LineStyle& l) { return l.width_px(logical_ground) * ratio; };
        std::vector<BasemapStep> out;
        auto add = [&](BasemapStep::Kind kind, FeatureClass cls, const geo::Colour& colour, double width, double on = 0,
                       double off = 0, double min_px = 0) {
            out.push_back({kind, cls, 0, faded(colour, cls, spec), width, on, off, min_px, false});
        };
        const std::vector<FeatureClass> order = classes_in_order(spec);
        // Tunnels go in before the first road or railway on the ground, bridges after the last.
        FeatureClass first_levelled = FeatureClass::Count, last_levelled = FeatureClass::Count;
        for (FeatureClass cls : order)
            if (has_levels(cls) && shown(cls, spec, logical_ground)) {
                if (first_levelled == FeatureClass::Count) first_levelled = cls;
                last_levelled = cls;
            }
        auto add_levels = [&](bool bridges) {
            for (const auto& level : levels)
                if ((level.first > 0) == bridges)
                    level_steps(level.first, level.second, order, spec, logical_ground, out);
        };
        bool casings_done = false;
        for (FeatureClass cls : order) {
            const size_t i = static_cast<size_t>(cls);
            if (!shown(cls, spec, logical_ground)) continue;
            if (cls == first_levelled) add_levels(false);
            const auto& cs = style.of(cls);
            if (fills[i]) add(BasemapStep::Kind::fill, cls, cs.fill_colour, 0, 0, 0, cs.min_feature_px * ratio);
            if (!strokes[i]) {
                if (cls == last_levelled) add_levels(true);
                continue;
            }
            if (geo::info(cls).kind == geo::GeomKind::Area) {
                const bool outline = cs.outline.enabled &&
                                     (cs.outline_max_resolution <= 0 || logical_ground <= cs.outline_max_resolution);
                if (outline)
                    add(BasemapStep::Kind::stroke, cls, cs.outline.colour, width_px(cs.outline),
                        cs.outline.dash_on_px * ratio, cs.outline.dash_off_px * ratio, cs.min_feature_px * ratio);
                else if (cs.fill)
                    add(BasemapStep::Kind::feather, cls, cs.fill_colour, 1.0, 0, 0, kFeatherMinPx);
                continue;
            }
            // Roads: every casing of the layer goes under every fill, so crossings read as joins.
            if (geo::info(cls).layer == geo::BasemapLayer::Roads && !casings_done) {
                casings_done = true;
                for (FeatureClass road : order) {
                    const size_t r = static_cast<size_t>(road);
                    const auto& rs = style.of(road);
                    if (geo::info(road).layer != geo::BasemapLayer::Roads || !strokes[r] || !rs.casing.enabled ||
                        !shown(road, spec, logical_ground))
                        continue;
                    const double line = width_px(rs.line);
                    out.push_back({BasemapStep::Kind::stroke, road, 0, faded(rs.casing.colour, road, spec),
                                   line + 2 * geo::BasemapStyle::casing_edge_px(rs.casing, line / ratio) * ratio, 0, 0,
                                   0, false});
                }
            }
            if (cs.casing.enabled && geo::info(cls).layer != geo::BasemapLayer::Roads)
                add(BasemapStep::Kind::stroke, cls, cs.casing.colour,
                    width_px(cs.line) +
                        2 * geo::BasemapStyle::casing_edge_px(cs.casing, width_px(cs.line) / ratio) * ratio);
            if (cs.line.enabled)
                add(BasemapStep::Kind::stroke, cls, cs.line.colour, width_px(cs.line), cs.line.dash_on_px * ratio,
                    cs.line.dash_off_px * ratio);
            if (cs.centre.enabled)
                add(BasemapStep::Kind::stroke, cls, cs.centre.colour, width_px(cs.centre), cs.centre.dash_on_px * ratio,
                    cs.centre.dash_off_px * ratio);
            if (cls == last_levelled) add_levels(true);
        }
        for (auto it = out.rbegin(); it != out.rend(); ++it)
            if (it->kind == BasemapStep::Kind::fill) {
                it->last_fill = true;
                break;
            }
        return out;
    }

    static constexpr double kFeatherMinPx = 12.0;

    bool shown(FeatureClass c, const geo::SceneSpec& spec, double logical_ground) const {
        const auto& cs = style.of(c);
        return spec.visible(geo::info(c).layer) && (cs.max_resolution <= 0 || logical_ground <= cs.max_resolution);
    }

    Frame frame_of(const geo::SceneSpec& spec, double device_scale, int x0, int y0, int width, int height) const {
        Frame frame;
        frame.view = spec.view;
        frame.x0 = x0;
        frame.y0 = y0;
        frame.width = std::max(1, width);
        frame.height = std::max(1, height);
        frame.device_scale = device_scale;
        frame.pixel_ratio = spec.pixel_ratio;
        const double lat = geo::from_mercator(spec.view.center).lat;
        frame.ground_resolution = spec.view.resolution * geo::mercator_scale_at(lat) / device_scale;
        return frame;
    }

    static constexpr double kRasterTexelM = 4.0; // used from about 8 m per pixel (zoom 14) out

    // The fill raster when this frame should use it: texels at most half a pixel, and a style
    // that shows every fill at every scale (the raster has no scale of its own).
    CoverageRaster* fill_raster_for(const geo::SceneSpec& spec, const Frame& frame) {
        // Texels of kRasterTexelM times a power of two, the coarsest under half a pixel: a small
        // or far-out picture (a thumbnail, the reopen check) builds a small raster, and a raster
        // is built again only for a view that needs finer texels than it has.
        const double needed = 0.5 / frame.px_per_metre();
        if (needed < kRasterTexelM) return nullptr;
        double texel = kRasterTexelM;
        while (texel * 2 <= needed)
            texel *= 2;
        geo::BBox bounds;
        for (FeatureClass cls : style_order) {
            const size_t i = static_cast<size_t>(cls);
            if (!fills[i]) continue;
            if (style.of(cls).max_resolution > 0) return nullptr;
            bounds.extend(fills[i]->bounds());
        }
        if (bounds.empty()) return nullptr;
        if (fill_raster && (!(fill_raster_look == spec.basemap) || fill_raster_generation != fills_generation ||
                            fill_raster_texel > texel))
            fill_raster.reset();
        if (!fill_raster) {
            const geo::XY origin = bounds.center();
            geo::BBox local;
            local.extend(bounds.min_x - origin.x, bounds.min_y - origin.y);
            local.extend(bounds.max_x - origin.x, bounds.max_y - origin.y);
            constexpr int kMaxSide = 4096;
            fill_raster = std::make_unique<CoverageRaster>(local, origin, texel, kMaxSide, [&](const Frame& f) {
                for (FeatureClass cls : classes_in_order(spec)) {
                    const size_t i = static_cast<size_t>(cls);
                    if (fills[i] && spec.visible(geo::info(cls).layer))
                        areas.draw(*fills[i], f, faded(style.of(cls).fill_colour, cls, spec),
                                   style.of(cls).min_feature_px);
                }
            });
            areas.reset_counts(); // count this frame's drawing, not the raster's
            fill_raster_look = spec.basemap;
            fill_raster_generation = fills_generation;
            fill_raster_texel = texel;
        }
        return fill_raster->texel_m() * frame.px_per_metre() <= 0.5 ? fill_raster.get() : nullptr;
    }

    // Clears and draws the basemap's fills and lines: into the whole framebuffer, or with
    // `strip`, into the frame's width and height from that corner (bottom-left, GL pixels) and
    // nowhere else.
    struct Strip {
        int gl_x = 0, gl_y = 0;
    };
    // `every_edge`: without multisampling, feather area edges at every scale (a picture to keep),
    // not only where they are shapes rather than texture (a window frame).
    void draw_basemap(const geo::SceneSpec& spec, const Frame& frame, const std::function<void()>& after_fills,
                      bool every_edge, const Strip* strip = nullptr) {
        const double logical_ground = frame.ground_resolution * spec.pixel_ratio;

        const Strip whole;
        const Strip& at = strip ? *strip : whole;
        glViewport(at.gl_x, at.gl_y, frame.width, frame.height);
        if (strip) glScissor(at.gl_x, at.gl_y, frame.width, frame.height);
        GLint samples = 0;
        glGetIntegerv(GL_SAMPLES, &samples);
        // A single-sampled framebuffer (a window without MSAA) gets fills with feathered edges: a
        // one-pixel anti-aliased line of the fill's colour along the rings of every feature big
        // enough to show an edge. Buildings are many: theirs is an option (about +60% per frame of a
        // city centre on llvmpipe).
        // Zoomed out, edges are a texture rather than shapes: a window frame saves the cost there.
        const bool feather = samples <= 1 && (every_edge || logical_ground <= 4.0);
        glDisable(GL_DEPTH_TEST);
        glDisable(GL_CULL_FACE);
        if (strip)
            glEnable(GL_SCISSOR_TEST);
        else
            glDisable(GL_SCISSOR_TEST);
        glEnable(GL_BLEND);
        glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA); // every shader writes premultiplied colour
        const auto& bg = style.background;
        glClearColor(bg.r, bg.g, bg.b, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);

        areas.reset_counts();
        lines.reset_counts();
        CoverageRaster* raster = fill_raster_for(spec, frame);
        if (raster) raster->draw(frame);
        raster_triangles = raster ? 2 : 0;
        const std::vector<BasemapStep> plan = steps(spec, logical_ground);
        // Past the last fill, only anti-aliased lines, points and text follow.
        if (after_fills && std::none_of(plan.begin(), plan.end(), [](const BasemapStep& s) { return s.last_fill; }))
            after_fills();
        for (const BasemapStep& step : plan) {
            const size_t i = static_cast<size_t>(step.cls);
            switch (step.kind) {
            case BasemapStep::Kind::fill:
                if (!raster) areas.draw(*fills[i], frame, step.colour, step.min_feature_px);
                if (step.last_fill && after_fills) after_fills();
                break;
            case BasemapStep::Kind::stroke:
                lines.draw(step.level == 0 ? *strokes[i] : *levels.at(step.level)[i], frame, step.colour, step.width_px,
                           step.dash_on_px, step.dash_off_px, step.min_feature_px);
                break;
            case BasemapStep::Kind::feather:
                if (feather && !raster &&
                    (feather_buildings || geo::info(step.cls).layer != geo::BasemapLayer::Buildings))
                    lines.draw(*strokes[i], frame, step.colour, step.width_px, 0, 0, step.min_feature_px, 1.0);
                break;
            }
        }
        for (const auto& layer : spec.reference_layers) {
            const auto it = reference_layers.find(layer.name);
            if (it != reference_layers.end())
                it->second->draw(layer.style, frame, logical_ground, spec.pixel_ratio, areas, lines);
        }
        glDisable(GL_SCISSOR_TEST);
    }

    // While the view pans, the kept basemap moves by whole pixels: it is copied shifted and
    // only the strips that come into view are drawn. Anything else (a zoom, a fraction of a
    // pixel, a layer) returns false and the caller draws the whole basemap. (Line widths follow
    // the ground resolution at the view's centre, which changes a little with the latitude of
    // a vertical pan: strips may differ from a full redraw by a few hundredths of a pixel.)
    bool shift_base(const geo::SceneSpec& spec, const BaseKey& key, double scale) {
        if (!base_key) return false;
        BaseKey moved = *base_key;
        moved.view.center = key.view.center;
        if (!(moved == key)) return false;
        const int w = key.width, h = key.height;
        const double px_per_m = scale / key.view.resolution;
        // How far the picture's content moves, GL pixels (y up).
        const double sx = (base_key->view.center.x - key.view.center.x) * px_per_m;
        const double sy = (base_key->view.center.y - key.view.center.y) * px_per_m;
        const long dx = std::lround(sx), dy = std::lround(sy);
        if (std::abs(sx - dx) > 1e-3 || std::abs(sy - dy) > 1e-3) return false;
        if (std::abs(dx) * 2 >= w || std::abs(dy) * 2 >= h) return false; // mostly new: draw it all
        spare.bind(w, h);
        base.copy_to(spare.fbo, static_cast<int>(dx), static_cast<int>(dy));
        base.swap(spare);
        base.bind(w, h);
        auto draw_strip = [&](int gl_x, int gl_y, int sw, int sh) {
            if (sw <= 0 || sh <= 0) return;
            const Frame strip = frame_of(spec, scale, gl_x, h - gl_y - sh, sw, sh);
            const Strip corner{gl_x, gl_y};
            draw_basemap(spec, strip, {}, false, &corner);
        };
        if (dx > 0) draw_strip(0, 0, static_cast<int>(dx), h);
        if (dx < 0) draw_strip(w + static_cast<int>(dx), 0, static_cast<int>(-dx), h);
        // Rows across the whole width: a corner drawn twice is cleared before its second drawing.
        if (dy > 0) draw_strip(0, 0, w, static_cast<int>(dy));
        if (dy < 0) draw_strip(0, h + static_cast<int>(dy), w, static_cast<int>(-dy));
        return true;
    }

    // Points and labels, over what draw_basemap drew.
    void draw_overlay(const geo::SceneSpec& spec, const Frame& frame) {
        glViewport(0, 0, frame.width, frame.height);
        glDisable(GL_DEPTH_TEST);
        glDisable(GL_CULL_FACE);
        glDisable(GL_SCISSOR_TEST);
        glEnable(GL_BLEND);
        glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
        for (const auto& layer : spec.point_layers) {
            if (!layer.style.visible) continue;
            if (const auto o = overlays.find(layer.name); o != overlays.end()) {
                OverlayPainters painters{*density, *cells, lines};
                o->second->draw(painters, frame, spec.pixel_ratio);
                continue;
            }
            const auto it = point_layers.find(layer.name);
            if (it == point_layers.end()) continue;
            it->second->apply(layer.style, layer.filter);
            it->second->draw(frame);
        }
        layout_labels(spec, frame.device_scale, frame.ground_resolution);
        text.draw(frame);
    }

    // The credit line: the scene's (or, when it has none, the basemap's), which always names
    // OpenStreetMap's contributors (the ODbL requires it), then the credits set_credits() gave.
    std::string attribution_line(const geo::SceneSpec& spec) const {
        std::string line = spec.attribution.empty() ? basemap_attribution : spec.attribution;
        if (line.find(geo::osm_attribution) == std::string::npos)
            line = line.empty() ? std::string(geo::osm_attribution)
                                : std::string(geo::osm_attribution) + " \u00B7 " + line;
        for (const auto& c : credits)
            if (!c.empty() && line.find(c) == std::string::npos) line += " \u00B7 " + c;
        return line;
    }

    AttributionLook attribution_look() const {
        const auto& a = style.attribution;
        return {a.size_px, a.bold, a.colour, style.attribution_box};
    }

    void layout_labels(const geo::SceneSpec& spec, double device_scale, double ground) {
        LabelKey key{spec.view.center,
                     spec.view.resolution,
                     spec.view.width,
                     spec.view.height,
                     device_scale,
                     spec.pixel_ratio,
                     spec.basemap.visible,
                     spec.labels,
                     spec.attribution,
                     spec.labels_over_points,
                     {},
                     spec.furniture};
        for (const auto& r : spec.reference_layers)
            if (r.style.visible && !r.style.label_field.empty())
                key.reference_labels +=
                    r.name + '\n' + std::to_string(r.style.opacity) + '\n' + r.style.label_field + '\n';
        if (label_key && *label_key == key) return;
        label_key = key;
        text.clear();
        const double ratio = spec.pixel_ratio;
        const double full_w = spec.view.width * device_scale, full_h = spec.view.height * device_scale;

        // The furniture first (the attribution flush in its corner, then the scale bar, north
        // arrow, title, note and legends stacked in theirs); labels keep clear of all of it.
        const geo::ScaleBar bar = [&] {
            geo::ScaleBar b = geo::scale_bar_for(spec.view);
            b.length_px *= device_scale;
            return b;
        }();
        // In the corners of the view less its insets (the window's panels), then moved there.
        const auto& in = furniture_insets;
        const double left = in[0] * device_scale, top = in[1] * device_scale;
        furniture = place_furniture(text, spec.furniture, legends, attribution_line(spec), attribution_look(), bar,
                                    std::max(1.0, full_w - left - in[2] * device_scale),
                                    std::max(1.0, full_h - top - in[3] * device_scale), ratio);
        if (left != 0 || top != 0) {
            const auto shift = [&](geo::BBox& b) {
                b = {b.min_x + left, b.min_y + top, b.max_x + left, b.max_y + top};
            };
            for (auto& b : furniture.boxes)
                if (b) shift(*b);
            for (auto& b : furniture.legends)
                shift(b);
        }
        std::vector<geo::BBox> reserved = furniture.taken();
        for (const auto& layer : spec.point_layers) {
            const auto it = label_obstacles.find(layer.name);
            if (spec.labels_over_points || it == label_obstacles.end() || !layer.style.visible ||
                overlays.count(layer.name))
                continue;
            const double r = (layer.style.radius_px * 1.2 + 2) * ratio * device_scale;
            for (const auto& p : it->second) {
                const geo::XY px = spec.view.to_pixel(p);
                geo::BBox b;
                b.extend(px.x * device_scale - r, px.y * device_scale - r);
                b.extend(px.x * device_scale + r, px.y * device_scale + r);
                reserved.push_back(b);
            }
        }
        std::vector<PlacedLabel> placed;
        if (spec.labels) placed = labels.place(spec, device_scale, ground, text, reserved);
        placed_labels = placed.size();
        for (const auto& l : placed)
            text.add(l.text, l.origin, l.angle, l.style);
        if (spec.labels && !key.reference_labels.empty()) {
            // Names of reference polygons (municipalities) where the basemap's labels left room.
            CollisionGrid taken(full_w, full_h);
            for (const auto& r : reserved)
                taken.insert(r);
            for (const auto& l : placed)
                taken.insert(l.box);
            for (auto r = spec.reference_layers.rbegin(); r != spec.reference_layers.rend(); ++r) {
                const auto it = reference_layers.find(r->name);
                if (it != reference_layers.end())
                    it->second->add_labels(r->style, spec.view, device_scale, ratio, text, taken);
            }
        }
        add_furniture(text, legends, attribution_look(), furniture, ratio);
    }
};

MapRenderer::MapRenderer(geo::BasemapStyle style) : m(std::make_unique<Impl>(style)) { m->sort_classes(); }

MapRenderer::~MapRenderer() = default;

void MapRenderer::set_style(const geo::BasemapStyle& style) {
    ++m->generation;
    ++m->fills_generation;
    m->style = style;
    m->sort_classes();
    m->label_key.reset();
}

const geo::BasemapStyle& MapRenderer::style() const { return m->style; }

void MapRenderer::set_feather_buildings(bool on) {
    ++m->generation;
    m->feather_buildings = on;
}

void MapRenderer::set_point_layer(const std::string& name, const PointLayerGeometry& geometry) {
    ++m->generation;
    m->point_layers[name] = std::make_unique<PointLayerPainter>(geometry);
    constexpr size_t kMaxObstacles = 2000;
    if (geometry.positions.size() <= kMaxObstacles)
        m->label_obstacles[name] = geometry.positions;
    else
        m->label_obstacles.erase(name);
    m->label_key.reset();
}

void MapRenderer::update_point_layer(const std::string& name, const PointLayerPatch& patch) {
    const auto it = m->point_layers.find(name);
    if (it == m->point_layers.end()) return;
    ++m->generation;
    it->second->update(patch);
    if (const auto obstacles = m->label_obstacles.find(name); obstacles != m->label_obstacles.end()) {
        for (size_t k = 0; k < patch.points.size(); ++k)
            if (patch.points[k] < obstacles->second.size()) obstacles->second[patch.points[k]] = patch.positions[k];
        m->label_key.reset();
    }
}

void MapRenderer::clear_point_layers() {
    ++m->generation;
    m->point_layers.clear();
    m->label_obstacles.clear();
    m->label_key.reset();
}

void MapRenderer::set_point_overlay(const std::string& name, const PointOverlay& overlay) {
    if (!m->density) m->density = std::make_unique<DensityPainter>();
    if (!m->cells) m->cells = std::make_unique<CellPainter>();
    auto drawing = upload_overlay(overlay); // throws before anything changes
    ++m->generation;
    m->overlays[name] = std::move(drawing);
    m->label_key.reset();
}

void MapRenderer::clear_point_overlay(const std::string& name) {
    if (m->overlays.erase(name) == 0) return;
    ++m->generation;
    m->label_key.reset();
}

void MapRenderer::clear_point_overlays() {
    if (m->overlays.empty()) return;
    ++m->generation;
    m->overlays.clear();
    m->label_key.reset();
}

bool MapRenderer::has_point_overlay(const std::string& name) const { return m->overlays.count(name) > 0; }

void MapRenderer::set_legends(std::vector<geo::LegendSpec> legends) {
    if (legends == m->legends) return;
    ++m->generation;
    m->legends = std::move(legends);
    m->label_key.reset();
}

void MapRenderer::set_credits(std::vector<std::string> credits) {
    if (credits == m->credits) return;
    ++m->generation;
    m->credits = std::move(credits);
    m->label_key.reset();
}

void MapRenderer::set_furniture_insets(double left, double top, double right, double bottom) {
    const std::array<double, 4> insets{left, top, right, bottom};
    if (insets == m->furniture_insets) return;
    ++m->generation;
    m->furniture_insets = insets;
    m->label_key.reset();
}

const FurnitureLayout& MapRenderer::furniture() const { return m->furniture; }

void MapRenderer::set_reference_layer(const geo::ReferenceLayerData& layer) {
    ++m->generation;
    m->reference_layers[layer.name] = std::make_unique<ReferenceLayerPainter>(layer);
    m->label_key.reset();
}

void MapRenderer::clear_reference_layers() {
    ++m->generation;
    m->reference_layers.clear();
    m->label_key.reset();
}

void MapRenderer::set_point_filter(const std::string& name, const geo::CompiledFilter& filter) {
    const auto it = m->point_layers.find(name);
    if (it != m->point_layers.end()) it->second->set_compiled(filter);
}

void MapRenderer::set_basemap(const geo::Basemap& basemap) {
    ++m->generation;
    ++m->fills_generation;
    std::array<std::vector<const geo::Geometry*>, kClassCount> by_class;
    std::map<int, std::array<std::vector<const geo::Geometry*>, kClassCount>> by_level;
    geo::BBox extent;
    for (const auto& f : basemap.features) {
        const int z = drawn_level(f);
        (z == 0 ? by_class : by_level[z])[static_cast<size_t>(f.cls)].push_back(&f.geometry);
        extent.extend(f.geometry.bounds());
    }
    const CellGrid grid = CellGrid::over(extent);
    m->levels.clear();
    for (const auto& level : by_level)
        for (size_t i = 0; i < kClassCount; ++i)
            if (!level.second[i].empty())
                m->levels[level.first][i] = std::make_unique<LineBatch>(level.second[i], grid, false);
    for (size_t i = 0; i < kClassCount; ++i) {
        m->fills[i].reset();
        m->strokes[i].reset();
        const auto cls = static_cast<FeatureClass>(i);
        const auto& cs = m->style.of(cls);
        const auto kind = geo::info(cls).kind;
        if (by_class[i].empty()) continue;
        if (kind == geo::GeomKind::Area) {
            if (cs.fill) m->fills[i] = std::make_unique<AreaBatch>(by_class[i], grid);
            // Rings serve the outline, and without multisampling they soften the fill's edges.
            if (cs.outline.enabled || cs.fill) m->strokes[i] = std::make_unique<LineBatch>(by_class[i], grid, true);
        } else if (kind == geo::GeomKind::Line) {
            m->strokes[i] = std::make_unique<LineBatch>(by_class[i], grid, false);
        }
    }
    m->labels.set_basemap(basemap, m->style);
    m->basemap_attribution = basemap.attribution;
    m->label_key.reset();
}

void MapRenderer::draw(const geo::SceneSpec& spec, int framebuffer_width, int framebuffer_height) {
    const double scale = spec.view.width > 0 ? static_cast<double>(framebuffer_width) / spec.view.width : 1.0;
    glDisable(GL_SCISSOR_TEST); // a UI toolkit may leave it on; it would clip the copy
    GLint target = 0, samples = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &target);
    glGetIntegerv(GL_SAMPLES, &samples);
    // A window redraws for every mouse move over a panel: an unchanged scene is copied from the
    // last picture instead of drawn again. (Multisampled targets cannot take the copy.)
    if (!m->cache_frames || samples > 1) {
        const Frame frame = m->frame_of(spec, scale, 0, 0, framebuffer_width, framebuffer_height);
        m->draw_basemap(spec, frame, {}, false);
        m->draw_overlay(spec, frame);
        return;
    }
    const FrameKey key{spec, framebuffer_width, framebuffer_height, m->generation};
    if (!(m->picture_key && *m->picture_key == key)) {
        const Frame frame = m->frame_of(spec, scale, 0, 0, framebuffer_width, framebuffer_height);
        const BaseKey base_key{spec.view,          spec.basemap,  spec.pixel_ratio,     framebuffer_width,
                               framebuffer_height, m->generation, spec.reference_layers};
        if (!(m->base_key && *m->base_key == base_key)) {
            if (!m->shift_base(spec, base_key, scale)) {
                m->base.bind(framebuffer_width, framebuffer_height);
                m->draw_basemap(spec, frame, {}, false);
            }
            m->base_key = base_key;
        }
        m->picture.bind(framebuffer_width, framebuffer_height);
        m->base.copy_to(m->picture.fbo);
        m->draw_overlay(spec, frame);
        m->picture_key = key;
    }
    m->picture.copy_to(static_cast<GLuint>(target));
}

void MapRenderer::set_frame_cache(bool on) {
    m->cache_frames = on;
    m->picture_key.reset();
    m->base_key.reset();
}

void MapRenderer::invalidate() { ++m->generation; }

void MapRenderer::draw_region(const geo::SceneSpec& spec, double device_scale, int x0, int y0, int width, int height,
                              const std::function<void()>& after_fills) {
    const Frame frame = m->frame_of(spec, device_scale, x0, y0, width, height);
    m->draw_basemap(spec, frame, after_fills, true);
    m->draw_overlay(spec, frame);
}

bool MapRenderer::multisampling_pays(const geo::SceneSpec& spec, double device_scale) const {
    // Zoomed out, fills come from their raster (and a style whose fills are limited in scale,
    // which the raster cannot serve, still gets anti-aliased proxies and feathered edges).
    const Frame frame = m->frame_of(spec, device_scale, 0, 0, spec.view.width, spec.view.height);
    return Impl::kRasterTexelM * frame.px_per_metre() > 0.5;
}

std::vector<BasemapStep> MapRenderer::basemap_steps(const geo::SceneSpec& spec, double device_scale) const {
    const Frame frame = m->frame_of(spec, device_scale, 0, 0, spec.view.width, spec.view.height);
    return m->steps(spec, frame.ground_resolution * spec.pixel_ratio);
}

std::vector<ReferenceStep> MapRenderer::reference_steps(const geo::SceneSpec& spec,
                                                        const geo::ReferenceLayerSpec& layer, double device_scale) {
    const auto it = m->reference_layers.find(layer.name);
    if (it == m->reference_layers.end()) return {};
    const Frame frame = m->frame_of(spec, device_scale, 0, 0, spec.view.width, spec.view.height);
    return it->second->steps(layer.style, frame.ground_resolution * spec.pixel_ratio, spec.pixel_ratio);
}

int MapRenderer::drawn_level(const geo::Feature& feature) {
    return Impl::has_levels(feature.cls) ? feature.level.z() : 0;
}

const std::vector<QueuedText>& MapRenderer::lay_out(const geo::SceneSpec& spec, double device_scale) {
    const Frame frame = m->frame_of(spec, device_scale, 0, 0, spec.view.width, spec.view.height);
    m->layout_labels(spec, device_scale, frame.ground_resolution);
    return m->text.queued();
}

MapRenderer::Stats MapRenderer::stats() const {
    Stats s;
    for (const auto& f : m->fills)
        if (f) s.triangles += f->triangle_count();
    for (const auto& l : m->strokes)
        if (l) s.segments += l->segment_count();
    for (const auto& level : m->levels)
        for (const auto& l : level.second)
            if (l) s.segments += l->segment_count();
    for (const auto& [name, layer] : m->reference_layers) {
        s.triangles += layer->triangle_count();
        s.segments += layer->segment_count();
    }
    s.labels = m->placed_labels;
    s.drawn_triangles = m->areas.drawn() + m->raster_triangles;
    s.drawn_segments = m->lines.drawn();
    return s;
}

} // namespace oko::render
