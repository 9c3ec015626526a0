#include "render/render_offscreen.hpp"

#include <EGL/egl.h>

#include "render/headless_context.hpp"
#include "render/offscreen_target.hpp"

#include <algorithm>
#include <memory>

namespace oko::render {

geo::RgbaImage render_offscreen(MapRenderer& renderer, const geo::SceneSpec& spec, int max_tile) {
    const int width = spec.view.width, height = spec.view.height;
    geo::RgbaImage image(width, height);
    const int tile = std::max(64, std::min(max_tile, OffscreenTarget::max_size()));
    const int tile_w = std::min(width, tile), tile_h = std::min(height, tile);
    OffscreenTarget target(tile_w, tile_h);
    for (int y = 0; y < height; y += tile_h)
        for (int x = 0; x < width; x += tile_w) {
            target.bind();
            renderer.draw_region(spec, 1.0, x, y, tile_w, tile_h, [&] { target.leave_multisampling(); });
            target.read_into(image, x, y);
        }
    return image;
}

geo::RgbaImage render_offscreen(const geo::Basemap& basemap, const geo::SceneSpec& spec) {
    std::unique_ptr<HeadlessContext> context;
    if (eglGetCurrentContext() == EGL_NO_CONTEXT) context = std::make_unique<HeadlessContext>();
    geo::RgbaImage image;
    {
        MapRenderer renderer; // GL objects go before the context does
        renderer.set_basemap(basemap);
        image = render_offscreen(renderer, spec);
    }
    return image;
}

} // namespace oko::render
