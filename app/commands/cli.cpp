#include "app/commands/cli.hpp"

#include "app/commands/commands.hpp"

#include "geo/base/print_size.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

namespace oko::app {

namespace {

// CLI11 validators that say what is wrong in the user's words.
CLI::Validator size_validator() {
    return CLI::Validator(
        [](std::string& s) {
            int w, h;
            return parse_size(s, w, h) ? std::string{}
                                       : "expected WIDTHxHEIGHT, e.g. 1600x1000 (1 to 16384 each), or one of " +
                                             geo::size_preset_list() + ", got '" + s + "'";
        },
        "WxH");
}

CLI::Validator bbox_validator() {
    return CLI::Validator(
        [](std::string& s) {
            std::array<double, 4> b{};
            return parse_bbox(s, b) ? std::string{}
                                    : "expected minlon,minlat,maxlon,maxlat in degrees with min < max, got '" + s + "'";
        },
        "BBOX");
}

// "X,Y": a place in the window, in window units from its top left.
bool parse_point(const std::string& s, std::pair<float, float>& p) {
    const auto comma = s.find(',');
    if (comma == std::string::npos) return false;
    const std::string xs = s.substr(0, comma), ys = s.substr(comma + 1);
    char* end = nullptr;
    p.first = std::strtof(xs.c_str(), &end);
    if (xs.empty() || *end != '\0' || !(p.first >= 0 && p.first <= 16384)) return false;
    p.second = std::strtof(ys.c_str(), &end);
    return !ys.empty() && *end == '\0' && p.second >= 0 && p.second <= 16384;
}

// "[shift+][ctrl+][alt+]X1,Y1,X2,Y2[,X3,Y3...]": a drag along a path, with those keys held.
bool parse_drag(std::string s, WindowOptions::Drag& drag) {
    drag = {};
    for (bool more = true; more;) {
        more = false;
        for (auto [prefix, held] : {std::pair{"shift+", &drag.shift}, {"ctrl+", &drag.ctrl}, {"alt+", &drag.alt}})
            if (s.rfind(prefix, 0) == 0) {
                *held = more = true;
                s = s.substr(std::string(prefix).size());
            }
    }
    // Every second comma ends a place.
    size_t from = 0, commas = 0;
    for (size_t i = 0; i <= s.size(); ++i) {
        if (i < s.size() && (s[i] != ',' || ++commas % 2)) continue;
        if (!parse_point(s.substr(from, i - from), drag.path.emplace_back())) return false;
        from = i + 1;
    }
    return drag.path.size() >= 2;
}

CLI::Validator point_validator() {
    return CLI::Validator(
        [](std::string& s) {
            std::pair<float, float> p;
            return parse_point(s, p) ? std::string{} : "expected X,Y in window units (0 to 16384), got '" + s + "'";
        },
        "X,Y");
}

// Options for tests and benchmarks: they work, but `oko --help` does not list them.
constexpr const char* kTesting = "";

} // namespace

int run_cli(int argc, char** argv, WindowRunner open_window) {
    CLI::App cli{"Oko: a map viewer for surveillance-camera and smart-city deployments.\n"
                 "Without a subcommand, opens PROJECT (or the last project) in a window."};
    cli.set_version_flag("--version", "oko " OKO_VERSION);

    WindowOptions window;
    std::string project;
    std::string window_size;
    cli.add_option("project", project, "Project (.oko) or OSM extract (.osm.pbf, .osm) to open");
    cli.add_option("--frames", window.frames,
                   "Draw this many frames (and on until background work is done), then exit (testing)")
        ->check(CLI::PositiveNumber)
        ->group(kTesting);
    cli.add_option("--screenshot", window.screenshot, "With --frames: save the last frame as PNG")->group(kTesting);
    cli.add_flag("--print-frame-times", window.print_frame_times,
                 "Print frame-time statistics as JSON on exit (change_s: the last change, from its start to the end "
                 "of the frame that showed it)")
        ->group(kTesting);
    cli.add_flag("--print-counts", window.print_counts,
                 "Print each point layer's count on exit as the layer panel shows it: LAYER PASSING / ALL")
        ->group(kTesting);
    cli.add_option("--pan-px", window.pan_px,
                   "With --frames: pan the map this many px every frame, back and forth, as a drag does")
        ->group(kTesting);
    cli.add_option("--window-size", window_size, "Window size, e.g. 1280x800")->check(size_validator());
    cli.add_option("--show", window.show,
                   "Panels to open at start: stats, help, export, history, duplicates (e.g. --show stats)")
        ->delimiter(',')
        ->check(CLI::IsMember({"stats", "help", "export", "history", "duplicates"}));
    cli.add_option("--goto", window.goto_query, "Type this into the go-to box at start, as Ctrl+F and typing would")
        ->group(kTesting);
    cli.add_option(
           "--reference-style", window.reference_styles,
           "Colour a line or polygon layer by an attribute, LAYER=FIELD, as if chosen in the layer panel (testing)")
        ->group(kTesting);
    std::string mouse;
    std::vector<std::string> clicks;
    cli.add_option("--mouse", mouse,
                   "With --frames: rest the pointer at X,Y (window units) once background work is done, as "
                   "hovering there does")
        ->check(point_validator())
        ->group(kTesting);
    cli.add_option("--click", clicks,
                   "With --frames: click the left button at X,Y (window units) once background work is done; "
                   "repeat for more clicks, in order")
        ->check(point_validator())
        ->group(kTesting);
    std::vector<std::string> drags;
    cli.add_option("--drag", drags,
                   "With --frames: after the clicks, drag with the left button from X1,Y1 to X2,Y2 (window units), "
                   "or along a path X1,Y1,X2,Y2,X3,Y3,... (a frame a place: a lasso), with shift+, ctrl+ or alt+ "
                   "in front to hold those keys; repeat for more drags, in order")
        ->check(CLI::Validator(
            [](std::string& s) {
                WindowOptions::Drag drag;
                return parse_drag(s, drag) ? std::string{}
                                           : "expected [shift+][ctrl+][alt+]X1,Y1,X2,Y2[,X3,Y3...] in window units "
                                             "(0 to 16384), got '" +
                                                 s + "'";
            },
            "X1,Y1,X2,Y2"))
        ->group(kTesting);
    cli.add_option("--action", window.actions,
                   "Run a shortcut's action at start, as its keys would: undo (Ctrl+Z), redo (Ctrl+Shift+Z), "
                   "add-camera (A), move (M), select (B); repeat for more, in order")
        ->check(CLI::IsMember({"undo", "redo", "add-camera", "move", "select"}))
        ->group(kTesting);
    std::vector<std::string> fills;
    cli.add_option(
           "--fill", fills,
           "With --click or --drag: type FIELD=VALUE into the form they open (the point inspector: vendor, year, "
           "an attribute, status, note; a new camera's: vendor, year, type, direction, note; the selection "
           "panel, with no point pinned: status, note, vendor), then press its Apply or Add; delete=yes "
           "presses Delete and confirms, merge=ID and distinct=ID the Merge and Distinct beside that duplicate; "
           "revert=N (no click needed) the history's Revert on change set N; repeat for more fields")
        ->check(CLI::Validator(
            [](std::string& s) {
                return s.find('=') == std::string::npos || s.front() == '='
                           ? "expected FIELD=VALUE, e.g. status=verified or vendor=Dahua, got '" + s + "'"
                           : std::string{};
            },
            "FIELD=VALUE"))
        ->group(kTesting);
    std::string import_dialog;
    auto* import_dialog_opt =
        cli.add_option("--import-dialog", import_dialog,
                       "Open the import dialog for a point file, as if it were dropped on the window");
    cli.add_flag("--accept", window.accept_import,
                 "With --import-dialog: import as detected, print the report (testing; with --frames, exit when done)")
        ->needs(import_dialog_opt)
        ->group(kTesting);

    cli.add_option("--export", window.export_figure,
                   "Export the view into this file (.png, .tif) through the export dialog, as its Export button "
                   "does, with the scene beside it; print what was written (testing; with --frames, exit when done)")
        ->group(kTesting);
    cli.add_flag("--save-image", window.save_image,
                 "Save the view beside the project as Ctrl+Shift+S does; print what was written (testing)")
        ->group(kTesting);

    ImportOptions import;
    auto* import_cmd = cli.add_subcommand(
        "import", "Import an OSM extract (.osm.pbf, .osm) as the basemap, or a GIS file (CSV, GeoJSON, KML/KMZ, GPX,\n"
                  "GeoPackage, zipped Shapefile): points into a point layer, lines and polygons into reference layers");
    import_cmd->add_option("input", import.input, "The file to import")->required();
    import_cmd->add_option("--store", import.store, "Project file (.oko) to create or update")->required();
    import_cmd->add_flag("--json", import.json, "Print the import report as JSON");
    import_cmd->add_option("--layer", import.layer,
                           "Layer to add the file to (created if new); a mixed file adds NAME_lines and NAME_areas");
    import_cmd->add_flag("--dry-run", import.dry_run, "Read and report, write nothing");
    import_cmd->add_option("--x", import.x_column, "Column of the x / longitude (name or 1-based number)");
    import_cmd->add_option("--y", import.y_column, "Column of the y / latitude");
    import_cmd->add_option("--wkt", import.wkt_column, "Column holding WKT points");
    import_cmd->add_option("--position", import.position_column,
                           "Column holding both coordinates (\"45.2571, 19.8465\", \"45°15'20\"N 19°50'47\"E\")");
    import_cmd->add_option("--crs", import.crs, "CRS of the coordinates, e.g. EPSG:32634 (default WGS84)");
    import_cmd->add_option(
        "--map", import.maps,
        "Field mapping: vendor=COLUMN, year=COLUMN or model=COLUMN (a known model names an empty vendor)");
    import_cmd
        ->add_option("--duplicate-distance", import.duplicate_distance_m,
                     "Metres within which a report repeats an earlier one (0: off)")
        ->check(CLI::Range(0.0, 10000.0));
    import_cmd->add_option("--limit", import.limits,
                           "Raise a limit on the input for a file you trust, NAME=N: archive_mb, archive_ratio, "
                           "archive_members, features, field_kb, columns, depth (see docs/LIMITS.md)");

    RenderOptions render;
    std::string render_size = "1600x1000", render_bbox;
    auto* render_cmd = cli.add_subcommand(
        "render", "Render the map headless to a PNG (with its world file, .prj and .aux.xml) or a GeoTIFF");
    render_cmd->add_option("--store", render.store, "Project file (.oko)")->required();
    render_cmd->add_option("--out,-o", render.out, "Output picture: *.png, *.tif, or a vector figure *.pdf or *.svg")
        ->required();
    render_cmd
        ->add_option("--size", render_size,
                     "Image size in pixels, WIDTHxHEIGHT, or hd, 4k, square, portrait, story (README.md)")
        ->check(size_validator());
    render_cmd->add_option("--paper", render.paper, "Print size: A0, A1, A2, A3 or A4 (ISO 216), portrait; at --dpi");
    render_cmd->add_flag("--landscape", render.landscape, "With --paper: the long side across");
    render_cmd->add_option("--dpi", render.dpi,
                           "Dots per inch of the print (default 300 with --paper): sets the pixel size of a paper and "
                           "scales lines, text and legends to keep their printed size");
    render_cmd
        ->add_option("--bbox", render_bbox, "Area to show: minlon,minlat,maxlon,maxlat (default: the whole extract)")
        ->check(bbox_validator());
    render_cmd->add_option("--hide", render.hide_layers,
                           "Layers to leave out (roads, buildings, water, ..., a point or a reference layer)");
    render_cmd->add_option("--layer", render.point_layers, "Point layers to draw (default: all)");
    render_cmd->add_option(
        "--filter", render.filters,
        "Point filter: vendor=Huawei,Dahua  year=2018..2020  unknown=exclude  text=WORDS  status=verified (or all)");
    render_cmd->add_option("--reference-style", render.reference_styles,
                           "Colour a line or polygon layer by an attribute: LAYER=FIELD (LAYER= for one colour)");
    const char* kDensity = "Density views (each in place of a layer's points)";
    render_cmd
        ->add_option("--heatmap", render.heatmaps, "LAYER[:RADIUS_M]: a heatmap of the layer (kernel radius in metres)")
        ->group(kDensity);
    render_cmd->add_option("--hexbin", render.hexbins, "LAYER[:CELL_M]: hexagon bins of the layer (size in metres)")
        ->group(kDensity);
    render_cmd
        ->add_option("--squarebin", render.squarebins, "LAYER[:CELL_M]: square bins of the layer (side in metres)")
        ->group(kDensity);
    render_cmd->add_option("--choropleth", render.choropleths, "LAYER: the layer's cameras per km² by district")
        ->group(kDensity);
    render_cmd->add_option("--coverage", render.coverages, "LAYER[:R]: the streets within R metres of its cameras")
        ->group(kDensity);
    render_cmd
        ->add_option("--kernel", render.kernel, "Heatmap kernel: quartic, gaussian, epanechnikov, triangular, uniform")
        ->group(kDensity);
    render_cmd
        ->add_option(
            "--weight", render.weight,
            "Heatmap: weight each camera by this numeric attribute (its sum per km²; default: each counts once)")
        ->group(kDensity);
    render_cmd->add_option("--ramp", render.ramp, "Colour ramp: viridis, magma, inferno, plasma, cividis")
        ->group(kDensity);
    render_cmd->add_option("--scale-max", render.scale_max, "Heatmap: cameras per km² at the top of the colour scale")
        ->check(CLI::PositiveNumber)
        ->group(kDensity);
    render_cmd->add_option("--classes", render.classes, "Bins and choropleth: number of classes (2 to 9)")
        ->check(CLI::Range(2, 9))
        ->group(kDensity);
    render_cmd->add_option("--class-method", render.class_method, "quantile, equal-interval or natural-breaks")
        ->group(kDensity);
    auto* render_admin_level =
        render_cmd->add_option("--admin-level", render.admin_level, "Choropleth: the OSM admin level of the districts")
            ->group(kDensity);
    auto* render_boundary_layer =
        render_cmd
            ->add_option("--boundary-layer", render.boundary_layer,
                         "Choropleth: districts from this reference layer of areas instead of the OSM boundaries")
            ->excludes(render_admin_level)
            ->group(kDensity);
    render_cmd
        ->add_option("--boundary-name", render.boundary_name,
                     "Choropleth: the field of --boundary-layer naming each district (default: name, NAME, "
                     "shapeName, naziv, ...)")
        ->needs(render_boundary_layer)
        ->group(kDensity);
    render_cmd->add_option("--streets", render.streets, "Coverage: OSM highway classes counted as streets")
        ->delimiter(',')
        ->group(kDensity);
    render_cmd->add_option("--sector", render.sector_deg, "Coverage: a camera with a direction covers this angle")
        ->check(CLI::Range(1.0, 360.0))
        ->group(kDensity);
    render_cmd->add_flag("!--no-legend", render.legends, "Draw no legend (of density views or of point layers)");
    render_cmd->add_option("--title", render.title, "Title drawn on the map (top-left)");
    render_cmd->add_option("--subtitle", render.subtitle, "Subtitle under the title");
    render_cmd->add_option("--note", render.note, "A note on the map: method, filters, date of the data");
    render_cmd->add_flag("!--no-scale-bar", render.scale_bar, "Draw no scale bar");
    render_cmd->add_flag("!--no-north-arrow", render.north_arrow, "Draw no north arrow");
    render_cmd->add_option("--furniture-corner", render.furniture_corners,
                           "ELEMENT=CORNER: title, legend, scale-bar, north-arrow, attribution or note in top-left, "
                           "top-right, bottom-left or bottom-right");
    render_cmd->add_flag("!--no-labels", render.labels, "Draw no labels");
    render_cmd
        ->add_option("--label-script", render.label_script,
                     "Names in native (as OSM has them), latin (name:sr-Latn, else transliterated), cyrillic or "
                     "both (Cyrillic over Latin)")
        ->check(CLI::IsMember({"native", "latin", "cyrillic", "both"}));
    render_cmd->add_flag("--json", render.json, "Print what was drawn as JSON (files, size, area, layers)");
    render_cmd
        ->add_option("--scale", render.scale,
                     "Pixel ratio: device pixels per 1/96 inch (3.125 is 300 dpi; --dpi says it in dots per inch)")
        ->check(CLI::Range(0.25, 16.0));
    render_cmd->add_option("--repeat", render.repeat, "Render N times and print timings as JSON (benchmarks)")
        ->check(CLI::PositiveNumber)
        ->group(kTesting);
    render_cmd->add_option(
        "--scene", render.scene,
        "Draw a scene: one saved in the project (window: as the window left it) or a scene file (.json);\n"
        "--bbox, --size and the other options apply on top");
    auto* render_by_year = render_cmd->add_option(
        "--by-year", render.by_year,
        "FIRST..LAST: one figure per year (map.png -> map_2017.png ...), the same extent and colour scale in each");
    render_cmd
        ->add_flag("--cumulative", render.cumulative, "With --by-year: each figure shows every camera up to its year")
        ->needs(render_by_year);

    SceneOptions scene;
    auto* scene_cmd = cli.add_subcommand(
        "scene", "Export a scene saved in the project as a scene file (JSON) to keep, share or edit");
    scene_cmd->add_option("--store", scene.store, "Project file (.oko)")->required();
    scene_cmd->add_option(
        "--name", scene.name,
        "Scene to export (default: window, the one the window saves, or the defaults before it saved one)");
    scene_cmd->add_option("--out,-o", scene.out, "Scene file to write (.json)")->required();

    LayersOptions layers;
    auto* layers_cmd = cli.add_subcommand("layers", "List the layers of a project with their counts");
    layers_cmd->add_option("--store", layers.store, "Project file (.oko)")->required();
    layers_cmd->add_flag("--json", layers.json, "Print as JSON");

    StatsOptions stats;
    int stats_admin_level = 0;
    auto* stats_cmd =
        cli.add_subcommand("stats", "Count a point layer's filtered points per vendor, year, municipality or cell");
    stats_cmd->add_option("--store", stats.store, "Project file (.oko)")->required();
    stats_cmd->add_option("--layer", stats.layer, "Point layer to count")->required();
    stats_cmd->add_option("--filter", stats.filters,
                          "vendor=A,B  year=2018..2020  unknown=include|exclude  text=words  "
                          "status=verified,unverified|all (repeatable)");
    stats_cmd->add_option("--by", stats.by,
                          "vendor, year, vendor-year, municipality, or cells: hex:SIZE or square:SIZE (metres; "
                          "hexagon: the side, centre to corner)");
    stats_cmd->add_option("--compare", stats.compare,
                          "A second point layer counted beside --layer (the same filter and grouping), with the "
                          "difference and the ratio");
    stats_cmd
        ->add_option("--admin-level", stats_admin_level,
                     "OSM admin_level of the municipalities (default: the finest that covers the points)")
        ->check(CLI::Range(1, 12));
    auto* stats_boundaries = stats_cmd->add_option("--boundaries", stats.boundaries,
                                                   "Polygon file of municipalities (GeoJSON, GeoPackage, Shapefile)");
    auto* stats_boundary_layer =
        stats_cmd
            ->add_option("--boundary-layer", stats.boundary_layer,
                         "A reference layer of areas in the project as the municipalities (as `oko render "
                         "--choropleth L --boundary-layer REF` draws them)")
            ->excludes(stats_boundaries);
    stats_cmd->add_option("--boundary-name", stats.boundary_name,
                          "The field naming each municipality of --boundaries or --boundary-layer (default: name, "
                          "NAME, shapeName, naziv, ...)");
    auto* stats_json = stats_cmd->add_flag("--json", stats.json, "Print as JSON");
    stats_cmd->add_flag("--csv", stats.csv, "Print as CSV")->excludes(stats_json);
    stats_cmd->add_option("--out,-o", stats.out, "Write to this file instead of stdout");
    stats_cmd->get_option("--admin-level")->excludes(stats_boundaries)->excludes(stats_boundary_layer);
    stats_cmd->add_option("--coverage", stats.coverage_m,
                          "Street coverage: the share of street length within this many metres (10 to 500) of a "
                          "camera, whole and with --by municipality per district");
    stats_cmd
        ->add_option("--streets", stats.streets,
                     "highway classes counted as streets, comma-separated (default: motorway, trunk, primary, "
                     "secondary, tertiary and their _link, unclassified, residential, living_street, pedestrian)")
        ->delimiter(',');
    std::vector<std::string> stats_sector;
    auto* sector_option = stats_cmd
                              ->add_option("--sector", stats_sector,
                                           "With --coverage: count only the sector a camera with a direction faces "
                                           "(degrees, default 90)")
                              ->expected(0, 1);
    stats_cmd->add_option("--direction-field", stats.direction_field,
                          "Attribute holding a camera's direction (default: camera:direction, then direction)");

    DensityCommandOptions density;
    std::string density_bbox;
    double density_cell = 0;
    auto* density_cmd =
        cli.add_subcommand("density", "Write a point layer's kernel density (cameras per km²) as a Float32 GeoTIFF");
    density_cmd->add_option("--store", density.store, "Project file (.oko)")->required();
    density_cmd->add_option("--layer", density.layer, "Point layer")->required();
    density_cmd->add_option("--radius", density.radius_m, "Kernel radius in metres on the ground (Gaussian: σ)")
        ->required();
    density_cmd->add_option("--kernel", density.kernel,
                            "quartic (default), gaussian, epanechnikov, triangular or uniform");
    density_cmd->add_option("--cell", density_cell, "Cell size in the CRS's units (default: radius/10 on the ground)");
    density_cmd->add_option("--filter", density.filters,
                            "vendor=A,B  year=2018..2020  unknown=include|exclude  text=words  "
                            "status=verified,unverified|all (repeatable)");
    density_cmd->add_option("--weight", density.weight, "Numeric attribute to weight each point by (default: 1)");
    density_cmd->add_option("--crs", density.crs,
                            "Projected CRS in metres, e.g. EPSG:32634 (default: the UTM zone of the points)");
    density_cmd->add_option("--bbox", density_bbox, "Area: minlon,minlat,maxlon,maxlat (default: every point's kernel)")
        ->check(bbox_validator());
    density_cmd->add_option("--out,-o", density.out, "GeoTIFF to write (.tif)")->required();
    density_cmd->add_flag("--json", density.json, "Print what was written as JSON");

    ExportOptions export_options;
    auto* export_cmd = cli.add_subcommand(
        "export", "Write a point layer's filtered points, with every attribute and where each came from, as "
                  "GeoJSON, CSV, GeoPackage, KML or OSM XML (for review in JOSM)");
    export_cmd->add_option("--store", export_options.store, "Project file (.oko)")->required();
    export_cmd->add_option("--layer", export_options.layer, "Point layer to export")->required();
    export_cmd->add_option("--filter", export_options.filters,
                           "vendor=A,B  year=2018..2020  unknown=include|exclude  text=words (repeatable)");
    export_cmd
        ->add_option("--out,-o", export_options.out,
                     "File to write: *.geojson, *.csv (with a byte-order mark), *.gpkg, *.kml or *.osm")
        ->required();
    export_cmd->add_flag("--json", export_options.json, "Print what was written as JSON");
    // Curation (geo/store/curation.hpp): each change one transaction and one change set of the history.
    struct CurateCommand {
        const char* name;
        const char* help;
        CurateOptions options;
        CLI::App* app = nullptr;
    };
    std::vector<CurateCommand> curate{
        {"edit", "Change a point of a layer: its fields, its status (with a note), its position", {}},
        {"add", "Add a camera by hand at LON,LAT, with fields; prints its id", {}},
        {"delete", "Delete a report: it is kept in the project and the history, and no longer counted", {}},
        {"merge", "Merge reports of one camera: the lowest id stays, the others become its reports", {}},
        {"distinct",
         "Mark duplicates flagged at import as distinct cameras: they are no longer listed as duplicates",
         {}},
        {"revert", "Put back what one change set changed (any one, not only the last), as a new change set", {}},
        {"duplicates",
         "List the places the import flagged as reported more than once, to merge (oko merge) or mark distinct "
         "(oko distinct)",
         {}},
        {"history", "List the changes made to a project's points: change set, when, who, point, old and new value", {}},
        {"undo", "Undo the last change set not undone", {}},
        {"redo", "Redo the change set undone last", {}},
    };
    for (auto& c : curate) {
        c.options.command = c.name;
        auto* cmd = c.app = cli.add_subcommand(c.name, c.help);
        auto& o = c.options;
        cmd->add_option("--store", o.store, "Project file (.oko)")->required();
        const std::string n = c.name;
        if (n == "history") {
            cmd->add_option("--layer", o.layer, "Only the changes to this point layer");
            cmd->add_option("--id", o.id,
                            "One camera (with --layer): its reports with their provenance, and the changes to them");
        } else if (n != "undo" && n != "redo" && n != "revert") {
            cmd->add_option("--layer", o.layer, "Point layer")->required();
        }
        if (n == "edit" || n == "delete")
            cmd->add_option("--id", o.id, "Point id (as the window and oko history show)");
        if (n == "edit") {
            cmd->add_option("--ids", o.ids, "Several points at once, A,B,C: one change set for all");
            cmd->add_option("--ids-file", o.ids_file, "Several points at once: a file of ids (one a line, or A,B,C)");
        }
        if (n == "merge") cmd->add_option("--ids", o.ids, "The reports of one camera, A,B[,C...]")->required();
        if (n == "distinct")
            cmd->add_option("--ids", o.ids, "Points flagged as duplicates of one another, A,B[,C...]")->required();
        if (n == "edit" || n == "add")
            cmd->add_option("--set", o.sets,
                            "FIELD=VALUE: vendor, year, an attribute of the layer, or type, direction (degrees or "
                            "N, NE, ...), model, notes on any layer (empty VALUE: none); repeat for more");
        if (n == "edit") {
            cmd->add_option("--status", o.status, "Status: unverified, verified or rejected")
                ->check(CLI::IsMember({"unverified", "verified", "rejected"}));
            cmd->add_option("--note", o.note, "A note on the status (why it was verified or rejected)");
            cmd->add_option("--move", o.move, "New position, LON,LAT in degrees");
        }
        if (n == "add") cmd->add_option("--at", o.at, "Position, LON,LAT in degrees")->required();
        if (n == "revert")
            cmd->add_option("--change", o.change, "The change set to revert, as oko history numbers it")
                ->required()
                ->check(CLI::PositiveNumber);
        if (n != "history" && n != "duplicates")
            cmd->add_option("--who", o.who, "Name the change is recorded under (default: $OKO_USER, else the user)");
        cmd->add_flag("--json", o.json,
                      n == "history"      ? "Print the history as JSON"
                      : n == "duplicates" ? "Print the groups as JSON"
                                          : "Print the change set as JSON");
    }

    CheckOptions check;
    auto* check_cmd = cli.add_subcommand(
        "check", "Check a project file in full: damaged pages, SQL Oko did not write, stored geometry and triangles");
    check_cmd->add_option("--store", check.store, "Project file (.oko)")->required();

    RepairOptions repair;
    auto* repair_cmd = cli.add_subcommand(
        "repair", "Strip triggers, views and indexes Oko did not create from a project and write Oko's own again");
    repair_cmd->add_option("--store", repair.store, "Project file (.oko)")->required();

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version are not errors; every other parse error is a usage error.
        const int code = cli.exit(e);
        return code == 0 ? 0 : kExitUsage;
    }

    if (*import_cmd) return run_import(import);
    if (*render_cmd) {
        parse_size(render_size, render.width, render.height);
        render.size_given = render_cmd->get_option("--size")->count() > 0;
        render.scale_given = render_cmd->get_option("--scale")->count() > 0;
        render.dpi_given = render_cmd->get_option("--dpi")->count() > 0;
        if (!render_bbox.empty()) {
            std::array<double, 4> b{};
            parse_bbox(render_bbox, b);
            render.bbox = b;
        }
        return run_render(render);
    }
    if (*scene_cmd) {
        scene.name_given = scene_cmd->get_option("--name")->count() > 0;
        return run_scene(scene);
    }
    if (*layers_cmd) return run_layers(layers);
    if (*density_cmd) {
        if (density_cmd->get_option("--cell")->count() > 0) density.cell = density_cell;
        if (!density_bbox.empty()) {
            std::array<double, 4> b{};
            parse_bbox(density_bbox, b);
            density.bbox = b;
        }
        return run_density(density);
    }
    if (*export_cmd) return run_export(export_options);
    if (*check_cmd) return run_check(check);
    for (const auto& c : curate)
        if (*c.app) return run_curate(c.options);
    if (*repair_cmd) return run_repair(repair);
    if (*stats_cmd) {
        if (stats_admin_level > 0) stats.admin_level = stats_admin_level;
        stats.by_given = stats_cmd->count("--by") > 0;
        if (sector_option->count() > 0) {
            const std::string text = stats_sector.empty() || stats_sector.front().empty() ? "90" : stats_sector.front();
            char* end = nullptr;
            const double deg = std::strtod(text.c_str(), &end);
            if (end == text.c_str() || *end != '\0' || !(deg > 0 && deg <= 360)) {
                std::cerr << "oko stats: --sector must be an angle in degrees above 0 and up to 360, not '" << text
                          << "'\n";
                return kExitUsage;
            }
            stats.sector_deg = deg;
        }
        return run_stats(stats);
    }

    if (!project.empty()) window.project = project;
    if (!window_size.empty()) parse_size(window_size, window.width, window.height);
    if (!import_dialog.empty()) window.import_dialog = import_dialog;
    if (!mouse.empty()) parse_point(mouse, window.mouse.emplace());
    for (const auto& c : clicks)
        parse_point(c, window.clicks.emplace_back());
    for (const auto& d : drags)
        parse_drag(d, window.drags.emplace_back());
    for (const auto& f : fills)
        window.fill.emplace_back(f.substr(0, f.find('=')), f.substr(f.find('=') + 1));
    if (!open_window) {
        std::cerr << "oko: this oko was built without the window (OKO_BUILD_GUI=OFF); use a subcommand: "
                     "import, render, scene, layers, stats, density, export, check or repair (oko --help)\n";
        return 2;
    }
    return open_window(window);
}

} // namespace oko::app
