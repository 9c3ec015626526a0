#pragma once
// Which names go where: place names (city, town, suburb, neighbourhood) centred on their point,
// street and river names along the longest straight run of the line where the name fits, never
// two labels overlapping and never the same street name twice close together. Computed on the
// CPU for the whole picture, so tiles of a print share one layout.

#include "geo/map/basemap.hpp"
#include "geo/scene/basemap_style.hpp"
#include "geo/scene/scene_spec.hpp"
#include "render/labels/text_painter.hpp"

#include <string>
#include <vector>

namespace oko::render {

struct PlacedLabel {
    std::string text;
    geo::XY origin;   // baseline start, device px of the whole picture (y down)
    double angle = 0; // radians, clockwise
    TextStyle style;
    geo::BBox box; // px, what it covers (axis-aligned; rotated labels are covered in pieces)
};

class LabelLayout {
public:
    void set_basemap(const geo::Basemap& basemap, const geo::BasemapStyle& style);

    // `reserved`: boxes (px) no label may cover, such as the attribution.
    std::vector<PlacedLabel> place(const geo::SceneSpec& spec, double device_scale, double ground_resolution,
                                   TextPainter& text, const std::vector<geo::BBox>& reserved) const;

private:
    struct Candidate {
        geo::FeatureClass cls;
        std::string name;            // as OSM has it
        std::string name_latin;      // name:sr-Latn, or empty
        std::vector<geo::XY> points; // one for places; the polyline for lines
        geo::BBox bounds;
        int priority = 0;
    };
    std::vector<Candidate> m_places;
    std::vector<Candidate> m_lines;
    geo::BasemapStyle m_style;
};

} // namespace oko::render
