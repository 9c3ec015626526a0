// Any bytes through the CSV sniffer and reader: no crash, no read outside the input, every
// field valid UTF-8, line numbers that only grow, and fields that survive being written back.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "geo/text/csv_reader.hpp"
#include "geo/text/csv_writer.hpp"

using namespace oko::geo;

namespace {

// Stops with the line of the broken promise, which libFuzzer then reports with the input.
void require_at(bool condition, int line) {
    if (condition) return;
    std::fprintf(stderr, "broken invariant at %s:%d\n", __FILE__, line);
    std::abort();
}

} // namespace

#define require(condition) require_at((condition), __LINE__)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    CsvReader reader(text);
    const char delimiter = reader.dialect().delimiter;
    require(delimiter == ',' || delimiter == ';' || delimiter == '\t' || delimiter == '|');

    CsvRecord record;
    int64_t previous_line = 0;
    std::vector<std::vector<std::string>> records;
    while (reader.next(record)) {
        require(record.line > previous_line);
        require(record.last_line >= record.line);
        previous_line = record.last_line;
        require(!record.fields.empty());
        for (auto field : record.fields)
            require(utf8::is_valid(field));
        if (records.size() < 16) records.emplace_back(record.fields.begin(), record.fields.end());
    }
    require(reader.position() == reader.size());

    // Written with quoting and read back with the same dialect, the fields come back unchanged.
    std::string written;
    std::vector<std::vector<std::string>> expected;
    for (const auto& fields : records) {
        if (fields.size() == 1 && fields[0].empty()) continue; // would be a blank line
        for (size_t i = 0; i < fields.size(); ++i) {
            if (i) written += delimiter;
            append_csv_field(written, fields[i], delimiter);
        }
        written += '\n';
        expected.push_back(fields);
    }
    // A byte-order mark at the start is never data; the sidecar writer starts with one too.
    written.insert(0, "\xEF\xBB\xBF");
    CsvReader again(written, CsvDialect{delimiter, TextEncoding::utf8});
    size_t i = 0;
    while (again.next(record)) {
        require(i < expected.size());
        require(std::vector<std::string>(record.fields.begin(), record.fields.end()) == expected[i]);
        ++i;
    }
    require(i == expected.size());
    return 0;
}
