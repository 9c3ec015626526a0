#version 330 core
in vec2 v_local;
flat in vec2 v_half;
uniform vec4 u_colour;  // premultiplied
uniform float u_grow;
out vec4 o_colour;
// How much of a pixel-wide interval around `x` lies within [-h, h].
float overlap(float x, float h) { return clamp(min(x + 0.5, h) - max(x - 0.5, -h), 0.0, 1.0); }
void main() {
    float coverage = u_grow > 0.0 ? overlap(v_local.x, v_half.x) * overlap(v_local.y, v_half.y) : 1.0;
    if (coverage <= 0.0) discard;
    o_colour = u_colour * coverage;
}
