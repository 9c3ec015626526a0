#pragma once
// A point layer (cameras, sites, imported reports) drawn with its filter applied on the GPU:
// positions, vendor and year are uploaded once; a filter or style change only rewrites the vendor
// table (one colour and pass flag per vendor) and a few uniforms (and, for a text search, one
// byte per point). The filter is the layer's geo::CompiledFilter, compiled here or handed over
// by the window's layer view.

#include "geo/scene/compiled_filter.hpp"
#include "geo/scene/point_style.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/shader_program.hpp"
#include "render/painters/point_compositor.hpp"

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
    std::vector<uint8_t> statuses;         // per point, geo::PointStatus (missing: unverified)
};

// New values for some points of an uploaded layer (an edit of their vendor, year, status, text or
// position): `points` their indices, in increasing order, and their values in the same order.
struct PointLayerPatch {
    std::vector<uint32_t> points;
    std::vector<geo::XY> positions;
    std::vector<uint16_t> vendor_index; // into the layer's vendors, which stay as uploaded
    std::vector<int16_t> years;
    std::vector<std::string> search_text;
    std::vector<uint8_t> statuses;
};

class PointLayerPainter {
public:
    explicit PointLayerPainter(const PointLayerGeometry& geometry);
    ~PointLayerPainter();
    PointLayerPainter(const PointLayerPainter&) = delete;
    PointLayerPainter& operator=(const PointLayerPainter&) = delete;

    // Applies a style and filter; cheap unless the filter's text changed.
    void apply(const geo::PointLayerStyle& style, const geo::Filter& filter);
    // The filter already compiled by the caller for this layer (same vendors and texts): apply()
    // with its source filter then takes it instead of compiling (and matching the text) again.
    void set_compiled(const geo::CompiledFilter& filter);
    // Changes some points in place: what changed of them goes to the GPU (their vertices where a
    // position, vendor or year changed; the one byte a point of the text and status rules), and the
    // CPU path bins them again if they moved or changed colour. The filter stays, its text
    // matched again for those points.
    void update(const PointLayerPatch& patch);
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

    void upload_filter();
    void update_pass();

    ShaderProgram m_program;
    ShaderProgram m_composite_program;
    unsigned m_vao = 0, m_points = 0, m_text = 0, m_vendor_table = 0;
    unsigned m_empty_vao = 0, m_picture = 0;
    int m_picture_width = 0, m_picture_height = 0;
    size_t m_count = 0;
    Path m_path = Path::Auto;
    bool m_software = false;
    // The vendor table on the GPU: kTableWidth entries a row, one entry per vendor and one more
    // (index m_vendors.size(), never passing) for points whose vendor index is out of range.
    static constexpr int kTableWidth = 256;
    int m_table_rows = 1;
    // What the CPU path needs: the points as uploaded and which of them the filter keeps. The
    // compositor's palette has 256 entries: one per distinct vendor colour (the project palette
    // has under a dozen; past 256 the rest share the last entry). Colour only: which points are
    // drawn comes from the filter, exact per vendor.
    std::vector<float> m_xy;               // as uploaded: metres from m_origin
    std::vector<uint16_t> m_vendor_of;     // per point, as uploaded
    std::vector<int16_t> m_year_of;        // per point
    std::vector<uint8_t> m_status_of;      // per point, geo::PointStatus
    std::vector<uint8_t> m_colour_of;      // per point: its vendor's colour's entry in m_palette
    std::vector<uint8_t> m_slot_of_vendor; // per vendor index (and the out-of-range one): its entry in m_palette
    std::array<uint8_t, 256 * 4> m_palette{};
    std::vector<uint64_t> m_pass; // one bit per point: the filter keeps it
    bool m_pass_stale = true;
    PointCompositor m_compositor;
    geo::XY m_origin;
    std::vector<std::string> m_vendors;
    std::vector<geo::Rgba> m_vendor_colours; // per vendor, and the out-of-range entry
    geo::SearchTexts m_texts;
    geo::CompiledFilter m_filter;
    bool m_filter_uploaded = false, m_upload_pending = false;
    // The text mask and statuses on the GPU (one byte a point: text and status pass); null text: all ones.
    std::shared_ptr<const geo::TextMatch> m_uploaded_text;
    uint8_t m_uploaded_statuses = 0;
    geo::PointLayerStyle m_style;
};

} // namespace oko::render
