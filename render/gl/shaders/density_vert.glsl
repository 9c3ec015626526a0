#version 330 core
// One rectangle over a density grid's region (corners by gl_VertexID, a triangle strip).
uniform vec4 u_rect;       // min x, min y, max x, max y: metres from the grid's origin
uniform vec2 u_offset;     // device px, y up
uniform float u_px_per_m;
uniform vec2 u_half_size;
out vec2 v_uv;
void main() {
    vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
    // The grid's row 0 is its top (an image's order) and is uploaded first, at t = 0.
    v_uv = vec2(corner.x, 1.0 - corner.y);
    vec2 p = mix(u_rect.xy, u_rect.zw, corner) * u_px_per_m + u_offset;
    gl_Position = vec4(p / u_half_size, 0.0, 1.0);
}
