#version 330 core
// One quad per segment, around it and grown by the half width (plus half a pixel for the
// anti-aliased edge) past its start, and past its end only where the line ends: the next
// segment's round start cap covers the joint, so the quads overlap half as much.
// The quad is two triangles of six vertices with no vertex attributes: the segment comes from a
// buffer texture by gl_VertexID. (Instancing says the same more briefly, but a software
// rasteriser such as llvmpipe runs its whole vertex pipeline once per instance: thousands of
// tiny instances made lines the dearest part of a frame.)
uniform samplerBuffer u_segments;  // per segment (x0, y0, x1, y1), metres, then (distance before it,
                                   // 1 for a line's last segment, -, -)
uniform vec2 u_offset;
uniform float u_px_per_m;
uniform vec2 u_half_size;
uniform float u_half_width;  // device px
out vec2 v_local;            // px along and across the segment, from its start
flat out float v_length;     // px
flat out float v_dist_px;    // px of line before the segment
// x: 0 start, 1 end; y: -1 right, 1 left
const vec2 kCorners[6] = vec2[6](vec2(0.0, -1.0), vec2(1.0, -1.0), vec2(0.0, 1.0),
                                 vec2(0.0, 1.0), vec2(1.0, -1.0), vec2(1.0, 1.0));
void main() {
    int segment = gl_VertexID / 6;
    vec2 corner = kCorners[gl_VertexID - segment * 6];
    vec4 ends = texelFetch(u_segments, 2 * segment);
    vec2 more = texelFetch(u_segments, 2 * segment + 1).xy;
    float dist = more.x;
    vec2 p0 = ends.xy * u_px_per_m + u_offset;
    vec2 p1 = ends.zw * u_px_per_m + u_offset;
    vec2 d = p1 - p0;
    float len = length(d);
    vec2 dir = len > 1e-6 ? d / len : vec2(1.0, 0.0);
    vec2 normal = vec2(-dir.y, dir.x);
    // Coverage falls to zero half a pixel past the half width (line_frag.glsl).
    float r = u_half_width + 0.5;
    float along = mix(-r, len + r * more.y, corner.x);
    float across = corner.y * r;
    v_local = vec2(along, across);
    v_length = len;
    v_dist_px = dist * u_px_per_m;
    gl_Position = vec4((p0 + dir * along + normal * across) / u_half_size, 0.0, 1.0);
}
