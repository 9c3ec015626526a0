#pragma once
// What part of the map a picture shows: a centre, a resolution and a size in pixels.
// The window and `oko render` both describe their view this way; pixel (0,0) is the top-left
// corner of the top-left pixel, y grows downwards on screen and upwards in the map.

#include "geo/base/types.hpp"

namespace oko::geo {

struct WorldFile {
    // The six lines of an ESRI world file (.pgw): pixel size x, rotation, rotation, pixel size y
    // (negative), and the map coordinates of the centre of the top-left pixel.
    double a = 0, d = 0, b = 0, e = 0, c = 0, f = 0;
};

struct Viewport {
    XY center;               // Web Mercator metres
    double resolution = 1.0; // projected metres per pixel
    int width = 1;           // pixels
    int height = 1;

    // The smallest view of the given size that shows the whole box, centred on it.
    static Viewport fit(const BBox& box, int width, int height, double margin_fraction = 0.0);
    // The largest view of the given size that the box holds whole, centred on it: the part of a
    // window a picture of another shape covers (the export dialog's frame).
    static Viewport fit_inside(const BBox& box, int width, int height);

    BBox bounds() const;
    XY to_world(double px, double py) const;
    XY to_pixel(XY world) const;

    // Zoom by `factor` (>1 zooms in) keeping the world point under pixel (px, py) fixed.
    void zoom_at(double px, double py, double factor);
    void pan_pixels(double dx, double dy);

    // A slippy-map zoom level (0 = whole world in 256 px) for styles that speak in zooms.
    double zoom_level() const;

    WorldFile world_file() const;
    bool operator==(const Viewport&) const = default;
};

} // namespace oko::geo
