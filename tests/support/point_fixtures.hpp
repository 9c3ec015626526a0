#pragma once
// The point-import tests' fixtures (tests/fixtures/points) and the options they import with: the
// fixtures' own vendor and model tables, so a change to datasets/ cannot change their results.

#include "geo/points/point_import.hpp"

#include <filesystem>
#include <string>

namespace oko::test {

inline std::filesystem::path point_fixture(const std::string& name) {
    return std::filesystem::path(OKO_TEST_FIXTURES) / "points" / name;
}

inline geo::PointImportOptions point_test_options() {
    geo::PointImportOptions options;
    options.vendor_table = point_fixture("vendors.csv");
    options.model_table = point_fixture("camera_models.csv");
    return options;
}

} // namespace oko::test
