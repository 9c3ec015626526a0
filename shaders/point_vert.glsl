#version 330 core
// Instanced discs: a screen-aligned quad per point, sized in pixels.
layout(location = 0) in vec2 a_corner;   // -1..1
layout(location = 1) in vec2 a_pos;      // metres from the layer origin
layout(location = 2) in float a_radius;  // device px
layout(location = 3) in vec4 a_colour;   // straight alpha, normalised bytes
uniform vec2 u_offset;
uniform float u_px_per_m;
uniform vec2 u_half_size;
uniform float u_radius_scale;  // the frame's pixel ratio
out vec2 v_local;
flat out float v_radius;
flat out vec4 v_colour;
void main() {
    float radius = a_radius * u_radius_scale;
    float r = radius + 1.0;
    v_local = a_corner * r;
    v_radius = radius;
    v_colour = a_colour;
    vec2 p = a_pos * u_px_per_m + u_offset + v_local;
    gl_Position = vec4(p / u_half_size, 0.0, 1.0);
}
