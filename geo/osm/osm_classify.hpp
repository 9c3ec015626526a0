#pragma once
// OSM tags to basemap classes. One place decides what an OSM object is on the map; the importer
// asks it for nodes (place labels), for ways drawn as lines (roads, rail, waterways) and for
// areas (closed ways and multipolygon or boundary relations).

#include "geo/map/feature_class.hpp"

#include <osmium/osm/tag.hpp>

#include <optional>

namespace oko::geo {

std::optional<FeatureClass> classify_node(const osmium::TagList& tags);
std::optional<FeatureClass> classify_line(const osmium::TagList& tags);

// `relation`: the tags are a relation's (type=multipolygon or type=boundary); administrative
// boundaries are taken from relations only, as ways tagged boundary=* are only their pieces.
std::optional<FeatureClass> classify_area(const osmium::TagList& tags, bool relation);

} // namespace oko::geo
