#version 330 core
in vec2 v_local;
flat in float v_radius;
flat in vec4 v_colour;
uniform vec4 u_outline;      // premultiplied
uniform float u_outline_px;
out vec4 o_colour;
void main() {
    float d = length(v_local);
    float coverage = clamp(v_radius + 0.5 - d, 0.0, 1.0);
    if (coverage <= 0.0) discard;
    float inner = clamp(v_radius - u_outline_px + 0.5 - d, 0.0, 1.0);
    vec4 fill = vec4(v_colour.rgb * v_colour.a, v_colour.a);
    o_colour = mix(u_outline, fill, inner) * coverage;
}
