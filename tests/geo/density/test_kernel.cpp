#include "geo/density/kernel.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

using namespace oko::geo;

namespace {

const Kernel kAll[] = {Kernel::quartic, Kernel::gaussian, Kernel::epanechnikov, Kernel::triangular, Kernel::uniform};

// ∫ K over the plane, numerically: the radial integral ∫ 2πr K(r) dr by the midpoint rule.
double radial_integral(const KernelSpec& k) {
    const int steps = 200000;
    const double end = k.support_m(), dr = end / steps; // the kernels end there
    double sum = 0;
    for (int i = 0; i < steps; ++i) {
        const double r = (i + 0.5) * dr;
        sum += 2 * std::numbers::pi * r * kernel_value(k, r) * dr;
    }
    return sum;
}

// The same over a square lattice of 1 m cells: what a density grid sums.
double lattice_integral(const KernelSpec& k) {
    const int n = static_cast<int>(std::ceil(k.support_m())) + 1;
    double sum = 0;
    for (int y = -n; y <= n; ++y)
        for (int x = -n; x <= n; ++x)
            sum += kernel_value(k, std::hypot(x + 0.5, y + 0.5));
    return sum;
}

} // namespace

TEST_CASE("Every kernel integrates to one over the plane", "[density]") {
    for (Kernel kernel : kAll) {
        for (double radius : {10.0, 200.0}) {
            const KernelSpec k{kernel, radius};
            INFO(kernel_name(kernel) << " radius " << radius);
            CHECK(radial_integral(k) == Approx(1.0).epsilon(1e-6));
            CHECK(lattice_integral(k) == Approx(1.0).epsilon(radius < 50 ? 2e-2 : 1e-3));
        }
    }
}

TEST_CASE("The kernels have their published formulas", "[density]") {
    const double h = 200, pi = std::numbers::pi;
    // QGIS's quartic: 3/(πh²)·(1−d²/h²)², 2.387e-5 per m² at the centre for h = 200 m.
    CHECK(kernel_value({Kernel::quartic, h}, 0) == Approx(3 / (pi * h * h)));
    CHECK(kernel_value({Kernel::quartic, h}, 0) == Approx(2.3873e-5).epsilon(1e-4));
    CHECK(kernel_value({Kernel::quartic, h}, 100) == Approx(3 / (pi * h * h) * 0.75 * 0.75));
    CHECK(kernel_value({Kernel::quartic, h}, 200) == 0.0);
    CHECK(kernel_value({Kernel::epanechnikov, h}, 100) == Approx(2 / (pi * h * h) * 0.75));
    CHECK(kernel_value({Kernel::triangular, h}, 100) == Approx(3 / (pi * h * h) * 0.5));
    CHECK(kernel_value({Kernel::uniform, h}, 199) == Approx(1 / (pi * h * h)));
    CHECK(kernel_value({Kernel::uniform, h}, 201) == 0.0);
    // Gaussian σ = h, cut at 4σ.
    CHECK(kernel_value({Kernel::gaussian, h}, 200) == Approx(std::exp(-0.5) / (2 * pi * h * h) / (1 - std::exp(-8.0))));
    CHECK(kernel_value({Kernel::gaussian, h}, 801) == 0.0);
}

TEST_CASE("Kernel names parse back, with their usual synonyms", "[density]") {
    for (Kernel k : kAll)
        CHECK(parse_kernel(kernel_name(k)) == k);
    CHECK(parse_kernel("biweight") == Kernel::quartic);
    CHECK(parse_kernel("normal") == Kernel::gaussian);
    CHECK_FALSE(parse_kernel("cosine"));
}
