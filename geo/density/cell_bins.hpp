#pragma once
// Hexagon and square bins: a point layer counted in cells of a size in ground metres, each cell
// with its true ground area, so that "cameras per km²" of a cell is a figure that survives a
// fact-check.
//
// The lattice is laid in Web Mercator, anchored at Web Mercator (0, 0), with its size in Mercator
// metres scaled by the ground scale at a reference latitude (a layer's centre, so that cells do
// not move when the filter changes): at that latitude a cell's ground size is the size asked for;
// away from it Mercator's scale changes it (the side by about 0.16 % per 10 km north or south at 45°), which
// is why every cell's area is measured, not assumed. Cell edges are straight in Web Mercator (as
// the map draws them); the area is the geodesic polygon of the corners on the WGS84 ellipsoid
// (PROJ's geod_polygonarea), which differs from the straight-Mercator-edge polygon by far less
// than 0.01 % at the sizes bins are used at (up to tens of km).

#include "geo/base/types.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace oko::geo {

enum class CellShape : uint8_t { hexagon, square };

std::string_view cell_shape_name(CellShape shape); // "hexagon", "square"
// "hexagon" (or "hex"), "square" (or "grid"); nullopt otherwise.
std::optional<CellShape> parse_cell_shape(std::string_view name);

struct CellBinSpec {
    CellShape shape = CellShape::hexagon;
    // The cell's size in ground metres at the reference latitude:
    //   hexagon: the side, which in a regular hexagon is also the radius (centre to corner), as
    //            kepler.gl's and deck.gl's hexagon "radius" and Turf's hexGrid cellSide; the
    //            hexagon is pointy-topped (a corner north and south), its area 3√3/2·size², its
    //            width flat to flat √3·size;
    //   square:  the side; its area size².
    double size_m = 250.0;
    bool operator==(const CellBinSpec&) const = default;
};

// Smallest and largest size accepted, metres.
constexpr double kMinCellSizeM = 1.0;
constexpr double kMaxCellSizeM = 1'000'000.0;

// A cell of the lattice. Squares: col eastwards, row northwards. Hexagons: row northwards, rows
// 1.5·size apart; col eastwards along the row, odd rows shifted half a cell east ("odd-r" offset
// coordinates).
struct CellId {
    int64_t col = 0;
    int64_t row = 0;
    bool operator==(const CellId&) const = default;
};

// The lattice of a spec at a reference latitude: which cell holds a point, and a cell's geometry.
// Throws Error when the size is not in [kMinCellSizeM, kMaxCellSizeM] or the latitude is not
// within Web Mercator's (±85.05°).
class CellLattice {
public:
    CellLattice(const CellBinSpec& spec, double reference_lat);

    const CellBinSpec& spec() const { return m_spec; }
    double reference_lat() const { return m_reference_lat; }
    // The size in Web Mercator metres (size_m over the ground scale at the reference latitude).
    double mercator_size() const { return m_size; }
    int corner_count() const { return m_spec.shape == CellShape::hexagon ? 6 : 4; }

    // The cell whose polygon holds `p` (Web Mercator). A point on a shared edge goes to one of
    // the two cells, always the same.
    CellId cell_at(XY p) const;
    XY centre(CellId cell) const;
    // Web Mercator corners, counterclockwise; the first corner_count() are used. Hexagons start
    // at the corner 30° north of east, squares at the south-west corner.
    std::array<XY, 6> corners(CellId cell) const;
    // The cell's ground area in km² on the WGS84 ellipsoid (geodesic polygon of its corners).
    // Depends only on the row.
    double area_km2(CellId cell) const;

private:
    CellBinSpec m_spec;
    double m_reference_lat = 0.0;
    double m_size = 0.0;  // Mercator metres
    double m_width = 0.0; // hexagon: √3·size, the distance between centres along a row
};

struct BinCell {
    CellId id;
    std::array<XY, 6> corners{}; // Web Mercator, counterclockwise; 4 used for squares
    int corner_count = 6;
    XY centre;
    int64_t count = 0;   // passing points in the cell
    double weight = 0.0; // sum of their weights (= count without weights)
    double area_km2 = 0.0;

    // Weight per km² of ground (cameras per km² without weights).
    double per_km2() const { return area_km2 > 0 ? weight / area_km2 : 0.0; }
};

struct CellBins {
    CellBinSpec spec;
    double reference_lat = 0.0;
    std::vector<BinCell> cells; // non-empty cells only, north to south, west to east
    int64_t points = 0;         // passing points binned (= sum of counts)
    double mercator_size = 0.0;
    std::string method; // how sizes and areas were computed, one line for outputs
};

// Bins points (Web Mercator). `pass`: empty, or one flag per point (non-zero: counted), as the
// compiled filter gives; `weights`: empty (each point weighs 1), or one per point. Points with a
// non-finite position are not counted. Throws Error when a span's length differs from the
// points', or as CellLattice does. Linear in the points: cells are counted in a dense array over
// the points' extent when it is small enough, else by sorting the cells' keys; each distinct row's
// area is computed once.
CellBins bin_points(std::span<const XY> points, std::span<const uint8_t> pass, std::span<const float> weights,
                    const CellBinSpec& spec, double reference_lat);

// The latitude a layer's lattice is sized at: the middle of its points' latitudes (Web Mercator
// positions; all of them, not the filtered ones, so that cells stay put when the filter changes),
// as `oko stats --by hex:SIZE` takes it from the project. 0 without points.
double reference_latitude(std::span<const XY> points);

// About how many cells cover a region (Web Mercator), to warn before a view makes an unreasonable
// number of them. An upper bound within one row and one column of cells.
double estimate_cells(const BBox& region_mercator, const CellBinSpec& spec, double reference_lat);

// The one line outputs state: shape, size, where the lattice is anchored, how areas are measured.
std::string describe_method(const CellLattice& lattice);

} // namespace oko::geo
