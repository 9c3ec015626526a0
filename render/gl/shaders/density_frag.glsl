#version 330 core
// A density (cameras per km², read bilinearly) through a colour ramp: t = value / scale_max,
// clamped; alpha rises linearly from 0 at no density to the opacity at `u_full_alpha_at`, so
// the basemap shows where there are no cameras.
in vec2 v_uv;
uniform sampler2D u_density;   // R32F
uniform sampler2D u_ramps;     // 256 x ramps, RGBA8, one ramp a row
uniform float u_ramp_row;      // texture y of the ramp's row centre
uniform float u_scale_max;     // value at the ramp's top
uniform float u_full_alpha_at; // value from which alpha is the opacity
uniform float u_opacity;
out vec4 o_colour;
void main() {
    float v = texture(u_density, v_uv).r;
    if (!(v > 0.0)) discard; // none, or NaN
    float t = clamp(v / u_scale_max, 0.0, 1.0);
    vec3 c = texture(u_ramps, vec2((t * 255.0 + 0.5) / 256.0, u_ramp_row)).rgb;
    float a = u_opacity * clamp(v / u_full_alpha_at, 0.0, 1.0);
    o_colour = vec4(c * a, a); // premultiplied
}
