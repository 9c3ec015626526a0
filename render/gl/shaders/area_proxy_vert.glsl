#version 330 core
// Features a few pixels across, each as one rectangle with the feature's area, centroid and
// principal axes: six vertices from a buffer texture by gl_VertexID (see line_vert.glsl for why
// not instances). Without multisampling the rectangle is grown by half a pixel and its edges
// anti-aliased in the fragment shader, so small buildings glide instead of flickering when the
// map moves by fractions of a pixel.
uniform samplerBuffer u_proxies;  // per feature (cx, cy, ux, uy) then (hu, hv, -, -), metres
uniform vec2 u_offset;
uniform float u_px_per_m;
uniform vec2 u_half_size;
uniform float u_grow;             // px added to each half size: 0.5 to anti-alias, 0 under MSAA
out vec2 v_local;                 // px from the centre along the two axes
flat out vec2 v_half;             // half sizes, px
const vec2 kCorners[6] = vec2[6](vec2(-1.0, -1.0), vec2(1.0, -1.0), vec2(-1.0, 1.0),
                                 vec2(-1.0, 1.0), vec2(1.0, -1.0), vec2(1.0, 1.0));
void main() {
    int feature = gl_VertexID / 6;
    vec2 corner = kCorners[gl_VertexID - feature * 6];
    vec4 a = texelFetch(u_proxies, 2 * feature);
    vec2 half_m = texelFetch(u_proxies, 2 * feature + 1).xy;
    vec2 u = a.zw;
    vec2 v = vec2(-u.y, u.x);
    v_half = half_m * u_px_per_m;
    v_local = corner * (v_half + u_grow);
    vec2 p = a.xy * u_px_per_m + u_offset + u * v_local.x + v * v_local.y;
    gl_Position = vec4(p / u_half_size, 0.0, 1.0);
}
