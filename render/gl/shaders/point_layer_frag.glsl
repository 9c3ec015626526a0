#version 330 core
flat in vec4 v_colour;
uniform float u_radius;
uniform float u_outline_px;
uniform float u_opacity;
uniform int u_symbol;      // 0 disc, 1 square, 2 diamond, 3 triangle
out vec4 o_colour;
// Signed distance (px) to the symbol's edge, negative inside.
float symbol_distance(vec2 p, float r) {
    if (u_symbol == 1) { vec2 d = abs(p) - vec2(r * 0.85); return max(d.x, d.y); }
    if (u_symbol == 2) return (abs(p.x) + abs(p.y) - r * 1.15) * 0.7071;
    if (u_symbol == 3) {
        vec2 q = vec2(abs(p.x), -p.y + r * 0.25);
        return max(q.y - r * 0.9, (q.x * 0.866 + q.y * 0.5) - r * 0.45);
    }
    return length(p) - r;
}
void main() {
    // px from the symbol's centre, y up (the sprite's coordinates run down)
    vec2 local = vec2(gl_PointCoord.x * 2.0 - 1.0, 1.0 - gl_PointCoord.y * 2.0) * (u_radius + 1.5);
    float d = symbol_distance(local, u_radius);
    float coverage = clamp(0.5 - d, 0.0, 1.0);
    if (coverage <= 0.0) discard;
    float inner = clamp(-u_outline_px + 0.5 - d, 0.0, 1.0);
    vec4 fill = vec4(v_colour.rgb, 1.0);
    vec4 outline = vec4(1.0, 1.0, 1.0, 1.0);   // a white ring keeps points readable on any basemap colour
    o_colour = mix(outline, fill, inner) * coverage * u_opacity;   // premultiplied
}
