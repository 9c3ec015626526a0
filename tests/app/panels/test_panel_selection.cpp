// The selection panel's form as an edit: what it changes of every selected point, and the counts
// it writes.

#include "app/panels/panels.hpp"

#include <catch2/catch.hpp>

using namespace oko;

TEST_CASE("The selection's form changes only what is chosen in it", "[selection]") {
    app::PointSelection s;
    CHECK(app::selection_edit(s).empty()); // the status kept, no vendor: nothing to apply
    s.note = "checked on a walk";
    CHECK(app::selection_edit(s).empty()); // a note goes with a status only
    s.status = geo::PointStatus::verified;
    auto edit = app::selection_edit(s);
    REQUIRE(edit.status);
    CHECK(*edit.status == geo::PointStatus::verified);
    CHECK(edit.note == std::optional<std::string>("checked on a walk"));
    CHECK(edit.fields.empty());
    // Without a note each point keeps its own.
    s.note.clear();
    CHECK_FALSE(app::selection_edit(s).note);
    // A vendor only when its box is ticked; an empty one is "unknown".
    s.vendor = "Dahua";
    CHECK(app::selection_edit(s).fields.empty());
    s.set_vendor = true;
    CHECK(app::selection_edit(s).fields == geo::FieldValues{{"vendor", "Dahua"}});
    s.vendor.clear();
    CHECK(app::selection_edit(s).fields == geo::FieldValues{{"vendor", ""}});
}

TEST_CASE("The selection counts its points over every layer and writes them with commas", "[selection]") {
    app::PointSelection s;
    CHECK(s.empty());
    s.ids["cctv"] = {1, 2, 3};
    s.ids["sites"] = {2};
    CHECK(s.size() == 4);
    CHECK_FALSE(s.empty());
    CHECK(app::count_with_commas(0) == "0");
    CHECK(app::count_with_commas(999) == "999");
    CHECK(app::count_with_commas(1204) == "1,204");
    CHECK(app::count_with_commas(15870) == "15,870");
    CHECK(app::count_with_commas(1000000) == "1,000,000");
}
