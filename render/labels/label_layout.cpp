#include "render/labels/label_layout.hpp"

#include "render/labels/collision_grid.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>

namespace oko::render {

namespace {

constexpr double kMaxBendRadians = 12.0 * std::numbers::pi / 180.0; // what still counts as straight
constexpr double kRepeatDistancePx = 320;                           // the same street name no closer than this

TextStyle text_style(const geo::LabelStyle& l, double pixel_ratio) {
    TextStyle s;
    s.size_px = l.size_px * pixel_ratio;
    s.bold = l.bold;
    s.colour = l.colour;
    s.halo = l.halo;
    return s;
}

} // namespace

void LabelLayout::set_basemap(const geo::Basemap& basemap, const geo::BasemapStyle& style) {
    m_style = style;
    m_places.clear();
    m_lines.clear();
    for (const auto& f : basemap.features) {
        const auto& ls = style.of(f.cls).label;
        if (!ls.enabled || (f.name.empty() && f.name_latin.empty()) || f.geometry.points.empty()) continue;
        Candidate c{f.cls, f.name, f.name_latin, {}, f.geometry.bounds(), ls.priority};
        const auto kind = geo::info(f.cls).kind;
        if (kind == geo::GeomKind::Point) {
            c.points.push_back(f.geometry.points.front());
            m_places.push_back(std::move(c));
        } else if (kind == geo::GeomKind::Line) {
            // The longest part stands for the feature.
            size_t best = 0, best_len = 0;
            for (size_t p = 0; p < f.geometry.part_count(); ++p) {
                const size_t n = f.geometry.part_end(p) - f.geometry.part_begin(p);
                if (n > best_len) {
                    best = p;
                    best_len = n;
                }
            }
            if (best_len < 2) continue;
            c.points.assign(f.geometry.points.begin() + static_cast<std::ptrdiff_t>(f.geometry.part_begin(best)),
                            f.geometry.points.begin() + static_cast<std::ptrdiff_t>(f.geometry.part_end(best)));
            m_lines.push_back(std::move(c));
        }
    }
    auto by_priority = [](const Candidate& a, const Candidate& b) {
        if (a.priority != b.priority) return a.priority > b.priority;
        return std::max(a.bounds.width(), a.bounds.height()) > std::max(b.bounds.width(), b.bounds.height());
    };
    std::stable_sort(m_places.begin(), m_places.end(), by_priority);
    std::stable_sort(m_lines.begin(), m_lines.end(), by_priority);
}

std::vector<PlacedLabel> LabelLayout::place(const geo::SceneSpec& spec, double device_scale, double ground_resolution,
                                            TextPainter& text, const std::vector<geo::BBox>& reserved) const {
    std::vector<PlacedLabel> out;
    const auto& view = spec.view;
    const double full_w = view.width * device_scale, full_h = view.height * device_scale;
    const double ratio = spec.pixel_ratio;
    const double logical_ground = ground_resolution * ratio; // ground metres per logical pixel
    CollisionGrid grid(full_w, full_h);
    for (const auto& r : reserved)
        grid.insert(r);
    const geo::BBox world = view.bounds();
    auto to_px = [&](const geo::XY& p) {
        const geo::XY v = view.to_pixel(p);
        return geo::XY{v.x * device_scale, v.y * device_scale};
    };
    auto shown = [&](geo::FeatureClass cls) {
        const auto& cs = m_style.of(cls);
        return spec.visible(geo::info(cls).layer) && (cs.max_resolution <= 0 || logical_ground <= cs.max_resolution);
    };

    for (const auto& c : m_places) {
        if (!world.contains(c.points.front()) || !shown(c.cls)) continue;
        const TextStyle style = text_style(m_style.of(c.cls).label, ratio);
        // One line per form of the name: two when the scene asks for both scripts and they differ.
        std::vector<std::string> lines;
        const std::string name = geo::name_in_script(c.name, c.name_latin, spec.label_script, "\n");
        for (size_t start = 0;;) {
            const size_t end = name.find('\n', start);
            lines.push_back(name.substr(start, end == std::string::npos ? std::string::npos : end - start));
            if (end == std::string::npos) break;
            start = end + 1;
        }
        std::vector<double> widths;
        double w = 0;
        for (const auto& line : lines) {
            widths.push_back(text.measure(line, style.size_px, style.bold));
            w = std::max(w, widths.back());
        }
        const double asc = text.ascent(style.size_px, style.bold) * 0.8,
                     desc = text.descent(style.size_px, style.bold) * 0.6;
        const double line_h = (asc + desc) * 1.15;
        const double block = asc + desc + line_h * static_cast<double>(lines.size() - 1);
        const geo::XY anchor = to_px(c.points.front());
        const double pad = 2 * ratio;
        const double h = block + 2 * pad;
        // Centred on the place if it is free; else just above or below it (a point symbol, such
        // as a smart-city site at the city centre, may sit exactly there).
        for (const double dy : {0.0, -h, h, -1.6 * h, 1.6 * h}) {
            const geo::XY p{anchor.x, anchor.y + dy};
            geo::BBox box;
            box.extend(p.x - w / 2 - pad, p.y - block / 2 - pad);
            box.extend(p.x + w / 2 + pad, p.y + block / 2 + pad);
            if (!grid.inside(box) || !grid.free(box)) continue;
            grid.insert(box);
            for (size_t i = 0; i < lines.size(); ++i) {
                const double baseline = p.y - block / 2 + asc + line_h * static_cast<double>(i);
                geo::BBox line_box;
                line_box.extend(p.x - widths[i] / 2 - pad, baseline - asc - pad);
                line_box.extend(p.x + widths[i] / 2 + pad, baseline + desc + pad);
                out.push_back({lines[i], {p.x - widths[i] / 2, baseline}, 0.0, style, line_box});
            }
            break;
        }
    }

    std::unordered_map<std::string, std::vector<geo::XY>> used;
    for (const auto& c : m_lines) {
        if (!c.bounds.intersects(world) || !shown(c.cls)) continue;
        const TextStyle style = text_style(m_style.of(c.cls).label, ratio);
        const std::string name = geo::name_in_script(c.name, c.name_latin, spec.label_script, " / ");
        // A name is only worth placing where the line is longer on screen than a short word.
        if (std::max(c.bounds.width(), c.bounds.height()) / view.resolution * device_scale < style.size_px * 3)
            continue;
        const double width = text.measure(name, style.size_px, style.bold);
        const double needed = width + style.size_px; // half an em of margin at each end

        // Longest straight run: consecutive segments that stay within a few degrees of its first.
        std::vector<geo::XY> px(c.points.size());
        for (size_t i = 0; i < px.size(); ++i)
            px[i] = to_px(c.points[i]);
        size_t best_a = 0, best_b = 0;
        double best_len = 0;
        for (size_t a = 0; a + 1 < px.size();) {
            const double dir = std::atan2(px[a + 1].y - px[a].y, px[a + 1].x - px[a].x);
            size_t b = a + 1;
            while (b + 1 < px.size()) {
                double d = std::atan2(px[b + 1].y - px[b].y, px[b + 1].x - px[b].x) - dir;
                d = std::remainder(d, 2 * std::numbers::pi);
                if (std::abs(d) > kMaxBendRadians) break;
                ++b;
            }
            const double len = std::hypot(px[b].x - px[a].x, px[b].y - px[a].y);
            if (len > best_len) {
                best_len = len;
                best_a = a;
                best_b = b;
            }
            a = b;
        }
        if (best_len < needed) continue;
        geo::XY p0 = px[best_a], p1 = px[best_b];
        if (p1.x < p0.x) std::swap(p0, p1); // keep the text upright
        const double angle = std::atan2(p1.y - p0.y, p1.x - p0.x);
        const geo::XY mid{(p0.x + p1.x) / 2, (p0.y + p1.y) / 2};
        if (mid.x < 0 || mid.y < 0 || mid.x > full_w || mid.y > full_h) continue;

        auto& seen = used[name];
        if (std::any_of(seen.begin(), seen.end(), [&](const geo::XY& q) {
                return std::hypot(q.x - mid.x, q.y - mid.y) < kRepeatDistancePx * ratio;
            }))
            continue;

        // The label's footprint as squares along its baseline, so that rotated labels do not
        // block the space beside them the way one big axis-aligned box would.
        const double cs = std::cos(angle), sn = std::sin(angle);
        const double half_h = style.size_px * 0.55;
        std::vector<geo::BBox> pieces;
        geo::BBox whole;
        bool fits = true;
        for (double t = -width / 2; t <= width / 2 + 1e-9; t += half_h * 2) {
            const double along = std::min(t, width / 2);
            geo::BBox b;
            const geo::XY q{mid.x + along * cs, mid.y + along * sn};
            b.extend(q.x - half_h, q.y - half_h);
            b.extend(q.x + half_h, q.y + half_h);
            if (!grid.inside(b) || !grid.free(b)) {
                fits = false;
                break;
            }
            pieces.push_back(b);
            whole.extend(b);
        }
        if (!fits) continue;
        for (const auto& b : pieces)
            grid.insert(b);
        seen.push_back(mid);
        // Baseline: half the x-height below the line's centre.
        const double drop = style.size_px * 0.35;
        const geo::XY origin{mid.x - width / 2 * cs - drop * sn, mid.y - width / 2 * sn + drop * cs};
        out.push_back({name, origin, angle, style, whole});
    }
    return out;
}

} // namespace oko::render
