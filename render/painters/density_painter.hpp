#pragma once
// A density surface (geo::DensityGrid, cameras per km²) drawn over the map through a colour
// ramp. The grid is uploaded once as a float texture (DensityTexture, with mipmaps: zoomed out a
// pixel shows the mean density under it); drawing it is one textured rectangle per frame, so a
// window that recomputes grids off its UI thread swaps a new DensityTexture in and keeps drawing.
//
// The colour at a place: t = value / scale_max, clamped to [0, 1], through the ramp (a 256-entry
// table read linearly); alpha = opacity · min(1, value / (fade_below · scale_max)): zero where
// there are no cameras, rising linearly to the full opacity at fade_below of the scale, so the
// basemap shows through where the density is negligible and the ramp's dark end never paints
// the whole map.

#include "geo/density/density_grid.hpp"
#include "geo/scene/colour_ramp.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/shader_program.hpp"

namespace oko::render {

struct DensityLook {
    geo::ColourRamp ramp = geo::ColourRamp::viridis;
    double scale_max = 1.0; // cameras per km² at the ramp's top; above it the top colour
    // Tuned on Novi Sad's muted basemap: streets and names still read through the densest
    // colour, and the tenth of the scale nearest zero fades into the map rather than tinting it.
    float opacity = 0.75f;   // over the basemap
    double fade_below = 0.1; // fraction of scale_max under which alpha falls linearly to 0
    bool operator==(const DensityLook&) const = default;
};

class DensityTexture {
public:
    // Values that are not a number, infinite or negative are drawn as no density. Throws
    // geo::Error when the grid is empty, its values do not fill it, or it is larger than
    // the GPU's textures.
    explicit DensityTexture(const geo::DensityGrid& grid);
    ~DensityTexture();
    DensityTexture(const DensityTexture&) = delete;
    DensityTexture& operator=(const DensityTexture&) = delete;

    const geo::BBox& region() const { return m_region; } // Web Mercator
    int width() const { return m_width; }
    int height() const { return m_height; }

private:
    friend class DensityPainter;
    geo::BBox m_region;
    geo::XY m_origin; // the region's centre: vertices are metres from it
    double m_cell = 1;
    int m_width = 0, m_height = 0, m_levels = 1;
    unsigned m_texture = 0;
};

class DensityPainter {
public:
    DensityPainter();
    ~DensityPainter();
    DensityPainter(const DensityPainter&) = delete;
    DensityPainter& operator=(const DensityPainter&) = delete;

    // Blending must be on, premultiplied (GL_ONE, GL_ONE_MINUS_SRC_ALPHA), as for every painter.
    void draw(const DensityTexture& density, const Frame& frame, const DensityLook& look);

private:
    ShaderProgram m_program;
    unsigned m_ramps = 0, m_vao = 0; // every ramp as one row of 256 texels
};

} // namespace oko::render
