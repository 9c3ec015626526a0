#version 330 core
// Filled cells and districts, each vertex with its polygon's colour; positions in metres from the
// batch origin (see area_vert.glsl).
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec4 a_colour; // straight alpha, 0..1
uniform vec2 u_offset;       // device px, y up
uniform float u_px_per_m;
uniform vec2 u_half_size;
out vec4 v_colour;
void main() {
    v_colour = a_colour;
    vec2 p = a_pos * u_px_per_m + u_offset;
    gl_Position = vec4(p / u_half_size, 0.0, 1.0);
}
