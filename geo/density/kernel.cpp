#include "geo/density/kernel.hpp"

#include <cmath>
#include <numbers>

namespace oko::geo {

namespace {
constexpr double kGaussianCut = 4.0; // in σ
} // namespace

std::string_view kernel_name(Kernel k) {
    switch (k) {
    case Kernel::quartic:
        return "quartic";
    case Kernel::gaussian:
        return "gaussian";
    case Kernel::epanechnikov:
        return "epanechnikov";
    case Kernel::triangular:
        return "triangular";
    case Kernel::uniform:
        return "uniform";
    }
    return "quartic";
}

std::optional<Kernel> parse_kernel(std::string_view name) {
    for (Kernel k : {Kernel::quartic, Kernel::gaussian, Kernel::epanechnikov, Kernel::triangular, Kernel::uniform})
        if (kernel_name(k) == name) return k;
    if (name == "biweight") return Kernel::quartic;
    if (name == "normal") return Kernel::gaussian;
    if (name == "parabolic") return Kernel::epanechnikov;
    if (name == "triangle") return Kernel::triangular;
    if (name == "flat" || name == "disc") return Kernel::uniform;
    return std::nullopt;
}

double KernelSpec::support_m() const { return kernel == Kernel::gaussian ? kGaussianCut * radius_m : radius_m; }

double kernel_value(const KernelSpec& spec, double d) {
    const double h = spec.radius_m;
    if (!(h > 0) || d < 0 || d >= spec.support_m()) return 0.0;
    const double pi = std::numbers::pi;
    const double u2 = d * d / (h * h);
    switch (spec.kernel) {
    case Kernel::quartic:
        return 3.0 / (pi * h * h) * (1 - u2) * (1 - u2);
    case Kernel::gaussian:
        return std::exp(-u2 / 2) / (2 * pi * h * h) / (1 - std::exp(-kGaussianCut * kGaussianCut / 2));
    case Kernel::epanechnikov:
        return 2.0 / (pi * h * h) * (1 - u2);
    case Kernel::triangular:
        return 3.0 / (pi * h * h) * (1 - d / h);
    case Kernel::uniform:
        return 1.0 / (pi * h * h);
    }
    return 0.0;
}

} // namespace oko::geo
