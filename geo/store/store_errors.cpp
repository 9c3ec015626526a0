#include "geo/store/store_errors.hpp"

#include <string_view>

namespace oko::geo {

Error import_error_in_users_words(const Error& error, const std::filesystem::path& project) {
    constexpr std::string_view lead = "cannot save the import: ";
    if (error.file() != project.string() || error.reason().starts_with(lead)) return error;
    struct Phrase {
        std::string_view sqlite;
        std::string_view words;
    };
    static constexpr Phrase phrases[] = {
        {"database or disk is full", "the disk is full"},
        {"disk I/O error", "the disk is full or cannot be written"},
        {"database is locked", "another Oko is writing this project; try again when it has finished"},
        {"attempt to write a readonly database", "the project file is read-only"},
    };
    const std::string& reason = error.reason();
    for (const auto& p : phrases)
        if (reason.find(p.sqlite) != std::string::npos)
            return Error(std::string(lead) + std::string(p.words) + "; the project is as it was before (" + reason +
                             ")",
                         error.file(), error.line(), error.field());
    return error;
}

} // namespace oko::geo
