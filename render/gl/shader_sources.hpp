#pragma once
// The GLSL sources of render/gl/shaders/, embedded at configure time (see render/CMakeLists.txt).

namespace oko::render::shaders {

extern const char* const area_vert;
extern const char* const area_frag;
extern const char* const area_proxy_vert;
extern const char* const area_proxy_frag;
extern const char* const coverage_vert;
extern const char* const coverage_frag;
extern const char* const cell_vert;
extern const char* const cell_frag;
extern const char* const density_vert;
extern const char* const density_frag;
extern const char* const line_vert;
extern const char* const line_frag;
extern const char* const point_layer_vert;
extern const char* const point_layer_frag;
extern const char* const point_composite_vert;
extern const char* const point_composite_frag;
extern const char* const text_vert;
extern const char* const text_frag;

} // namespace oko::render::shaders
