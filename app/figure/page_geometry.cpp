#include "app/figure/page_geometry.hpp"

#include <cmath>

namespace oko::app::figure {

namespace {

bool segment_may_touch(const geo::XY& a, const geo::XY& b, const geo::BBox& box) {
    return std::max(a.x, b.x) >= box.min_x && std::min(a.x, b.x) <= box.max_x && std::max(a.y, b.y) >= box.min_y &&
           std::min(a.y, b.y) <= box.max_y;
}

// One edge of the clip box: inside, and where a segment crosses it.
struct Edge {
    int axis;        // 0: x, 1: y
    double at;       // the coordinate of the edge
    bool keep_above; // inside is coordinate >= at
    bool inside(const geo::XY& p) const {
        const double v = axis == 0 ? p.x : p.y;
        return keep_above ? v >= at : v <= at;
    }
    geo::XY cross(const geo::XY& a, const geo::XY& b) const {
        const double va = axis == 0 ? a.x : a.y, vb = axis == 0 ? b.x : b.y;
        const double t = (at - va) / (vb - va);
        return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
    }
};

} // namespace

std::vector<geo::XY> thin(const std::vector<geo::XY>& points, double min_step) {
    if (points.size() <= 2) return points;
    std::vector<geo::XY> out;
    out.reserve(points.size());
    out.push_back(points.front());
    const double step2 = min_step * min_step;
    for (size_t i = 1; i + 1 < points.size(); ++i) {
        const double dx = points[i].x - out.back().x, dy = points[i].y - out.back().y;
        if (dx * dx + dy * dy >= step2) out.push_back(points[i]);
    }
    const geo::XY& last = points.back();
    if (out.size() > 1 && std::hypot(last.x - out.back().x, last.y - out.back().y) < min_step) out.pop_back();
    out.push_back(last);
    return out;
}

PageGeometry::PageGeometry(const geo::Viewport& view, double margin_px) : view_(view) {
    page_clip_ = {-margin_px, -margin_px, view.width + margin_px, view.height + margin_px};
    world_clip_.extend(view.to_world(-margin_px, -margin_px));
    world_clip_.extend(view.to_world(view.width + margin_px, view.height + margin_px));
}

void PageGeometry::add_line(const geo::XY* points, size_t count, Parts& out) const {
    if (count < 2) return;
    std::vector<geo::XY> run;
    geo::XY previous = to_page(points[0]);
    for (size_t i = 1; i < count; ++i) {
        const geo::XY p = to_page(points[i]);
        if (segment_may_touch(previous, p, page_clip_)) {
            if (run.empty()) run.push_back(previous);
            run.push_back(p);
        } else if (!run.empty()) {
            out.push_back(thin(run, kThinPx));
            run.clear();
        }
        previous = p;
    }
    if (!run.empty()) out.push_back(thin(run, kThinPx));
}

void PageGeometry::add_ring(const geo::XY* points, size_t count, Parts& out) const {
    if (count < 3) return;
    std::vector<geo::XY> ring;
    ring.reserve(count);
    geo::BBox box;
    for (size_t i = 0; i < count; ++i) {
        ring.push_back(to_page(points[i]));
        box.extend(ring.back());
    }
    if (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
    if (!box.intersects(page_clip_)) return;
    const bool inside = box.min_x >= page_clip_.min_x && box.max_x <= page_clip_.max_x &&
                        box.min_y >= page_clip_.min_y && box.max_y <= page_clip_.max_y;
    if (!inside) {
        const Edge edges[] = {{0, page_clip_.min_x, true},
                              {0, page_clip_.max_x, false},
                              {1, page_clip_.min_y, true},
                              {1, page_clip_.max_y, false}};
        std::vector<geo::XY> next;
        for (const Edge& e : edges) {
            next.clear();
            for (size_t i = 0; i < ring.size(); ++i) {
                const geo::XY& a = ring[i];
                const geo::XY& b = ring[(i + 1) % ring.size()];
                const bool in_a = e.inside(a), in_b = e.inside(b);
                if (in_a) next.push_back(a);
                if (in_a != in_b) next.push_back(e.cross(a, b));
            }
            ring.swap(next);
            if (ring.size() < 3) return;
        }
    }
    ring.push_back(ring.front()); // thin keeps the first and the last: the ring stays closed
    ring = thin(ring, kThinPx);
    ring.pop_back();
    if (ring.size() >= 3) out.push_back(std::move(ring));
}

} // namespace oko::app::figure
