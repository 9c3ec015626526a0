#version 330 core
in vec2 v_uv;
uniform sampler2D u_coverage;  // share of each texel the features cover, or their colours
uniform bool u_in_colour;      // premultiplied RGBA rather than a share in red
uniform vec4 u_colour;         // premultiplied
out vec4 o_colour;
void main() {
    vec4 t = texture(u_coverage, v_uv);
    vec4 c = u_in_colour ? t : vec4(t.r);
    if (c.a < 1.0 / 512.0) discard;
    o_colour = u_colour * c;
}
