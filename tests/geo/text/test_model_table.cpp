#include <catch2/catch.hpp>

#include <fstream>

#include "geo/base/error.hpp"
#include "geo/text/model_table.hpp"
#include "support/shared_data.hpp"

using namespace oko::geo;

namespace {

std::string vendor_of(const ModelTable& table, std::string_view model) {
    const auto* e = table.find(model);
    return e ? e->vendor : std::string();
}

} // namespace

TEST_CASE("Camera models name their vendor, written any way", "[model]") {
    const auto table = ModelTable::load(default_model_table_path());
    // The two Huawei models hiljade.kamera.rs lists, as volunteers type them.
    for (const char* m : {"IPC6625-Z30", "ipc6625-z30", "IPC 6625 Z30", "IPC6625Z30", " IPC6625_Z30 "})
        CHECK(vendor_of(table, m) == "Huawei");
    CHECK(vendor_of(table, "IPC6225-VRZ-ES") == "Huawei");
    CHECK(vendor_of(table, "ipc6225 vrz es") == "Huawei");
    // An exact model is that model only: a neighbour is not guessed.
    CHECK(vendor_of(table, "IPC6625-Z20").empty());
    // Uniview numbers its cameras IPC + digits too, so Huawei has no IPC family.
    CHECK(vendor_of(table, "IPC2122LB-SF28-A").empty());
    // Families whose names the vendors give systematically.
    CHECK(vendor_of(table, "DS-2CD2143G0-I") == "Hikvision");
    CHECK(vendor_of(table, "ds 2cd2043g2-i") == "Hikvision");
    CHECK(vendor_of(table, "DS-2DE4425IW-DE") == "Hikvision");
    CHECK(vendor_of(table, "IPC-HFW2431S-S-S2") == "Dahua");
    CHECK(vendor_of(table, "IPC-HDW2431T-AS") == "Dahua");
    CHECK(vendor_of(table, "IPC-HDBW2431E") == "Dahua");
    CHECK(vendor_of(table, "DH-IPC-HFW2431S") == "Dahua");
    CHECK(vendor_of(table, "SD49225XA-HNR") == "Dahua");
    CHECK(vendor_of(table, "DH-SD49225XA-HNR") == "Dahua");
    // '#' is a digit: "SD card" is not a Dahua PTZ camera.
    CHECK(vendor_of(table, "SD card").empty());
    CHECK(vendor_of(table, "SDX").empty());
    CHECK(vendor_of(table, "").empty());
    CHECK(vendor_of(table, "---").empty());
    // The model (the table's spelling) and its source come with the vendor.
    const auto* e = table.find("ipc6625 z30");
    REQUIRE(e);
    CHECK(e->model == "IPC6625-Z30");
    CHECK(e->source.find("hiljade.kamera.rs") != std::string::npos);
}

TEST_CASE("A model table's mistakes are named by line and field", "[model]") {
    oko::test::TempDir dir;
    const auto load = [&](const std::string& text) {
        {
            std::ofstream out(dir / "models.csv", std::ios::binary);
            out << text;
        }
        return ModelTable::load(dir / "models.csv");
    };
    CHECK(load("model,match,vendor,source\nA-1,exact,X,somebody said so\n").entries().size() == 1);
    try {
        load("model,match,vendor,source\nA-1,exact,X,s\nA1,exact,Y,s\n");
        FAIL("two vendors for one model were accepted");
    } catch (const Error& e) {
        CHECK(e.line() == 3);
        CHECK(e.field() == "model");
        CHECK(e.reason().find("both X and Y") != std::string::npos);
    }
    try {
        load("model,match,vendor,source\nA-1,starts,X,s\n");
        FAIL("an unknown match was accepted");
    } catch (const Error& e) {
        CHECK(e.line() == 2);
        CHECK(e.field() == "match");
    }
    try {
        load("model,match,vendor,source\nA-1,exact,X,\n");
        FAIL("a row without a source was accepted");
    } catch (const Error& e) {
        CHECK(e.line() == 2);
        CHECK(e.field() == "source");
    }
    CHECK_THROWS_AS(load("model,vendor\nA-1,X\n"), Error);
    // The longest family wins over a shorter one, and an exact model over both.
    const auto t = load("model,match,vendor,source\nAB,prefix,X,s\nABC,prefix,Y,s\nABCD-1,exact,Z,s\n");
    CHECK(t.find("AB-9")->vendor == "X");
    CHECK(t.find("ABC-9")->vendor == "Y");
    CHECK(t.find("abcd 1")->vendor == "Z");
    CHECK(t.find("ABCD-12")->vendor == "Y");
}
