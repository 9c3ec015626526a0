#pragma once
// The one way Oko writes CSV: the window's exports, `oko stats --csv` and the rejected-rows
// sidecar of an import. RFC 4180: a field is quoted when it holds the delimiter, a quote, a line
// break or starts or ends with a space (which spreadsheets would trim), quotes inside doubled;
// every record ends with CRLF.

#include <string>
#include <string_view>
#include <vector>

namespace oko::geo {

inline constexpr std::string_view csv_line_end = "\r\n";

// Appends one field, quoted when needed.
void append_csv_field(std::string& out, std::string_view field, char delimiter = ',');

// Appends a whole record: the fields, separated by `delimiter`, and the line end.
void append_csv_record(std::string& out, const std::vector<std::string>& fields, char delimiter = ',');

} // namespace oko::geo
