// The known camera fields (geo/text/camera_fields.cpp): the names that hold each, bearings read
// from degrees and compass points, and the directions a user may write.

#include "geo/text/camera_fields.hpp"
#include "geo/text/field_names.hpp"

#include <catch2/catch.hpp>

using namespace oko;

TEST_CASE("Bearings from degrees and compass letters", "[text][camera_fields]") {
    CHECK(geo::parse_bearing("45") == 45.0);
    CHECK(geo::parse_bearing(" 370 ") == 10.0);
    CHECK(geo::parse_bearing("-90") == 270.0);
    CHECK(geo::parse_bearing("NE") == 45.0);
    CHECK(geo::parse_bearing("wsw") == 247.5);
    CHECK(!geo::parse_bearing(""));
    CHECK(!geo::parse_bearing("0-90"));
    CHECK(!geo::parse_bearing("45;135"));
}

TEST_CASE("The known camera fields and the attributes that hold them", "[text][camera_fields]") {
    std::vector<std::string> names;
    for (const auto& f : geo::camera_fields())
        names.push_back(f.name);
    CHECK(names == std::vector<std::string>{"type", "direction", "model", "notes"});
    CHECK(geo::camera_field("colour") == nullptr);
    CHECK(geo::camera_field("Type") == nullptr); // the user's name, exactly
    const auto& type = geo::camera_field_named("type");
    CHECK(type.names.front() == "camera:type"); // OSM's key, which a new attribute takes
    for (const char* a : {"camera:type", "Camera_Type", "TYPE"})
        CHECK(geo::holds_field(type, a));
    CHECK_FALSE(geo::holds_field(type, "typ"));
    const auto& direction = geo::camera_field_named("direction");
    CHECK(direction.names == std::vector<std::string>{"camera:direction", "direction"});
    // The model: the very names the importer recognises as the model column.
    const auto& model = geo::camera_field_named("model");
    CHECK(model.names == geo::field_role_names(geo::FieldRole::model));
    CHECK(geo::holds_field(model, "Модел камере"));
    CHECK_FALSE(geo::holds_field(model, "vendor"));
}

TEST_CASE("A direction is degrees from 0 to 360 or a compass point", "[text][camera_fields]") {
    const auto& direction = geo::camera_field_named("direction");
    for (const char* ok : {"0", "90", "247.5", "360", " 45 ", "N", "nne", "SSW", ""})
        CHECK(geo::camera_field_problem(direction, ok).empty());
    for (const char* bad : {"-10", "361", "400", "north", "0-90", "45;135", "NNNE", "nan"}) {
        INFO(bad);
        CHECK(geo::camera_field_problem(direction, bad).find("is not a direction") != std::string::npos);
    }
    CHECK(geo::camera_field_problem(geo::camera_field_named("type"), "anything").empty());
}
