#include "geo/points/shipped_layers.hpp"

#include "geo/base/datasets.hpp"
#include "geo/base/error.hpp"
#include "geo/points/point_file_import.hpp"
#include "geo/store/store_points.hpp"

namespace oko::geo {

void add_shipped_layers(Store& store) {
    const auto sites = datasets_dir() / "smart_city_sites.geojson";
    if (!std::filesystem::exists(sites))
        throw Error("Oko's shipped datasets are missing (set OKO_DATASETS_DIR to the datasets folder)", sites.string());
    PointImportOptions options;
    options.year_column = "year_start";
    options.write_rejected_file = false;
    // Several sites of one city share its centroid on purpose (honest precision): not duplicates.
    options.duplicate_distance_m = 0;
    // They lie across the country on purpose, whatever city the basemap shows.
    options.far_from_map_distance_m = 0;
    const auto result = import_points_into(store, sites, kSitesLayer, options, "sites");
    if (result.report.rejected_count > 0)
        throw Error("the shipped smart-city dataset has " + std::to_string(result.report.rejected_count) +
                        " invalid rows",
                    sites.string());
}

} // namespace oko::geo
