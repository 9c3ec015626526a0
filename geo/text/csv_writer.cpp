#include "geo/text/csv_writer.hpp"

namespace oko::geo {

void append_csv_field(std::string& out, std::string_view field, char delimiter) {
    const char specials[] = {'"', '\n', '\r', delimiter, '\0'};
    const bool quote = field.find_first_of(specials) != std::string_view::npos ||
                       (!field.empty() && (field.front() == ' ' || field.back() == ' '));
    if (!quote) {
        out += field;
        return;
    }
    out += '"';
    for (const char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void append_csv_record(std::string& out, const std::vector<std::string>& fields, char delimiter) {
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i) out += delimiter;
        append_csv_field(out, fields[i], delimiter);
    }
    out += csv_line_end;
}

} // namespace oko::geo
