// The osm_cameras layer: every man_made=surveillance object of the extract, counted
// independently with osmium, with its tags kept and its provenance in the project.

#include "geo/osm/osm_import.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_points.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

using namespace oko;

TEST_CASE("OSM surveillance objects become the osm_cameras layer", "[osm][cameras]") {
    const auto pbf = test::shared_data("osm/monaco.osm.pbf");
    if (!pbf) return;
    test::TempDir dir;
    // Independent count: osmium keeps the surveillance nodes and ways (-R: no referenced objects).
    const auto filtered = dir / "surveillance.osm.pbf";
    REQUIRE(test::run_command("osmium tags-filter -R -o " + test::shell_quote(filtered.string()) + " " +
                              test::shell_quote(pbf->string()) + " nw/man_made=surveillance")
                .status == 0);
    const auto info =
        test::run_command("osmium fileinfo -e -g data.count.nodes " + test::shell_quote(filtered.string()));
    const auto ways =
        test::run_command("osmium fileinfo -e -g data.count.ways " + test::shell_quote(filtered.string()));
    REQUIRE(info.status == 0);
    const long expected = std::stol(info.output) + std::stol(ways.output);
    REQUIRE(expected == 10); // SOURCES.md: Monaco has 10 surveillance nodes

    const auto project = dir / "monaco.oko";
    const auto report = geo::import_osm(*pbf, project);
    CHECK(report.cameras == static_cast<size_t>(expected));
    const auto store = geo::Store::open(project);
    const auto layer = geo::load_point_layer(store, "osm_cameras");
    REQUIRE(layer);
    CHECK(layer->kind == "cameras");
    CHECK(static_cast<long>(layer->positions.size()) == expected);
    const auto details = geo::point_details(store, layer->ids.front());
    bool has_osm_id = false, has_tag = false;
    for (const auto& [k, v] : details) {
        has_osm_id |= k == "osm" && v.rfind("node/", 0) == 0;
        has_tag |= k == "man_made" && v == "surveillance";
    }
    CHECK(has_osm_id);
    CHECK(has_tag);

    // Importing the extract again replaces the layer rather than doubling it.
    geo::import_osm(*pbf, project);
    const auto again = geo::load_point_layer(geo::Store::open(project), "osm_cameras");
    CHECK(static_cast<long>(again->positions.size()) == expected);
}
