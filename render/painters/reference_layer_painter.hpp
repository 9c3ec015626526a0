#pragma once
// One reference layer (lines or areas from an imported file) on the GPU: its features grouped
// by the category their attribute value falls in, one batch per group, so that a frame draws each
// category in one call with its own colour and width. Changing the categorising attribute
// regroups the features on the next draw; colours, widths and opacity cost nothing.

#include "geo/map/reference_layer.hpp"
#include "geo/scene/reference_style.hpp"
#include "render/painters/area_painter.hpp"
#include "render/painters/cell_index.hpp"
#include "render/gl/frame.hpp"
#include "render/painters/line_painter.hpp"
#include "render/labels/collision_grid.hpp"
#include "render/labels/text_painter.hpp"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace oko::render {

// One step of drawing a reference layer, in the order the painter draws them: a group of its
// features (those of one category) filled, or stroked (lines, or the rings of areas).
struct ReferenceStep {
    bool fill = false;
    size_t group = 0;
    std::span<const size_t> features; // indices into the layer's features; valid until the style's grouping changes
    geo::Colour colour;               // with the layer's opacity
    double width_px = 0, dash_on_px = 0, dash_off_px = 0; // device px
};

class ReferenceLayerPainter {
public:
    // Copies the geometry and attribute values; needs the GL context current.
    explicit ReferenceLayerPainter(const geo::ReferenceLayerData& layer);

    // `logical_ground`: ground metres per logical pixel; `ratio`: the scene's pixel ratio.
    void draw(const geo::ReferenceStyle& style, const Frame& frame, double logical_ground, double ratio,
              AreaPainter& areas, LinePainter& lines);

    // What draw() draws, step by step (the one walk a vector output follows too).
    std::vector<ReferenceStep> steps(const geo::ReferenceStyle& style, double logical_ground, double ratio);

    // Areas: each polygon's value of style.label_field at a point well inside it, biggest polygon
    // first, where the name fits in the polygon and `grid` (px of the whole picture) has room.
    void add_labels(const geo::ReferenceStyle& style, const geo::Viewport& view, double device_scale, double ratio,
                    TextPainter& text, CollisionGrid& grid);

    const geo::BBox& bounds() const { return m_extent; }
    size_t triangle_count() const;
    size_t segment_count() const;

private:
    struct Group {
        std::optional<size_t> category; // nullopt: the "other" symbol
        std::vector<size_t> members;    // its features, by index
        std::unique_ptr<AreaBatch> fill;
        std::unique_ptr<LineBatch> strokes;
    };
    void regroup(const geo::ReferenceStyle& style);
    void find_label_points();

    struct LabelPoint {
        size_t feature = 0;
        geo::XY at;      // Web Mercator, inside the feature's biggest ring
        double area = 0; // of that ring, m²: bigger polygons are labelled first
    };
    std::vector<LabelPoint> m_label_points; // computed on first use
    bool m_label_points_found = false;

    geo::ReferenceKind m_kind;
    std::vector<std::string> m_fields;
    std::vector<geo::Geometry> m_features;
    std::vector<std::vector<std::string>> m_values;
    geo::BBox m_extent;
    CellGrid m_grid;
    // What the groups were built for: the field and the category values, in order.
    bool m_grouped = false;
    std::string m_field;
    std::vector<std::string> m_category_values;
    std::vector<Group> m_groups;
};

} // namespace oko::render
