// Go-to on a hand-made basemap (scripts, street pieces, districts) and on the real Novi Sad extract,
// whose streets, boxes and house numbers are checked against the extract as GDAL's OSM driver reads it.

#include "support/shared_data.hpp"

#include "geo/analysis/place_index.hpp"
#include "geo/base/mercator.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/store/store.hpp"
#include "geo/text/text_fold.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <memory>
#include <optional>
#include <set>

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

Feature street(std::string name, LonLat a, LonLat b) {
    const XY p = to_mercator(a), q = to_mercator(b);
    return line(FeatureClass::RoadResidential, std::move(name), "", p.x, p.y, q.x, q.y);
}

Feature place(FeatureClass cls, std::string name, LonLat at) {
    Feature f;
    f.cls = cls;
    f.name = std::move(name);
    f.geometry.kind = GeomKind::Point;
    f.geometry.points = {to_mercator(at)};
    f.geometry.parts = {0};
    return f;
}

// Ground metres between two points, on the sphere (haversine): independent of Web Mercator.
double metres(LonLat a, LonLat b) {
    const double rad = M_PI / 180, r = 6371008.8;
    const double dlat = (b.lat - a.lat) * rad, dlon = (b.lon - a.lon) * rad;
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(a.lat * rad) * std::cos(b.lat * rad) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * r * std::asin(std::sqrt(h));
}

struct LonLatBox {
    double min_lon = 1e9, min_lat = 1e9, max_lon = -1e9, max_lat = -1e9;
    void extend(const OGREnvelope& e) {
        min_lon = std::min(min_lon, e.MinX);
        min_lat = std::min(min_lat, e.MinY);
        max_lon = std::max(max_lon, e.MaxX);
        max_lat = std::max(max_lat, e.MaxY);
    }
    double width_m() const { return metres({min_lon, (min_lat + max_lat) / 2}, {max_lon, (min_lat + max_lat) / 2}); }
    double height_m() const { return metres({min_lon, min_lat}, {min_lon, max_lat}); }
};

LonLatBox to_lonlat(const BBox& b) {
    const LonLat lo = from_mercator({b.min_x, b.min_y}), hi = from_mercator({b.max_x, b.max_y});
    LonLatBox out;
    out.min_lon = lo.lon;
    out.min_lat = lo.lat;
    out.max_lon = hi.lon;
    out.max_lat = hi.lat;
    return out;
}

struct DatasetCloser {
    void operator()(GDALDataset* d) const { GDALClose(d); }
};
using Dataset = std::unique_ptr<GDALDataset, DatasetCloser>;

Dataset open_with_gdal(const std::filesystem::path& pbf) {
    GDALAllRegister();
    // The clipped extract's cut rings: GDAL says so for each, Oko's import reports them itself.
    CPLSetErrorHandler(CPLQuietErrorHandler);
    const char* drivers[] = {"OSM", nullptr};
    return Dataset(static_cast<GDALDataset*>(GDALOpenEx(pbf.c_str(), GDAL_OF_VECTOR, drivers, nullptr, nullptr)));
}

// The envelopes of the extract's ways of one name with a highway tag, as GDAL reads them.
std::vector<OGREnvelope> gdal_street_ways(const std::filesystem::path& pbf, const std::string& name) {
    auto ds = open_with_gdal(pbf);
    REQUIRE(ds);
    OGRLayer* lines = ds->GetLayerByName("lines");
    REQUIRE(lines);
    REQUIRE(lines->SetAttributeFilter(("highway IS NOT NULL AND name = '" + name + "'").c_str()) == OGRERR_NONE);
    std::vector<OGREnvelope> out;
    for (auto& f : *lines) {
        OGREnvelope e;
        f->GetGeometryRef()->getEnvelope(&e);
        out.push_back(e);
    }
    return out;
}

// Where GDAL puts the objects tagged with this street and house number: the node, or the
// centroid of the building (GEOS, through OGR).
std::vector<LonLat> gdal_addresses(const std::filesystem::path& pbf, const std::string& street,
                                   const std::string& number) {
    auto ds = open_with_gdal(pbf);
    REQUIRE(ds);
    const std::string filter = "other_tags LIKE '%\"addr:street\"=>\"" + street +
                               "\"%' AND other_tags LIKE '%\"addr:housenumber\"=>\"" + number + "\"%'";
    std::vector<LonLat> out;
    for (const char* layer_name : {"points", "multipolygons"}) {
        OGRLayer* layer = ds->GetLayerByName(layer_name);
        REQUIRE(layer);
        REQUIRE(layer->SetAttributeFilter(filter.c_str()) == OGRERR_NONE);
        for (auto& f : *layer) {
            OGRPoint c;
            REQUIRE(f->GetGeometryRef()->Centroid(&c) == OGRERR_NONE);
            out.push_back({c.getX(), c.getY()});
        }
    }
    return out;
}

// The place node (suburb, quarter, neighbourhood) of this Latin name, as GDAL reads it.
std::optional<LonLat> gdal_place(const std::filesystem::path& pbf, const std::string& latin) {
    auto ds = open_with_gdal(pbf);
    REQUIRE(ds);
    OGRLayer* points = ds->GetLayerByName("points");
    REQUIRE(points);
    const std::string filter = "place IS NOT NULL AND other_tags LIKE '%\"name:sr-Latn\"=>\"" + latin + "\"%'";
    REQUIRE(points->SetAttributeFilter(filter.c_str()) == OGRERR_NONE);
    for (auto& f : *points) {
        const auto* p = f->GetGeometryRef()->toPoint();
        return LonLat{p->getX(), p->getY()};
    }
    return std::nullopt;
}

// Central Novi Sad, imported once for every case here.
const std::filesystem::path* novi_sad_project() {
    static const auto pbf = oko::test::shared_data("osm/novi_sad_center.osm.pbf");
    if (!pbf) return nullptr;
    static oko::test::TempDir dir;
    static const std::filesystem::path store = [] {
        const auto path = dir / "novi_sad.oko";
        import_osm(*pbf, path);
        return path;
    }();
    return &store;
}

const PlaceIndex& novi_sad_index() {
    static const PlaceIndex index(Store::open(*novi_sad_project()).load_basemap());
    return index;
}
} // namespace

TEST_CASE("Go-to finds names in either script, without diacritics, and merges street pieces", "[places]") {
    Basemap b;
    b.features.push_back(line(FeatureClass::RoadPedestrian, "Трг слободе", "Trg slobode", 0, 0, 10, 10));
    b.features.push_back(line(FeatureClass::RoadPrimary, "Булевар ослобођења", "", 100, 100, 200, 200));
    b.features.push_back(line(FeatureClass::RoadPrimary, "Булевар ослобођења", "", 200, 200, 300, 250));
    Feature suburb;
    suburb.cls = FeatureClass::PlaceSuburb;
    suburb.name = "Лиман";
    suburb.geometry.kind = GeomKind::Point;
    suburb.geometry.points = {{500, 500}};
    suburb.geometry.parts = {0};
    b.features.push_back(suburb);
    const PlaceIndex index(b);

    for (const char* q : {"Trg slobode", "Трг слободе", "trg slobode", "TRG SLOBODE "}) {
        const auto r = index.search(q);
        REQUIRE(r.size() == 1);
        CHECK(fold_for_search(r[0].name) == "trg slobode");
        CHECK(r[0].kind == "square");
    }
    CHECK(index.search("Трг слободе")[0].name == "Трг слободе"); // in the script it was asked in
    CHECK(index.search("Trg slobode")[0].name == "Trg slobode");
    const auto bulevar = index.search("bulevar oslobodjenja");
    REQUIRE(bulevar.size() == 1);
    CHECK(bulevar[0].bounds.min_x == 100);
    CHECK(bulevar[0].bounds.max_x == 300);
    CHECK(bulevar[0].name == "Bulevar oslobođenja"); // no name:sr-Latn: written in Serbian Latin
    CHECK(bulevar[0].kind == "boulevard");
    CHECK(index.search("Bulevar oslobođenja").size() == 1);
    const auto liman = index.search("lim");
    REQUIRE(liman.size() == 1);
    CHECK(liman[0].kind == "suburb");
    CHECK(index.search("nowhere").empty());
    CHECK(index.search("  ").empty());
}

TEST_CASE("Streets of one name far apart are separate results, each named by its neighbourhood", "[places]") {
    Basemap b;
    // Two pieces of one street with a 100 m gap, and a street of the same name 5 km away.
    b.features.push_back(street("Змај Јовина", {19.8450, 45.2550}, {19.8460, 45.2560}));
    b.features.push_back(street("Змај Јовина", {19.8470, 45.2565}, {19.8480, 45.2570}));
    b.features.push_back(street("Змај Јовина", {19.8440, 45.2200}, {19.8440, 45.2230}));
    b.features.push_back(place(FeatureClass::PlaceNeighbourhood, "Стари град", {19.8465, 45.2555}));
    b.features.push_back(place(FeatureClass::PlaceSuburb, "Каменица", {19.8430, 45.2210}));
    const PlaceIndex index(b);

    const auto r = index.search("Zmaj Jovina");
    REQUIRE(r.size() == 2);
    std::set<std::string> labels;
    for (const auto& m : r) {
        labels.insert(m.label());
        CHECK(to_lonlat(m.bounds).width_m() < 400);
        CHECK(to_lonlat(m.bounds).height_m() < 400);
    }
    CHECK(labels == std::set<std::string>{"street in Stari grad", "street in Kamenica"});
    const auto cyrillic = index.search("змај јовина");
    REQUIRE(cyrillic.size() == 2);
    CHECK(cyrillic[0].name == "Змај Јовина");
    CHECK((cyrillic[0].district == "Стари град" || cyrillic[0].district == "Каменица"));
    // "ulica" and a typo find it too; a place is not in itself.
    CHECK(index.search("ulica Zmaj Jovina").size() == 2);
    CHECK(index.search("Zmaj Jvina").size() == 2);
    const auto stari = index.search("Stari grad");
    REQUIRE(stari.size() == 1);
    CHECK(stari[0].label() == "neighbourhood");
}

TEST_CASE("House numbers: the address, its neighbours as one types, or why there is none", "[places]") {
    Basemap b;
    b.features.push_back(street("Змај Јовина", {19.8450, 45.2550}, {19.8480, 45.2570}));
    b.addresses_imported = true;
    b.addresses.push_back({"Змај Јовина", "12", to_mercator({19.8455, 45.2553})});
    b.addresses.push_back({"Змај Јовина", "12", to_mercator({19.84551, 45.25531})}); // its building, 1 m off
    b.addresses.push_back({"Змај Јовина", "12а", to_mercator({19.8456, 45.2554})});
    b.addresses.push_back({"Змај Јовина", "1", to_mercator({19.8451, 45.2551})});
    const PlaceIndex index(b);

    const auto twelve = index.search("Zmaj Jovina 12");
    REQUIRE(twelve.size() >= 2);
    CHECK(twelve[0].name == "Zmaj Jovina 12");
    CHECK(twelve[0].kind == "address");
    const LonLat at = from_mercator(twelve[0].bounds.center());
    CHECK(metres(at, {19.8455, 45.2553}) < 1.0);
    CHECK(twelve[1].name == "Zmaj Jovina 12a"); // a number that begins so; the duplicate is gone
    CHECK(index.search("zmaj jovina 12 A")[0].name == "Zmaj Jovina 12a");
    CHECK(index.search("Змај Јовина 12 а")[0].name == "Змај Јовина 12а");
    CHECK(index.search("Змај Јовина 12")[0].name == "Змај Јовина 12");
    const auto missing = index.search("Zmaj Jovina 99");
    REQUIRE(missing.size() == 1);
    CHECK(missing[0].kind == "street");
    CHECK(missing[0].note == "no house number 99 is mapped on this street");

    b.addresses.clear();
    b.addresses_imported = false; // a project imported before Oko kept addresses
    const auto old = PlaceIndex(b).search("Zmaj Jovina 12");
    REQUIRE(old.size() == 1);
    CHECK(old[0].note.find("import the OSM extract again") != std::string::npos);
}

TEST_CASE("Novi Sad: every way of typing Bulevar oslobođenja finds it, with the extent of its ways", "[places][slow]") {
    if (!novi_sad_project()) return;
    const auto& index = novi_sad_index();
    const auto pbf = *oko::test::shared_data("osm/novi_sad_center.osm.pbf");
    LonLatBox expected;
    for (const auto& e : gdal_street_ways(pbf, "Булевар ослобођења"))
        expected.extend(e);
    for (const char* q : {"oslobodjenja", "oslobodenja", "Bul. oslobođenja", "bulevar oslobodjenja",
                          "булевар ослобођења", "Bulevar oslobođenja", "bul oslobodjenja", "bulevar oslobodjenj"}) {
        INFO(q);
        const auto r = index.search(q);
        REQUIRE_FALSE(r.empty());
        CHECK(fold_for_names(r[0].name) == "bulevar oslobodenja");
        CHECK(r[0].kind == "boulevard");
        const auto box = to_lonlat(r[0].bounds);
        CHECK(box.min_lon == Approx(expected.min_lon).margin(1e-7));
        CHECK(box.max_lon == Approx(expected.max_lon).margin(1e-7));
        CHECK(box.min_lat == Approx(expected.min_lat).margin(1e-7));
        CHECK(box.max_lat == Approx(expected.max_lat).margin(1e-7));
    }
}

TEST_CASE("Novi Sad: Zmaj Jovina in Stari grad and across the Danube are two small results", "[places][slow]") {
    if (!novi_sad_project()) return;
    const auto& index = novi_sad_index();
    const auto pbf = *oko::test::shared_data("osm/novi_sad_center.osm.pbf");
    const auto ways = gdal_street_ways(pbf, "Змај Јовина");
    REQUIRE(ways.size() >= 2);

    const auto found = index.search("ulica Zmaj Jovina");
    std::vector<PlaceMatch> streets;
    for (const auto& m : found)
        if (fold_for_names(m.name) == "zmaj jovina") streets.push_back(m);
    REQUIRE(streets.size() == 2);
    CHECK(streets[0].district != streets[1].district);
    std::set<std::string> districts{streets[0].district, streets[1].district};
    INFO(streets[0].label() << " / " << streets[1].label());
    CHECK(districts.count("Stari grad") == 1);
    // The extract's level-9 boundaries (Sremska Kamenica, Petrovaradin) are cut and do not close, so
    // the other one is named by its neighbourhood alone: a place node within 2 km of the street.
    const auto& kamenica = streets[0].district == "Stari grad" ? streets[1] : streets[0];
    const auto place = gdal_place(pbf, kamenica.district);
    REQUIRE(place);
    CHECK(metres(*place, from_mercator(kamenica.bounds.center())) < 2000);
    CHECK(from_mercator(kamenica.bounds.center()).lat < 45.23); // across the Danube from Stari grad
    // Each box is the envelope of the ways inside it, and every way is in one box.
    std::vector<int> owner(ways.size(), -1);
    for (size_t s = 0; s < streets.size(); ++s) {
        const auto box = to_lonlat(streets[s].bounds);
        INFO(streets[s].name << ", " << streets[s].label());
        CHECK(box.width_m() < 1000);
        CHECK(box.height_m() < 1000);
        LonLatBox inside;
        for (size_t w = 0; w < ways.size(); ++w)
            if (ways[w].MinX >= box.min_lon - 1e-7 && ways[w].MaxX <= box.max_lon + 1e-7 &&
                ways[w].MinY >= box.min_lat - 1e-7 && ways[w].MaxY <= box.max_lat + 1e-7) {
                CHECK(owner[w] == -1);
                owner[w] = static_cast<int>(s);
                inside.extend(ways[w]);
            }
        CHECK(inside.min_lon == Approx(box.min_lon).margin(1e-7));
        CHECK(inside.max_lon == Approx(box.max_lon).margin(1e-7));
        CHECK(inside.min_lat == Approx(box.min_lat).margin(1e-7));
        CHECK(inside.max_lat == Approx(box.max_lat).margin(1e-7));
    }
    CHECK(std::count(owner.begin(), owner.end(), -1) == 0);
}

TEST_CASE("Novi Sad: Zmaj Jovina 12 lands on both houses of that address", "[places][slow]") {
    if (!novi_sad_project()) return;
    const auto& index = novi_sad_index();
    const auto pbf = *oko::test::shared_data("osm/novi_sad_center.osm.pbf");
    const auto expected = gdal_addresses(pbf, "Змај Јовина", "12");
    REQUIRE(expected.size() == 2); // a building in Stari grad, a node in Sremska Kamenica

    std::vector<PlaceMatch> houses;
    for (const auto& m : index.search("Zmaj Jovina 12"))
        if (m.kind == "address" && m.name == "Zmaj Jovina 12") houses.push_back(m);
    REQUIRE(houses.size() == expected.size());
    CHECK(houses[0].district != houses[1].district);
    for (const auto& e : expected) {
        double nearest = 1e9;
        for (const auto& h : houses)
            nearest = std::min(nearest, metres(from_mercator(h.bounds.center()), e));
        CHECK(nearest < 3.0);
    }
    for (const auto& h : houses) {
        CHECK(to_lonlat(h.bounds).width_m() < 50);
    }
}

TEST_CASE("Novi Sad: a project imported before house numbers opens, and go-to says how to get them", "[places][slow]") {
    if (!novi_sad_project()) return;
    oko::test::TempDir dir;
    const auto old = dir / "old.oko";
    std::filesystem::copy_file(*novi_sad_project(), old);
    Store::open(old, true).exec("DROP TABLE osm_addresses");
    const auto basemap = Store::open(old).load_basemap();
    CHECK_FALSE(basemap.addresses_imported);
    const auto r = PlaceIndex(basemap).search("Zmaj Jovina 12");
    REQUIRE_FALSE(r.empty());
    CHECK(fold_for_names(r[0].name) == "zmaj jovina");
    CHECK(r[0].note.find("import the OSM extract again") != std::string::npos);
}
