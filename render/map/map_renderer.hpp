#pragma once
// Draws a SceneSpec: the basemap in style order, point layers, labels and the attribution
// (the scene's, or the basemap's when the scene has none: OSM data is never shown without it). The
// same object draws into the window's framebuffer and into an OffscreenTarget; it needs a
// current OpenGL 3.3 core context with glad loaded (the window's or a HeadlessContext) and must
// be used and destroyed on that context's thread.

#include "geo/map/basemap.hpp"
#include "geo/scene/basemap_style.hpp"
#include "geo/map/reference_layer.hpp"
#include "geo/scene/legend.hpp"
#include "geo/scene/scene_spec.hpp"
#include "render/labels/furniture_layout.hpp"
#include "render/map/point_overlay.hpp"
#include "render/painters/point_layer_painter.hpp"
#include "render/painters/reference_layer_painter.hpp"

#include <functional>
#include <memory>

namespace oko::render {

// One step of drawing the basemap, in the order MapRenderer draws them: a class's areas filled,
// or its lines (the rings of its areas) stroked, at one level, with the colours and widths the
// style gives at the scene's scale. The one walk of the basemap: the GPU draws it, and so does a
// vector output, from the features themselves.
struct BasemapStep {
    enum class Kind {
        fill,   // the class's areas
        stroke, // its lines, or the rings of its areas
        feather // a raster's one-pixel edge along the rings of a fill, no part of the design
    };
    Kind kind = Kind::fill;
    geo::FeatureClass cls{};
    int level = 0;                                        // 0 on the ground; < 0 tunnels, > 0 bridges (drawn_level)
    geo::Colour colour;                                   // faded by the layer's opacity
    double width_px = 0, dash_on_px = 0, dash_off_px = 0; // device px; no dash when dash_on_px is 0
    double min_feature_px = 0;                            // features whose box is smaller are left out
    bool last_fill = false;                               // only lines follow
};

class MapRenderer {
public:
    explicit MapRenderer(geo::BasemapStyle style = geo::BasemapStyle::standard());
    ~MapRenderer();
    MapRenderer(const MapRenderer&) = delete;
    MapRenderer& operator=(const MapRenderer&) = delete;

    // Uploads the basemap (GPU buffers per class, culling grid, label candidates). The basemap
    // is not referenced afterwards.
    void set_basemap(const geo::Basemap& basemap);
    void set_style(const geo::BasemapStyle& style); // takes effect at the next set_basemap
    const geo::BasemapStyle& style() const;

    // Draws the whole view into the bound framebuffer of that size. When it differs from the
    // view's size (a HiDPI window), the picture is scaled to fill it. Into a single-sampled
    // framebuffer the picture is kept, and an unchanged scene is copied instead of drawn again
    // (the window redraws on every mouse move); see set_frame_cache() and invalidate().
    void draw(const geo::SceneSpec& spec, int framebuffer_width, int framebuffer_height);

    // On by default. Off, every draw() draws.
    void set_frame_cache(bool on);
    // The kept picture is stale though the scene is not (e.g. after changing GL state it read).
    void invalidate();

    // Draws only the part [x0, x0+width) x [y0, y0+height) of the picture (device px of the
    // whole picture, top-left origin) into the bound framebuffer, which is width x height: the
    // tiles of a print bigger than the GPU allows. Labels are laid out once for the whole picture.
    // `after_fills` runs once the last area fill is drawn (lines, points and text follow; they
    // anti-alias themselves): an offscreen target uses it to leave multisampling early.
    void draw_region(const geo::SceneSpec& spec, double device_scale, int x0, int y0, int width, int height,
                     const std::function<void()>& after_fills = {});

    // Whether a picture of `spec` gains from multisampling. Zoomed out (from about 8 m per pixel),
    // every fill comes from one raster of them all, anti-aliased by its mipmaps, drawn as one
    // textured rectangle: the same smoothness for half the time on a software rasteriser.
    bool multisampling_pays(const geo::SceneSpec& spec, double device_scale = 1.0) const;

    // Without multisampling, area edges are softened by a one-pixel line of their own colour;
    // for buildings too when this is on (smoother, but costs about 60% more per frame).
    void set_feather_buildings(bool on);

    // Point layers (cameras, sites): uploaded once by name; the SceneSpec's point_layers say
    // which to draw, in what order, with what style and filter (applied on the GPU).
    void set_point_layer(const std::string& name, const PointLayerGeometry& geometry);
    // Some points of an uploaded layer changed (PointLayerPatch): only they are uploaded again.
    void update_point_layer(const std::string& name, const PointLayerPatch& patch);
    void clear_point_layers();
    // The window compiles a layer's filter for its counts anyway: hands it over (see
    // PointLayerPainter::set_compiled), so a text change walks the points once.
    void set_point_filter(const std::string& name, const geo::CompiledFilter& filter);

    // Density views drawn in place of a point layer's points, by layer name: where the scene
    // lists that layer (and it is visible), draw() draws the overlay, in the same place in the
    // order, instead of its points; a layer with an overlay keeps no room free of labels. The
    // overlay is uploaded here (a new one replaces the old: a window that recomputes a grid off
    // its UI thread hands it over when ready) and not referenced afterwards. Throws geo::Error
    // on data that cannot be drawn, leaving the layer's previous overlay in place.
    void set_point_overlay(const std::string& name, const PointOverlay& overlay);
    void clear_point_overlay(const std::string& name);
    void clear_point_overlays();
    bool has_point_overlay(const std::string& name) const;

    // Legends drawn over everything, each in its corner (stacked, clear of the attribution;
    // labels keep clear of them), unless the scene's furniture leaves the legend out. Replaces
    // the previous ones.
    void set_legends(std::vector<geo::LegendSpec> legends);

    // Credits added to the attribution line after the scene's (the visible layers' sources, the
    // date of the data), each once; the line always names OpenStreetMap's contributors.
    void set_credits(std::vector<std::string> credits);

    // Edges of the view kept free of furniture (logical px: the window's panels over the map);
    // the corners are those of the rest. 0 for a picture.
    void set_furniture_insets(double left, double top, double right, double bottom);

    // The furniture (the scene's, with the legends and the attribution) as the last picture
    // placed it: each element's box and the scale bar, device px of the whole picture.
    const FurnitureLayout& furniture() const;

    // Reference layers (lines and areas from imported files): uploaded once by name; the
    // SceneSpec's reference_layers say which to draw, in what order and style, between the
    // basemap and the point layers.
    void set_reference_layer(const geo::ReferenceLayerData& layer);
    void clear_reference_layers();

    // The basemap of a picture of `spec`, step by step (see BasemapStep).
    std::vector<BasemapStep> basemap_steps(const geo::SceneSpec& spec, double device_scale = 1.0) const;
    // The level a feature's lines are drawn at (BasemapStep::level): tunnels and bridges of roads
    // and railways, 0 for everything else.
    static int drawn_level(const geo::Feature& feature);

    // A reference layer of the scene as draw() draws it over the basemap (ReferenceStep, its
    // features by index into the layer's data); none for a layer that was not uploaded.
    std::vector<ReferenceStep> reference_steps(const geo::SceneSpec& spec, const geo::ReferenceLayerSpec& layer,
                                               double device_scale = 1.0);

    // Places the labels and the furniture of a picture of `spec` as draw() would, without
    // drawing: what the text painter then holds, in drawing order (labels, then the furniture
    // over them), for an output that writes text as text. furniture() says where it went.
    const std::vector<QueuedText>& lay_out(const geo::SceneSpec& spec, double device_scale = 1.0);

    struct Stats {
        size_t triangles = 0;       // uploaded
        size_t segments = 0;        // uploaded
        size_t labels = 0;          // placed in the last frame
        size_t drawn_triangles = 0; // in the last frame
        size_t drawn_segments = 0;  // in the last frame (casings and dashes count again)
    };
    Stats stats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace oko::render
