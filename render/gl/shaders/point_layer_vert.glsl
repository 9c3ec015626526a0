#version 330 core
// A point layer filtered on the GPU: each point carries its vendor and year, and the filter
// (geo::CompiledFilter, compiled on the CPU) lives in uniforms and a vendor table (colour +
// passes, one entry per vendor, 256 a row), so changing a filter never re-uploads geometry.
// Points that fail are moved outside the clip volume.
// One vertex per point, drawn as a point sprite: a software rasteriser pays per vertex and per
// instance, and a million symbols as instanced quads cost seconds where sprites cost milliseconds.
layout(location = 1) in vec2 a_pos;        // metres from the layer origin
layout(location = 2) in uint a_vendor;     // index into the vendor table (any uint16)
layout(location = 3) in int a_year;        // 0 = unknown
layout(location = 4) in uint a_text;       // 1 = passes the text and status criteria
uniform vec2 u_offset;
uniform float u_px_per_m;
uniform vec2 u_half_size;                  // half the viewport, device px (it overhangs the target)
uniform float u_radius;                    // device px
uniform sampler2D u_vendors;               // 256 x rows: rgb colour, a = vendor passes the filter
uniform ivec2 u_years;                     // inclusive range of known years
uniform int u_include_unknown_year;          // 1: a point of unknown year passes (CompiledFilter::unknown_year_ok)
uniform vec4 u_single_colour;              // a > 0: every point this colour
flat out vec4 v_colour;
void main() {
    vec4 vendor = texelFetch(u_vendors, ivec2(int(a_vendor & 255u), int(a_vendor >> 8u)), 0);
    // The year rule's GLSL copy; its C++ twin is geo::CompiledFilter::year_passes
    // (geo/scene/compiled_filter.hpp), which the window's counts and the CPU compositor apply.
    bool year_ok = a_year == 0 ? u_include_unknown_year != 0 : (a_year >= u_years.x && a_year <= u_years.y);
    if (vendor.a < 0.5 || !year_ok || a_text == 0u) {
        gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
        gl_PointSize = 1.0;
        return;
    }
    v_colour = u_single_colour.a > 0.0 ? u_single_colour : vec4(vendor.rgb, 1.0);
    vec2 p = a_pos * u_px_per_m + u_offset;
    gl_Position = vec4(p / u_half_size, 0.0, 1.0);
    gl_PointSize = 2.0 * (u_radius + 1.5);
}
