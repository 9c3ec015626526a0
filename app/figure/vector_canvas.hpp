#pragma once
// The one drawing interface of a vector figure: paths (filled shapes, stroked lines), circles,
// boxes, text as text and images, in page pixels (the picture's device px, y down). A PDF
// (pdf_canvas.hpp, through Cairo) and an SVG (svg_canvas.hpp, written as XML) implement it, and
// one walk of the scene (vector_figure.hpp) feeds either, so both show the same figure.

#include "geo/base/image.hpp"
#include "geo/base/types.hpp"
#include "geo/scene/basemap_style.hpp"
#include "render/labels/text_painter.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oko::app::figure {

// Polylines or rings, each its vertices in page px.
using Parts = std::vector<std::vector<geo::XY>>;

struct Stroke {
    geo::Colour colour;
    double width = 1;                 // page px
    double dash_on = 0, dash_off = 0; // page px; no dash when dash_on is 0
};

class VectorCanvas {
public:
    virtual ~VectorCanvas() = default;

    // A named group of what follows (a layer): an SVG <g>, nothing in a PDF.
    virtual void begin_group(std::string_view name) = 0;
    virtual void end_group() = 0;
    // Each shape filled on its own, its rings by the even-odd rule (a ring inside another is a hole).
    virtual void fill(const std::vector<Parts>& shapes, const geo::Colour& colour) = 0;
    // The parts stroked as one path, round caps and joins; `closed`: each part is a ring.
    virtual void stroke(const Parts& lines, bool closed, const Stroke& stroke) = 0;
    // A disc, with its outline centred on its edge.
    virtual void circle(geo::XY centre, double radius, const geo::Colour& fill,
                        const std::optional<Stroke>& outline) = 0;
    virtual void rect(const geo::BBox& box, const geo::Colour& colour) = 0;
    // A line of text as the text painter queued it: the compiled-in font's glyphs at their pen
    // positions, with the halo under them; it stays text (selectable, searchable).
    virtual void text(const render::QueuedText& text) = 0;
    // Straight-alpha pixels stretched over `where` (page px), times `opacity`.
    virtual void image(const geo::RgbaImage& image, const geo::BBox& where, double opacity) = 0;
    // Ends the page: the file's bytes.
    virtual std::string finish() = 0;
};

// What a vector file says about itself, the same for the same scene and data: never the clock.
struct FigureMetadata {
    std::string title;   // the figure's title, or empty
    std::string subject; // the attribution line
    std::string created; // ISO 8601 ("2024-10-22T00:00:00Z"): the date of the data
};

} // namespace oko::app::figure
