#include "geo/osm/osm_classify.hpp"

#include <osmium/builder/attr.hpp>
#include <osmium/memory/buffer.hpp>
#include <osmium/osm/way.hpp>

#include <catch2/catch.hpp>

#include <initializer_list>
#include <utility>

using namespace oko::geo;

namespace {

// Tags in an osmium buffer, as the importer sees them.
class Tags {
public:
    Tags(std::initializer_list<std::pair<const char*, const char*>> tags) {
        using namespace osmium::builder::attr;
        osmium::builder::add_way(m_buffer, _id(1), _tags(tags));
    }
    const osmium::TagList& list() const { return m_buffer.get<osmium::Way>(0).tags(); }

private:
    osmium::memory::Buffer m_buffer{1024, osmium::memory::Buffer::auto_grow::yes};
};

} // namespace

TEST_CASE("Roads are classed by highway value, links with their road", "[osm_classify]") {
    CHECK(classify_line(Tags{{"highway", "motorway_link"}}.list()) == FeatureClass::RoadMotorway);
    CHECK(classify_line(Tags{{"highway", "primary"}, {"name", "Булевар"}}.list()) == FeatureClass::RoadPrimary);
    CHECK(classify_line(Tags{{"highway", "steps"}}.list()) == FeatureClass::RoadFootway);
    CHECK(classify_line(Tags{{"highway", "living_street"}}.list()) == FeatureClass::RoadPedestrian);
    CHECK_FALSE(classify_line(Tags{{"highway", "proposed"}}.list()));
    CHECK_FALSE(classify_line(Tags{{"highway", "pedestrian"}, {"area", "yes"}}.list()));
}

TEST_CASE("Rail in use is drawn, abandoned and disused rail is not", "[osm_classify]") {
    CHECK(classify_line(Tags{{"railway", "tram"}}.list()) == FeatureClass::Tram);
    CHECK(classify_line(Tags{{"railway", "light_rail"}}.list()) == FeatureClass::Rail);
    CHECK_FALSE(classify_line(Tags{{"railway", "abandoned"}}.list()));
    CHECK_FALSE(classify_line(Tags{{"railway", "disused"}}.list()));
}

TEST_CASE("Areas: buildings first, then water, green and landuse", "[osm_classify]") {
    CHECK(classify_area(Tags{{"building", "yes"}, {"landuse", "retail"}}.list(), false) == FeatureClass::Building);
    CHECK_FALSE(classify_area(Tags{{"building", "no"}}.list(), false));
    CHECK(classify_area(Tags{{"waterway", "riverbank"}}.list(), false) == FeatureClass::WaterArea);
    CHECK(classify_area(Tags{{"landuse", "reservoir"}}.list(), false) == FeatureClass::WaterArea);
    CHECK(classify_area(Tags{{"natural", "wood"}}.list(), false) == FeatureClass::Forest);
    CHECK(classify_area(Tags{{"leisure", "garden"}}.list(), false) == FeatureClass::Park);
    CHECK(classify_area(Tags{{"landuse", "meadow"}}.list(), false) == FeatureClass::Grass);
    CHECK(classify_area(Tags{{"landuse", "cemetery"}}.list(), false) == FeatureClass::Cemetery);
    CHECK(classify_area(Tags{{"landuse", "military"}}.list(), false) == FeatureClass::LanduseOther);
    CHECK_FALSE(classify_area(Tags{{"landuse", "grass"}, {"area", "no"}}.list(), false));
}

TEST_CASE("Administrative boundaries come from relations only", "[osm_classify]") {
    const Tags boundary{{"boundary", "administrative"}, {"admin_level", "8"}, {"type", "boundary"}};
    CHECK(classify_area(boundary.list(), true) == FeatureClass::AdminBoundary);
    CHECK_FALSE(classify_area(boundary.list(), false));
}

TEST_CASE("Place nodes become labels", "[osm_classify]") {
    CHECK(classify_node(Tags{{"place", "city"}, {"name", "Нови Сад"}}.list()) == FeatureClass::PlaceCity);
    CHECK(classify_node(Tags{{"place", "quarter"}}.list()) == FeatureClass::PlaceNeighbourhood);
    CHECK_FALSE(classify_node(Tags{{"place", "locality"}}.list()));
}
