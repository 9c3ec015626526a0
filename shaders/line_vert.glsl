#version 330 core
// One instance per segment: a quad around it, grown by the half width (plus a pixel for the
// anti-aliased edge) past both ends, so the round caps of neighbours cover every joint.
layout(location = 0) in vec2 a_corner;   // x: 0 start, 1 end; y: -1 right, 1 left
layout(location = 1) in vec4 a_segment;  // start and end, metres from the batch origin
layout(location = 2) in float a_dist;    // ground length of the line before this segment, metres
uniform vec2 u_offset;
uniform float u_px_per_m;
uniform vec2 u_half_size;
uniform float u_half_width;  // device px
out vec2 v_local;            // px along and across the segment, from its start
flat out float v_length;     // px
flat out float v_dist_px;    // px of line before the segment
void main() {
    vec2 p0 = a_segment.xy * u_px_per_m + u_offset;
    vec2 p1 = a_segment.zw * u_px_per_m + u_offset;
    vec2 d = p1 - p0;
    float len = length(d);
    vec2 dir = len > 1e-6 ? d / len : vec2(1.0, 0.0);
    vec2 normal = vec2(-dir.y, dir.x);
    float r = u_half_width + 1.0;
    float along = mix(-r, len + r, a_corner.x);
    float across = a_corner.y * r;
    v_local = vec2(along, across);
    v_length = len;
    v_dist_px = a_dist * u_px_per_m;
    gl_Position = vec4((p0 + dir * along + normal * across) / u_half_size, 0.0, 1.0);
}
