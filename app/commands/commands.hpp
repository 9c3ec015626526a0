#pragma once
// One function per subcommand; cli.cpp parses options into these structs and calls them.
// Each returns the process exit code and reports errors as "oko: <file>: <what>" on stderr.

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace oko::geo {
class Error;
}

namespace oko::app {

struct ImportOptions {
    std::filesystem::path input;
    std::filesystem::path store;
    bool json = false;
    // Point files (everything but OSM extracts)
    std::string layer;
    bool dry_run = false;
    std::string x_column, y_column, wkt_column, position_column, crs;
    std::vector<std::string> maps; // "vendor=COL", "year=COL"
    double duplicate_distance_m = 3.0;
    std::vector<std::string> limits; // "columns=5000": limits on the input raised for this run (limits.hpp)
};
int run_import(const ImportOptions& options);

struct RenderOptions {
    std::filesystem::path store;
    std::filesystem::path out;
    int width = 1600;
    int height = 1000;
    std::optional<std::array<double, 4>> bbox; // min lon, min lat, max lon, max lat
    std::vector<std::string> hide_layers;      // basemap or point layers
    std::vector<std::string> point_layers;     // draw only these point layers (default: all)
    std::vector<std::string> filters;          // geo::Filter specs, applied to every point layer
    std::vector<std::string>
        reference_styles; // "LAYER=FIELD": categorise a reference layer by FIELD ("LAYER=": one symbol)
    bool labels = true;
    std::string label_script; // empty: the scene's (native by default)
    double scale = 1.0;       // device pixels per logical pixel, for print (line widths and text grow)
    int repeat = 1;           // > 1: render this many times and print timing JSON (benchmarks)
    std::string scene;        // a scene file (.json) or a scene saved in the project ("window"); empty: the defaults
    bool size_given = false;  // --size was given: it wins over the scene's size
    bool scale_given = false; // --scale was given: it wins over the scene's pixel ratio
    bool json = false;        // print what was drawn as JSON
    // Print sizes (geo/base/print_size.hpp): --paper A0..A4 [--landscape] at --dpi (300 with a
    // paper) decides the size in pixels; --dpi alone, with --size, sets the pixel ratio (dpi / 96).
    std::string paper;
    bool landscape = false;
    double dpi = 0;
    bool dpi_given = false;
    // Density views, each in place of a layer's points: "LAYER" or "LAYER:METRES" (the kernel's
    // radius, the cell's size, the coverage distance), stored in the scene as the window would.
    std::vector<std::string> heatmaps, hexbins, squarebins, choropleths, coverages;
    std::string kernel;               // heatmap kernel (quartic, gaussian, ...)
    std::string weight;               // heatmap: a numeric attribute each camera counts as (empty: once)
    std::string ramp;                 // colour ramp of every density view given here
    double scale_max = 0;             // heatmap: top of the colour scale in cameras per km² (0: the layer's peak)
    int classes = 0;                  // bins and choropleth: number of classes (0: the scene's)
    std::string class_method;         // quantile, equal-interval, natural-breaks
    std::optional<int> admin_level;   // choropleth districts
    std::string boundary_layer;       // choropleth districts from a reference layer
    std::string boundary_name;        // ... named by this field (empty: geo::name_field_of)
    std::vector<std::string> streets; // coverage: OSM highway classes
    double sector_deg = 0;            // coverage: > 0 counts only the sector a camera faces
    bool legends = true;              // false: no legend (of density views or of points)
    // Furniture (geo::Furniture): given texts replace the scene's; the flags only switch off.
    std::optional<std::string> title, subtitle, note;
    bool scale_bar = true, north_arrow = true;
    std::vector<std::string> furniture_corners; // "ELEMENT=CORNER", e.g. "legend=top-right"
    // A series (app/figure/figure_series.hpp): "FIRST..LAST", one figure per year; empty: one figure.
    std::string by_year;
    bool cumulative = false; // each figure: the cameras up to its year
};
int run_render(const RenderOptions& options);

struct SceneOptions {
    std::filesystem::path store;
    std::string name = "window";
    bool name_given = false; // --name was given: a scene missing under it is an error
    std::filesystem::path out;
};
// Exports a scene saved in the project as a scene file.
int run_scene(const SceneOptions& options);

struct LayersOptions {
    std::filesystem::path store;
    bool json = false;
};
int run_layers(const LayersOptions& options);

struct StatsOptions {
    std::filesystem::path store;
    std::string layer;
    std::vector<std::string> filters; // Filter::parse specs
    std::string by = "vendor";        // vendor, year, vendor-year, municipality, hex:SIZE, square:SIZE
    std::string compare;              // a second layer counted beside `layer`; empty: none
    std::optional<int> admin_level;
    std::filesystem::path boundaries; // polygon file instead of the OSM admin boundaries
    std::string boundary_layer;       // or a reference layer of areas in the project
    std::string boundary_name;        // the field naming the districts of either (empty: geo::name_field_of)
    bool json = false;
    bool csv = false;
    std::filesystem::path out; // empty: stdout
    // Street coverage (`--coverage R`): the share of street length within R metres of a camera,
    // for the whole project and, with --by municipality, per district (geo/analysis/street_coverage.hpp).
    std::optional<double> coverage_m;
    std::vector<std::string> streets; // highway classes; empty: geo::default_street_classes()
    std::optional<double> sector_deg; // --sector [DEG]: count only the wedge a camera faces
    std::string direction_field;      // --direction-field: the attribute holding the bearing
    bool by_given = false;            // --by was on the command line
};
int run_stats(const StatsOptions& options);

struct DensityCommandOptions {
    std::filesystem::path store;
    std::string layer;
    double radius_m = 0;                       // the kernel's radius (Gaussian: σ) in metres
    std::string kernel = "quartic";            // geo::parse_kernel names
    std::optional<double> cell;                // in the CRS's units; default: radius/10 on the ground
    std::vector<std::string> filters;          // Filter::parse specs
    std::string weight;                        // a numeric attribute; empty: 1 per point
    std::string crs;                           // empty: the UTM zone of the passing points' centre
    std::optional<std::array<double, 4>> bbox; // min lon, min lat, max lon, max lat; default: every kernel
    std::filesystem::path out;                 // .tif or .tiff
    bool json = false;
};
// Writes the layer's kernel density (exact sums, cameras per km²) as a Float32 GeoTIFF.
int run_density(const DensityCommandOptions& options);

// Exit codes, as command-line tools have them: 1 when a job failed (a file missing, damaged or
// unwritable), 2 when the request itself cannot be right (an option's value, a name the project
// does not have).
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
// A usage error is a geo::Error about a command-line option: its field names the option ("--bbox").
bool is_usage_error(const std::exception& e);
// Prints "<command>: <what>" on stderr and returns the exit code for it.
int report_failure(std::string_view command, const std::exception& e);
// Throws `e`, an error about the districts of a choropleth or a table (geo::BoundarySet's field
// "boundary_layer" or "boundary_name", as the scene calls them) or about a point layer (field
// "layer"), as one about the command-line option that gave them (--boundary-layer,
// --boundary-name, --layer); any other error as it is.
[[noreturn]] void throw_as_option(const geo::Error& e);

struct ExportOptions {
    std::filesystem::path store;
    std::string layer;
    std::vector<std::string> filters; // Filter::parse specs, as `oko stats` takes them
    std::filesystem::path out;        // .geojson, .csv, .gpkg, .kml or .osm
    bool json = false;
};
// Writes a point layer's filtered points with their attributes and provenance to a file
// (geo/export/point_export.hpp) and says how many.
int run_export(const ExportOptions& options);

struct CheckOptions {
    std::filesystem::path store;
};
// Checks a project in full: SQLite's integrity check, the schema against Oko's, every stored
// geometry and triangulation. Exits 1 with a report when anything is wrong.
int run_check(const CheckOptions& options);

struct RepairOptions {
    std::filesystem::path store;
};
// Strips triggers, views and indexes Oko did not create and writes Oko's own again, in one
// transaction, reporting each change.
int run_repair(const RepairOptions& options);

// The curation commands (geo/store/curation.hpp): edit, add, delete, merge, distinct, revert,
// history, undo, redo.
struct CurateOptions {
    std::string command; // which of them
    std::filesystem::path store;
    std::string layer;
    std::vector<int64_t> id;        // --id N (edit, delete)
    std::string ids;                // --ids A,B,C (merge, distinct; edit of many points)
    std::filesystem::path ids_file; // --ids-file F: ids one a line, or separated by commas or spaces (edit)
    std::vector<std::string> sets;  // --set FIELD=VALUE
    std::string status;             // --status
    std::optional<std::string> note;
    std::string move;   // --move LON,LAT
    std::string at;     // --at LON,LAT (add)
    int64_t change = 0; // --change N (revert)
    std::string who;    // empty: curator_name() (app/project/settings.hpp)
    bool json = false;
};
int run_curate(const CurateOptions& options);

// Parses "1600x1000".
bool parse_size(const std::string& text, int& width, int& height);
// Parses "minlon,minlat,maxlon,maxlat".
bool parse_bbox(const std::string& text, std::array<double, 4>& bbox);

} // namespace oko::app
