#pragma once
// A figure as SVG, written as plain XML: <path> for areas and lines, <circle> for points, <text>
// for every label and piece of furniture (font-family DejaVu Sans, each character at the pen
// position the text painter gave it, the halo as a stroke under the fill: paint-order), an
// <image> for a raster overlay. The page is width × height page px in a viewBox, its size in
// points at the DPI.

#include "app/figure/vector_canvas.hpp"

#include <string>

namespace oko::app::figure {

class SvgCanvas final : public VectorCanvas {
public:
    SvgCanvas(int width_px, int height_px, double dpi, const FigureMetadata& metadata);

    void begin_group(std::string_view name) override;
    void end_group() override;
    void fill(const std::vector<Parts>& shapes, const geo::Colour& colour) override;
    void stroke(const Parts& lines, bool closed, const Stroke& stroke) override;
    void circle(geo::XY centre, double radius, const geo::Colour& fill, const std::optional<Stroke>& outline) override;
    void rect(const geo::BBox& box, const geo::Colour& colour) override;
    void text(const render::QueuedText& text) override;
    void image(const geo::RgbaImage& image, const geo::BBox& where, double opacity) override;
    std::string finish() override;

private:
    std::string m_out;
    int m_depth = 0;
};

// A number as SVG writes it: at most `decimals` places, no trailing zeros, never an exponent,
// the same in every locale.
std::string svg_number(double v, int decimals = 2);

} // namespace oko::app::figure
