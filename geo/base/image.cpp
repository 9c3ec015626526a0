#include "geo/base/image.hpp"

#include <cstddef>

namespace oko::geo {

RgbaImage::RgbaImage(int w, int h, Rgba fill) : width(w), height(h) {
    pixels.resize(static_cast<size_t>(w) * h * 4);
    for (size_t i = 0; i < pixels.size(); i += 4) {
        pixels[i] = fill.r;
        pixels[i + 1] = fill.g;
        pixels[i + 2] = fill.b;
        pixels[i + 3] = fill.a;
    }
}

Rgba RgbaImage::at(int x, int y) const {
    const size_t i = (static_cast<size_t>(y) * width + x) * 4;
    return {pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]};
}

void RgbaImage::set(int x, int y, Rgba c) {
    const size_t i = (static_cast<size_t>(y) * width + x) * 4;
    pixels[i] = c.r;
    pixels[i + 1] = c.g;
    pixels[i + 2] = c.b;
    pixels[i + 3] = c.a;
}

} // namespace oko::geo
