#pragma once
// A point layer (cameras, sites, imported reports) drawn with its filter applied on the GPU:
// positions, vendor and year are uploaded once; a filter or style change only rewrites a
// 256-entry vendor table and a few uniforms (and, for a text search, one byte per point).

#include "geo/point_style.hpp"
#include "render/frame.hpp"
#include "render/shader_program.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace oko::render {

struct PointLayerGeometry {
    std::vector<geo::XY> positions;          // Web Mercator
    std::vector<std::string> vendors;        // distinct vendors, most frequent first; "" = unknown
    std::vector<uint16_t> vendor_index;      // per point
    std::vector<int16_t> years;              // per point, 0 = unknown
    std::vector<std::string> search_text;    // per point, folded
    std::vector<geo::Rgba> vendor_colours;   // per vendor (the project's VendorPalette)
};

class PointLayerPainter {
public:
    explicit PointLayerPainter(const PointLayerGeometry& geometry);
    ~PointLayerPainter();
    PointLayerPainter(const PointLayerPainter&) = delete;
    PointLayerPainter& operator=(const PointLayerPainter&) = delete;

    // Applies a style and filter; cheap unless the filter's text changed.
    void apply(const geo::PointLayerStyle& style, const geo::Filter& filter);
    void draw(const Frame& frame);
    size_t size() const { return m_count; }

private:
    ShaderProgram m_program;
    unsigned m_vao = 0, m_corners = 0, m_instances = 0, m_text = 0, m_vendor_table = 0;
    size_t m_count = 0;
    geo::XY m_origin;
    std::vector<std::string> m_vendors;
    std::vector<geo::Rgba> m_vendor_colours;
    std::vector<std::string> m_search_text;
    std::string m_applied_text = "\x01";  // nothing applied yet
    geo::PointLayerStyle m_style;
    geo::Filter m_filter;
};

} // namespace oko::render
