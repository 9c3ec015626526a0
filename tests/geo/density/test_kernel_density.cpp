#include "geo/base/error.hpp"
#include "geo/density/kernel_density.hpp"

#include "support/geodesy.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <numbers>
#include <random>
#include <thread>

using namespace oko::geo;

namespace {

const Kernel kAll[] = {Kernel::quartic, Kernel::gaussian, Kernel::epanechnikov, Kernel::triangular, Kernel::uniform};

// Web Mercator of central Novi Sad (19.845° E, 45.255° N).
constexpr double kNoviSadX = 2209154.0, kNoviSadY = 5663180.0;

// Clustered points, as cameras are: blobs of `sigma` metres (Mercator units) around a few centres
// and a fifth spread uniformly over `spread` metres.
std::vector<XY> clustered(size_t n, double cx, double cy, double sigma, double spread, unsigned seed = 7) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> g(0.0, 1.0);
    std::uniform_real_distribution<double> u(-spread / 2, spread / 2);
    const XY centres[] = {{0, 0}, {-0.3, 0.2}, {0.25, -0.15}, {0.1, 0.3}};
    std::vector<XY> pts;
    for (size_t i = 0; i < n; ++i) {
        if (i % 5 == 4) {
            pts.push_back({cx + u(rng), cy + u(rng)});
        } else {
            const XY c = centres[i % 4];
            pts.push_back({cx + c.x * spread + sigma * g(rng), cy + c.y * spread + sigma * g(rng)});
        }
    }
    return pts;
}

DensityOptions options_over(const DensityInput& in, KernelSpec k, double cell, bool mercator, DensityMethod m) {
    DensityOptions o;
    o.kernel = k;
    o.region = density_extent(in, k, mercator);
    o.cell = cell;
    o.mercator = mercator;
    o.method = m;
    return o;
}

// Σ value × cell ground area, in points: the ground area computed here from the row's latitude
// (through PROJ's inverse) and the ellipsoid's radii of curvature, per km².
double integral_points(const DensityGrid& g, bool mercator) {
    double sum = 0;
    for (int r = 0; r < g.height; ++r) {
        double area_m2 = g.cell * g.cell;
        if (mercator) {
            const double a = 6378137.0, f = 1 / 298.257223563, e2 = f * (2 - f);
            const double phi = std::atan(std::sinh(g.cell_centre(0, r).y / a));
            const double s = std::sin(phi), c = std::cos(phi), w = 1 - e2 * s * s;
            const double n_radius = a / std::sqrt(w), m_radius = a * (1 - e2) / (w * std::sqrt(w));
            area_m2 *= (n_radius * c / a) * (m_radius * c / a);
        }
        double row = 0;
        for (int c = 0; c < g.width; ++c)
            row += g.at(c, r);
        sum += row * area_m2 / 1e6; // the values are per km²
    }
    return sum;
}

float max_abs_difference(const DensityGrid& a, const DensityGrid& b) {
    REQUIRE(a.values.size() == b.values.size());
    float d = 0;
    for (size_t i = 0; i < a.values.size(); ++i)
        d = std::max(d, std::abs(a.values[i] - b.values[i]));
    return d;
}

// The quartic kernel as QGIS documents it, per km².
double quartic_per_km2(double d, double h) {
    if (d >= h) return 0;
    const double u = 1 - d * d / (h * h);
    return 3 / (std::numbers::pi * h * h) * u * u * 1e6;
}

} // namespace

TEST_CASE("The binned surface is within 1 % of the peak of the exact one, for every kernel", "[density]") {
    const auto pts = clustered(3000, kNoviSadX, kNoviSadY, 600, 6000);
    const DensityInput in{pts, {}, {}};
    for (Kernel kernel : kAll) {
        for (bool mercator : {true, false}) {
            const KernelSpec k{kernel, kernel == Kernel::gaussian ? 100.0 : 300.0};
            // radius/8 in ground metres: at 45° a Mercator metre is 0.71 m on the ground.
            const double cell = k.radius_m / 8 / (mercator ? 0.7053 : 1.0);
            const DensityGrid exact = kernel_density(in, options_over(in, k, cell, mercator, DensityMethod::exact));
            const DensityGrid binned = kernel_density(in, options_over(in, k, cell, mercator, DensityMethod::binned));
            REQUIRE(exact.width == binned.width);
            REQUIRE(exact.height == binned.height);
            const float peak = exact.max_value(), diff = max_abs_difference(exact, binned);
            INFO(kernel_name(kernel) << (mercator ? " mercator" : " metres") << ": peak " << peak << "/km², largest "
                                     << "difference " << diff << " (" << 100 * diff / peak << " %), grid "
                                     << exact.width << "x" << exact.height);
            CHECK(peak > 100);
            if (kernel != Kernel::uniform) {
                CHECK(diff <= 0.01f * peak);
            } else {
                // A step: the exact surface jumps by one point's 1/(πh²) wherever a cell centre
                // crosses a disc's edge, which no binned estimate follows. Measured 4.8 % (Mercator)
                // and 6.9 % (metres) of the peak here; the integral test holds it to the points.
                CHECK(diff <= 0.08f * peak);
            }
        }
    }
}

TEST_CASE("The exact surface integrates to the number of points, and to the weights' sum", "[density]") {
    const auto pts = clustered(2000, kNoviSadX, kNoviSadY, 400, 5000, 11);
    std::vector<float> weights(pts.size());
    double weight_sum = 0;
    for (size_t i = 0; i < pts.size(); ++i)
        weight_sum += weights[i] = 0.5f + static_cast<float>(i % 7);
    for (Kernel kernel : kAll) {
        for (bool mercator : {true, false}) {
            const KernelSpec k{kernel, 200.0};
            const double cell = 20.0; // radius/10 (Mercator: /7 on the ground)
            const DensityInput in{pts, {}, {}};
            const DensityGrid g = kernel_density(in, options_over(in, k, cell, mercator, DensityMethod::exact));
            INFO(kernel_name(kernel) << (mercator ? " mercator" : " metres"));
            CHECK(integral_points(g, mercator) == Approx(2000.0).epsilon(0.005));
            // The code's own cell area agrees with the test's.
            double own = 0;
            for (int r = 0; r < g.height; ++r)
                for (int c = 0; c < g.width; ++c)
                    own += g.at(c, r) * cell_ground_area_m2(g, r, mercator) / 1e6;
            CHECK(own == Approx(integral_points(g, mercator)).epsilon(1e-9));

            const DensityInput weighted{pts, weights, {}};
            const DensityGrid gw =
                kernel_density(weighted, options_over(weighted, k, cell, mercator, DensityMethod::exact));
            CHECK(integral_points(gw, mercator) == Approx(weight_sum).epsilon(0.005));
        }
    }
}

TEST_CASE("The binned surface keeps the points' mass, even with a kernel smaller than a cell", "[density]") {
    const auto pts = clustered(5000, kNoviSadX, kNoviSadY, 300, 4000, 3);
    const DensityInput in{pts, {}, {}};
    for (Kernel kernel : kAll) {
        for (double cell : {10.0, 150.0, 700.0}) { // radius 100 m: 1/14 to 10 cells a radius in Mercator
            const KernelSpec k{kernel, 100.0};
            DensityOptions o = options_over(in, k, cell, true, DensityMethod::binned);
            // One cell more on every side: the bilinear split reaches half a cell past the kernel.
            o.region = {o.region.min_x - cell, o.region.min_y - cell, o.region.max_x + cell, o.region.max_y + cell};
            const DensityGrid g = kernel_density(in, o);
            INFO(kernel_name(kernel) << " cell " << cell);
            CHECK(integral_points(g, true) == Approx(5000.0).epsilon(0.001));
        }
    }
}

TEST_CASE("The exact surface equals a brute-force sum over PROJ's geodesic distances", "[density]") {
    const auto pts = clustered(300, kNoviSadX, kNoviSadY, 150, 1500, 5);
    const DensityInput in{pts, {}, {}};
    const KernelSpec k{Kernel::quartic, 200.0};
    const DensityGrid g = kernel_density(in, options_over(in, k, 25.0, true, DensityMethod::exact));
    const oko::test::MercatorToLonLat proj;
    REQUIRE(proj.ok());
    const oko::test::Wgs84 wgs84;
    std::vector<LonLat> ll;
    for (const XY& p : pts)
        ll.push_back(proj.lonlat(p));
    const float peak = g.max_value();
    int checked = 0;
    for (int r = 0; r < g.height; r += 3) {
        for (int c = 0; c < g.width; c += 3) {
            const LonLat q = proj.lonlat(g.cell_centre(c, r));
            double truth = 0;
            for (const LonLat& p : ll) {
                truth += quartic_per_km2(wgs84.distance_m(q, p), 200.0);
            }
            INFO("cell " << c << "," << r << ": " << g.at(c, r) << " against " << truth);
            REQUIRE(g.at(c, r) == Approx(truth).epsilon(1e-4).margin(1e-6 * peak));
            ++checked;
        }
    }
    CHECK(checked > 500);
}

TEST_CASE("A lone point's cell holds the kernel's value at its distance", "[density]") {
    const std::vector<XY> one{{1003.0, 2007.0}};
    const DensityInput in{one, {}, {}};
    DensityOptions o;
    o.kernel = {Kernel::quartic, 50.0};
    o.region = {0, 0, 2000, 3000};
    o.cell = 10;
    o.mercator = false;
    o.method = DensityMethod::exact;
    const DensityGrid g = kernel_density(in, o);
    CHECK(g.width == 200);
    CHECK(g.height == 300);
    // The point's cell: column 100 (1000..1010), row 99 from the top (3000 − 2007 = 993).
    const XY centre = g.cell_centre(100, 99);
    CHECK(centre.x == 1005.0);
    CHECK(centre.y == 2005.0);
    CHECK(g.at(100, 99) == Approx(quartic_per_km2(std::hypot(2.0, 2.0), 50.0)).epsilon(1e-6));
    CHECK(g.at(100, 99) == g.max_value());
    CHECK(g.at(103, 99) == Approx(quartic_per_km2(std::hypot(32.0, 2.0), 50.0)).epsilon(1e-6));
    CHECK(g.at(106, 99) == 0.0f); // 62 m away
}

TEST_CASE("The pass mask and the weights are honoured", "[density]") {
    const auto pts = clustered(1500, kNoviSadX, kNoviSadY, 300, 3000, 9);
    std::vector<uint8_t> pass(pts.size());
    std::vector<XY> kept;
    for (size_t i = 0; i < pts.size(); ++i)
        if ((pass[i] = (i % 3 == 0))) kept.push_back(pts[i]);
    std::vector<float> twos(pts.size(), 2.0f), zero_unless_pass(pts.size());
    for (size_t i = 0; i < pts.size(); ++i)
        zero_unless_pass[i] = pass[i] ? 1.0f : 0.0f;
    for (DensityMethod m : {DensityMethod::exact, DensityMethod::binned}) {
        const KernelSpec k{Kernel::quartic, 150.0};
        const DensityInput all{pts, {}, {}};
        DensityOptions o = options_over(all, k, 20.0, true, m);
        const DensityGrid masked = kernel_density({pts, {}, pass}, o);
        const DensityGrid subset = kernel_density({kept, {}, {}}, o);
        const DensityGrid zeroed = kernel_density({pts, zero_unless_pass, {}}, o);
        const DensityGrid plain = kernel_density(all, o);
        const DensityGrid doubled = kernel_density({pts, twos, {}}, o);
        CHECK(max_abs_difference(masked, subset) <= 1e-6f * subset.max_value());
        CHECK(max_abs_difference(masked, zeroed) <= 1e-6f * subset.max_value());
        CHECK(masked.max_value() < plain.max_value());
        CHECK(integral_points(masked, true) == Approx(static_cast<double>(kept.size())).epsilon(0.005));
        for (size_t i = 0; i < plain.values.size(); i += 97)
            REQUIRE(doubled.values[i] == Approx(2 * plain.values[i]).epsilon(1e-6).margin(1e-3));
        // The extent follows the mask: a third of the points span less.
        CHECK(density_extent({pts, {}, pass}, k, true).width() <= density_extent(all, k, true).width());
    }
}

TEST_CASE("Every kernel lies within density_extent", "[density]") {
    const auto pts = clustered(400, kNoviSadX, kNoviSadY, 300, 3000, 13);
    const DensityInput in{pts, {}, {}};
    for (Kernel kernel : kAll) {
        const KernelSpec k{kernel, 120.0};
        const BBox extent = density_extent(in, k, true);
        DensityOptions o = options_over(in, k, 10.0, true, DensityMethod::exact);
        o.region = {extent.min_x - 300, extent.min_y - 300, extent.max_x + 300, extent.max_y + 300};
        const DensityGrid g = kernel_density(in, o);
        double outside = 0, total = 0;
        for (int r = 0; r < g.height; ++r)
            for (int c = 0; c < g.width; ++c) {
                total += g.at(c, r);
                if (!extent.contains(g.cell_centre(c, r))) outside += g.at(c, r);
            }
        INFO(kernel_name(kernel));
        CHECK(total > 0);
        CHECK(outside == 0.0);
        // And it is tight: a tenth of the support less on each side would cut some kernel.
        const double shrink = k.support_m() / 0.7053 / 10;
        const BBox smaller{extent.min_x + shrink, extent.min_y + shrink, extent.max_x - shrink, extent.max_y - shrink};
        double cut = 0;
        for (int r = 0; r < g.height; ++r)
            for (int c = 0; c < g.width; ++c)
                if (!smaller.contains(g.cell_centre(c, r))) cut += g.at(c, r);
        CHECK(cut > 0);
    }
}

TEST_CASE("The surface is the same on one thread as on several, and the peak is deterministic", "[density]") {
    const auto pts = clustered(20000, kNoviSadX, kNoviSadY, 500, 8000, 17);
    const DensityInput in{pts, {}, {}};
    for (DensityMethod m : {DensityMethod::exact, DensityMethod::binned}) {
        DensityOptions o = options_over(in, {Kernel::quartic, 200.0}, 30.0, true, m);
        o.threads = 1;
        const DensityGrid one = kernel_density(in, o);
        o.threads = 3;
        const DensityGrid three = kernel_density(in, o);
        CHECK(one.values == three.values);
    }
    const double peak = density_peak(in, {Kernel::quartic, 200.0});
    CHECK(peak == density_peak(in, {Kernel::quartic, 200.0}));
    // Against the exact surface at the reference resolution (radius/8 on the ground).
    const DensityGrid exact =
        kernel_density(in, options_over(in, {Kernel::quartic, 200.0}, 25.0 / 0.7053, true, DensityMethod::exact));
    CHECK(peak == Approx(exact.max_value()).epsilon(0.01));
    CHECK(density_peak({pts, {}, std::vector<uint8_t>(pts.size(), 0)}, {Kernel::quartic, 200.0}) == 0.0);
}

TEST_CASE("The layer's peak is the exact surface's highest value, wherever the points are", "[density]") {
    // Quartic K(d) = 3/(πh²)(1 − d²/h²)², per m², written out here; per km² × 10⁶.
    const auto quartic = [](double h, double d) {
        return d >= h ? 0.0 : 3.0 / (std::numbers::pi * h * h) * std::pow(1 - d * d / (h * h), 2) * 1e6;
    };
    SECTION("cameras kilometres apart, each alone: the peak is a kernel's height, K(0)") {
        // A radius of 35 m over 30 km: the extent is 850 radii wide, far beyond a fine grid.
        std::vector<XY> pts;
        for (int i = 0; i < 10; ++i)
            pts.push_back({1000.0 + 3000.0 * i + 0.37 * i, 2000.0 + 7.3 * i});
        const double peak = density_peak({pts, {}, {}}, {Kernel::quartic, 35.0}, false);
        CHECK(peak == Approx(quartic(35.0, 0)).epsilon(1e-4));
    }
    SECTION("two cameras 40 m apart under a 50 m kernel: the peak on the line between them") {
        const std::vector<XY> pts{{500.0, 500.0}, {540.0, 500.0}};
        double brute = 0;
        for (int i = 0; i <= 40000; ++i) {
            const double x = 500.0 + i * 40.0 / 40000;
            brute = std::max(brute, quartic(50.0, x - 500.0) + quartic(50.0, 540.0 - x));
        }
        CHECK(density_peak({pts, {}, {}}, {Kernel::quartic, 50.0}, false) == Approx(brute).epsilon(1e-4));
    }
    SECTION("clustered points: at least the exact surface's highest cell, and no more than a little above") {
        const auto pts = clustered(4000, kNoviSadX, kNoviSadY, 300, 4000, 23);
        const DensityInput in{pts, {}, {}};
        for (Kernel kernel : {Kernel::quartic, Kernel::gaussian, Kernel::epanechnikov, Kernel::triangular}) {
            INFO(kernel_name(kernel));
            const KernelSpec k{kernel, 150.0};
            // The exact sums at a 16th of the radius on the ground (Mercator units: / 0.7053).
            const DensityGrid exact =
                kernel_density(in, options_over(in, k, 150.0 / 16 / 0.7053, true, DensityMethod::exact));
            const double peak = density_peak(in, k, true);
            CHECK(peak >= exact.max_value() * (1 - 1e-4));
            CHECK(peak <= exact.max_value() * 1.01);
        }
    }
}

TEST_CASE("A cancelled density run returns an empty grid", "[density]") {
    const auto pts = clustered(200000, kNoviSadX, kNoviSadY, 800, 10000, 19);
    const DensityInput in{pts, {}, {}};
    std::atomic<bool> cancel{true};
    DensityOptions o = options_over(in, {Kernel::gaussian, 300.0}, 10.0, true, DensityMethod::exact);
    o.cancel = &cancel;
    CHECK(kernel_density(in, o).values.empty());
    o.method = DensityMethod::binned;
    CHECK(kernel_density(in, o).values.empty());

    // Cancelled while it runs: an exact Gaussian surface of 200,000 points over 1.7M cells takes
    // many seconds; the cancelled run ends soon after the flag.
    cancel = false;
    o.method = DensityMethod::exact;
    std::thread canceller([&cancel] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        cancel = true;
    });
    const auto t0 = std::chrono::steady_clock::now();
    const DensityGrid g = kernel_density(in, o);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    canceller.join();
    CHECK(g.values.empty());
    CHECK(g.width == 0);
    CHECK(seconds < 2.0);
}

TEST_CASE("Density inputs that make no surface are refused with the reason", "[density]") {
    const std::vector<XY> pts{{0, 0}, {10, 10}};
    DensityOptions o;
    o.region = {0, 0, 100, 100};
    o.cell = 0;
    CHECK_THROWS_WITH(kernel_density({pts, {}, {}}, o), Catch::Contains("cell must be a positive"));
    o.cell = 1;
    o.kernel.radius_m = -5;
    CHECK_THROWS_WITH(kernel_density({pts, {}, {}}, o), Catch::Contains("radius must be a positive"));
    o.kernel.radius_m = 10;
    const std::vector<float> one_weight{1.0f};
    CHECK_THROWS_WITH(kernel_density({pts, one_weight, {}}, o), Catch::Contains("1 weights for 2 points"));
    o.region = {0, 0, 1e9, 1e9};
    CHECK_THROWS_WITH(kernel_density({pts, {}, {}}, o), Catch::Contains("too large"));
    CHECK(density_extent({pts, {}, std::vector<uint8_t>{0, 0}}, o.kernel, false).empty());
}
