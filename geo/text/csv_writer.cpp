#include "geo/text/csv_writer.hpp"

#include "geo/base/atomic_file.hpp"

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

void write_csv_file(const std::filesystem::path& path, std::string_view records) {
    std::string text;
    text.reserve(csv_byte_order_mark.size() + records.size());
    text += csv_byte_order_mark;
    text += records;
    write_file_atomically(path, text);
}

} // namespace oko::geo
