#pragma once
// An 8-bit RGBA picture in memory, rows top-down: what the renderer reads back and the
// exporters write. Kept in geo/ so that file formats never need OpenGL.

#include <cstdint>
#include <vector>

namespace oko::geo {

struct Rgba {
    uint8_t r = 0, g = 0, b = 0, a = 255;

    friend bool operator==(const Rgba&, const Rgba&) = default;
};

struct RgbaImage {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels; // width * height * 4 bytes, top row first

    RgbaImage() = default;
    RgbaImage(int w, int h, Rgba fill = {});

    bool empty() const { return width <= 0 || height <= 0; }
    Rgba at(int x, int y) const;
    void set(int x, int y, Rgba c);
};

} // namespace oko::geo
