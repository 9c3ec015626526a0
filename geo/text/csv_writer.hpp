#pragma once
// The one way Oko writes CSV: the window's exports, `oko stats --csv` and the rejected-rows
// sidecar of an import. RFC 4180: a field is quoted when it holds the delimiter, a quote, a line
// break or starts or ends with a space (which spreadsheets would trim), quotes inside doubled;
// every record ends with CRLF. A CSV *file* starts with a UTF-8 byte-order mark: without it,
// spreadsheet programs read UTF-8 as the local code page and Cyrillic names as mojibake. CSV
// printed to stdout has none (it goes to other programs, which do not need it).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace oko::geo {

inline constexpr std::string_view csv_line_end = "\r\n";

// Appends one field, quoted when needed.
void append_csv_field(std::string& out, std::string_view field, char delimiter = ',');

// Appends a whole record: the fields, separated by `delimiter`, and the line end.
void append_csv_record(std::string& out, const std::vector<std::string>& fields, char delimiter = ',');

inline constexpr std::string_view csv_byte_order_mark = "\xEF\xBB\xBF";

// Writes `records` (CSV text without a mark) to `path` as a CSV file: the byte-order mark first,
// replaced whole or not at all (geo/base/atomic_file.hpp). Throws geo::Error naming the file.
void write_csv_file(const std::filesystem::path& path, std::string_view records);

} // namespace oko::geo
