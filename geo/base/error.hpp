#pragma once
// The one error type of Oko: what went wrong and where (file, line or feature, field).
// The command line prints it and exits non-zero; the window shows it in a dialog.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace oko::geo {

class Error : public std::runtime_error {
public:
    explicit Error(std::string reason, std::string file = {}, int64_t line = 0, std::string field = {});

    const std::string& reason() const { return m_reason; }
    const std::string& file() const { return m_file; }
    int64_t line() const { return m_line; } // line or feature number, 1-based; 0 when unknown
    const std::string& field() const { return m_field; }

private:
    std::string m_reason;
    std::string m_file;
    int64_t m_line;
    std::string m_field;
};

// Names as a message lists them: "a, b, c"; past 30 names "... and N more", each name shortened
// (excerpt() in limits.hpp).
std::string list_names(const std::vector<std::string>& names, size_t max_bytes_each = 40);

} // namespace oko::geo
