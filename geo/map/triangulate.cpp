#include "geo/map/triangulate.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>

namespace oko::geo {

namespace {

// The ear-clipping scheme of Held's FIST and of the "earcut" family: a doubly linked ring,
// holes joined to the outer ring by bridges, ears tested against the nodes a z-order index says
// are near, and two fall-back passes (cure local self-intersections, split the polygon) so that
// slightly invalid OSM rings still fill.
class Earcut {
public:
    Earcut(std::span<const XY> points, std::vector<uint32_t>& out) : m_points(points), m_out(out) {}

    void run(std::span<const RingRange> rings) {
        if (rings.empty()) return;
        Node* outer = linked_list(rings[0], true);
        if (!outer || outer->next == outer->prev) return;
        size_t vertex_count = rings[0].end - rings[0].begin;
        if (rings.size() > 1) {
            outer = eliminate_holes(rings.subspan(1), outer);
            for (const auto& r : rings.subspan(1)) vertex_count += r.end - r.begin;
        }
        // Below this size a plain scan of the ring beats building the index.
        if (vertex_count > 80) {
            m_hashing = true;
            double min_x = outer->x, min_y = outer->y, max_x = outer->x, max_y = outer->y;
            for (uint32_t i = rings[0].begin; i < rings[0].end; ++i) {
                const XY& p = m_points[i];
                min_x = std::min(min_x, p.x);
                min_y = std::min(min_y, p.y);
                max_x = std::max(max_x, p.x);
                max_y = std::max(max_y, p.y);
            }
            m_min_x = min_x;
            m_min_y = min_y;
            const double size = std::max(max_x - min_x, max_y - min_y);
            m_inv_size = size != 0 ? 32767.0 / size : 0.0;
        }
        earcut_linked(outer, 0);
    }

private:
    struct Node {
        uint32_t i;
        double x;
        double y;
        Node* prev = nullptr;
        Node* next = nullptr;
        uint32_t z = 0;
        Node* prev_z = nullptr;
        Node* next_z = nullptr;
        bool steiner = false;
    };

    std::span<const XY> m_points;
    std::vector<uint32_t>& m_out;
    std::deque<Node> m_nodes;  // stable addresses while the rings are cut and joined
    bool m_hashing = false;
    double m_min_x = 0, m_min_y = 0, m_inv_size = 0;

    static double area(const Node* p, const Node* q, const Node* r) {
        return (q->y - p->y) * (r->x - q->x) - (q->x - p->x) * (r->y - q->y);
    }
    static bool equals(const Node* a, const Node* b) { return a->x == b->x && a->y == b->y; }
    static bool point_in_triangle(double ax, double ay, double bx, double by, double cx, double cy, double px, double py) {
        return (cx - px) * (ay - py) >= (ax - px) * (cy - py) && (ax - px) * (by - py) >= (bx - px) * (ay - py) &&
               (bx - px) * (cy - py) >= (cx - px) * (by - py);
    }
    static int sign(double v) { return (v > 0) - (v < 0); }
    static bool on_segment(const Node* p, const Node* q, const Node* r) {
        return q->x <= std::max(p->x, r->x) && q->x >= std::min(p->x, r->x) && q->y <= std::max(p->y, r->y) &&
               q->y >= std::min(p->y, r->y);
    }
    static bool intersects(const Node* p1, const Node* q1, const Node* p2, const Node* q2) {
        const int o1 = sign(area(p1, q1, p2));
        const int o2 = sign(area(p1, q1, q2));
        const int o3 = sign(area(p2, q2, p1));
        const int o4 = sign(area(p2, q2, q1));
        if (o1 != o2 && o3 != o4) return true;
        if (o1 == 0 && on_segment(p1, p2, q1)) return true;
        if (o2 == 0 && on_segment(p1, q2, q1)) return true;
        if (o3 == 0 && on_segment(p2, p1, q2)) return true;
        if (o4 == 0 && on_segment(p2, q1, q2)) return true;
        return false;
    }
    static bool locally_inside(const Node* a, const Node* b) {
        return area(a->prev, a, a->next) < 0 ? area(a, b, a->next) >= 0 && area(a, a->prev, b) >= 0
                                             : area(a, b, a->prev) < 0 || area(a, a->next, b) < 0;
    }
    static bool middle_inside(const Node* a, const Node* b) {
        const Node* p = a;
        bool inside = false;
        const double px = (a->x + b->x) / 2;
        const double py = (a->y + b->y) / 2;
        do {
            if (((p->y > py) != (p->next->y > py)) && p->next->y != p->y &&
                (px < (p->next->x - p->x) * (py - p->y) / (p->next->y - p->y) + p->x))
                inside = !inside;
            p = p->next;
        } while (p != a);
        return inside;
    }
    static bool intersects_polygon(const Node* a, const Node* b) {
        const Node* p = a;
        do {
            if (p->i != a->i && p->next->i != a->i && p->i != b->i && p->next->i != b->i && intersects(p, p->next, a, b))
                return true;
            p = p->next;
        } while (p != a);
        return false;
    }
    static bool is_valid_diagonal(const Node* a, const Node* b) {
        return a->next->i != b->i && a->prev->i != b->i && !intersects_polygon(a, b) &&
               ((locally_inside(a, b) && locally_inside(b, a) && middle_inside(a, b) &&
                 (area(a->prev, a, b->prev) != 0 || area(a, b->prev, b) != 0)) ||
                (equals(a, b) && area(a->prev, a, a->next) > 0 && area(b->prev, b, b->next) > 0));
    }
    static bool sector_contains_sector(const Node* m, const Node* p) {
        return area(m->prev, m, p->prev) < 0 && area(p->next, m, m->next) < 0;
    }

    Node* insert_node(uint32_t i, Node* last) {
        Node* p = &m_nodes.emplace_back(Node{i, m_points[i].x, m_points[i].y});
        if (!last) {
            p->prev = p;
            p->next = p;
        } else {
            p->next = last->next;
            p->prev = last;
            last->next->prev = p;
            last->next = p;
        }
        return p;
    }
    static void remove_node(Node* p) {
        p->next->prev = p->prev;
        p->prev->next = p->next;
        if (p->prev_z) p->prev_z->next_z = p->next_z;
        if (p->next_z) p->next_z->prev_z = p->prev_z;
    }

    Node* linked_list(RingRange ring, bool clockwise) {
        uint32_t end = ring.end;
        if (end - ring.begin >= 2 && m_points[end - 1].x == m_points[ring.begin].x &&
            m_points[end - 1].y == m_points[ring.begin].y)
            --end;
        if (end <= ring.begin) return nullptr;
        double sum = 0;
        for (uint32_t i = ring.begin, j = end - 1; i < end; j = i++)
            sum += (m_points[j].x - m_points[i].x) * (m_points[i].y + m_points[j].y);
        Node* last = nullptr;
        if (clockwise == (sum > 0)) {
            for (uint32_t i = ring.begin; i < end; ++i) last = insert_node(i, last);
        } else {
            for (uint32_t i = end; i-- > ring.begin;) last = insert_node(i, last);
        }
        if (last && equals(last, last->next)) {
            remove_node(last);
            last = last->next;
        }
        return last;
    }

    static Node* filter_points(Node* start, Node* end = nullptr) {
        if (!start) return start;
        if (!end) end = start;
        Node* p = start;
        bool again;
        do {
            again = false;
            if (!p->steiner && (equals(p, p->next) || area(p->prev, p, p->next) == 0)) {
                remove_node(p);
                p = end = p->prev;
                if (p == p->next) break;
                again = true;
            } else {
                p = p->next;
            }
        } while (again || p != end);
        return end;
    }

    uint32_t z_order(double px, double py) const {
        auto x = static_cast<uint32_t>((px - m_min_x) * m_inv_size);
        auto y = static_cast<uint32_t>((py - m_min_y) * m_inv_size);
        x = (x | (x << 8)) & 0x00FF00FF;
        x = (x | (x << 4)) & 0x0F0F0F0F;
        x = (x | (x << 2)) & 0x33333333;
        x = (x | (x << 1)) & 0x55555555;
        y = (y | (y << 8)) & 0x00FF00FF;
        y = (y | (y << 4)) & 0x0F0F0F0F;
        y = (y | (y << 2)) & 0x33333333;
        y = (y | (y << 1)) & 0x55555555;
        return x | (y << 1);
    }

    void index_curve(Node* start) {
        Node* p = start;
        do {
            p->z = z_order(p->x, p->y);
            p->prev_z = p->prev;
            p->next_z = p->next;
            p = p->next;
        } while (p != start);
        p->prev_z->next_z = nullptr;
        p->prev_z = nullptr;
        sort_linked(p);
    }

    // Merge sort of the z-order list (Simon Tatham's list merge sort).
    static void sort_linked(Node* list) {
        int in_size = 1;
        int merges;
        do {
            Node* p = list;
            list = nullptr;
            Node* tail = nullptr;
            merges = 0;
            while (p) {
                ++merges;
                Node* q = p;
                int p_size = 0;
                for (int i = 0; i < in_size; ++i) {
                    ++p_size;
                    q = q->next_z;
                    if (!q) break;
                }
                int q_size = in_size;
                while (p_size > 0 || (q_size > 0 && q)) {
                    Node* e;
                    if (p_size != 0 && (q_size == 0 || !q || p->z <= q->z)) {
                        e = p;
                        p = p->next_z;
                        --p_size;
                    } else {
                        e = q;
                        q = q->next_z;
                        --q_size;
                    }
                    if (tail) tail->next_z = e;
                    else list = e;
                    e->prev_z = tail;
                    tail = e;
                }
                p = q;
            }
            tail->next_z = nullptr;
            in_size *= 2;
        } while (merges > 1);
    }

    static bool is_ear(const Node* ear) {
        const Node* a = ear->prev;
        const Node* b = ear;
        const Node* c = ear->next;
        if (area(a, b, c) >= 0) return false;
        const Node* p = ear->next->next;
        while (p != ear->prev) {
            if (point_in_triangle(a->x, a->y, b->x, b->y, c->x, c->y, p->x, p->y) && area(p->prev, p, p->next) >= 0)
                return false;
            p = p->next;
        }
        return true;
    }

    bool is_ear_hashed(const Node* ear) const {
        const Node* a = ear->prev;
        const Node* b = ear;
        const Node* c = ear->next;
        if (area(a, b, c) >= 0) return false;
        const double min_tx = std::min({a->x, b->x, c->x});
        const double min_ty = std::min({a->y, b->y, c->y});
        const double max_tx = std::max({a->x, b->x, c->x});
        const double max_ty = std::max({a->y, b->y, c->y});
        const uint32_t min_z = z_order(min_tx, min_ty);
        const uint32_t max_z = z_order(max_tx, max_ty);
        auto blocks = [&](const Node* p) {
            return p != ear->prev && p != ear->next &&
                   point_in_triangle(a->x, a->y, b->x, b->y, c->x, c->y, p->x, p->y) && area(p->prev, p, p->next) >= 0;
        };
        const Node* p = ear->prev_z;
        const Node* n = ear->next_z;
        while (p && p->z >= min_z && n && n->z <= max_z) {
            if (blocks(p)) return false;
            p = p->prev_z;
            if (blocks(n)) return false;
            n = n->next_z;
        }
        for (; p && p->z >= min_z; p = p->prev_z)
            if (blocks(p)) return false;
        for (; n && n->z <= max_z; n = n->next_z)
            if (blocks(n)) return false;
        return true;
    }

    void emit(const Node* a, const Node* b, const Node* c) {
        m_out.push_back(a->i);
        m_out.push_back(b->i);
        m_out.push_back(c->i);
    }

    void earcut_linked(Node* ear, int pass) {
        if (!ear) return;
        if (pass == 0 && m_hashing) index_curve(ear);
        Node* stop = ear;
        while (ear->prev != ear->next) {
            Node* prev = ear->prev;
            Node* next = ear->next;
            if (m_hashing ? is_ear_hashed(ear) : is_ear(ear)) {
                emit(prev, ear, next);
                remove_node(ear);
                ear = next->next;
                stop = next->next;
                continue;
            }
            ear = next;
            if (ear == stop) {
                if (pass == 0) {
                    earcut_linked(filter_points(ear), 1);
                } else if (pass == 1) {
                    ear = cure_local_intersections(filter_points(ear));
                    earcut_linked(ear, 2);
                } else {
                    split_earcut(ear);
                }
                break;
            }
        }
    }

    Node* cure_local_intersections(Node* start) {
        Node* p = start;
        do {
            Node* a = p->prev;
            Node* b = p->next->next;
            if (!equals(a, b) && intersects(a, p, p->next, b) && locally_inside(a, b) && locally_inside(b, a)) {
                emit(a, p, b);
                remove_node(p);
                remove_node(p->next);
                p = start = b;
            }
            p = p->next;
        } while (p != start);
        return filter_points(p);
    }

    Node* split_polygon(Node* a, Node* b) {
        Node* a2 = &m_nodes.emplace_back(Node{a->i, a->x, a->y});
        Node* b2 = &m_nodes.emplace_back(Node{b->i, b->x, b->y});
        Node* an = a->next;
        Node* bp = b->prev;
        a->next = b;
        b->prev = a;
        a2->next = an;
        an->prev = a2;
        b2->next = a2;
        a2->prev = b2;
        bp->next = b2;
        b2->prev = bp;
        return b2;
    }

    void split_earcut(Node* start) {
        Node* a = start;
        do {
            Node* b = a->next->next;
            while (b != a->prev) {
                if (a->i != b->i && is_valid_diagonal(a, b)) {
                    Node* c = split_polygon(a, b);
                    a = filter_points(a, a->next);
                    c = filter_points(c, c->next);
                    earcut_linked(a, 0);
                    earcut_linked(c, 0);
                    return;
                }
                b = b->next;
            }
            a = a->next;
        } while (a != start);
    }

    static Node* leftmost(Node* start) {
        Node* p = start;
        Node* best = start;
        do {
            if (p->x < best->x || (p->x == best->x && p->y < best->y)) best = p;
            p = p->next;
        } while (p != start);
        return best;
    }

    Node* eliminate_holes(std::span<const RingRange> holes, Node* outer) {
        std::vector<Node*> queue;
        for (const auto& h : holes) {
            Node* list = linked_list(h, false);
            if (!list) continue;
            if (list == list->next) list->steiner = true;
            queue.push_back(leftmost(list));
        }
        std::sort(queue.begin(), queue.end(), [](const Node* a, const Node* b) { return a->x < b->x; });
        for (Node* hole : queue) outer = eliminate_hole(hole, outer);
        return outer;
    }

    Node* eliminate_hole(Node* hole, Node* outer) {
        Node* bridge = find_hole_bridge(hole, outer);
        if (!bridge) return outer;
        Node* bridge_reverse = split_polygon(bridge, hole);
        filter_points(bridge_reverse, bridge_reverse->next);
        return filter_points(bridge, bridge->next);
    }

    // David Eberly's hole bridging: the closest visible outer vertex to the left of the hole.
    static Node* find_hole_bridge(Node* hole, Node* outer) {
        Node* p = outer;
        const double hx = hole->x;
        const double hy = hole->y;
        double qx = -std::numeric_limits<double>::infinity();
        Node* m = nullptr;
        do {
            if (hy <= p->y && hy >= p->next->y && p->next->y != p->y) {
                const double x = p->x + (hy - p->y) * (p->next->x - p->x) / (p->next->y - p->y);
                if (x <= hx && x > qx) {
                    qx = x;
                    m = p->x < p->next->x ? p : p->next;
                    if (x == hx) return m;
                }
            }
            p = p->next;
        } while (p != outer);
        if (!m) return nullptr;

        const Node* stop = m;
        const double mx = m->x;
        const double my = m->y;
        double tan_min = std::numeric_limits<double>::infinity();
        p = m;
        do {
            if (hx >= p->x && p->x >= mx && hx != p->x &&
                point_in_triangle(hy < my ? hx : qx, hy, mx, my, hy < my ? qx : hx, hy, p->x, p->y)) {
                const double tan = std::abs(hy - p->y) / (hx - p->x);
                if (locally_inside(p, hole) &&
                    (tan < tan_min || (tan == tan_min && (p->x > m->x || (p->x == m->x && sector_contains_sector(m, p)))))) {
                    m = p;
                    tan_min = tan;
                }
            }
            p = p->next;
        } while (p != stop);
        return m;
    }
};

double ring_area(std::span<const XY> points, RingRange r) {
    double sum = 0;
    if (r.end <= r.begin) return 0;
    for (uint32_t i = r.begin, j = r.end - 1; i < r.end; j = i++)
        sum += (points[j].x + points[i].x) * (points[j].y - points[i].y);
    return std::abs(sum) / 2;
}

} // namespace

void triangulate(std::span<const XY> points, std::span<const RingRange> rings, std::vector<uint32_t>& triangles) {
    Earcut{points, triangles}.run(rings);
}

void triangulate_polygons(std::span<const XY> points, std::span<const uint32_t> parts, std::span<const uint32_t> polygons,
                          std::vector<uint32_t>& triangles) {
    std::vector<RingRange> rings;
    for (size_t p = 0; p < polygons.size(); ++p) {
        const uint32_t first = polygons[p];
        const uint32_t last = p + 1 < polygons.size() ? polygons[p + 1] : static_cast<uint32_t>(parts.size());
        rings.clear();
        for (uint32_t r = first; r < last; ++r) {
            const uint32_t e = r + 1 < parts.size() ? parts[r + 1] : static_cast<uint32_t>(points.size());
            rings.push_back({parts[r], e});
        }
        triangulate(points, rings, triangles);
    }
}

double polygon_area(std::span<const XY> points, std::span<const RingRange> rings) {
    double a = 0;
    for (size_t i = 0; i < rings.size(); ++i) a += (i == 0 ? 1 : -1) * ring_area(points, rings[i]);
    return a;
}

double triangles_area(std::span<const XY> points, std::span<const uint32_t> triangles) {
    double a = 0;
    for (size_t t = 0; t + 2 < triangles.size(); t += 3) {
        const XY& p = points[triangles[t]];
        const XY& q = points[triangles[t + 1]];
        const XY& r = points[triangles[t + 2]];
        a += std::abs((q.x - p.x) * (r.y - p.y) - (r.x - p.x) * (q.y - p.y)) / 2;
    }
    return a;
}

} // namespace oko::geo
