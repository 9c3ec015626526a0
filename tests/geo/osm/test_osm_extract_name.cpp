#include "geo/map/attribution.hpp"
#include "geo/map/basemap.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/scene/scene_spec.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace oko::geo;

TEST_CASE("OSM extracts are known by their names, compressed XML included", "[osm]") {
    for (const char* name : {"belgrade.osm.pbf", "belgrade.pbf", "belgrade.osm", "belgrade.osm.gz", "belgrade.osm.bz2",
                             "/data/Novi Sad.osm.gz"})
        CHECK(is_osm_extract(name));
    for (const char* name :
         {"cameras.csv", "cameras.geojson", "areas.shp.zip", "map.gz", "notes.osm.txt", ".osm", "osm"})
        CHECK_FALSE(is_osm_extract(name));
    CHECK(osm_extract_stem("belgrade.osm.pbf") == "belgrade");
    CHECK(osm_extract_stem("/d/belgrade.osm.gz") == "belgrade");
    CHECK(osm_extract_stem("serbia-latest.osm.bz2") == "serbia-latest");
    CHECK(osm_extract_stem("monaco.pbf") == "monaco");
    CHECK(osm_extract_stem("cameras.csv") == "cameras.csv");
}

TEST_CASE("The OpenStreetMap credit is written one way", "[osm]") {
    CHECK(std::string(osm_attribution) == "© OpenStreetMap contributors");
    CHECK(std::string(osm_attribution_with_licence).rfind(osm_attribution, 0) == 0);
    CHECK(Basemap{}.attribution == osm_attribution);
    CHECK(SceneSpec{}.attribution == osm_attribution);
}
