#pragma once
// Density kernels with their radius in metres on the ground, normalised so that each integrates to
// one over the plane: a kernel density in points per m² (times 1e6: per km²) sums to the number of
// points. Quartic is the default, as in QGIS's kernel density estimation.

#include <cstdint>
#include <optional>
#include <string_view>

namespace oko::geo {

enum class Kernel : uint8_t { quartic, gaussian, epanechnikov, triangular, uniform };

std::string_view kernel_name(Kernel k); // "quartic", "gaussian", ...
std::optional<Kernel> parse_kernel(std::string_view name);

struct KernelSpec {
    Kernel kernel = Kernel::quartic;
    // The radius h in metres: K(d) = 0 for d >= h. Gaussian: the bandwidth σ, cut at 4σ (the
    // mass beyond, 0.03 %, is given back to the rest so that it still integrates to one).
    double radius_m = 200.0;

    // Where the kernel ends, in metres: h, or 4σ.
    double support_m() const;
    bool operator==(const KernelSpec&) const = default;
};

// K(d) in 1/m² at a ground distance d (metres) from the point:
//   quartic       3/(πh²)·(1−d²/h²)²
//   gaussian      1/(2πσ²)·exp(−d²/(2σ²)) / (1 − exp(−8)), for d < 4σ
//   epanechnikov  2/(πh²)·(1−d²/h²)
//   triangular    3/(πh²)·(1−d/h)
//   uniform       1/(πh²)
double kernel_value(const KernelSpec& kernel, double distance_m);

} // namespace oko::geo
