#include "render/reference_layer_painter.hpp"

#include <algorithm>

namespace oko::render {

namespace {

geo::Colour faded(geo::Colour c, float opacity) {
    c.a *= opacity;
    return c;
}

} // namespace

ReferenceLayerPainter::ReferenceLayerPainter(const geo::ReferenceLayerData& layer)
    : m_kind(layer.kind), m_fields(layer.fields), m_features(layer.features), m_values(layer.values) {
    for (const auto& f : m_features) m_extent.extend(f.bounds());
    m_grid = CellGrid::over(m_extent);
}

void ReferenceLayerPainter::regroup(const geo::ReferenceStyle& style) {
    m_groups.clear();
    m_field = style.category_field;
    m_category_values.clear();
    for (const auto& c : style.categories) m_category_values.push_back(c.value);
    m_grouped = true;
    // Index of the group per category; the last group holds the features of no category.
    const size_t n = style.category_field.empty() ? 0 : style.categories.size();
    std::vector<std::vector<const geo::Geometry*>> members(n + 1);
    std::optional<size_t> field;
    for (size_t i = 0; i < m_fields.size(); ++i)
        if (m_fields[i] == style.category_field) field = i;
    for (size_t f = 0; f < m_features.size(); ++f) {
        std::optional<size_t> c;
        if (n > 0 && field && *field < m_values[f].size()) c = style.category_of(m_values[f][*field]);
        members[c ? *c : n].push_back(&m_features[f]);
    }
    for (size_t g = 0; g <= n; ++g) {
        if (members[g].empty()) continue;
        Group group;
        if (g < n) group.category = g;
        if (m_kind == geo::ReferenceKind::Areas) group.fill = std::make_unique<AreaBatch>(members[g], m_grid);
        group.strokes = std::make_unique<LineBatch>(members[g], m_grid, m_kind == geo::ReferenceKind::Areas);
        m_groups.push_back(std::move(group));
    }
}

void ReferenceLayerPainter::draw(const geo::ReferenceStyle& style, const Frame& frame, double logical_ground,
                                 double ratio, AreaPainter& areas, LinePainter& lines) {
    std::vector<std::string> values;
    for (const auto& c : style.categories) values.push_back(c.value);
    if (!m_grouped || style.category_field != m_field || values != m_category_values) regroup(style);
    if (!style.visible || style.opacity <= 0) return;

    const auto symbol_of = [&](const Group& g) -> const geo::ReferenceSymbol* {
        if (!g.category) return style.show_other ? &style.symbol : nullptr;
        const auto& c = style.categories[*g.category];
        return c.visible ? &c.symbol : nullptr;
    };
    // Groups bottom first by their symbols' draw order (motorways over tertiary roads).
    std::vector<const Group*> order;
    for (const auto& g : m_groups)
        if (symbol_of(g)) order.push_back(&g);
    std::stable_sort(order.begin(), order.end(),
                     [&](const Group* a, const Group* b) { return symbol_of(*a)->order < symbol_of(*b)->order; });
    const auto width_px = [&](const geo::LineStyle& l) { return l.width_px(logical_ground) * ratio; };
    const float opacity = style.opacity;

    if (m_kind == geo::ReferenceKind::Areas) {
        for (const Group* g : order) {
            const auto& s = *symbol_of(*g);
            if (s.fill && g->fill && s.fill_colour.a > 0) areas.draw(*g->fill, frame, faded(s.fill_colour, opacity));
        }
        // Outlines over every fill, so a neighbour's fill never hides a border.
        for (const Group* g : order) {
            const auto& s = *symbol_of(*g);
            if (s.line.enabled)
                lines.draw(*g->strokes, frame, faded(s.line.colour, opacity), width_px(s.line), s.line.dash_on_px * ratio,
                           s.line.dash_off_px * ratio);
        }
        return;
    }
    // Every casing under every line, so that crossing roads read as joins.
    for (const Group* g : order) {
        const auto& s = *symbol_of(*g);
        if (!s.casing.enabled || !s.line.enabled) continue;
        const double line = width_px(s.line);
        lines.draw(*g->strokes, frame, faded(s.casing.colour, opacity),
                   line + 2 * geo::BasemapStyle::casing_edge_px(s.casing, line / ratio) * ratio);
    }
    for (const Group* g : order) {
        const auto& s = *symbol_of(*g);
        if (s.line.enabled)
            lines.draw(*g->strokes, frame, faded(s.line.colour, opacity), width_px(s.line), s.line.dash_on_px * ratio,
                       s.line.dash_off_px * ratio);
    }
}

size_t ReferenceLayerPainter::triangle_count() const {
    size_t n = 0;
    for (const auto& g : m_groups)
        if (g.fill) n += g.fill->triangle_count();
    return n;
}

size_t ReferenceLayerPainter::segment_count() const {
    size_t n = 0;
    for (const auto& g : m_groups)
        if (g.strokes) n += g.strokes->segment_count();
    return n;
}

} // namespace oko::render
