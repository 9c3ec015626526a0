// The colour ramps against matplotlib's published tables (_cm_listed.py, entries i of 256 at
// t = i/255), and their lightness (CIE L*, computed here from sRGB) rising from dark to light.

#include "geo/scene/colour_ramp.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <vector>

using namespace oko::geo;

namespace {

struct Published {
    int index; // of 256
    double r, g, b;
};

// CIE L* of an sRGB colour (IEC 61966-2-1 transfer, D65 luminance, CIE 1976 lightness).
double lightness(Rgba c) {
    auto linear = [](uint8_t v) {
        const double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    const double y = 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
    const double f = y > 216.0 / 24389.0 ? std::cbrt(y) : (24389.0 / 27.0 * y + 16.0) / 116.0;
    return 116.0 * f - 16.0;
}

void check(ColourRamp ramp, const std::vector<Published>& table, int tolerance) {
    for (const auto& p : table) {
        const Rgba c = ramp_colour(ramp, p.index / 255.0);
        INFO(ramp_name(ramp) << " entry " << p.index << ": " << int(c.r) << "," << int(c.g) << "," << int(c.b));
        CHECK(std::abs(c.r - p.r * 255) <= tolerance);
        CHECK(std::abs(c.g - p.g * 255) <= tolerance);
        CHECK(std::abs(c.b - p.b * 255) <= tolerance);
        CHECK(c.a == 255);
    }
}

} // namespace

TEST_CASE("ramps match matplotlib's published colormaps at their ends and midpoints", "[ramp]") {
    check(ColourRamp::viridis,
          {{0, 0.267004, 0.004874, 0.329415},
           {64, 0.229739, 0.322361, 0.545706},
           {128, 0.127568, 0.566949, 0.550556},
           {191, 0.360741, 0.785964, 0.387814},
           {255, 0.993248, 0.906157, 0.143936}},
          1);
    check(ColourRamp::magma,
          {{0, 0.001462, 0.000466, 0.013866},
           {64, 0.316654, 0.07169, 0.48538},
           {128, 0.716387, 0.214982, 0.47529},
           {191, 0.985693, 0.528148, 0.379371},
           {255, 0.987053, 0.991438, 0.749504}},
          1);
    check(ColourRamp::inferno,
          {{0, 0.001462, 0.000466, 0.013866},
           {64, 0.3415, 0.062325, 0.429425},
           {128, 0.735683, 0.215906, 0.330245},
           {191, 0.977092, 0.55085, 0.03905},
           {255, 0.988362, 0.998364, 0.644924}},
          1);
    check(ColourRamp::plasma,
          {{0, 0.050383, 0.029803, 0.527975},
           {64, 0.494877, 0.01199, 0.657865},
           {128, 0.798216, 0.280197, 0.469538},
           {191, 0.971835, 0.580382, 0.254931},
           {255, 0.940015, 0.975158, 0.131326}},
          2);
    check(ColourRamp::cividis,
          {{0, 0.0, 0.135112, 0.304751},
           {64, 0.263738, 0.307831, 0.422789},
           {128, 0.488697, 0.485318, 0.471008},
           {191, 0.732422, 0.677364, 0.425717},
           {255, 0.995737, 0.909344, 0.217772}},
          3);
    // The published hex of viridis's ends, as every viridis legend shows them.
    CHECK(ramp_colour(ColourRamp::viridis, 0) == Rgba{0x44, 0x01, 0x54, 255});
    CHECK(ramp_colour(ColourRamp::viridis, 1) == Rgba{0xfd, 0xe7, 0x25, 255});
}

TEST_CASE("ramps clamp t and read NaN as the low end", "[ramp]") {
    CHECK(ramp_colour(ColourRamp::magma, -3) == ramp_colour(ColourRamp::magma, 0));
    CHECK(ramp_colour(ColourRamp::magma, 7) == ramp_colour(ColourRamp::magma, 1));
    CHECK(ramp_colour(ColourRamp::magma, std::nan("")) == ramp_colour(ColourRamp::magma, 0));
}

TEST_CASE("viridis, magma and cividis grow lighter all the way", "[ramp]") {
    for (ColourRamp ramp : {ColourRamp::viridis, ColourRamp::magma, ColourRamp::cividis}) {
        INFO(ramp_name(ramp));
        double previous = lightness(ramp_colour(ramp, 0));
        const double first = previous;
        for (int i = 1; i <= 512; ++i) {
            const double l = lightness(ramp_colour(ramp, i / 512.0));
            INFO("t = " << i / 512.0 << ": L* " << l << " after " << previous);
            CHECK(l >= previous - 0.15); // byte rounding; a real dip would be larger
            previous = std::max(previous, l);
        }
        // From dark to light: published L* runs from about 0-15 to above 90.
        CHECK(first < 16);
        CHECK(lightness(ramp_colour(ramp, 1)) > 90);
    }
    // Lightness where the published tables have it (CIE L* of entries 0, 64, 128, 191 and 255,
    // computed from matplotlib's values): the ramps climb as evenly as the originals.
    const std::vector<std::pair<ColourRamp, std::vector<double>>> published{
        {ColourRamp::viridis, {14.95, 35.70, 54.39, 72.68, 90.90}},
        {ColourRamp::magma, {0.12, 22.41, 44.42, 68.51, 97.85}},
        {ColourRamp::cividis, {13.92, 33.56, 51.89, 70.46, 91.23}}};
    for (const auto& [ramp, lightnesses] : published) {
        const int entries[] = {0, 64, 128, 191, 255};
        for (size_t i = 0; i < 5; ++i) {
            INFO(ramp_name(ramp) << " entry " << entries[i]);
            CHECK(lightness(ramp_colour(ramp, entries[i] / 255.0)) == Approx(lightnesses[i]).margin(1.0));
        }
    }
}

TEST_CASE("ramp names round-trip and unknown names are refused", "[ramp]") {
    for (ColourRamp ramp : kAllRamps)
        CHECK(parse_ramp(ramp_name(ramp)) == ramp);
    CHECK(parse_ramp("Viridis") == ColourRamp::viridis);
    CHECK_FALSE(parse_ramp("jet"));
    CHECK_FALSE(parse_ramp(""));
    CHECK(ramp_names() == "viridis, magma, inferno, plasma, cividis");
}

TEST_CASE("classes are spread from the ramp's class start to its light end", "[ramp]") {
    CHECK(ramp_classes(ColourRamp::viridis, 0).empty());
    const auto five = ramp_classes(ColourRamp::viridis, 5);
    REQUIRE(five.size() == 5);
    CHECK(five.front() == Rgba{0x44, 0x01, 0x54, 255});
    CHECK(five.back() == Rgba{0xfd, 0xe7, 0x25, 255});
    CHECK(five[2] == ramp_colour(ColourRamp::viridis, 0.5));
    // Magma skips its near-black fifth: the darkest class still has L* above 15.
    const auto magma = ramp_classes(ColourRamp::magma, 4);
    REQUIRE(magma.size() == 4);
    CHECK(lightness(magma.front()) > 15);
    CHECK(lightness(ramp_colour(ColourRamp::magma, 0)) < 1);
    CHECK(magma.front() == ramp_colour(ColourRamp::magma, 0.2));
    CHECK(ramp_classes(ColourRamp::cividis, 1) == std::vector<Rgba>{ramp_colour(ColourRamp::cividis, 0.5)});
}
