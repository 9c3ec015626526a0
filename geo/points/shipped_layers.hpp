#pragma once
// Layers every new project starts with: the smart-city sites (datasets/smart_city_sites.geojson).

#include "geo/store/store.hpp"

#include <filesystem>

namespace oko::geo {

// Adds the shipped layers to a project (inside the caller's transaction, if any). A missing
// datasets folder is an error: a project without the sites would silently lack a layer.
void add_shipped_layers(Store& store);

inline constexpr const char* kSitesLayer = "smart_city_sites";

} // namespace oko::geo
