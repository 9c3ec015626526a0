#include <catch2/catch.hpp>

#include "geo/text/field_names.hpp"
#include "geo/text/field_values.hpp"
#include "geo/text/vendor_table.hpp"

using namespace oko::geo;

TEST_CASE("Coordinates as spreadsheets write them", "[field]") {
    CHECK(parse_coordinate("44.8176") == 44.8176);
    CHECK(parse_coordinate("44,8176") == 44.8176);
    CHECK(parse_coordinate(" +20.45 ") == 20.45);
    CHECK(parse_coordinate("-0,5") == -0.5);
    CHECK(parse_coordinate("20.45\xC2\xB0") == 20.45);
    CHECK(parse_coordinate("\xC2\xA0"
                           "20.45") == 20.45);
    CHECK(parse_coordinate("4.48176E+01") == 44.8176);
    CHECK(parse_coordinate("457091") == 457091.0);
    CHECK_FALSE(parse_coordinate(""));
    CHECK_FALSE(parse_coordinate("  "));
    CHECK_FALSE(parse_coordinate("n/a"));
    CHECK_FALSE(parse_coordinate("44\xC2\xB0"
                                 "48'N"));
    CHECK_FALSE(parse_coordinate("1,234.5"));
    CHECK_FALSE(parse_coordinate("44.81.2"));
    CHECK_FALSE(parse_coordinate("inf"));
    CHECK_FALSE(parse_coordinate("nan"));
    CHECK_FALSE(parse_coordinate("-"));
    CHECK_FALSE(parse_coordinate("1e999"));
    CHECK_FALSE(parse_coordinate("20-45"));
}

TEST_CASE("Years from dates in local styles", "[field]") {
    CHECK(parse_year("2020") == 2020);
    CHECK(parse_year("2018.") == 2018);
    CHECK(parse_year("2020-06-15") == 2020);
    CHECK(parse_year("15.06.2020.") == 2020);
    CHECK(parse_year("06/2019") == 2019);
    CHECK(parse_year("20200615") == 2020);
    CHECK(parse_year("2020-06-15T10:00:00Z") == 2020);
    CHECK(parse_year("postavljeno 2019. godine") == 2019);
    CHECK(parse_year("2019-2019") == 2019);
    CHECK_FALSE(parse_year(""));
    CHECK_FALSE(parse_year("nepoznato"));
    CHECK_FALSE(parse_year("2018 ili 2019")); // two years: the file does not say which
    CHECK_FALSE(parse_year("15.06.20."));     // a two-digit year is a guess
    CHECK_FALSE(parse_year("1558000000"));    // epoch seconds are not a year
    CHECK_FALSE(parse_year("20201345"));      // not a date
    CHECK_FALSE(parse_year("1200"));
}

TEST_CASE("Dates with Serbian month names give their year, and a month alone none", "[field][month]") {
    // Cyrillic and Latin, nominative and genitive, with the day and the closing dot Serbian
    // writes, and Latin with diacritics.
    CHECK(parse_year("мај 2020") == 2020);
    CHECK(parse_year("децембар 2018") == 2018);
    CHECK(parse_year("maj 2020") == 2020);
    CHECK(parse_year("decembar 2018.") == 2018);
    CHECK(parse_year("15. мај 2020.") == 2020);
    CHECK(parse_year("јун 2019") == 2019);
    CHECK(parse_year("15. маја 2020") == 2020);
    CHECK(parse_year("3. децембра 2017. године") == 2017);
    CHECK(parse_year("avgust 2021") == 2021);
    CHECK(parse_year("Septembar 2016.") == 2016);
    CHECK(parse_year("1. ФЕБРУАРА 2015.") == 2015);
    // A month without a year is no year: not the day, not a guess.
    CHECK_FALSE(parse_year("мај"));
    CHECK_FALSE(parse_year("15. маја"));
    CHECK_FALSE(parse_year("децембра"));
    CHECK_FALSE(parse_year("мај 20")); // a two-digit year is a guess
    CHECK_FALSE(parse_year("мај 2019 или јун 2020"));

    CHECK(month_in("мај 2020") == 5);
    CHECK(month_in("maja") == 5);
    CHECK(month_in("15. маја 2020.") == 5);
    CHECK(month_in("децембар") == 12);
    CHECK(month_in("decembra 2018") == 12);
    CHECK(month_in("avgust") == 8);
    CHECK(month_in("avgusta") == 8);
    CHECK(month_in("septembar") == 9);
    CHECK(month_in("septembra") == 9);
    CHECK(month_in("јун") == 6);
    CHECK(month_in("jul") == 7);
    CHECK(month_in("Јануар") == 1);
    CHECK(month_in("фебруар") == 2);
    CHECK(month_in("marta") == 3);
    CHECK(month_in("април") == 4);
    CHECK(month_in("октобра") == 10);
    CHECK(month_in("novembar") == 11);
    CHECK_FALSE(month_in("2020"));
    CHECK_FALSE(month_in("martin"));    // whole words only
    CHECK_FALSE(month_in("мај и јун")); // two months
    CHECK_FALSE(month_in(""));
}

TEST_CASE("Field names in English and Serbian, Latin and Cyrillic", "[field]") {
    CHECK(normalise_field_name("Camera:Manufacturer") == "camera_manufacturer");
    CHECK(normalise_field_name("Произвођач") == "proizvodjac");
    CHECK(normalise_field_name("Proizvođač") == "proizvodjac");
    CHECK(normalise_field_name("  Širina (WGS84) ") == "sirina_wgs84");
    CHECK(normalise_field_name("ДУЖИНА") == "duzina");
    CHECK(normalise_field_name("Година постављања") == "godina_postavljanja");
    CHECK(normalise_field_name("\xFF\xFE") == "");

    const std::vector<std::string> names = {"Red. br.", "ширина", "Dužina", "Marka kamere", "Datum", "Godina"};
    CHECK(find_field(FieldRole::latitude, names) == 1u);
    CHECK(find_field(FieldRole::longitude, names) == 2u);
    CHECK(find_field(FieldRole::vendor, names) == 3u);
    CHECK(find_field(FieldRole::year, names) == 5u); // "godina" is more specific than "datum"
    CHECK_FALSE(find_field(FieldRole::wkt, names));
    // Specific names win over x/y.
    CHECK(find_field(FieldRole::longitude, {"x", "lon", "lat", "y"}) == 1u);
    CHECK(find_field(FieldRole::latitude, {"x", "y"}) == 1u);
    CHECK(find_field(FieldRole::latitude, {"lat", "y"}, {true, false}) == 1u);

    CHECK(find_named_field("dužina", names) == 2u);
    CHECK(find_named_field("2", names) == 1u);
    CHECK_FALSE(find_named_field("7", names));
    CHECK_FALSE(find_named_field("visina", names));
}

TEST_CASE("Vendor names are normalised through the table", "[field][vendor]") {
    VendorTable table;
    table.add("huawei", "Huawei");
    table.add("huawei technologies co.", "Huawei");
    table.add("hikvision", "Hikvision");
    table.add("хиквижн", "Hikvision");
    table.add("dahua", "Dahua");
    CHECK(table.canonical("HUAWEI") == "Huawei");
    CHECK(table.canonical("Huawei Technologies Co.") == "Huawei");
    CHECK(table.canonical("Huawei Technologies Co., Ltd.") == "Huawei");
    CHECK(table.canonical("  hikvision ") == "Hikvision");
    CHECK(table.canonical("Hangzhou Hikvision Digital Technology Co., Ltd.") == "Hikvision");
    CHECK(table.canonical("Хиквижн") == "Hikvision");
    CHECK(table.canonical("Dahua Technology") == "Dahua");
    CHECK(table.canonical("Provision-ISR") == "Provision-ISR"); // unknown: as written
    CHECK(table.canonical("  ") == "");                         // empty: unknown
    table.add("海康威视", "Hikvision");
    CHECK(table.canonical(" 海康威视 ") == "Hikvision");
    CHECK(table.canonical("大华") == "大华");
    CHECK(table.knows("DAHUA"));
    CHECK_FALSE(table.knows("Co. Ltd."));
}

TEST_CASE("The shipped vendor table knows Cyrillic names, misspellings and the words for unknown", "[field][vendor]") {
    const auto table = VendorTable::load(default_vendor_table_path());
    for (const char* huawei : {"Хуавеј", "ХУАВЕЈ", "Хуавеи", "Huavej", "Huawei Technologies Co., Ltd.", "HUAWEI",
                               "Huwei", "Huawai", "Hauwei", "Хуавеј Технолоџи"})
        CHECK(table.canonical(huawei) == "Huawei");
    for (const char* hikvision : {"Хиквижн", "Hikvison", "Hickvision", "Hikvizija", "HIKVISION"})
        CHECK(table.canonical(hikvision) == "Hikvision");
    for (const char* dahua : {"Дахуа", "ДАХУА", "Dahau", "Dahua Technology"})
        CHECK(table.canonical(dahua) == "Dahua");
    for (const char* unknown :
         {"непознат", "Непознато", "nepoznat", "unknown", "n/a", "N/A", "?", "-", "none", "nema", "није познато"})
        CHECK(table.canonical(unknown).empty());
    // Names that are none of these stay as written: a slip guess needs five letters and one vendor.
    CHECK(table.canonical("Provision-ISR") == "Provision-ISR");
    CHECK(table.canonical("Nepoznata firma d.o.o.") == "Nepoznata firma d.o.o.");
    CHECK(table.canonical("Axix") == "Axix");
    CHECK(table.canonical("Hanwha Vision") != "Huawei");
}
