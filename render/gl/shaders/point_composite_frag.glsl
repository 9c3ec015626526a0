#version 330 core
// A picture of point symbols composited on the CPU (premultiplied), one texel per pixel.
uniform sampler2D u_picture;
out vec4 o_colour;
void main() { o_colour = texelFetch(u_picture, ivec2(gl_FragCoord.xy), 0); }
