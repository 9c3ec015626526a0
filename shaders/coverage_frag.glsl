#version 330 core
in vec2 v_uv;
uniform sampler2D u_coverage;  // share of each texel the features cover, with mipmaps
uniform vec4 u_colour;         // premultiplied
out vec4 o_colour;
void main() {
    float coverage = texture(u_coverage, v_uv).r;
    if (coverage < 1.0 / 512.0) discard;
    o_colour = u_colour * coverage;
}
