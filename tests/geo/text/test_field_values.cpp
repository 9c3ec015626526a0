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
    CHECK_FALSE(parse_coordinate("1,234.5"));
    CHECK_FALSE(parse_coordinate("44.81.2"));
    CHECK_FALSE(parse_coordinate("inf"));
    CHECK_FALSE(parse_coordinate("nan"));
    CHECK_FALSE(parse_coordinate("-"));
    CHECK_FALSE(parse_coordinate("1e999"));
    CHECK_FALSE(parse_coordinate("20-45"));
}

namespace {

// Degrees, minutes and seconds by hand, independent of the parser.
double dms(double d, double m, double s = 0) { return d + m / 60 + s / 3600; }

Coordinate coordinate(std::string_view text) {
    const auto read = read_coordinate(text);
    INFO(std::string(text) << ": " << read.problem);
    REQUIRE(read.coordinate);
    return *read.coordinate;
}

std::string problem(std::string_view text) {
    const auto read = read_coordinate(text);
    INFO(std::string(text));
    CHECK_FALSE(read.coordinate);
    return read.problem;
}

} // namespace

TEST_CASE("Degrees, minutes and seconds as people paste them", "[field][dms]") {
    // 45°15'20.2"N
    auto c = coordinate("45\xC2\xB0"
                        "15'20.2\"N");
    CHECK(c.value == Approx(dms(45, 15, 20.2)).margin(1e-12));
    CHECK(c.axis == CoordinateAxis::latitude);
    CHECK(c.sexagesimal);
    CHECK(c.decimals == 1);
    // Prime and double prime (U+2032, U+2033), no hemisphere.
    c = coordinate("45\xC2\xB0"
                   "15\xE2\x80\xB2"
                   "20\xE2\x80\xB3");
    CHECK(c.value == Approx(dms(45, 15, 20)).margin(1e-12));
    CHECK(c.axis == CoordinateAxis::unknown);
    // Degrees and decimal minutes, the letter first.
    c = coordinate("N 45\xC2\xB0 15.210'");
    CHECK(c.value == Approx(dms(45, 15.210)).margin(1e-12));
    CHECK(c.axis == CoordinateAxis::latitude);
    c = coordinate("E 19\xC2\xB0 50.8'");
    CHECK(c.value == Approx(dms(19, 50.8)).margin(1e-12));
    CHECK(c.axis == CoordinateAxis::longitude);
    // Spaces only, the letter after.
    c = coordinate("45 14 54.6 N");
    CHECK(c.value == Approx(dms(45, 14, 54.6)).margin(1e-12));
    c = coordinate("19\xC2\xB0"
                   "50'47\"E");
    CHECK(c.value == Approx(dms(19, 50, 47)).margin(1e-12));
    CHECK(c.axis == CoordinateAxis::longitude);
    // South and west are negative; so is a minus sign.
    CHECK(coordinate("33\xC2\xB0"
                     "52'10\"S")
              .value == Approx(-dms(33, 52, 10)).margin(1e-12));
    CHECK(coordinate("W 0\xC2\xB0 7.5'").value == Approx(-dms(0, 7.5)).margin(1e-12));
    CHECK(coordinate("-45\xC2\xB0 15'").value == Approx(-dms(45, 15)).margin(1e-12));
    // A decimal comma in the minutes or seconds; typographic quotes; two apostrophes for seconds.
    CHECK(coordinate("45\xC2\xB0 15,5'").value == Approx(dms(45, 15.5)).margin(1e-12));
    CHECK(coordinate("45\xC2\xB0"
                     "15\xE2\x80\x99"
                     "20\xE2\x80\x9D")
              .value == Approx(dms(45, 15, 20)).margin(1e-12));
    CHECK(coordinate("45\xC2\xB0"
                     "15'20''")
              .value == Approx(dms(45, 15, 20)).margin(1e-12));
    // Serbian Cyrillic hemisphere letters: С (sever), Ј (jug), И (istok), З (zapad).
    c = coordinate("45\xC2\xB0"
                   "15'20\"\xD0\xA1");
    CHECK(c.value == Approx(dms(45, 15, 20)).margin(1e-12));
    CHECK(c.axis == CoordinateAxis::latitude);
    c = coordinate("19\xC2\xB0"
                   "50'47\"\xD0\x98");
    CHECK(c.axis == CoordinateAxis::longitude);
    CHECK(coordinate("\xD0\x97 19\xC2\xB0 50'").value == Approx(-dms(19, 50)).margin(1e-12));
    // Decimal degrees with a letter, and the plain forms as before.
    c = coordinate("45.2541N");
    CHECK(c.value == 45.2541);
    CHECK_FALSE(c.sexagesimal);
    CHECK(c.decimals == 4);
    CHECK(coordinate("45,2541").value == 45.2541);
    CHECK(coordinate("45.2541\xC2\xB0").value == 45.2541);
}

TEST_CASE("Impossible coordinates say why", "[field][dms]") {
    CHECK(problem("45\xC2\xB0"
                  "75'N") == "has minutes 75, which must be below 60");
    CHECK(problem("45\xC2\xB0"
                  "15'60\"N") == "has seconds 60, which must be below 60");
    CHECK(problem("95\xC2\xB0"
                  "10'N")
              .find("latitude (N) of 95.1") != std::string::npos);
    CHECK(problem("190\xC2\xB0 E").find("beyond 180") != std::string::npos);
    CHECK(problem("200 10 5").find("beyond 180") != std::string::npos);
    CHECK(problem("45.5\xC2\xB0 15'").find("decimals before its last number") != std::string::npos);
    CHECK(problem("-45\xC2\xB0 15' S").find("minus sign") != std::string::npos);
    CHECK(problem("N 45\xC2\xB0 15' N").find("two hemisphere letters") != std::string::npos);
    CHECK(problem("15'").find("minutes without degrees") != std::string::npos);
    CHECK(problem("45 15 20 10").find("more numbers") != std::string::npos);
    CHECK(problem("45.257, 19.8465") == "holds 2 coordinates, not one");
    CHECK(problem("n/a") == "is not a number");
    CHECK(problem("POINT (19.8 45.2)") == "is not a number");
    CHECK(read_coordinate("  ").problem.empty());
}

TEST_CASE("Both coordinates in one value", "[field][dms]") {
    const auto pair = [](std::string_view text) {
        const auto read = read_coordinate_pair(text);
        INFO(std::string(text) << ": " << read.problem);
        REQUIRE(read.pair);
        return *read.pair;
    };
    auto p = pair("45.257, 19.8465");
    CHECK(p[0].value == 45.257);
    CHECK(p[1].value == 19.8465);
    p = pair("45.257;19.8465");
    CHECK(p[1].value == 19.8465);
    p = pair("45.257,19.8465");
    CHECK(p[0].value == 45.257);
    CHECK(p[1].value == 19.8465);
    p = pair("45,254 19,855"); // decimal commas, separated by a space
    CHECK(p[0].value == 45.254);
    CHECK(p[1].value == 19.855);
    p = pair("-33.8688 151.2093");
    CHECK(p[0].value == -33.8688);
    CHECK(p[1].value == 151.2093);
    p = pair("45\xC2\xB0"
             "15'20\"N 19\xC2\xB0"
             "50'47\"E");
    CHECK(p[0].value == Approx(dms(45, 15, 20)).margin(1e-12));
    CHECK(p[0].axis == CoordinateAxis::latitude);
    CHECK(p[1].value == Approx(dms(19, 50, 47)).margin(1e-12));
    CHECK(p[1].axis == CoordinateAxis::longitude);
    p = pair("E 19\xC2\xB0 50.8' N 45\xC2\xB0 15.210'"); // longitude first, letters before
    CHECK(p[0].axis == CoordinateAxis::longitude);
    CHECK(p[0].value == Approx(dms(19, 50.8)).margin(1e-12));
    CHECK(p[1].value == Approx(dms(45, 15.210)).margin(1e-12));
    p = pair("45\xC2\xB0 15' 20\" 19\xC2\xB0 50' 47\""); // marks, no letters
    CHECK(p[1].value == Approx(dms(19, 50, 47)).margin(1e-12));
    p = pair("45 15 20 19 50 47"); // spaces only: two halves
    CHECK(p[0].value == Approx(dms(45, 15, 20)).margin(1e-12));
    CHECK(p[1].value == Approx(dms(19, 50, 47)).margin(1e-12));

    CHECK(read_coordinate_pair("45.257").problem == "holds one coordinate, not two");
    CHECK(read_coordinate_pair("45\xC2\xB0"
                               "15'N 19\xC2\xB0"
                               "50'N")
              .problem == "gives two latitudes");
    CHECK(read_coordinate_pair("45\xC2\xB0"
                               "75'N 19\xC2\xB0"
                               "50'E")
              .problem == "has a first coordinate that has minutes 75, which must be below 60");
    CHECK_FALSE(read_coordinate_pair("Trg slobode 1").pair);
    CHECK_FALSE(read_coordinate_pair("1, 2, 3").pair);
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
