#include "geo/analysis/place_index.hpp"

#include <catch2/catch.hpp>

using namespace oko::geo;

namespace {
Feature line(FeatureClass cls, std::string name, std::string latin, double x0, double y0, double x1, double y1) {
    Feature f;
    f.cls = cls;
    f.name = std::move(name);
    f.name_latin = std::move(latin);
    f.geometry.kind = GeomKind::Line;
    f.geometry.points = {{x0, y0}, {x1, y1}};
    f.geometry.parts = {0};
    return f;
}
} // namespace

TEST_CASE("Go-to finds names in either script, without diacritics, and merges street pieces", "[places]") {
    Basemap b;
    b.features.push_back(line(FeatureClass::RoadPedestrian, "Трг слободе", "Trg slobode", 0, 0, 10, 10));
    b.features.push_back(line(FeatureClass::RoadPrimary, "Булевар ослобођења", "", 100, 100, 200, 200));
    b.features.push_back(line(FeatureClass::RoadPrimary, "Булевар ослобођења", "", 200, 200, 300, 250));
    Feature place;
    place.cls = FeatureClass::PlaceSuburb;
    place.name = "Лиман";
    place.geometry.kind = GeomKind::Point;
    place.geometry.points = {{500, 500}};
    place.geometry.parts = {0};
    b.features.push_back(place);
    const PlaceIndex index(b);

    for (const char* q : {"Trg slobode", "Трг слободе", "trg slobode", "TRG SLOBODE "}) {
        const auto r = index.search(q);
        REQUIRE(r.size() == 1);
        CHECK(r[0].name == "Трг слободе");
    }
    const auto bulevar = index.search("bulevar oslobodjenja");
    REQUIRE(bulevar.size() == 1);
    CHECK(bulevar[0].bounds.min_x == 100);
    CHECK(bulevar[0].bounds.max_x == 300);
    CHECK(index.search("Bulevar oslobođenja").size() == 1);
    const auto liman = index.search("lim");
    REQUIRE(liman.size() == 1);
    CHECK(liman[0].kind == "place.suburb");
    CHECK(index.search("nowhere").empty());
    CHECK(index.search("  ").empty());
}
