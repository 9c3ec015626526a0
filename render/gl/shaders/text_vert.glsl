#version 330 core
// Glyph quads in device pixels of the whole picture (y down), placed on the CPU.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_colour;  // straight alpha
layout(location = 3) in vec4 a_halo;    // straight alpha
uniform vec4 u_region;  // x0, y0, width, height of the drawn part of the picture
out vec2 v_uv;
out vec4 v_colour;
out vec4 v_halo;
void main() {
    v_uv = a_uv;
    v_colour = a_colour;
    v_halo = a_halo;
    vec2 ndc = vec2((a_pos.x - u_region.x) / u_region.z * 2.0 - 1.0, 1.0 - (a_pos.y - u_region.y) / u_region.w * 2.0);
    gl_Position = vec4(ndc, 0.0, 1.0);
}
