// `oko density`: a point layer's kernel density as a Float32 GeoTIFF of cameras per km², the
// exact kernel sums (geo/density/kernel_density.hpp) in a metric CRS (the UTM zone of the points'
// centre unless --crs says otherwise).

#include "app/commands/commands.hpp"

#include "app/commands/json_shape.hpp"

#include "geo/base/error.hpp"
#include "geo/base/mercator.hpp"
#include "geo/density/density_crs.hpp"
#include "geo/density/kernel_density.hpp"
#include "geo/export/raster_geotiff.hpp"
#include "geo/scene/compiled_filter.hpp"
#include "geo/scene/filter.hpp"
#include "geo/scene/filter_warnings.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_points.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace oko::app {

namespace {

constexpr double kMaxCells = 100e6; // about 400 MB of floats: beyond, a request is refused

std::string number(double v, int digits = 6) {
    std::ostringstream s;
    s.precision(digits);
    s << v;
    return s.str();
}

std::string kernel_names() {
    std::string names;
    for (geo::Kernel k : {geo::Kernel::quartic, geo::Kernel::gaussian, geo::Kernel::epanechnikov,
                          geo::Kernel::triangular, geo::Kernel::uniform})
        names += (names.empty() ? "" : ", ") + std::string(geo::kernel_name(k));
    return names;
}

// The --bbox (lon/lat) in the CRS: the box around its edges, each sampled at 64 points (a
// parallel is curved in most projections).
geo::BBox bbox_in(const geo::DensityCrs& crs, const std::array<double, 4>& b) {
    geo::BBox box;
    constexpr int kSteps = 64;
    for (int i = 0; i <= kSteps; ++i) {
        const double t = static_cast<double>(i) / kSteps;
        const double lon = b[0] + t * (b[2] - b[0]), lat = b[1] + t * (b[3] - b[1]);
        for (geo::LonLat p :
             {geo::LonLat{lon, b[1]}, geo::LonLat{lon, b[3]}, geo::LonLat{b[0], lat}, geo::LonLat{b[2], lat}}) {
            const geo::XY q = crs.web_mercator() ? geo::to_mercator(p) : crs.from_lonlat(p);
            if (std::isfinite(q.x) && std::isfinite(q.y)) box.extend(q);
        }
    }
    return box;
}

} // namespace

int run_density(const DensityCommandOptions& options) {
    try {
        const auto t0 = std::chrono::steady_clock::now();
        if (!geo::is_geotiff_path(options.out))
            throw geo::Error("the density surface is written as a GeoTIFF: its name must end in .tif or .tiff, not '" +
                                 options.out.filename().string() + "'",
                             "", 0, "--out");
        if (!(options.radius_m > 0) || !std::isfinite(options.radius_m))
            throw geo::Error("--radius must be a positive number of metres, not " + number(options.radius_m), "", 0,
                             "--radius");
        const auto kernel = geo::parse_kernel(options.kernel);
        if (!kernel)
            throw geo::Error("unknown kernel '" + options.kernel + "'; the kernels are " + kernel_names(), "", 0,
                             "--kernel");
        if (options.cell && (!(*options.cell > 0) || !std::isfinite(*options.cell)))
            throw geo::Error("--cell must be a positive size, not " + number(*options.cell), "", 0, "--cell");
        const geo::KernelSpec spec{*kernel, options.radius_m};
        const auto filter = geo::Filter::parse(options.filters);
        if (!std::filesystem::exists(options.store)) throw geo::Error("no such project file", options.store.string());
        const auto store = geo::Store::open(options.store);
        auto layer = geo::load_point_layer(store, options.layer);
        if (!layer) {
            std::vector<std::string> names;
            for (const auto& l : geo::list_point_layers(store))
                names.push_back(l.name);
            throw geo::Error("no point layer '" + options.layer + "' in the project" +
                                 (names.empty() ? std::string(" (it has none)")
                                                : "; its point layers are " + geo::list_names(names)),
                             options.store.string(), 0, "--layer");
        }
        const std::vector<std::string> warnings = geo::filter_warnings(filter, geo::layer_values(*layer));
        for (const auto& w : warnings)
            std::cerr << "oko density: warning: " << w << "\n";

        // Which points count.
        const geo::CompiledFilter compiled = geo::compile(filter, *layer);
        const size_t total = layer->positions.size();
        std::vector<uint8_t> pass(total);
        size_t passing = 0;
        geo::BBox lonlat_box;
        for (size_t i = 0; i < total; ++i) {
            pass[i] = compiled.passes(*layer, i) ? 1 : 0;
            if (pass[i]) {
                ++passing;
                const geo::LonLat ll = geo::from_mercator(layer->positions[i]);
                lonlat_box.extend(ll.lon, ll.lat);
            }
        }
        if (passing == 0)
            throw geo::Error("no point of layer '" + options.layer + "' passes the filter" +
                                 (filter.empty() ? std::string() : " (" + filter.describe() + ")") +
                                 ": there is no density to compute",
                             options.store.string(), 0, filter.empty() ? "--layer" : "--filter");

        std::vector<float> weights;
        if (!options.weight.empty()) {
            geo::PointNumbers numbers;
            try {
                numbers = geo::point_numbers(store, options.layer, options.weight, pass);
            } catch (const geo::Error& e) {
                throw geo::Error(e.reason(), e.file(), 0, "--weight"); // the option's value is what is wrong
            }
            if (numbers.ids != layer->ids)
                throw geo::Error("the layer changed while it was read; run again", options.store.string());
            weights.assign(numbers.values.begin(), numbers.values.end());
        }

        // The CRS and the points in it.
        const bool crs_given = !options.crs.empty();
        const geo::DensityCrs crs = crs_given
                                        ? geo::DensityCrs::from_definition(options.crs)
                                        : geo::DensityCrs::utm_for({lonlat_box.center().x, lonlat_box.center().y});
        const bool mercator = crs.web_mercator();
        std::vector<geo::XY> positions(total);
        size_t unprojectable = 0;
        for (size_t i = 0; i < total; ++i) {
            if (!pass[i]) continue;
            positions[i] = crs.from_mercator(layer->positions[i]);
            if (!std::isfinite(positions[i].x) || !std::isfinite(positions[i].y)) {
                if (unprojectable++ == 0)
                    throw geo::Error("point " + std::to_string(layer->ids[i]) + " of layer '" + options.layer +
                                         "' cannot be projected into " + crs.name() + " (" + crs.description() +
                                         "); choose a CRS that covers the points",
                                     options.store.string(), 0, "--crs");
            }
        }
        const geo::DensityInput input{positions, weights, pass};

        // The grid.
        geo::BBox region = options.bbox ? bbox_in(crs, *options.bbox) : geo::density_extent(input, spec, mercator);
        if (region.empty())
            throw geo::Error("the box " + number((*options.bbox)[0]) + "," + number((*options.bbox)[1]) + "," +
                                 number((*options.bbox)[2]) + "," + number((*options.bbox)[3]) + " is not within " +
                                 crs.name(),
                             "", 0, "--bbox");
        // The default cell is a tenth of the radius on the ground; in Web Mercator, in Mercator
        // metres at the region's centre.
        const double ground_per_unit = mercator ? geo::mercator_ground_scale(region.center().y).kx : 1.0;
        const double cell = options.cell ? *options.cell : options.radius_m / 10 / ground_per_unit;
        const double cols = std::max(1.0, std::ceil(region.width() / cell - 1e-9));
        const double rows = std::max(1.0, std::ceil(region.height() / cell - 1e-9));
        if (cols * rows > kMaxCells)
            throw geo::Error("the surface would have " + number(cols, 12) + " × " + number(rows, 12) + " = " +
                                 number(cols * rows / 1e6, 4) + " million cells, over the limit of " +
                                 number(kMaxCells / 1e6, 4) +
                                 " million: give a larger --cell, a smaller --radius or a --bbox",
                             "", 0, "--cell");

        geo::DensityOptions dopt;
        dopt.kernel = spec;
        dopt.region = region;
        dopt.cell = cell;
        dopt.mercator = mercator;
        dopt.method = geo::DensityMethod::exact;
        const geo::DensityGrid grid = geo::kernel_density(input, dopt);
        double integral = 0, weight_sum = 0;
        for (int r = 0; r < grid.height; ++r) {
            const double area_km2 = geo::cell_ground_area_m2(grid, r, mercator) / 1e6;
            double row = 0;
            for (int c = 0; c < grid.width; ++c)
                row += grid.at(c, r);
            integral += row * area_km2;
        }
        for (size_t i = 0; i < total; ++i)
            if (pass[i]) weight_sum += weights.empty() ? 1.0 : weights[i];
        const double peak = grid.max_value();

        const std::string what = options.weight.empty() ? "cameras" : options.weight;
        const std::string units = what + " per km²";
        const std::string filter_text = filter.empty() ? "" : filter.describe();
        geo::FloatRaster raster;
        raster.width = grid.width;
        raster.height = grid.height;
        raster.values = grid.values;
        raster.min_x = grid.region.min_x;
        raster.max_y = grid.region.max_y;
        raster.cell = grid.cell;
        raster.crs_wkt = crs.wkt();
        raster.description = "kernel density of " + options.layer;
        raster.units = units;
        raster.metadata = {
            {"UNITS", units},
            {"KERNEL", std::string(geo::kernel_name(*kernel))},
            {"RADIUS_M", number(options.radius_m, 12)},
            {"CELL", number(grid.cell, 12)},
            {"CRS", crs.name()},
            {"LAYER", options.layer},
            {"FILTER", filter_text.empty() ? "none" : filter_text},
            {"WEIGHT", options.weight.empty() ? "none" : options.weight},
            {"POINTS", std::to_string(passing)},
            {"INTEGRAL", number(integral, 10)},
            {"METHOD", "exact kernel sums at cell centres"},
            {"OKO_VERSION", OKO_VERSION},
            {"TIFFTAG_SOFTWARE", "Oko " OKO_VERSION},
        };
        geo::write_geotiff(raster, options.out);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

        const std::string crs_why = crs_given ? "" : ", the UTM zone of the points' centre (give --crs for another)";
        if (options.json) {
            nlohmann::json j;
            j["out"] = options.out.string();
            j["layer"] = options.layer;
            j["filter"] = filter_text;
            j["unknown_included"] = filter.unknown_included();
            j["warnings"] = warnings;
            j["kernel"] = std::string(geo::kernel_name(*kernel));
            j["radius_m"] = options.radius_m;
            j["cell"] = grid.cell;
            j["crs"] = crs.name();
            j["crs_name"] = crs.description();
            j["crs_chosen"] = !crs_given;
            j["width"] = grid.width;
            j["height"] = grid.height;
            j["bbox"] = {grid.region.min_x, grid.region.min_y, grid.region.max_x, grid.region.max_y};
            j["units"] = units;
            j["weight"] = options.weight.empty() ? nlohmann::json() : nlohmann::json(options.weight);
            j["points"] = static_cast<int64_t>(passing);
            j["layer_points"] = static_cast<int64_t>(total);
            j["weight_sum"] = weight_sum;
            j["integral"] = integral;
            j["peak"] = peak;
            j["seconds"] = seconds;
            std::cout << conform(j, density_shape()).dump(2) << "\n";
        } else {
            std::cout << "wrote " << options.out.string() << ": " << grid.width << " × " << grid.height << " cells of "
                      << number(grid.cell) << " m, " << crs.name() << " (" << crs.description() << ")" << crs_why
                      << "\n";
            std::cout << "kernel " << geo::kernel_name(*kernel) << ", radius " << number(options.radius_m) << " m"
                      << (*kernel == geo::Kernel::gaussian ? " (σ; cut at 4σ)" : "") << "; values in " << units
                      << " at cell centres\n";
            std::cout << "points: " << passing << " of " << total << " in layer " << options.layer
                      << (filter_text.empty() ? "" : " (filter: " + filter_text + ")") << "\n";
            std::cout << "integral: " << number(integral, 8) << " " << what << " (Σ value × cell area; "
                      << (options.weight.empty() ? "the points: " : "the weights' sum: ") << number(weight_sum, 8)
                      << ")\n";
            std::cout << "peak: " << number(peak) << " " << units << "\n";
        }
        return 0;
    } catch (const std::exception& e) {
        return report_failure("oko density", e);
    }
}

} // namespace oko::app
