#pragma once
// The time an import ran, as every table of the project file records it: ISO 8601 in UTC.

#include <string>

namespace oko::geo {

std::string utc_now(); // e.g. "2026-11-24T07:55:07Z"

} // namespace oko::geo
