#include "geo/base/error.hpp"

#include "geo/base/limits.hpp"

namespace oko::geo {

namespace {
std::string compose(const std::string& reason, const std::string& file, int64_t line, const std::string& field) {
    std::string where = file;
    if (line > 0) where += (where.empty() ? "" : ":") + std::to_string(line);
    if (!field.empty()) where += (where.empty() ? "field " : ": field ") + field;
    return where.empty() ? reason : where + ": " + reason;
}
} // namespace

Error::Error(std::string reason, std::string file, int64_t line, std::string field)
    : std::runtime_error(compose(reason, file, line, field)), m_reason(std::move(reason)), m_file(std::move(file)),
      m_line(line), m_field(std::move(field)) {}

std::string list_names(const std::vector<std::string>& names, size_t max_bytes_each) {
    // A message stays a line: the first names, each shortened, and how many more there are.
    constexpr size_t shown = 30;
    std::string out;
    for (size_t i = 0; i < names.size() && i < shown; ++i)
        out += (out.empty() ? "" : ", ") + excerpt(names[i], max_bytes_each);
    if (names.size() > shown) out += " and " + std::to_string(names.size() - shown) + " more";
    return out;
}

} // namespace oko::geo
