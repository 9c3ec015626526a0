// `oko density` as a user runs it: the built binary on a project built by `oko import`, its
// GeoTIFF opened with GDAL and checked against PROJ and a brute-force kernel sum written here.

#include "app/commands/json_shape.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <gdal.h>
#include <nlohmann/json.hpp>
#include <ogr_srs_api.h>
#include <proj.h>

#include <cmath>
#include <fstream>
#include <numbers>
#include <vector>

using namespace oko;
using oko::test::run_command;

namespace {

// Novi Sad: 19.845° E lies in UTM zone 34 (18°–24° E).
constexpr double kLon = 19.845, kLat = 45.255;
constexpr int kClustered = 25; // points at exactly (kLon, kLat)

struct Point {
    double lon, lat;
    int count;
    const char* vendor;
};

// 25 cameras on one mast in the centre and 75 spread over about 3 × 2 km, each with a count.
std::vector<Point> fixture_points() {
    std::vector<Point> pts;
    for (int i = 0; i < kClustered; ++i)
        pts.push_back({kLon, kLat, 1 + i % 3, "Huawei"});
    for (int i = 0; i < 75; ++i) {
        const double lon = kLon - 0.02 + 0.04 * ((i * 37) % 75) / 75.0;
        const double lat = kLat - 0.01 + 0.02 * ((i * 53) % 75) / 75.0;
        if (std::abs(lon - kLon) < 0.008 && std::abs(lat - kLat) < 0.006) continue; // keep the mast alone
        pts.push_back({lon, lat, 1 + i % 4, i % 2 ? "Dahua" : "Huawei"});
    }
    return pts;
}

void write_csv(const std::filesystem::path& path, const std::vector<Point>& pts, bool bad_count = false) {
    std::ofstream f(path);
    f << "lon,lat,vendor,count\n";
    for (size_t i = 0; i < pts.size(); ++i) {
        f.precision(10);
        f << pts[i].lon << "," << pts[i].lat << "," << pts[i].vendor << ",";
        if (bad_count && i == 7)
            f << "many";
        else
            f << pts[i].count;
        f << "\n";
    }
}

struct Tiff {
    GDALDatasetH ds = nullptr;
    int width = 0, height = 0;
    double gt[6] = {};
    std::vector<float> values;
    std::string epsg;
    explicit Tiff(const std::filesystem::path& path) {
        GDALAllRegister();
        ds = GDALOpen(path.c_str(), GA_ReadOnly);
        REQUIRE(ds);
        width = GDALGetRasterXSize(ds);
        height = GDALGetRasterYSize(ds);
        REQUIRE(GDALGetGeoTransform(ds, gt) == CE_None);
        values.resize(static_cast<size_t>(width) * height);
        GDALRasterBandH band = GDALGetRasterBand(ds, 1);
        REQUIRE(GDALGetRasterDataType(band) == GDT_Float32);
        REQUIRE(GDALRasterIO(band, GF_Read, 0, 0, width, height, values.data(), width, height, GDT_Float32, 0, 0) ==
                CE_None);
        OGRSpatialReferenceH srs = OSRNewSpatialReference(GDALGetProjectionRef(ds));
        REQUIRE(OSRAutoIdentifyEPSG(srs) == OGRERR_NONE);
        const char* code = OSRGetAuthorityCode(srs, nullptr);
        epsg = code ? code : "";
        OSRDestroySpatialReference(srs);
    }
    ~Tiff() { GDALClose(ds); }
    std::string meta(const char* key) const {
        const char* v = GDALGetMetadataItem(ds, key, nullptr);
        return v ? v : "";
    }
    float at(int c, int r) const { return values[static_cast<size_t>(r) * width + c]; }
    double sum() const {
        double s = 0;
        for (float v : values)
            s += v;
        return s;
    }
    float max() const { return *std::max_element(values.begin(), values.end()); }
};

// WGS84 to a CRS through PROJ.
struct ToCrs {
    PJ_CONTEXT* ctx = proj_context_create();
    PJ* pj = nullptr;
    explicit ToCrs(const char* crs) {
        PJ* raw = proj_create_crs_to_crs(ctx, "EPSG:4326", crs, nullptr);
        pj = proj_normalize_for_visualization(ctx, raw);
        proj_destroy(raw);
    }
    ~ToCrs() {
        proj_destroy(pj);
        proj_context_destroy(ctx);
    }
    std::pair<double, double> operator()(double lon, double lat) const {
        const PJ_COORD c = proj_trans(pj, PJ_FWD, proj_coord(lon, lat, 0, 0));
        return {c.xy.x, c.xy.y};
    }
};

// QGIS's quartic kernel, per km².
double quartic_km2(double d, double h) {
    if (d >= h) return 0;
    const double u = 1 - d * d / (h * h);
    return 3 / (std::numbers::pi * h * h) * u * u * 1e6;
}

struct Project {
    test::TempDir dir;
    std::filesystem::path store = dir / "city.oko";
    std::vector<Point> points = fixture_points();
    explicit Project(bool bad_count = false) {
        write_csv(dir / "cameras.csv", points, bad_count);
        const auto imported =
            run_command(test::oko_command("import " + test::quoted(dir / "cameras.csv") + " --store " +
                                          test::quoted(store) + " --layer cameras --duplicate-distance 0"));
        INFO(imported.output);
        REQUIRE(imported.status == 0);
    }
    test::CommandResult density(const std::string& args) const {
        return run_command(test::oko_command("density --store " + test::quoted(store) + " --layer cameras " + args));
    }
};

} // namespace

TEST_CASE("oko density writes a georeferenced GeoTIFF whose cells are the kernel sums", "[e2e][density]") {
    Project p;
    const auto out = p.dir / "kde.tif";
    const auto run = p.density("--radius 200 --out " + test::quoted(out) + " --json");
    INFO(run.output);
    REQUIRE(run.status == 0);
    const auto j = nlohmann::json::parse(run.output);
    CHECK(app::shape_errors(j, app::density_shape()).empty());
    CHECK(j["crs"] == "EPSG:32634");
    CHECK(j["crs_chosen"] == true);
    CHECK(j["kernel"] == "quartic");
    CHECK(j["cell"].get<double>() == 20.0);
    CHECK(j["points"].get<size_t>() == p.points.size());
    CHECK(std::filesystem::exists(out));
    // Nothing else beside it: no temporary, no .aux.xml.
    CHECK(std::distance(std::filesystem::directory_iterator(p.dir.path()), std::filesystem::directory_iterator()) == 3);

    const Tiff tif(out);
    CHECK(tif.epsg == "32634");
    CHECK(tif.width == j["width"].get<int>());
    CHECK(tif.height == j["height"].get<int>());
    CHECK(tif.gt[1] == 20.0);
    CHECK(tif.gt[5] == -20.0);
    CHECK(tif.gt[2] == 0.0);
    CHECK(tif.gt[0] == Approx(j["bbox"][0].get<double>()));
    CHECK(tif.gt[3] == Approx(j["bbox"][3].get<double>()));
    CHECK(tif.meta("UNITS") == "cameras per km²");
    CHECK(tif.meta("KERNEL") == "quartic");
    CHECK(tif.meta("RADIUS_M") == "200");
    CHECK(tif.meta("CRS") == "EPSG:32634");
    CHECK(tif.meta("LAYER") == "cameras");
    CHECK(tif.meta("POINTS") == std::to_string(p.points.size()));
    CHECK(tif.meta("OKO_VERSION") == OKO_PROJECT_VERSION);
    CHECK(std::string(GDALGetMetadataItem(tif.ds, "COMPRESSION", "IMAGE_STRUCTURE")) == "DEFLATE");
    int bx = 0, by = 0;
    GDALGetBlockSize(GDALGetRasterBand(tif.ds, 1), &bx, &by);
    CHECK(bx == 256);
    CHECK(by == 256);
    int has_nodata = 0;
    GDALGetRasterNoDataValue(GDALGetRasterBand(tif.ds, 1), &has_nodata);
    CHECK_FALSE(has_nodata);

    // The integral: Σ value × 400 m² is the number of points.
    CHECK(tif.sum() * 400 / 1e6 == Approx(static_cast<double>(p.points.size())).epsilon(0.005));
    CHECK(j["integral"].get<double>() == Approx(tif.sum() * 400 / 1e6).epsilon(1e-6));

    // The mast's pixel (PROJ's own projection of it) holds the peak: 25 points within 14 m.
    const ToCrs utm("EPSG:32634");
    const auto [mx, my] = utm(kLon, kLat);
    const int mc = static_cast<int>(std::floor((mx - tif.gt[0]) / tif.gt[1]));
    const int mr = static_cast<int>(std::floor((my - tif.gt[3]) / tif.gt[5]));
    CHECK(tif.at(mc, mr) == tif.max());
    CHECK(tif.max() == Approx(j["peak"].get<double>()));

    // Cells against a brute-force sum: PROJ's positions and the formula above.
    std::vector<std::pair<double, double>> xy;
    for (const auto& q : p.points)
        xy.push_back(utm(q.lon, q.lat));
    int checked = 0;
    for (int r = mr - 12; r <= mr + 12; r += 3)
        for (int c = mc - 12; c <= mc + 12; c += 2) {
            const double cx = tif.gt[0] + (c + 0.5) * tif.gt[1], cy = tif.gt[3] + (r + 0.5) * tif.gt[5];
            double truth = 0;
            for (const auto& [x, y] : xy)
                truth += quartic_km2(std::hypot(cx - x, cy - y), 200.0);
            INFO("pixel " << c << "," << r);
            CHECK(tif.at(c, r) == Approx(truth).epsilon(1e-4).margin(1e-3));
            checked += truth > 0;
        }
    CHECK(checked > 50);
}

TEST_CASE("oko density weights, filters and takes another CRS", "[e2e][density]") {
    Project p;
    double count_sum = 0, huawei = 0;
    for (const auto& q : p.points) {
        count_sum += q.count;
        huawei += std::string(q.vendor) == "Huawei";
    }
    const auto out = p.dir / "w.tiff";
    auto run = p.density("--radius 150 --weight count --out " + test::quoted(out) + " --json");
    INFO(run.output);
    REQUIRE(run.status == 0);
    auto j = nlohmann::json::parse(run.output);
    CHECK(j["weight"] == "count");
    CHECK(j["units"] == "count per km²");
    CHECK(j["weight_sum"].get<double>() == count_sum);
    {
        const Tiff tif(out);
        CHECK(tif.sum() * 15 * 15 / 1e6 == Approx(count_sum).epsilon(0.005));
    }

    run = p.density("--radius 150 --filter vendor=Huawei --kernel epanechnikov --cell 10 --out " + test::quoted(out) +
                    " --json");
    REQUIRE(run.status == 0);
    j = nlohmann::json::parse(run.output);
    CHECK(j["points"].get<double>() == huawei);
    CHECK(j["layer_points"].get<size_t>() == p.points.size());
    {
        const Tiff tif(out);
        CHECK(tif.meta("FILTER").find("Huawei") != std::string::npos);
        CHECK(tif.sum() * 100 / 1e6 == Approx(huawei).epsilon(0.005));
    }

    // Web Mercator: cells are Mercator metres, their ground area smaller by cos²φ.
    const auto merc = p.dir / "m.tif";
    run = p.density("--radius 200 --crs EPSG:3857 --out " + test::quoted(merc) + " --json");
    INFO(run.output);
    REQUIRE(run.status == 0);
    j = nlohmann::json::parse(run.output);
    CHECK(j["crs"] == "EPSG:3857");
    CHECK(j["crs_chosen"] == false);
    CHECK(j["cell"].get<double>() == Approx(20.0 / std::cos(kLat * std::numbers::pi / 180)).epsilon(0.005));
    CHECK(j["integral"].get<double>() == Approx(static_cast<double>(p.points.size())).epsilon(0.005));
    const Tiff tif(merc);
    CHECK(tif.epsg == "3857");

    // A box: only its area, in the CRS.
    run = p.density("--radius 200 --bbox 19.84,45.25,19.85,45.26 --out " + test::quoted(out) + " --json");
    REQUIRE(run.status == 0);
    j = nlohmann::json::parse(run.output);
    CHECK(j["width"].get<int>() == Approx(790 / 20.0).margin(2));
    CHECK(j["integral"].get<double>() < static_cast<double>(p.points.size()));
    CHECK(j["integral"].get<double>() > kClustered);
}

TEST_CASE("oko density says what is wrong with its input", "[e2e][density]") {
    Project p;
    const auto tif = test::quoted(p.dir / "kde.tif");
    auto run = p.density("--radius 200 --out " + test::quoted(p.dir / "kde.png"));
    CHECK(run.status == 2);
    CHECK_THAT(run.output, Catch::Contains(".tif or .tiff") && Catch::Contains("kde.png"));
    run = p.density("--radius 0 --out " + tif);
    CHECK(run.status == 2);
    CHECK_THAT(run.output, Catch::Contains("--radius"));
    run = p.density("--radius 200 --kernel cosine --out " + tif);
    CHECK(run.status == 2);
    CHECK_THAT(run.output, Catch::Contains("unknown kernel 'cosine'") && Catch::Contains("epanechnikov"));
    run = p.density("--radius 200 --crs EPSG:4326 --out " + tif);
    CHECK(run.status == 2);
    CHECK_THAT(run.output, Catch::Contains("not a projected CRS"));
    run = p.density("--radius 200 --crs EPSG:999999 --out " + tif);
    CHECK(run.status == 2);
    CHECK_THAT(run.output, Catch::Contains("PROJ does not know the CRS 'EPSG:999999'"));
    run = p.density("--radius 200 --cell 0.01 --out " + tif);
    CHECK(run.status == 2);
    CHECK_THAT(run.output, Catch::Contains("million cells") && Catch::Contains("--cell"));
    run = p.density("--radius 200 --weight height --out " + tif);
    CHECK(run.status == 2);
    CHECK_THAT(run.output, Catch::Contains("no attribute 'height'") && Catch::Contains("count"));
    run = p.density("--radius 200 --filter vendor=Bosch --out " + tif);
    CHECK(run.status == 2);
    CHECK_THAT(run.output, Catch::Contains("no point of layer 'cameras' passes the filter"));
    run = run_command(
        test::oko_command("density --store " + test::quoted(p.store) + " --layer nothing --radius 200 --out " + tif));
    CHECK(run.status == 2);
    CHECK_THAT(run.output, Catch::Contains("no point layer 'nothing'") && Catch::Contains("cameras"));
    CHECK_FALSE(std::filesystem::exists(p.dir / "kde.tif"));

    Project bad(true);
    run = bad.density("--radius 200 --weight count --out " + test::quoted(bad.dir / "kde.tif"));
    CHECK(run.status == 2);
    CHECK_THAT(run.output, Catch::Contains("has 'many'") && Catch::Contains("--weight"));
    CHECK_FALSE(std::filesystem::exists(bad.dir / "kde.tif"));
}

TEST_CASE("oko density on Jyväskylä's cameras gives a sane surface", "[e2e][density]") {
    const auto csv = test::shared_data("cameras/jyvaskyla_cctv.csv");
    if (!csv) return;
    test::TempDir dir;
    const auto store = dir / "jkl.oko";
    auto run = run_command(
        test::oko_command("import " + test::quoted(*csv) + " --store " + test::quoted(store) + " --layer cameras"));
    INFO(run.output);
    REQUIRE(run.status == 0);
    const auto out = dir / "jkl.tif";
    run = run_command(test::oko_command("density --store " + test::quoted(store) +
                                        " --layer cameras --radius 300 --out " + test::quoted(out) + " --json"));
    INFO(run.output);
    REQUIRE(run.status == 0);
    const auto j = nlohmann::json::parse(run.output);
    CHECK(j["crs"] == "EPSG:32635"); // 25.7° E
    const Tiff tif(out);
    double mn = 0, mx = 0, mean = 0, sd = 0;
    REQUIRE(GDALComputeRasterStatistics(GDALGetRasterBand(tif.ds, 1), FALSE, &mn, &mx, &mean, &sd, nullptr, nullptr) ==
            CE_None);
    CHECK(mn == 0.0);
    CHECK(mx > 10);
    CHECK(mx == Approx(j["peak"].get<double>()));
    CHECK(mean * tif.width * tif.height * 30 * 30 / 1e6 == Approx(j["points"].get<double>()).epsilon(0.005));
}
