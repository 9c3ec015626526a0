#pragma once
// SQLite's words for a project that cannot be written, in the user's: "disk I/O error" or
// "database or disk is full" mean the disk is full (or failing), "database is locked" that another
// Oko is writing the project, "attempt to write a readonly database" that the file is read-only.

#include <filesystem>

#include "geo/base/error.hpp"

namespace oko::geo {

// `error`, when it is such an error of `project`'s, with a reason that says what happened and that
// the import was not saved (SQLite's phrase kept in brackets for whoever helps); any other error as
// it is.
Error import_error_in_users_words(const Error& error, const std::filesystem::path& project);

} // namespace oko::geo
