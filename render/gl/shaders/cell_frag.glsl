#version 330 core
in vec4 v_colour;
uniform float u_opacity;
out vec4 o_colour;
void main() {
    float a = v_colour.a * u_opacity;
    o_colour = vec4(v_colour.rgb * a, a); // premultiplied
}
