#version 330 core
// The atlas holds glyph coverage in red and the dilated halo in green.
in vec2 v_uv;
in vec4 v_colour;
in vec4 v_halo;
uniform sampler2D u_atlas;
out vec4 o_colour;
void main() {
    vec2 t = texture(u_atlas, v_uv).rg;
    float text = t.r * v_colour.a;
    float halo = t.g * v_halo.a;
    vec3 rgb = v_colour.rgb * text + v_halo.rgb * halo * (1.0 - text);
    o_colour = vec4(rgb, text + halo * (1.0 - text));
}
