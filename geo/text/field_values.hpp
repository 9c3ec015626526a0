#pragma once
// Values as volunteers type them into spreadsheets: coordinates with decimal commas, stray
// spaces, degrees-minutes-seconds and hemisphere letters, both coordinates in one cell, and years
// written as dates in any of the local styles.

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace oko::geo {

// The text without leading and trailing spaces, tabs, line breaks and no-break spaces.
std::string_view trim_field(std::string_view text);

// The axis a coordinate's hemisphere letter names: N and S (Cyrillic С, Ј) latitude, E and W
// (И, З) longitude.
enum class CoordinateAxis { unknown, latitude, longitude };

struct Coordinate {
    double value =
        0; // decimal degrees, S and W negative (a plain number: whatever its column holds, degrees or metres)
    CoordinateAxis axis = CoordinateAxis::unknown; // from the hemisphere letter, when there is one
    bool sexagesimal = false;                      // written as degrees and minutes, and perhaps seconds
    int decimals = 0;                              // digits after the decimal mark of the last number
};

// A coordinate read from text, or why it cannot be one. `problem` is empty only for empty text;
// otherwise it says what is wrong in words that follow the value: "has minutes 75, which must be
// below 60", "is not a number".
struct CoordinateText {
    std::optional<Coordinate> coordinate;
    std::string problem;
    bool impossible = false; // it reads as a coordinate, one that cannot be (not merely text that is none)
};

// One coordinate in any of the notations people paste: decimal degrees with a decimal point or
// comma ("44.8176", "44,8176", " +20.45 ", "20.45°", "4.48176E+01"), degrees and decimal
// minutes ("N 45° 15.210'", "E 19° 50.8'"), degrees, minutes and seconds ("45°15'20.2\"N",
// "45°15′20″", "45 14 54.6 N", "19°50'47\"E"), the hemisphere letter before or after; S and W
// make it negative. Impossible values are refused with the reason: minutes or seconds of 60 or
// more, a latitude (N/S) beyond 90° or a longitude (E/W) beyond 180°, decimals before the last
// number, a minus sign with S or W, two coordinates in one value.
CoordinateText read_coordinate(std::string_view text);

// read_coordinate()'s value, or nothing when the text is not a coordinate.
std::optional<double> parse_coordinate(std::string_view text);

// Both coordinates in one value, in the order written: "45.257, 19.8465", "45.257;19.8465",
// "45,254 19,855" (decimal commas separated by a space), "45°15'20\"N 19°50'47\"E",
// "N 45° 15.210' E 19° 50.8'". Which is latitude is for the caller to decide (by the hemisphere
// letters where given, else by the column's values).
struct CoordinatePairText {
    std::optional<std::array<Coordinate, 2>> pair;
    std::string problem; // as CoordinateText::problem
    bool impossible = false;
};
CoordinatePairText read_coordinate_pair(std::string_view text);

// The year in "2020", "2018.", "2020-06-15", "15.06.2020.", "06/2019", "20200615",
// "2020-06-15T10:00:00Z", "installed in 2019", or with a month's name in Serbian ("мај 2020",
// "15. маја 2020.", "decembar 2018.", "avgust 2019"): the one four-digit number between 1900 and
// 2100 the text holds. Nothing when there is none ("мај", "15. маја": a month is not a year), or
// several different ones.
std::optional<int> parse_year(std::string_view text);

// The month (1 to 12) a text names in Serbian, in Cyrillic or Latin script, with or without
// diacritics, in the nominative or the genitive ("мај", "маја", "avgust", "septembra",
// "децембар"), or nothing when it names none or several different ones. Only whole words count:
// "mart" is March, "martin" is not.
std::optional<int> month_in(std::string_view text);

} // namespace oko::geo
