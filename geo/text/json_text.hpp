#pragma once
// JSON strings written by hand where building a json value per row would cost too much (the
// attributes of a million points, the tags of every OSM feature): one escaping rule, the one
// nlohmann::json's dump() follows, so text written either way reads and compares the same.

#include <string>
#include <string_view>

namespace oko::geo {

// Appends `text` as a quoted JSON string: '"' and '\\' escaped, \b \f \n \r \t by their short
// forms, other control characters as \u00XX, everything else (UTF-8 included) as it is. The
// caller makes sure `text` is valid UTF-8 (utf8::is_valid) when the reader needs it to be.
void append_json_string(std::string& out, std::string_view text);

} // namespace oko::geo
