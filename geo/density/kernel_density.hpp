#pragma once
// Kernel density surfaces: the points' kernels (geo/density/kernel.hpp, radius in ground metres)
// summed at each cell centre of a DensityGrid, in cameras per km².
//
// Two methods compute the same surface:
// - exact: every passing point adds K(ground distance to each cell centre within its support).
//   The brute-force truth, for `oko density` and the tests. Cost: points × cells in a support.
// - binned: the window's fast path. Linear binning (each point's weight split bilinearly over the
//   four nearest cell centres: Jones & Lotwick 1983, Wand & Jones, "Kernel Smoothing", 1995,
//   §D.1; Silverman 1982), then a discrete convolution with the kernel sampled at cell offsets and
//   scaled so that its discrete sum times the cell's ground area is exactly 1: the surface's
//   integral is the points' weight even when the kernel is smaller than a cell. Cost: one pass over
//   the points plus cells × taps, whatever the number of points.
//
// In Web Mercator (`mercator`), distances are ground metres on the WGS84 ellipsoid: a cell
// row's offsets are scaled by mercator_ground_scale at its latitude (binned: one kernel table per
// band of rows over which the scale moves by at most 0.05 %). Otherwise the CRS's units are metres.

#include "geo/base/types.hpp"
#include "geo/density/density_grid.hpp"
#include "geo/density/kernel.hpp"

#include <atomic>
#include <cstdint>
#include <span>

namespace oko::geo {

struct DensityInput {
    std::span<const XY> positions;  // in the grid's CRS (Web Mercator for the map)
    std::span<const float> weights; // empty: 1 per point; else one per position
    std::span<const uint8_t> pass;  // empty: every point; else only points with pass[i] != 0
};

enum class DensityMethod : uint8_t { exact, binned };

struct DensityOptions {
    KernelSpec kernel;
    // The grid's edges: the grid starts at (min_x, max_y), the top left, and has
    // ceil(width / cell) × ceil(height / cell) cells (at least one), so its own region may reach
    // past max_x and below min_y by less than a cell.
    BBox region;
    double cell = 0;      // a cell's side, CRS units
    bool mercator = true; // distances scaled with mercator_ground_scale per row; false: CRS metres
    DensityMethod method = DensityMethod::binned;
    int threads = 0;                           // 0: hardware
    const std::atomic<bool>* cancel = nullptr; // polled; a cancelled run returns an empty grid
};

// The surface in cameras (or weight) per km² at each cell centre. Throws geo::Error for a
// non-positive radius or cell, an empty region, or inputs whose weights or mask do not match the
// positions.
DensityGrid kernel_density(const DensityInput& input, const DensityOptions& options);

// The region holding every passing point's whole kernel (its support), CRS units; empty when no
// point passes.
BBox density_extent(const DensityInput& input, const KernelSpec& kernel, bool mercator);

// The fixed top of a layer's colour scale: the peak of its exact surface, independent of any
// view and deterministic for the same points, filter and kernel. Found by a binned surface over
// density_extent at a quarter of the radius (coarser past about 1M cells), whose highest cells are
// then searched on the exact surface (sums over the points within reach) down to a 256th of the
// radius: within a fraction of a percent of the true peak, at a few percent of the cost of a fine
// grid. 0 when no point passes.
double density_peak(const DensityInput& input, const KernelSpec& kernel, bool mercator = true);
// The same, for a caller that already has the points' density_extent (one pass over them fewer).
double density_peak(const DensityInput& input, const KernelSpec& kernel, bool mercator, const BBox& extent);

// The ground area of one cell of `grid` in row `row`, m²: cell² in metres, or in Web Mercator
// cell² times the row's two ground scales. The surface's integral is Σ value × area / 1e6.
double cell_ground_area_m2(const DensityGrid& grid, int row, bool mercator);

} // namespace oko::geo
