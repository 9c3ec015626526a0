#pragma once
// The whole headless job behind `oko render`: a SceneSpec in, a picture out. Pictures bigger
// than the GPU's framebuffer limit (or than a comfortable tile) are drawn in tiles that share
// one label layout, so a 6000x4000 print looks like its 1600x1000 preview.

#include "geo/basemap.hpp"
#include "geo/image.hpp"
#include "geo/scene_spec.hpp"
#include "render/map_renderer.hpp"

namespace oko::render {

// Needs a current context (uses the one that is current, or makes a HeadlessContext for the
// call when there is none).
geo::RgbaImage render_offscreen(const geo::Basemap& basemap, const geo::SceneSpec& spec);

// With a renderer that already holds the basemap, on its context.
geo::RgbaImage render_offscreen(MapRenderer& renderer, const geo::SceneSpec& spec, int max_tile = 2048);

} // namespace oko::render
