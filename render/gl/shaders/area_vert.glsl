#version 330 core
// Area fills: vertices are metres relative to the batch origin, so floats keep their precision
// at any zoom; the origin's offset from the frame centre comes in pixels, computed in doubles.
layout(location = 0) in vec2 a_pos;
uniform vec2 u_offset;       // device px, y up
uniform float u_px_per_m;
uniform vec2 u_half_size;    // half the drawn region, device px
void main() {
    vec2 p = a_pos * u_px_per_m + u_offset;
    gl_Position = vec4(p / u_half_size, 0.0, 1.0);
}
