#pragma once
// A kernel density surface on a regular grid: cameras per km² at each cell's centre, in the grid's
// CRS (Web Mercator for the map, any metric CRS for `oko density`). The kernel's distances are
// ground metres: in Web Mercator each row is scaled by the ground length of a Mercator metre at its
// latitude on the WGS84 ellipsoid (east and north differ, by 0.3 % at 45°).

#include "geo/base/types.hpp"
#include "geo/density/kernel.hpp"

#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

namespace oko::geo {

// Ground metres per CRS unit eastwards and northwards.
struct GroundScale {
    double kx = 1.0;
    double ky = 1.0;
};
// Of Web Mercator at northing `y` (metres), on the WGS84 ellipsoid.
GroundScale mercator_ground_scale(double mercator_y);

struct DensityGrid {
    BBox region;       // the grid's outer edges, CRS units
    int width = 0;     // columns
    int height = 0;    // rows
    double cell = 0.0; // a cell's side, CRS units
    // Cameras per km² at each cell's centre, row-major, row 0 at the top (max_y), as in images.
    std::vector<float> values;

    XY cell_centre(int col, int row) const {
        return {region.min_x + (col + 0.5) * cell, region.max_y - (row + 0.5) * cell};
    }
    float at(int col, int row) const { return values[static_cast<size_t>(row) * width + col]; }
    float max_value() const;
};

} // namespace oko::geo
