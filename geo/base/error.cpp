#include "geo/base/error.hpp"

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

std::string list_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

} // namespace oko::geo
