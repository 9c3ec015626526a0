#include "render/map/point_overlay.hpp"

#include "geo/base/error.hpp"
#include "render/painters/cell_painter.hpp"
#include "render/painters/line_painter.hpp"

#include <string>

namespace oko::render {

namespace {

class DensityDrawing final : public OverlayDrawing {
public:
    explicit DensityDrawing(const DensityOverlay& o) : m_texture(o.grid), m_look(o.look) {}
    void draw(OverlayPainters& p, const Frame& frame, double) override { p.density.draw(m_texture, frame, m_look); }

private:
    DensityTexture m_texture;
    DensityLook m_look;
};

class CellDrawing final : public OverlayDrawing {
public:
    explicit CellDrawing(const CellOverlay& o)
        : m_outline(o.outline), m_outline_px(o.outline_px), m_opacity(o.opacity) {
        const size_t wanted = o.cells.size() + o.areas.size();
        if (o.fills.size() != wanted)
            throw geo::Error("the map was given " + std::to_string(o.cells.size()) + " cells and " +
                             std::to_string(o.areas.size()) + " areas but " + std::to_string(o.fills.size()) +
                             " fill colours: one colour each is needed");
        const auto split = o.fills.begin() + static_cast<std::ptrdiff_t>(o.cells.size());
        if (!o.cells.empty())
            m_batches.push_back(std::make_unique<CellBatch>(o.cells, std::vector<geo::Rgba>(o.fills.begin(), split)));
        if (!o.areas.empty())
            m_batches.push_back(std::make_unique<CellBatch>(o.areas, std::vector<geo::Rgba>(split, o.fills.end())));
    }
    void draw(OverlayPainters& p, const Frame& frame, double ratio) override {
        for (const auto& b : m_batches) {
            p.cells.draw(*b, frame, m_opacity);
            if (m_outline_px > 0 && m_outline.a > 0)
                p.lines.draw(b->outlines(), frame, m_outline, m_outline_px * ratio);
        }
    }

private:
    std::vector<std::unique_ptr<CellBatch>> m_batches;
    geo::Colour m_outline;
    double m_outline_px;
    float m_opacity;
};

class LineDrawing final : public OverlayDrawing {
public:
    explicit LineDrawing(const LineOverlay& o) : m_colour(o.colour), m_width_px(o.width_px) {
        std::vector<const geo::Geometry*> lines;
        geo::BBox extent;
        for (const auto& g : o.lines) {
            lines.push_back(&g);
            extent.extend(g.bounds());
        }
        m_batch =
            std::make_unique<LineBatch>(lines, CellGrid::over(extent.empty() ? geo::BBox{0, 0, 1, 1} : extent), false);
    }
    void draw(OverlayPainters& p, const Frame& frame, double ratio) override {
        if (m_width_px > 0) p.lines.draw(*m_batch, frame, m_colour, m_width_px * ratio);
    }

private:
    std::unique_ptr<LineBatch> m_batch;
    geo::Colour m_colour;
    double m_width_px;
};

template <class... F> struct Overloaded : F... { using F::operator()...; };
template <class... F> Overloaded(F...) -> Overloaded<F...>;

} // namespace

std::unique_ptr<OverlayDrawing> upload_overlay(const PointOverlay& overlay) {
    return std::visit(
        Overloaded{
            [](const DensityOverlay& o) -> std::unique_ptr<OverlayDrawing> {
                return std::make_unique<DensityDrawing>(o);
            },
            [](const CellOverlay& o) -> std::unique_ptr<OverlayDrawing> { return std::make_unique<CellDrawing>(o); },
            [](const LineOverlay& o) -> std::unique_ptr<OverlayDrawing> { return std::make_unique<LineDrawing>(o); },
        },
        overlay);
}

} // namespace oko::render
