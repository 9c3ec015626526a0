#pragma once
// A picture's print size: ISO 216 papers, the pixel sizes of screen and social media presets, and
// DPI. The scene keeps a picture's size in pixels (view.width, view.height) and its pixel ratio
// (SceneSpec::pixel_ratio, device pixels per CSS pixel); its DPI is the one rule
// dpi = pixel_ratio × 96, so `--scale 3.125` and `--dpi 300` are the same picture, line widths,
// text and furniture keep their printed size at any DPI, and a scene file reproduces both.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oko::geo {

// Dots per inch at pixel ratio 1: a CSS pixel is 1/96 inch.
inline constexpr double kDpiAtPixelRatio1 = 96.0;
// The DPI Oko accepts: those of the pixel ratios the scene accepts (0.25 to 16).
inline constexpr double kMinDpi = 24.0, kMaxDpi = 1536.0;
// The longest side Oko draws, in pixels (the scene file's limit).
inline constexpr int kMaxPictureSide = 16384;

// To a thousandth of a dot per inch (the pixel ratio is kept as a float).
double dpi_of_pixel_ratio(double pixel_ratio);
float pixel_ratio_of_dpi(double dpi);
// The DPI as a PNG's pHYs chunk records it: pixels per metre, rounded.
unsigned pixels_per_metre(double dpi);

// ISO 216 A series, portrait: A0 is 841 × 1189 mm, each next one half of it.
enum class Paper { A0, A1, A2, A3, A4 };
struct PaperSize {
    Paper paper;
    const char* name; // "A4"
    double width_mm;  // portrait
    double height_mm;
};
const std::vector<PaperSize>& paper_sizes();
// "A4" or "a4"; none for any other name.
std::optional<Paper> parse_paper(std::string_view name);
const PaperSize& paper_size(Paper paper);

// round(mm / 25.4 × dpi).
int print_pixels(double mm, double dpi);

struct PixelSize {
    int width = 0;
    int height = 0;
    bool operator==(const PixelSize&) const = default;
};

// A paper at `dpi` in pixels, portrait unless `landscape`.
PixelSize paper_pixels(Paper paper, bool landscape, double dpi);

// The paper a picture fills exactly at its DPI (as paper_pixels() gives it), e.g. "A4 landscape";
// none for any other size. Lets `--json` name the paper of a scene drawn again.
std::optional<std::string> paper_of(PixelSize size, double dpi);

// Named pixel sizes for screens and social media.
struct SizePreset {
    const char* name;
    PixelSize size;
    const char* what;
};
const std::vector<SizePreset>& size_presets();
std::optional<PixelSize> size_preset(std::string_view name);
// "hd (1920x1080), 4k (3840x2160), ...": for help and errors.
std::string size_preset_list();

} // namespace oko::geo
