#pragma once
// The whole headless job behind `oko render`: a SceneSpec in, a picture out. Pictures bigger
// than the GPU's framebuffer limit (or than a comfortable tile) are drawn in tiles that share
// one label layout, so a 6000x4000 print looks like its 1600x1000 preview.

#include "geo/map/basemap.hpp"
#include "geo/base/image.hpp"
#include "geo/scene/scene_spec.hpp"
#include "render/map/map_renderer.hpp"
#include "render/gl/offscreen_target.hpp"

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

private:
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
