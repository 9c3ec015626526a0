// `oko render` figures: the legend lists the vendors that pass the filter with their counts of
// points in the picture (checked against a brute-force count of the CSV's rows in the picture's
// box, not through Oko's store or filter), the attribution names OpenStreetMap, each visible
// layer's source and the data's date, --json gives each element's box and the scale bar, the
// options switch and move elements, and a scene file reproduces the figure byte for byte.

#include "support/shared_data.hpp"

#include "geo/export/image_png.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

using namespace oko;
using oko::test::run_command;

namespace {

struct Row {
    double lat, lon;
    std::string vendor;
    int year;
};

// 300 cameras over Monaco, of four vendors (and some unknown), with years 2015..2022.
std::vector<Row> synthetic_rows() {
    std::mt19937 rng(13);
    std::uniform_real_distribution<double> lat(43.724, 43.750), lon(7.405, 7.440);
    const char* vendors[] = {"Huawei", "Huawei", "Huawei", "Dahua", "Dahua", "Hikvision", "Axis", ""};
    std::vector<Row> rows;
    for (int i = 0; i < 300; ++i)
        rows.push_back({lat(rng), lon(rng), vendors[rng() % 8], 2015 + static_cast<int>(rng() % 8)});
    return rows;
}

bool monaco_project(const test::TempDir& dir, const std::vector<Row>& rows) {
    const auto pbf = test::shared_data("osm/monaco.osm.pbf");
    if (!pbf) return false;
    {
        std::ofstream csv(dir / "cameras.csv");
        csv << "lat,lon,vendor,year\n";
        csv.precision(9);
        for (const auto& r : rows)
            csv << r.lat << "," << r.lon << "," << r.vendor << "," << r.year << "\n";
    }
    for (const auto& cmd : {"import " + test::quoted(*pbf) + " --store " + test::quoted(dir / "p.oko"),
                            "import " + test::quoted(dir / "cameras.csv") + " --store " + test::quoted(dir / "p.oko") +
                                " --layer cameras"}) {
        const auto r = run_command(test::oko_command(cmd));
        INFO(r.output);
        REQUIRE(r.status == 0);
    }
    return true;
}

nlohmann::json render_json(const test::TempDir& dir, const std::string& out, const std::string& args) {
    const auto r = run_command(test::oko_command("render --store " + test::quoted(dir / "p.oko") + " --out " +
                                                 test::quoted(dir / out) + " --json " + args));
    INFO(r.output);
    REQUIRE(r.status == 0);
    const auto brace = r.output.find('{');
    REQUIRE(brace != std::string::npos);
    return nlohmann::json::parse(r.output.substr(brace));
}

std::vector<std::string> entries_of(const nlohmann::json& j, const std::string& title) {
    for (const auto& l : j["furniture"]["legends"])
        if (l["title"] == title) return l["entries"].get<std::vector<std::string>>();
    return {};
}

} // namespace

TEST_CASE("oko render's legend counts the filtered vendors' points in the picture", "[e2e][furniture]") {
    test::TempDir dir;
    const auto rows = synthetic_rows();
    if (!monaco_project(dir, rows)) return;
    // A part of the points' area, so that some lie outside; the filter drops Axis and 2015-2016.
    const auto j = render_json(dir, "fig.png",
                               "--bbox 7.41,43.728,7.43,43.745 --size 800x600 --filter vendor=Huawei,Dahua,Hikvision "
                               "--filter year=2017..2022 --title 'Kamere u Monaku'");
    const double lon0 = j["bbox"][0], lat0 = j["bbox"][1], lon1 = j["bbox"][2], lat1 = j["bbox"][3];
    std::map<std::string, int> expected;
    int outside = 0;
    for (const auto& r : rows) {
        const bool in = r.lon >= lon0 && r.lon <= lon1 && r.lat >= lat0 && r.lat <= lat1;
        outside += !in;
        if (in && (r.vendor == "Huawei" || r.vendor == "Dahua" || r.vendor == "Hikvision") && r.year >= 2017)
            ++expected[r.vendor];
    }
    REQUIRE(outside > 20); // the box leaves some out: the count is of the picture, not the layer
    std::vector<std::pair<int, std::string>> by_count;
    for (const auto& e : expected)
        by_count.emplace_back(-e.second, e.first + " (" + std::to_string(e.second) + ")");
    std::sort(by_count.begin(), by_count.end());
    std::vector<std::string> want;
    for (const auto& e : by_count)
        want.push_back(e.second);
    REQUIRE(want.size() == 3);
    CHECK(entries_of(j, "cameras") == want);

    const auto& f = j["furniture"];
    REQUIRE(f["title"].is_object());
    CHECK(f["title"]["x"].get<double>() == Approx(10));
    CHECK(f["scale_bar"]["metres"].get<double>() > 0);
    CHECK(f["scale_bar"]["length_px"].get<double>() <= 0.2 * 800);
    CHECK(f["north_arrow"].is_object());
    CHECK(f["note"].is_null()); // no note given
    const std::string credit = f["attribution"]["text"];
    CHECK(credit.find("© OpenStreetMap contributors") == 0);
    CHECK(credit.find("monaco.osm.pbf") != std::string::npos);
    CHECK(credit.find("cameras: cameras.csv") != std::string::npos);
    // Every box inside the picture.
    for (const auto& item : f.items()) {
        if (!item.value().is_object()) continue;
        INFO(item.key());
        CHECK(item.value()["x"].get<double>() >= 0);
        CHECK(item.value()["y"].get<double>() >= 0);
        CHECK(item.value()["x"].get<double>() + item.value()["w"].get<double>() <= 800);
        CHECK(item.value()["y"].get<double>() + item.value()["h"].get<double>() <= 600);
    }
}

TEST_CASE("oko render's furniture options switch elements off and move them", "[e2e][furniture]") {
    test::TempDir dir;
    if (!monaco_project(dir, synthetic_rows())) return;
    const auto j = render_json(dir, "off.png",
                               "--size 600x400 --no-scale-bar --no-north-arrow --no-legend --note 'method' "
                               "--furniture-corner note=top-left --furniture-corner attribution=top-right");
    const auto& f = j["furniture"];
    CHECK(f["scale_bar"].is_null());
    CHECK(f["north_arrow"].is_null());
    CHECK(f["legend"].is_null());
    CHECK(f["legends"].empty());
    REQUIRE(f["note"].is_object());
    CHECK(f["note"]["x"].get<double>() == Approx(10));
    CHECK(f["note"]["y"].get<double>() == Approx(10));
    CHECK(f["attribution"]["y"].get<double>() == Approx(0));
    CHECK(f["attribution"]["x"].get<double>() + f["attribution"]["w"].get<double>() == Approx(600));

    const auto bad =
        run_command(test::oko_command("render --store " + test::quoted(dir / "p.oko") + " --out " +
                                      test::quoted(dir / "x.png") + " --furniture-corner compass=top-left"));
    CHECK(bad.status != 0);
    CHECK(bad.output.find("'compass' is not one of title, legend, scale-bar, north-arrow, attribution, note") !=
          std::string::npos);
    const auto bad_corner =
        run_command(test::oko_command("render --store " + test::quoted(dir / "p.oko") + " --out " +
                                      test::quoted(dir / "x.png") + " --furniture-corner legend=middle"));
    CHECK(bad_corner.status != 0);
    CHECK(bad_corner.output.find("--furniture-corner legend=middle") != std::string::npos);
}

TEST_CASE("A figure's scene file draws the same bytes again, furniture and all", "[e2e][furniture]") {
    test::TempDir dir;
    if (!monaco_project(dir, synthetic_rows())) return;
    const auto first = render_json(dir, "a.png",
                                   "--size 700x500 --title 'Kamere' --subtitle 'Monako' --note 'counts in the picture' "
                                   "--furniture-corner legend=top-right");
    const auto again = render_json(dir, "b.png",
                                   "--size 700x500 --title 'Kamere' --subtitle 'Monako' --note 'counts in the picture' "
                                   "--furniture-corner legend=top-right");
    CHECK(test::file_bytes(dir / "a.png") == test::file_bytes(dir / "b.png"));
    CHECK(first["furniture"] == again["furniture"]);
    // The same figure from a scene file that says it.
    std::ofstream(dir / "fig.json") << R"({"oko_scene": 1, "furniture": {"title": "Kamere", "subtitle": "Monako",
        "note": "counts in the picture", "places": {"legend": {"corner": "top-right"}}}})";
    const auto from_scene = render_json(dir, "c.png", "--size 700x500 --scene " + test::quoted(dir / "fig.json"));
    CHECK(from_scene["furniture"] == first["furniture"]);
    CHECK(test::file_bytes(dir / "c.png") == test::file_bytes(dir / "a.png"));
    CHECK(first["furniture"]["legend"]["x"].get<double>() > 350); // top-right
}
