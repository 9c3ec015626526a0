#include "geo/base/print_size.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace oko::geo;

TEST_CASE("ISO 216 papers in millimetres and in pixels at a DPI", "[print]") {
    // ISO 216: A0 is about 1 m² with sides in the ratio √2, each next size the previous one halved
    // across its long side and rounded down to a millimetre.
    const auto& sizes = paper_sizes();
    REQUIRE(sizes.size() == 5);
    CHECK(sizes[0].width_mm * sizes[0].height_mm / 1e6 == Approx(1.0).epsilon(0.001));
    CHECK(sizes[0].height_mm / sizes[0].width_mm == Approx(std::sqrt(2.0)).epsilon(0.001));
    for (size_t i = 1; i < sizes.size(); ++i) {
        CHECK(sizes[i].height_mm == sizes[i - 1].width_mm);
        CHECK(sizes[i].width_mm == std::floor(sizes[i - 1].height_mm / 2));
    }
    // Figures printers quote: A4 at 300 dpi is 2480 × 3508, A0 at 300 dpi 9933 × 14043 (issue 13),
    // A4 at 72 dpi 595 × 842 (PostScript points).
    CHECK(paper_pixels(Paper::A4, false, 300) == PixelSize{2480, 3508});
    CHECK(paper_pixels(Paper::A4, true, 300) == PixelSize{3508, 2480});
    CHECK(paper_pixels(Paper::A0, false, 300) == PixelSize{9933, 14043});
    CHECK(paper_pixels(Paper::A4, false, 72) == PixelSize{595, 842});
    // round(mm / 25.4 × dpi), worked by hand: A3 at 150 dpi is 1754.13 × 2480.31.
    CHECK(paper_pixels(Paper::A3, false, 150) == PixelSize{1754, 2480});
    CHECK(print_pixels(25.4, 300) == 300);
}

TEST_CASE("Paper names are read in either case and a picture's paper is found back", "[print]") {
    CHECK(parse_paper("A4") == Paper::A4);
    CHECK(parse_paper("a0") == Paper::A0);
    CHECK_FALSE(parse_paper("B5"));
    CHECK_FALSE(parse_paper("A5"));
    CHECK_FALSE(parse_paper("A"));
    CHECK_FALSE(parse_paper("A44"));
    CHECK(paper_of({2480, 3508}, 300) == std::optional<std::string>("A4 portrait"));
    CHECK(paper_of({14043, 9933}, 300) == std::optional<std::string>("A0 landscape"));
    CHECK(paper_of({2480, 3508}, 150) == std::optional<std::string>("A2 portrait")); // A2 is twice A4
    CHECK_FALSE(paper_of({2480, 3507}, 300));
    CHECK_FALSE(paper_of({1600, 1000}, 96));
}

TEST_CASE("DPI is 96 times the pixel ratio, and a PNG's pixels per metre", "[print]") {
    CHECK(pixel_ratio_of_dpi(300) == 3.125f); // what --scale 3.125 always meant
    CHECK(dpi_of_pixel_ratio(3.125) == 300);
    CHECK(dpi_of_pixel_ratio(1) == 96);
    // 200 / 96 is no float: the DPI still comes back whole.
    CHECK(dpi_of_pixel_ratio(pixel_ratio_of_dpi(200)) == 200);
    CHECK(dpi_of_pixel_ratio(pixel_ratio_of_dpi(254)) == 254);
    // 300 / 0.0254 = 11811.02; 72 / 0.0254 = 2834.65; 96 / 0.0254 = 3779.53.
    CHECK(pixels_per_metre(300) == 11811);
    CHECK(pixels_per_metre(72) == 2835);
    CHECK(pixels_per_metre(96) == 3780);
}

TEST_CASE("Size presets for screens and social media", "[print]") {
    CHECK(size_preset("hd") == PixelSize{1920, 1080});
    CHECK(size_preset("square") == PixelSize{1080, 1080});
    CHECK(size_preset("4k") == PixelSize{3840, 2160});
    CHECK_FALSE(size_preset("HD2"));
    for (const auto& p : size_presets()) {
        CHECK(p.size.width <= kMaxPictureSide);
        CHECK(size_preset_list().find(p.name) != std::string::npos);
    }
}
