// Times kernel_density's binned surface (the window's heatmap computation) on points from a CSV
// (lon,lat,vendor,year: ../shared/peers/gen_points.py's output), over the points' box at
// WIDTHxHEIGHT cells with a radius of RADIUS_CELLS cells on the ground.
//
//   bench_density --csv points.csv [--size 1280x800] [--radius-cells 8] [--runs 7] [--threads 0]
//
// Prints the median wall time and the CPU time of the runs (the machine is shared: CPU time says
// what the work costs when others compete for the cores), for every point and after a filter
// change (a pass mask of two vendors), and for the exact sums on the same grid, once, for the
// binned surface's largest difference from them.

#include <CLI/CLI.hpp>

#include "geo/base/mercator.hpp"
#include "geo/density/kernel_density.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace oko;

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

double process_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

struct Timing {
    double wall_ms, cpu_ms;
    geo::DensityGrid grid;
};

Timing time_runs(const geo::DensityInput& in, const geo::DensityOptions& o, int runs) {
    std::vector<double> wall, cpu;
    geo::DensityGrid g;
    for (int i = 0; i < runs; ++i) {
        const double c0 = process_cpu_ms();
        const auto t0 = Clock::now();
        g = geo::kernel_density(in, o);
        wall.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        cpu.push_back(process_cpu_ms() - c0);
    }
    return {median(wall), median(cpu), std::move(g)};
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"kernel density benchmark"};
    std::string csv, size = "1280x800";
    double radius_cells = 8;
    int runs = 7, threads = 0;
    bool exact = true;
    app.add_option("--csv", csv, "points: lon,lat,vendor,year")->required();
    app.add_option("--size", size, "grid WIDTHxHEIGHT");
    app.add_option("--radius-cells", radius_cells, "kernel radius in cells (on the ground)");
    app.add_option("--runs", runs, "runs (median)");
    app.add_option("--threads", threads, "0: hardware");
    app.add_flag("!--no-exact", exact, "skip the exact comparison");
    CLI11_PARSE(app, argc, argv);
    int width = 0, height = 0;
    if (std::sscanf(size.c_str(), "%dx%d", &width, &height) != 2) return 2;

    std::ifstream f(csv);
    std::string line;
    std::getline(f, line);
    std::vector<geo::XY> pts;
    std::vector<uint8_t> two_vendors;
    geo::BBox box;
    while (std::getline(f, line)) {
        std::istringstream s(line);
        std::string lon, lat, vendor;
        std::getline(s, lon, ',');
        std::getline(s, lat, ',');
        std::getline(s, vendor, ',');
        const geo::XY p = geo::to_mercator({std::stod(lon), std::stod(lat)});
        pts.push_back(p);
        box.extend(p);
        two_vendors.push_back(vendor == "Huawei" || vendor == "Dahua");
    }
    // The grid: the points' box at WIDTH cells across, HEIGHT rows (centred, square cells).
    const double cell = std::max(box.width() / width, box.height() / height);
    const geo::XY c = box.center();
    geo::DensityOptions o;
    o.region = {c.x - cell * width / 2, c.y - cell * height / 2, c.x + cell * width / 2, c.y + cell * height / 2};
    o.cell = cell;
    const double ground = geo::mercator_ground_scale(c.y).kx;
    o.kernel = {geo::Kernel::quartic, radius_cells * cell * ground};
    o.threads = threads;
    const geo::DensityInput all{pts, {}, {}};
    const geo::DensityInput filtered{pts, {}, two_vendors};

    const Timing t_all = time_runs(all, o, runs);
    const Timing t_filtered = time_runs(filtered, o, runs);
    std::printf(
        "kernel_density binned: %zu points, %dx%d cells of %.1f m (%.1f m on the ground), quartic radius %.0f m "
        "(%.0f cells)\n",
        pts.size(), t_all.grid.width, t_all.grid.height, cell, cell * ground, o.kernel.radius_m, radius_cells);
    std::printf("  every point:        %7.1f ms wall, %7.1f ms CPU (median of %d)\n", t_all.wall_ms, t_all.cpu_ms,
                runs);
    std::printf("  filter change:      %7.1f ms wall, %7.1f ms CPU (two vendors, %zu points pass)\n",
                t_filtered.wall_ms, t_filtered.cpu_ms,
                static_cast<size_t>(std::count(two_vendors.begin(), two_vendors.end(), 1)));
    double exact_ms = 0, diff = 0, peak = 0;
    if (exact) {
        o.method = geo::DensityMethod::exact;
        const Timing t_exact = time_runs(all, o, 1);
        exact_ms = t_exact.wall_ms;
        peak = t_exact.grid.max_value();
        for (size_t i = 0; i < t_exact.grid.values.size(); ++i)
            diff = std::max(diff, static_cast<double>(std::abs(t_exact.grid.values[i] - t_all.grid.values[i])));
        std::printf("  exact sums:         %7.1f ms wall, %7.1f ms CPU; binned within %.3f %% of the peak (%.0f/km²)\n",
                    t_exact.wall_ms, t_exact.cpu_ms, 100 * diff / peak, peak);
    }
    std::printf("{\"points\": %zu, \"width\": %d, \"height\": %d, \"radius_cells\": %g, \"binned_ms\": %.2f, "
                "\"binned_cpu_ms\": %.2f, \"filter_ms\": %.2f, \"exact_ms\": %.1f, \"max_difference_of_peak\": %.5f}\n",
                pts.size(), t_all.grid.width, t_all.grid.height, radius_cells, t_all.wall_ms, t_all.cpu_ms,
                t_filtered.wall_ms, exact_ms, peak > 0 ? diff / peak : 0.0);
    return 0;
}
