#pragma once
// The whole headless job behind `oko render`: a SceneSpec in, a picture out. Pictures bigger
// than the GPU's framebuffer limit (or than a comfortable tile) are drawn in tiles that share
// one label layout, so a 6000x4000 print looks like its 1600x1000 preview.

#include "geo/map/basemap.hpp"
#include "geo/base/image.hpp"
#include "geo/scene/scene_spec.hpp"
#include "render/map/map_renderer.hpp"
#include "render/gl/offscreen_target.hpp"

#include <functional>
#include <memory>

namespace oko::render {

// Draws pictures with a renderer that already holds the basemap, on its context, and keeps its
// multisampled target between pictures of the same tile size: on a software rasteriser a new
// 1600x1000 4x target is about 30 MB of freshly zeroed memory, as much time as drawing the map.
// Repeated renders (`--repeat`, an export after a preview) reuse it. Multisampled only where it
// pays (see MapRenderer::multisampling_pays).
class OffscreenRenderer {
public:
    explicit OffscreenRenderer(MapRenderer& renderer, int max_tile = 2048);

    // Draws `spec` into `image`, resized to the view's size; its pixels are all overwritten.
    void render(const geo::SceneSpec& spec, geo::RgbaImage& image);
    geo::RgbaImage render(const geo::SceneSpec& spec);

    // The same picture a band at a time, top first, for pictures too big to hold whole (an A0 at
    // 300 dpi is 560 MB of RGBA): each band is the view's width and one row of tiles high (the
    // last one what is left), handed to `sink` with the picture row it starts at. Labels are laid
    // out once for the whole picture, so the bands join without seams. The sink returns false to
    // stop (a cancelled export): render_bands then returns false, having drawn no further band.
    // Bands are at most kBandRows high, so that a sink that encodes on another thread overlaps
    // all but a short last band with the drawing.
    static constexpr int kBandRows = 512;
    using BandSink = std::function<bool(const geo::RgbaImage& band, int first_row)>;
    bool render_bands(const geo::SceneSpec& spec, const BandSink& sink);

    // The largest tile side this renderer draws (the GPU's limit or the one it was given).
    int tile_size() const;

private:
    OffscreenTarget& target_for(const geo::SceneSpec& spec, int tile_w, int tile_h);
    void draw_tile(const geo::SceneSpec& spec, OffscreenTarget& target, int x, int y, int tile_w, int tile_h);

    MapRenderer& m_renderer;
    int m_max_tile;
    std::unique_ptr<OffscreenTarget> m_target;
};

// Uses the current EGL context, or makes a HeadlessContext for the call when there is none.
// In the window (a GLFW context, which EGL does not see) use OffscreenRenderer.
geo::RgbaImage render_offscreen(const geo::Basemap& basemap, const geo::SceneSpec& spec);

// One picture with a renderer that already holds the basemap, on its context.
geo::RgbaImage render_offscreen(MapRenderer& renderer, const geo::SceneSpec& spec, int max_tile = 2048);

} // namespace oko::render
