#include "app/commands/commands.hpp"

#include "geo/store/store.hpp"
#include "geo/store/store_layers.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

namespace oko::app {

int run_layers(const LayersOptions& options) {
    try {
        const auto store = geo::Store::open(options.store);
        const auto layers = geo::list_layers(store);
        if (options.json) {
            auto arr = nlohmann::json::array();
            for (const auto& l : layers)
                arr.push_back({{"name", l.name},
                               {"kind", l.kind},
                               {"features", l.features},
                               {"source", l.source},
                               {"classes", l.classes}});
            std::cout << arr.dump(2) << "\n";
            return 0;
        }
        std::printf("%-14s %-10s %10s  %s\n", "layer", "kind", "features", "source");
        for (const auto& l : layers)
            std::printf("%-14s %-10s %10lld  %s\n", l.name.c_str(), l.kind.c_str(), static_cast<long long>(l.features),
                        l.source.c_str());
        return 0;
    } catch (const std::exception& e) {
        return report_failure("oko layers", e);
    }
}

} // namespace oko::app
