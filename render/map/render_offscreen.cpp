#include "render/map/render_offscreen.hpp"

#include <EGL/egl.h>

#include "render/gl/headless_context.hpp"

#include <algorithm>
#include <memory>

namespace oko::render {

OffscreenRenderer::OffscreenRenderer(MapRenderer& renderer, int max_tile)
    : m_renderer(renderer), m_max_tile(max_tile) {}

int OffscreenRenderer::tile_size() const { return std::max(64, std::min(m_max_tile, OffscreenTarget::max_size())); }

OffscreenTarget& OffscreenRenderer::target_for(const geo::SceneSpec& spec, int tile_w, int tile_h) {
    const int samples = m_renderer.multisampling_pays(spec) ? 4 : 0;
    if (!m_target || m_target->width() != tile_w || m_target->height() != tile_h ||
        (m_target->samples() > 1) != (samples > 1)) {
        m_target.reset(); // the old one goes first: two big targets need not coexist
        m_target = std::make_unique<OffscreenTarget>(tile_w, tile_h, samples);
    }
    return *m_target;
}

void OffscreenRenderer::draw_tile(const geo::SceneSpec& spec, OffscreenTarget& target, int x, int y, int tile_w,
                                  int tile_h) {
    target.bind();
    m_renderer.draw_region(spec, 1.0, x, y, tile_w, tile_h, [&] { target.leave_multisampling(); });
}

void OffscreenRenderer::render(const geo::SceneSpec& spec, geo::RgbaImage& image) {
    const int width = spec.view.width, height = spec.view.height;
    if (image.width != width || image.height != height) image = geo::RgbaImage(width, height);
    const int tile_w = std::min(width, tile_size()), tile_h = std::min(height, tile_size());
    OffscreenTarget& target = target_for(spec, tile_w, tile_h);
    for (int y = 0; y < height; y += tile_h)
        for (int x = 0; x < width; x += tile_w) {
            draw_tile(spec, target, x, y, tile_w, tile_h);
            target.read_into(image, x, y);
        }
}

bool OffscreenRenderer::render_bands(const geo::SceneSpec& spec, const BandSink& sink) {
    const int width = spec.view.width, height = spec.view.height;
    // Bands of at most kBandRows: the sink encodes one while the next is drawn, and the last one,
    // which nothing overlaps, is short. A 6000x4000 print at 300 dpi took 2.15 s in bands of 2048
    // rows, 1.83 s in bands of 512 (the A0 at 300 dpi: 612 MB at its peak, 297 MB); 1920x1080
    // costs the same either way.
    const int tile_w = std::min(width, tile_size()), tile_h = std::min({height, tile_size(), kBandRows});
    OffscreenTarget& target = target_for(spec, tile_w, tile_h);
    geo::RgbaImage band;
    for (int y = 0; y < height; y += tile_h) {
        const int rows = std::min(tile_h, height - y);
        if (band.width != width || band.height != rows) band = geo::RgbaImage(width, rows);
        for (int x = 0; x < width; x += tile_w) {
            draw_tile(spec, target, x, y, tile_w, tile_h);
            target.read_into(band, x, 0);
        }
        if (!sink(band, y)) return false;
    }
    return true;
}

geo::RgbaImage OffscreenRenderer::render(const geo::SceneSpec& spec) {
    geo::RgbaImage image;
    render(spec, image);
    return image;
}

geo::RgbaImage render_offscreen(MapRenderer& renderer, const geo::SceneSpec& spec, int max_tile) {
    return OffscreenRenderer(renderer, max_tile).render(spec);
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
