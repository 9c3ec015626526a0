#pragma once
// A picture as a Cairo image surface (premultiplied ARGB32), for the PDF canvas to draw and the
// SVG canvas to encode as PNG.

#include "geo/base/image.hpp"

#include <cairo.h>

namespace oko::app::figure {

// Straight-alpha RGBA into a new surface the caller destroys.
cairo_surface_t* cairo_surface_of(const geo::RgbaImage& image);

} // namespace oko::app::figure
