#include "app/commands.hpp"

#include "geo/error.hpp"
#include "geo/osm_import.hpp"

#include <iostream>

namespace oko::app {

int run_import(const ImportOptions& options) {
    try {
        const auto report = geo::import_osm(options.input, options.store);
        if (options.json) std::cout << report.to_json().dump(2) << "\n";
        else std::cout << report.to_text();
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "oko import: " << e.what() << "\n";
        return 1;
    }
}

} // namespace oko::app
