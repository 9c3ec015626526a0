#pragma once
// Colour ramps for densities: perceptually uniform and readable with the common colour-vision
// deficiencies. Each ramp is the matplotlib colormap of that name, sampled at 65 evenly spaced
// stops (of its 256 published entries) and interpolated linearly in sRGB between them: within
// 0.5/255 of the published table for viridis, magma and inferno, 1.3/255 for plasma and 2.4/255
// for cividis (whose table bends more).

#include "geo/base/image.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace oko::geo {

enum class ColourRamp : uint8_t { viridis, magma, inferno, plasma, cividis };

inline constexpr ColourRamp kAllRamps[] = {ColourRamp::viridis, ColourRamp::magma, ColourRamp::inferno,
                                           ColourRamp::plasma, ColourRamp::cividis};

std::string_view ramp_name(ColourRamp ramp); // "viridis", "magma", ...
// A ramp by its name, as ramp_name() writes it (ASCII case ignored); nullopt for anything else.
std::optional<ColourRamp> parse_ramp(std::string_view name);
// The names of every ramp, "viridis, magma, inferno, plasma, cividis": for error messages.
std::string_view ramp_names();

// The ramp's colour at t, 0 (dark, low) to 1 (light, high); t outside [0, 1] is clamped, NaN is 0.
// Opaque.
Rgba ramp_colour(ColourRamp ramp, double t);

// `classes` colours for classed maps (bins, districts), evenly spaced in t from the ramp's class
// start to 1, low class first. The start is 0.2 for magma and inferno, whose first fifth is
// nearly black (CIE L* under 17) and would hide the basemap's roads and labels, and 0 for
// viridis, plasma and cividis, whose darkest end is a colour (L* about 15, blue or purple). One
// class takes the middle of that span; none (or fewer) gives an empty list.
std::vector<Rgba> ramp_classes(ColourRamp ramp, int classes);
// Where ramp_classes() starts on the ramp.
double ramp_class_start(ColourRamp ramp);

} // namespace oko::geo
