#pragma once
// A point layer (cameras, sites, imported reports) drawn with its filter applied on the GPU:
// positions, vendor and year are uploaded once; a filter or style change only rewrites a
// 256-entry vendor table and a few uniforms (and, for a text search, one byte per point).

#include "geo/scene/point_style.hpp"
#include "render/gl/frame.hpp"
#include "render/painters/point_compositor.hpp"
#include "render/gl/shader_program.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace oko::render {

struct PointLayerGeometry {
    std::vector<geo::XY> positions;        // Web Mercator
    std::vector<std::string> vendors;      // distinct vendors, most frequent first; "" = unknown
    std::vector<uint16_t> vendor_index;    // per point
    std::vector<int16_t> years;            // per point, 0 = unknown
    std::vector<std::string> search_text;  // per point, folded
    std::vector<geo::Rgba> vendor_colours; // per vendor (the project's VendorPalette)
};

class PointLayerPainter {
public:
    explicit PointLayerPainter(const PointLayerGeometry& geometry);
    ~PointLayerPainter();
    PointLayerPainter(const PointLayerPainter&) = delete;
    PointLayerPainter& operator=(const PointLayerPainter&) = delete;

    // Applies a style and filter; cheap unless the filter's text changed.
    void apply(const geo::PointLayerStyle& style, const geo::Filter& filter);
    // The text criterion `text` already matched by the caller (1 = the point matches; empty = all
    // do): apply() then takes this mask instead of matching every point again.
    void set_text_mask(const std::string& text, const std::vector<uint8_t>& mask);
    void draw(const Frame& frame);
    size_t size() const { return m_count; }

    // How the symbols reach the picture: as point sprites, or composited on the CPU (see
    // PointCompositor). Auto composites layers of more than kCompositeFrom points when OpenGL is
    // a software rasteriser.
    enum class Path { Auto, Sprites, Composited };
    void set_path(Path path) { m_path = path; }
    static constexpr size_t kCompositeFrom = 20000;

private:
    struct PointVertex {
        float x, y;
        uint16_t vendor;
        int16_t year;
    };
    bool composited() const;
    void draw_composited(const Frame& frame, float radius);

    ShaderProgram m_program;
    ShaderProgram m_composite_program;
    unsigned m_vao = 0, m_points = 0, m_text = 0, m_vendor_table = 0;
    unsigned m_empty_vao = 0, m_picture = 0;
    int m_picture_width = 0, m_picture_height = 0;
    size_t m_count = 0;
    Path m_path = Path::Auto;
    bool m_software = false;
    void update_pass();
    // What the CPU path needs: the points as uploaded, the vendor table, the text mask, and
    // which points the filter keeps.
    std::vector<float> m_xy;             // as uploaded: metres from m_origin
    std::vector<int16_t> m_year_of;      // per point
    std::vector<uint8_t> m_colour_of;    // per point: its vendor's entry in m_table
    std::vector<uint64_t> m_pass;        // one bit per point: the filter keeps it
    bool m_pass_stale = true;
    std::array<uint8_t, 256 * 4> m_table{};
    std::vector<uint8_t> m_text_mask; // empty: every point matches
    PointCompositor m_compositor;
    geo::XY m_origin;
    std::vector<std::string> m_vendors;
    std::vector<geo::Rgba> m_vendor_colours;
    std::vector<std::string> m_search_text;
    std::string m_applied_text = "\x01"; // nothing applied yet
    geo::PointLayerStyle m_style;
    geo::Filter m_filter;
};

} // namespace oko::render
