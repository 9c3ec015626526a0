#version 330 core
// One triangle over the whole viewport, from the vertex id alone.
void main() {
    vec2 p = vec2((gl_VertexID & 1) * 4.0 - 1.0, (gl_VertexID >> 1) * 4.0 - 1.0);
    gl_Position = vec4(p, 0.0, 1.0);
}
