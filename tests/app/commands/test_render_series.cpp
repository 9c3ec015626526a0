// `oko render --by-year`: one figure per year, named after the output, each with the legend of its
// year's cameras (checked against the fixture's rows counted here, not through Oko's store or
// filter), the same extent and heatmap scale in every frame, a frame that is the same picture as
// the single figure of its year, and a series that appears whole or not at all.

#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <sstream>

using namespace oko;
using oko::test::run_command;

namespace {

struct Row {
    double lat, lon;
    std::string vendor;
    int year; // 0: none
};

std::vector<Row> fixture_rows() {
    std::ifstream in(test::point_fixture("monaco_cameras_by_year.csv"));
    std::string line;
    std::getline(in, line); // header
    std::vector<Row> rows;
    while (std::getline(in, line)) {
        std::stringstream s(line);
        std::string lat, lon, vendor, year;
        std::getline(s, lat, ',');
        std::getline(s, lon, ',');
        std::getline(s, vendor, ',');
        std::getline(s, year, ',');
        rows.push_back({std::stod(lat), std::stod(lon), vendor, year.empty() ? 0 : std::stoi(year)});
    }
    return rows;
}

bool series_project(const test::TempDir& dir) {
    if (!test::import_monaco(dir / "p.oko")) return false;
    const auto r =
        run_command(test::oko_command("import " + test::quoted(test::point_fixture("monaco_cameras_by_year.csv")) +
                                      " --store " + test::quoted(dir / "p.oko") + " --layer cameras"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    return true;
}

test::CommandResult render(const test::TempDir& dir, const std::string& out, const std::string& args) {
    return run_command(test::render_command(dir / "p.oko", dir / out, args));
}

nlohmann::json render_json(const test::TempDir& dir, const std::string& out, const std::string& args) {
    const auto r = render(dir, out, "--json " + args);
    INFO(r.output);
    REQUIRE(r.status == 0);
    const auto brace = r.output.find('{');
    REQUIRE(brace != std::string::npos);
    return nlohmann::json::parse(r.output.substr(brace));
}

// The legend's entries of the cameras layer, "Huawei (12)", in the legend's order (most first,
// then by name), from the rows in the box [lon0, lat0, lon1, lat1] whose year passes.
template <class Pass> std::vector<std::string> expected_entries(const nlohmann::json& bbox, Pass year_passes) {
    const double lon0 = bbox[0], lat0 = bbox[1], lon1 = bbox[2], lat1 = bbox[3];
    std::map<std::string, int> counts;
    for (const auto& r : fixture_rows())
        if (r.lon >= lon0 && r.lon <= lon1 && r.lat >= lat0 && r.lat <= lat1 && r.year && year_passes(r.year))
            ++counts[r.vendor];
    std::vector<std::pair<int, std::string>> by_count;
    for (const auto& [vendor, n] : counts)
        by_count.emplace_back(-n, vendor + " (" + std::to_string(n) + ")");
    std::sort(by_count.begin(), by_count.end());
    std::vector<std::string> out;
    for (const auto& e : by_count)
        out.push_back(e.second);
    return out;
}

std::vector<std::string> camera_entries(const nlohmann::json& frame) {
    for (const auto& l : frame["furniture"]["legends"])
        if (l["title"] == "cameras") return l["entries"].get<std::vector<std::string>>();
    return {};
}

// The count in "Huawei (12)".
int count_of(const std::string& entry) { return std::stoi(entry.substr(entry.rfind('(') + 1)); }

// The legend's entries are those expected, most first (vendors of the same count in the layer's
// own order).
void check_entries(const nlohmann::json& frame, std::vector<std::string> want) {
    auto got = camera_entries(frame);
    for (size_t i = 1; i < got.size(); ++i)
        CHECK(count_of(got[i - 1]) >= count_of(got[i]));
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    CHECK(got == want);
}

// The names in a folder, sorted.
std::vector<std::string> names_in(const std::filesystem::path& folder) {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(folder))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

TEST_CASE("oko render --by-year writes one figure per year with that year's cameras", "[e2e][series]") {
    test::TempDir dir;
    if (!series_project(dir)) return;
    const auto j = render_json(dir, "spread.png", "--by-year 2017..2020 --size 600x500 --title 'Kamere'");
    CHECK(j["series"] == nlohmann::json({{"first", 2017}, {"last", 2020}, {"cumulative", false}}));
    REQUIRE(j["frames"].size() == 4);
    for (int k = 0; k < 4; ++k) {
        const auto& frame = j["frames"][k];
        const int year = 2017 + k;
        INFO(year);
        CHECK(frame["year"] == year);
        const std::string stem = (dir / ("spread_" + std::to_string(year))).string();
        CHECK(frame["out"] == stem + ".png");
        CHECK(frame["files"] ==
              nlohmann::json({stem + ".png", stem + ".pgw", stem + ".png.prj", stem + ".png.aux.xml"}));
        for (const auto& f : frame["files"])
            CHECK(std::filesystem::exists(f.get<std::string>()));
        CHECK(frame["bbox"] == j["frames"][0]["bbox"]); // one extent for the whole series
        const auto want = expected_entries(frame["bbox"], [&](int y) { return y == year; });
        REQUIRE(!want.empty());
        check_entries(frame, want);
        for (const auto& layer : frame["layers"])
            if (layer["name"] == "cameras")
                CHECK(layer["filter"].get<std::string>().find("years " + std::to_string(year)) != std::string::npos);
    }
    CHECK_FALSE(std::filesystem::exists(dir / "spread.png")); // the frames only
    CHECK(test::file_bytes(dir / "spread_2017.png") != test::file_bytes(dir / "spread_2020.png"));

    // A frame is the single figure of its year: the same filter, the year as the subtitle.
    const auto single = render(dir, "one.png", "--size 600x500 --title 'Kamere' --subtitle 2019 --filter year=2019");
    INFO(single.output);
    REQUIRE(single.status == 0);
    CHECK(test::file_bytes(dir / "one.png") == test::file_bytes(dir / "spread_2019.png"));
}

TEST_CASE("oko render --by-year --cumulative counts every camera up to each year", "[e2e][series]") {
    test::TempDir dir;
    if (!series_project(dir)) return;
    const auto j = render_json(dir, "sum.png", "--by-year 2016..2021 --cumulative --size 600x500");
    REQUIRE(j["frames"].size() == 6);
    size_t previous = 0;
    for (const auto& frame : j["frames"]) {
        const int year = frame["year"];
        INFO(year);
        check_entries(frame, expected_entries(frame["bbox"], [&](int y) { return y <= year; }));
        // The counts only grow.
        size_t total = 0;
        for (const auto& e : camera_entries(frame))
            total += count_of(e);
        CHECK(total >= previous);
        previous = total;
    }
    // The last frame holds every camera with a year; the six without one are in none.
    CHECK(previous == fixture_rows().size() - 6);
    // The subtitle says "up to": the same picture as the single figure that says so.
    const auto single = render(dir, "one.png", "--size 600x500 --subtitle 'up to 2018' --filter year=..2018");
    REQUIRE(single.status == 0);
    CHECK(test::file_bytes(dir / "one.png") == test::file_bytes(dir / "sum_2018.png"));
}

TEST_CASE("A heatmap series has one colour scale: the highest peak of its frames", "[e2e][series]") {
    test::TempDir dir;
    if (!series_project(dir)) return;
    const auto j = render_json(dir, "heat.png", "--by-year 2018..2021 --size 500x400 --heatmap cameras:300");
    REQUIRE(j["frames"].size() == 4);
    double top = 0;
    std::vector<double> scales;
    for (const auto& frame : j["frames"])
        for (const auto& layer : frame["layers"])
            if (layer["name"] == "cameras") {
                REQUIRE(layer["display"]["kind"] == "heatmap");
                top = std::max(top, layer["display"]["layer_peak_per_km2"].get<double>());
                scales.push_back(layer["display"]["scale_max_per_km2"]);
            }
    REQUIRE(scales.size() == 4);
    REQUIRE(top > 0);
    for (const double s : scales)
        CHECK(s == Approx(top));
    // The frames' own peaks differ (more cameras each year): without the fixed scale they would
    // not be comparable.
    const auto single = render_json(dir, "one.png", "--size 500x400 --heatmap cameras:300 --filter year=2018");
    for (const auto& layer : single["layers"])
        if (layer["name"] == "cameras") CHECK(layer["display"]["scale_max_per_km2"].get<double>() < top);
}

TEST_CASE("oko render --by-year refuses a series it cannot draw and writes nothing", "[e2e][series]") {
    test::TempDir dir;
    if (!series_project(dir)) return;
    const auto before = names_in(dir.path());
    struct Case {
        std::string args, message;
    };
    for (const auto& c : std::vector<Case>{
             {"--by-year 2021..2017", "the first year comes after the last (write 2017..2021)"},
             {"--by-year 2017-2021", "expected FIRST..LAST, for example 2017..2021"},
             {"--by-year 1850..1860", "a year must lie from 1900 to 2100"},
             {"--by-year 1900..2100", "a series has at most 100"},
             {"--by-year 2017..2020 --filter year=2018..2021", "the frame of 2017 lies outside the years"},
             {"--cumulative", "--cumulative requires --by-year"},
         }) {
        INFO(c.args);
        const auto r = render(dir, "x.png", c.args);
        INFO(r.output);
        CHECK(r.status == 2);
        CHECK(r.output.find(c.message) != std::string::npos);
    }
    CHECK(names_in(dir.path()) == before);

    // A frame that cannot be put in place (a folder has its name) fails the whole series: the
    // frames before it are not left behind, nor any temporary file.
    std::filesystem::create_directory(dir / "s_2019.png");
    const auto names = names_in(dir.path());
    const auto r = render(dir, "s.png", "--by-year 2017..2020 --size 300x200");
    INFO(r.output);
    CHECK(r.status == 1);
    CHECK(r.output.find("s_2019.png") != std::string::npos);
    CHECK(names_in(dir.path()) == names);
}
