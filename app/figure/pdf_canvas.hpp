#pragma once
// A figure as a one-page PDF through Cairo: paths and text (the compiled-in DejaVu Sans through
// cairo-ft, so text stays text that pdftotext finds), the page in points with page px scaled by
// 72 / DPI. The file's dates come from FigureMetadata, never the clock: the same figure gives
// the same bytes.

#include "app/figure/vector_canvas.hpp"

#include <memory>

namespace oko::app::figure {

class PdfCanvas final : public VectorCanvas {
public:
    // A page of width × height page px at `dpi` page px per inch.
    PdfCanvas(int width_px, int height_px, double dpi, const FigureMetadata& metadata);
    ~PdfCanvas() override;

    void begin_group(std::string_view) override {}
    void end_group() override {}
    void fill(const std::vector<Parts>& shapes, const geo::Colour& colour) override;
    void stroke(const Parts& lines, bool closed, const Stroke& stroke) override;
    void circle(geo::XY centre, double radius, const geo::Colour& fill, const std::optional<Stroke>& outline) override;
    void rect(const geo::BBox& box, const geo::Colour& colour) override;
    void text(const render::QueuedText& text) override;
    void image(const geo::RgbaImage& image, const geo::BBox& where, double opacity) override;
    std::string finish() override;

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace oko::app::figure
