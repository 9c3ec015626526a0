#pragma once
// What a figure's legend and attribution say about its data, from the project and the scene:
// each visible point layer's vendors with their counts in the picture, its site symbols, the
// reference layers' categories, and the credit of every visible layer's source with the date
// of the OSM data. `oko render` hands them to the renderer beside the density views' legends
// (density_views.hpp); the renderer draws them all by one rule (render/labels).

#include "app/project/project.hpp"
#include "geo/scene/legend.hpp"
#include "geo/scene/scene_spec.hpp"

#include <string>
#include <vector>

namespace oko::app {

// One legend per visible point layer drawn as points (a density view has its own) with any
// point in the view that passes its filter: coloured by vendor, an entry per vendor, most points
// first, "Huawei (219)" (the vendors past the palette's distinct colours share one grey entry,
// unknown vendors another); otherwise one entry. Counts are of the points inside the picture
// (the view's bounds), with the layer's filter applied; the entries take the layer's symbol
// and colours. Then one per visible reference layer coloured by a field: its shown categories
// with features in the view, "primary (12)". All in `corner`.
std::vector<geo::LegendSpec> figure_legends(const Project& project, const geo::SceneSpec& scene, geo::Corner corner);

// The credits of what the picture shows, for the attribution line after OpenStreetMap's:
// "OSM data of 2024-10-22" (the extract's header date, when the project has it), then for each
// visible point and reference layer "cameras: cameras.csv" (its source files).
std::vector<std::string> figure_credits(const Project& project, const geo::SceneSpec& scene);

} // namespace oko::app
