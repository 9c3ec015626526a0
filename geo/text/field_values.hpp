#pragma once
// Values as volunteers type them into spreadsheets: coordinates with decimal commas and stray
// spaces or degree signs, and years written as dates in any of the local styles.

#include <optional>
#include <string_view>

namespace oko::geo {

// The text without leading and trailing spaces, tabs, line breaks and no-break spaces.
std::string_view trim_field(std::string_view text);

// A decimal number of degrees or metres: "44.8176", "44,8176", " +20.45 ", "20.45°".
// Nothing when the text is empty, not a plain number (degrees-minutes-seconds, "1,234.5",
// "n/a"), or not finite.
std::optional<double> parse_coordinate(std::string_view text);

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
