// `oko render --out F.pdf` and `F.svg` on real data (Monaco and its cameras): the PDF's page size
// (pdfinfo) and text (pdftotext), the SVG as XML (python3's parser) with its text, the same bytes
// for the same scene, and a camera at its lon/lat drawn where Web Mercator's formulas put it.

#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace oko;
using oko::test::quoted;
using oko::test::run_command;

namespace {

// Monaco's extract and its cameras file (layer "cams"); false when the shared data is absent.
bool monaco_with_cameras(const std::filesystem::path& store) {
    if (!test::import_monaco(store)) return false;
    const auto cams = test::shared_data("cameras/monaco_osm_surveillance.geojson");
    if (!cams) return false;
    const auto r =
        run_command(test::oko_command("import " + quoted(*cams) + " --store " + quoted(store) + " --layer cams"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    return true;
}

nlohmann::json render_json(const std::filesystem::path& store, const std::filesystem::path& out,
                           const std::string& args) {
    const auto r = run_command(test::render_command(store, out, args + " --json"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    return nlohmann::json::parse(r.output);
}

// Every legend entry the figure says it drew ("Unknown (10)").
std::vector<std::string> legend_entries(const nlohmann::json& j) {
    std::vector<std::string> out;
    for (const auto& legend : j["furniture"]["legends"])
        for (const auto& e : legend["entries"])
            out.push_back(e.get<std::string>());
    return out;
}

// The SVG read by python3's XML parser: each <text>'s content on a line, then "circle X Y" for
// each circle; fails (non-zero) when the file is not well-formed XML.
test::CommandResult parse_svg(const std::filesystem::path& svg) {
    const std::string script = "import sys, xml.etree.ElementTree as ET\n"
                               "ns = '{http://www.w3.org/2000/svg}'\n"
                               "root = ET.parse(sys.argv[1]).getroot()\n"
                               "assert root.tag == ns + 'svg'\n"
                               "for t in root.iter(ns + 'text'): print('text', ''.join(t.itertext()))\n"
                               "for c in root.iter(ns + 'circle'): print('circle', c.get('cx'), c.get('cy'))\n"
                               "print('viewBox', root.get('viewBox'), root.get('width'), root.get('height'))\n";
    return run_command("python3 -c " + test::shell_quote(script) + " " + quoted(svg));
}

} // namespace

TEST_CASE("oko render writes an A4 PDF whose text pdftotext finds and whose page pdfinfo measures",
          "[e2e][render][figure]") {
    if (run_command("command -v pdftotext && command -v pdfinfo").status != 0) {
        WARN("skipped: poppler-utils (pdftotext, pdfinfo) is not installed");
        return;
    }
    test::TempDir dir;
    const auto store = dir / "monaco.oko";
    if (!monaco_with_cameras(store)) return;
    const auto pdf = dir / "monaco.pdf";
    const auto j = render_json(store, pdf, "--paper A4 --dpi 100 --title 'Cameras of Monaco' --note 'Survey 2019'");
    CHECK(j["format"] == "pdf");
    CHECK(j["files"] == nlohmann::json::array({pdf.string()}));
    CHECK(j["width"] == 827); // round(210 / 25.4 × 100)
    CHECK(j["height"] == 1169);
    CHECK(j["paper"] == "A4 portrait");

    // 827 × 1169 px at 100 dpi: 595.44 × 841.68 pt; A4 is 595.28 × 841.89 pt.
    const auto info = run_command("pdfinfo " + quoted(pdf));
    INFO(info.output);
    REQUIRE(info.status == 0);
    const auto at = info.output.find("Page size:");
    REQUIRE(at != std::string::npos);
    double w = 0, h = 0;
    REQUIRE(std::sscanf(info.output.c_str() + at, "Page size: %lf x %lf pts", &w, &h) == 2);
    CHECK(w == Approx(827 * 72.0 / 100).margin(0.01));
    CHECK(h == Approx(1169 * 72.0 / 100).margin(0.01));
    CHECK(std::abs(w - 595.28) < 0.5);
    CHECK(std::abs(h - 841.89) < 0.5);
    CHECK_THAT(info.output, Catch::Contains("Cameras of Monaco")); // the title in its metadata

    const auto text = run_command("pdftotext " + quoted(pdf) + " -");
    INFO(text.output);
    REQUIRE(text.status == 0);
    CHECK_THAT(text.output, Catch::Contains("Cameras of Monaco"));
    CHECK_THAT(text.output, Catch::Contains("Survey 2019"));
    CHECK_THAT(text.output, Catch::Contains("© OpenStreetMap contributors"));
    CHECK_THAT(text.output, Catch::Contains("monaco_osm_surveillance.geojson")); // the layer's credit
    const auto entries = legend_entries(j);
    REQUIRE_FALSE(entries.empty());
    for (const auto& e : entries)
        CHECK_THAT(text.output, Catch::Contains(e));
    // The scale bar's round length, as --json gives it.
    CHECK_THAT(text.output, Catch::Contains(j["furniture"]["scale_bar"]["label"].get<std::string>()));
    // Place and street names of Monaco are text too.
    CHECK_THAT(text.output, Catch::Contains("Monaco"));

    // The same scene twice: the same bytes (no clock in the file).
    const auto again = dir / "again.pdf";
    render_json(store, again, "--paper A4 --dpi 100 --title 'Cameras of Monaco' --note 'Survey 2019'");
    CHECK(test::file_bytes(pdf) == test::file_bytes(again));
}

TEST_CASE("oko render writes an SVG that parses as XML, holds its text as <text> and draws each camera "
          "where Web Mercator puts it",
          "[e2e][render][figure]") {
    test::TempDir dir;
    const auto store = dir / "monaco.oko";
    if (!monaco_with_cameras(store)) return;
    const auto svg = dir / "monaco.svg";
    const std::string args =
        "--layer cams --bbox 7.405,43.725,7.44,43.750 --size 900x700 --title 'Kamere <Monako> & \"okolina\"'";
    const auto j = render_json(store, svg, args);
    CHECK(j["format"] == "svg");

    const auto parsed = parse_svg(svg);
    INFO(parsed.output.substr(0, 4000));
    REQUIRE(parsed.status == 0);
    CHECK_THAT(parsed.output, Catch::Contains("viewBox 0 0 900 700 675pt 525pt")); // 96 dpi: 0.75 pt a px
    CHECK_THAT(parsed.output, Catch::Contains("text Kamere <Monako> & \"okolina\""));
    CHECK_THAT(parsed.output, Catch::Contains("text © OpenStreetMap contributors"));
    const auto entries = legend_entries(j);
    REQUIRE_FALSE(entries.empty());
    for (const auto& e : entries)
        CHECK_THAT(parsed.output, Catch::Contains("text " + e));

    // Every camera of the file inside the box, at its page position: the box in Web Mercator
    // (x = R λ, y = R ln tan(π/4 + φ/2)), fitted to 900 × 700 px around its centre.
    constexpr double R = 6378137.0, kPi = 3.14159265358979323846;
    const auto mx = [&](double lon) { return R * lon * kPi / 180; };
    const auto my = [&](double lat) { return R * std::log(std::tan(kPi / 4 + lat * kPi / 360)); };
    const double x0 = mx(7.405), x1 = mx(7.44), y0 = my(43.725), y1 = my(43.750);
    const double res = std::max((x1 - x0) / 900, (y1 - y0) / 700);
    const double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    std::vector<std::pair<double, double>> circles;
    std::istringstream lines(parsed.output);
    for (std::string line; std::getline(lines, line);) {
        double x, y;
        if (std::sscanf(line.c_str(), "circle %lf %lf", &x, &y) == 2) circles.emplace_back(x, y);
    }
    std::ifstream file(*test::shared_data("cameras/monaco_osm_surveillance.geojson"));
    const auto cams = nlohmann::json::parse(file);
    size_t inside = 0;
    for (const auto& f : cams["features"]) {
        const double lon = f["geometry"]["coordinates"][0], lat = f["geometry"]["coordinates"][1];
        const double px = (mx(lon) - cx) / res + 450, py = (cy - my(lat)) / res + 350;
        if (px < 0 || px > 900 || py < 0 || py > 700) continue;
        ++inside;
        const bool found = std::any_of(circles.begin(), circles.end(), [&](const auto& c) {
            return std::abs(c.first - px) < 0.01 && std::abs(c.second - py) < 0.01;
        });
        INFO("camera at " << lon << ", " << lat << ": expected at " << px << ", " << py);
        CHECK(found);
    }
    CHECK(inside >= 5);
    CHECK(circles.size() == inside); // only the cameras of "cams" in the box, each once

    // The same scene twice: the same bytes.
    const auto again = dir / "again.svg";
    render_json(store, again, args);
    CHECK(test::file_bytes(svg) == test::file_bytes(again));
}
