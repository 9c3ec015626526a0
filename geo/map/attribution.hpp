#pragma once
// The credit every map drawn from OpenStreetMap data must carry (the ODbL; README, "Map data"):
// one spelling for the renderer's default, the scene and basemap defaults and the project file.

namespace oko::geo {

// Drawn bottom-right on every map picture and window unless a scene sets its own text.
inline constexpr const char* osm_attribution = "© OpenStreetMap contributors";
// With the licence, as the project file records it for its basemap.
inline constexpr const char* osm_attribution_with_licence = "© OpenStreetMap contributors, ODbL 1.0";

} // namespace oko::geo
