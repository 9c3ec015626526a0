#version 330 core
in vec2 v_local;
flat in float v_length;
flat in float v_dist_px;
uniform float u_half_width;
uniform vec4 u_colour;   // premultiplied
uniform vec2 u_dash;     // on, off in px; on == 0 for a solid line
out vec4 o_colour;
void main() {
    // Distance to the segment (not the quad): round caps and round joins for free.
    float x = clamp(v_local.x, 0.0, v_length);
    float d = length(vec2(v_local.x - x, v_local.y));
    float coverage = clamp(u_half_width + 0.5 - d, 0.0, 1.0);
    if (u_dash.x > 0.0) {
        float s = mod(v_dist_px + x, u_dash.x + u_dash.y);
        coverage *= clamp(u_dash.x - s + 0.5, 0.0, 1.0) * clamp(s + 0.5, 0.0, 1.0);
    }
    if (coverage <= 0.0) discard;
    o_colour = u_colour * coverage;
}
