#include "render/painters/reference_layer_painter.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace oko::render {

namespace {

geo::Colour faded(geo::Colour c, float opacity) {
    c.a *= opacity;
    return c;
}

} // namespace

ReferenceLayerPainter::ReferenceLayerPainter(const geo::ReferenceLayerData& layer)
    : m_kind(layer.kind), m_fields(layer.fields), m_features(layer.features), m_values(layer.values) {
    for (const auto& f : m_features)
        m_extent.extend(f.bounds());
    m_grid = CellGrid::over(m_extent);
}

void ReferenceLayerPainter::regroup(const geo::ReferenceStyle& style) {
    m_groups.clear();
    m_field = style.category_field;
    m_category_values.clear();
    for (const auto& c : style.categories)
        m_category_values.push_back(c.value);
    m_grouped = true;
    // Index of the group per category; the last group holds the features of no category.
    const size_t n = style.category_field.empty() ? 0 : style.categories.size();
    std::vector<std::vector<const geo::Geometry*>> members(n + 1);
    std::vector<std::vector<size_t>> member_index(n + 1);
    std::optional<size_t> field;
    for (size_t i = 0; i < m_fields.size(); ++i)
        if (m_fields[i] == style.category_field) field = i;
    for (size_t f = 0; f < m_features.size(); ++f) {
        std::optional<size_t> c;
        if (n > 0 && field && *field < m_values[f].size()) c = style.category_of(m_values[f][*field]);
        members[c ? *c : n].push_back(&m_features[f]);
        member_index[c ? *c : n].push_back(f);
    }
    for (size_t g = 0; g <= n; ++g) {
        if (members[g].empty()) continue;
        Group group;
        if (g < n) group.category = g;
        group.members = std::move(member_index[g]);
        if (m_kind == geo::ReferenceKind::Areas) group.fill = std::make_unique<AreaBatch>(members[g], m_grid);
        group.strokes = std::make_unique<LineBatch>(members[g], m_grid, m_kind == geo::ReferenceKind::Areas);
        m_groups.push_back(std::move(group));
    }
}

std::vector<ReferenceStep> ReferenceLayerPainter::steps(const geo::ReferenceStyle& style, double logical_ground,
                                                        double ratio) {
    std::vector<std::string> values;
    for (const auto& c : style.categories)
        values.push_back(c.value);
    if (!m_grouped || style.category_field != m_field || values != m_category_values) regroup(style);
    std::vector<ReferenceStep> out;
    if (!style.visible || style.opacity <= 0) return out;

    const auto symbol_of = [&](const Group& g) -> const geo::ReferenceSymbol* {
        if (!g.category) return style.show_other ? &style.symbol : nullptr;
        const auto& c = style.categories[*g.category];
        return c.visible ? &c.symbol : nullptr;
    };
    // Groups bottom first by their symbols' draw order (motorways over tertiary roads).
    std::vector<size_t> order;
    for (size_t g = 0; g < m_groups.size(); ++g)
        if (symbol_of(m_groups[g])) order.push_back(g);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return symbol_of(m_groups[a])->order < symbol_of(m_groups[b])->order; });
    const auto width_px = [&](const geo::LineStyle& l) { return l.width_px(logical_ground) * ratio; };
    const float opacity = style.opacity;
    const auto add = [&](bool fill, size_t g, const geo::Colour& colour, double width, double on = 0, double off = 0) {
        out.push_back({fill, g, m_groups[g].members, faded(colour, opacity), width, on, off});
    };

    if (m_kind == geo::ReferenceKind::Areas) {
        for (const size_t g : order) {
            const auto& s = *symbol_of(m_groups[g]);
            if (s.fill && m_groups[g].fill && s.fill_colour.a > 0) add(true, g, s.fill_colour, 0);
        }
        // Outlines over every fill, so a neighbour's fill never hides a border.
        for (const size_t g : order) {
            const auto& s = *symbol_of(m_groups[g]);
            if (s.line.enabled)
                add(false, g, s.line.colour, width_px(s.line), s.line.dash_on_px * ratio, s.line.dash_off_px * ratio);
        }
        return out;
    }
    // Every casing under every line, so that crossing roads read as joins.
    for (const size_t g : order) {
        const auto& s = *symbol_of(m_groups[g]);
        if (!s.casing.enabled || !s.line.enabled) continue;
        const double line = width_px(s.line);
        add(false, g, s.casing.colour, line + 2 * geo::BasemapStyle::casing_edge_px(s.casing, line / ratio) * ratio);
    }
    for (const size_t g : order) {
        const auto& s = *symbol_of(m_groups[g]);
        if (s.line.enabled)
            add(false, g, s.line.colour, width_px(s.line), s.line.dash_on_px * ratio, s.line.dash_off_px * ratio);
    }
    return out;
}

void ReferenceLayerPainter::draw(const geo::ReferenceStyle& style, const Frame& frame, double logical_ground,
                                 double ratio, AreaPainter& areas, LinePainter& lines) {
    for (const ReferenceStep& step : steps(style, logical_ground, ratio)) {
        const Group& g = m_groups[step.group];
        if (step.fill)
            areas.draw(*g.fill, frame, step.colour);
        else
            lines.draw(*g.strokes, frame, step.colour, step.width_px, step.dash_on_px, step.dash_off_px);
    }
}

void ReferenceLayerPainter::find_label_points() {
    m_label_points_found = true;
    // A point far from every edge of the biggest ring (holes count as edges too): the best of a
    // grid of candidates inside it, which is enough for a name, cheaper than an exact pole of
    // inaccessibility, and computed once.
    constexpr int kGrid = 24;
    for (size_t f = 0; f < m_features.size(); ++f) {
        const auto& g = m_features[f];
        if (g.kind != geo::GeomKind::Area) continue;
        size_t biggest = 0;
        double biggest_area = 0;
        for (size_t r = 0; r < g.part_count(); ++r) {
            double a = 0;
            for (size_t i = g.part_begin(r), j = g.part_end(r) - 1; i < g.part_end(r); j = i++)
                a += (g.points[j].x + g.points[i].x) * (g.points[j].y - g.points[i].y);
            if (std::abs(a) / 2 > biggest_area) {
                biggest_area = std::abs(a) / 2;
                biggest = r;
            }
        }
        if (biggest_area <= 0) continue;
        geo::BBox box;
        for (size_t i = g.part_begin(biggest); i < g.part_end(biggest); ++i)
            box.extend(g.points[i]);
        const auto inside = [&](geo::XY p) { // even-odd over every ring
            bool in = false;
            for (size_t r = 0; r < g.part_count(); ++r)
                for (size_t i = g.part_begin(r), j = g.part_end(r) - 1; i < g.part_end(r); j = i++) {
                    const auto &a = g.points[i], &b = g.points[j];
                    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
                }
            return in;
        };
        const auto clearance = [&](geo::XY p) {
            double best = std::numeric_limits<double>::infinity();
            for (size_t r = 0; r < g.part_count(); ++r) // rings closed or not: the closing edge counts
                for (size_t i = g.part_begin(r), j = g.part_end(r) - 1; i < g.part_end(r); j = i++) {
                    const auto &a = g.points[j], &b = g.points[i];
                    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
                    const double t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0;
                    best = std::min(best, std::hypot(p.x - a.x - t * dx, p.y - a.y - t * dy));
                }
            return best;
        };
        double best = -1;
        geo::XY at;
        for (int iy = 0; iy < kGrid; ++iy)
            for (int ix = 0; ix < kGrid; ++ix) {
                const geo::XY p{box.min_x + (ix + 0.5) * box.width() / kGrid,
                                box.min_y + (iy + 0.5) * box.height() / kGrid};
                if (!inside(p)) continue;
                const double c = clearance(p);
                if (c > best) {
                    best = c;
                    at = p;
                }
            }
        if (best > 0) m_label_points.push_back({f, at, biggest_area});
    }
    std::stable_sort(m_label_points.begin(), m_label_points.end(),
                     [](const LabelPoint& a, const LabelPoint& b) { return a.area > b.area; });
}

void ReferenceLayerPainter::add_labels(const geo::ReferenceStyle& style, const geo::Viewport& view, double device_scale,
                                       double ratio, TextPainter& text, CollisionGrid& grid) {
    if (m_kind != geo::ReferenceKind::Areas || style.label_field.empty() || !style.visible) return;
    std::optional<size_t> field;
    for (size_t i = 0; i < m_fields.size(); ++i)
        if (m_fields[i] == style.label_field) field = i;
    if (!field) return;
    if (!m_label_points_found) find_label_points();
    TextStyle ts;
    ts.size_px = 12 * ratio; // as the basemap's labels: the pixel ratio carries the device scale
    ts.colour = geo::Colour::hex("#4b3a63");
    ts.colour.a *= style.opacity;
    ts.halo = geo::Colour{1, 1, 1, 0.8f * style.opacity};
    const double ascent = text.ascent(ts.size_px, false);
    const double height = ascent + text.descent(ts.size_px, false);
    const double px_per_metre = device_scale / view.resolution;
    for (const auto& lp : m_label_points) {
        const auto& name = m_values[lp.feature][*field];
        if (name.empty()) continue;
        // Only where the polygon is wide enough on screen to hold its name.
        const double side_px = std::sqrt(lp.area) * px_per_metre;
        const double width = text.measure(name, ts.size_px, false);
        if (side_px < width * 1.2) continue;
        const geo::XY c = view.to_pixel(lp.at);
        geo::BBox box;
        box.extend(c.x * device_scale - width / 2 - 2, c.y * device_scale - height / 2 - 2);
        box.extend(c.x * device_scale + width / 2 + 2, c.y * device_scale + height / 2 + 2);
        if (!grid.inside(box) || !grid.free(box)) continue;
        grid.insert(box);
        text.add(name, {box.min_x + 2, box.min_y + 2 + ascent}, 0, ts);
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
