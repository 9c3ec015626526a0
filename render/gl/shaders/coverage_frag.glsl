#version 330 core
in vec2 v_uv;
uniform sampler2D u_coverage;  // the areas' colours, premultiplied, with mipmaps
out vec4 o_colour;
void main() {
    vec4 c = texture(u_coverage, v_uv);
    if (c.a < 1.0 / 512.0) discard;
    o_colour = c;
}
