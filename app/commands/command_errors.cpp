#include "app/commands/commands.hpp"

#include "geo/base/error.hpp"

#include <iostream>

namespace oko::app {

bool is_usage_error(const std::exception& e) {
    const auto* error = dynamic_cast<const geo::Error*>(&e);
    return error && error->field().starts_with("--");
}

int report_failure(std::string_view command, const std::exception& e) {
    std::cerr << command << ": " << e.what() << "\n";
    return is_usage_error(e) ? kExitUsage : kExitFailed;
}

void throw_as_option(const geo::Error& e) {
    if (e.field() == "boundary_layer") throw geo::Error(e.reason(), e.file(), e.line(), "--boundary-layer");
    if (e.field() == "boundary_name") throw geo::Error(e.reason(), e.file(), e.line(), "--boundary-name");
    if (e.field() == "layer") throw geo::Error(e.reason(), e.file(), e.line(), "--layer");
    throw e;
}

} // namespace oko::app
