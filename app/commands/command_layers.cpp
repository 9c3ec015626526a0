#include "app/commands/commands.hpp"

#include "app/commands/json_shape.hpp"

#include "geo/base/utf8.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_layers.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
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
                arr.push_back(conform({{"name", l.name},
                                       {"kind", l.kind},
                                       {"features", l.features},
                                       {"source", l.source.empty() ? nlohmann::json() : nlohmann::json(l.source)},
                                       {"classes", l.classes}},
                                      layer_shape()));
            std::cout << arr.dump(2) << "\n";
            return 0;
        }
        // Columns line up in characters, not bytes: a Cyrillic name takes two bytes a letter.
        size_t name_width = 14;
        for (const auto& l : layers)
            name_width = std::max(name_width, geo::utf8::count_code_points(l.name));
        const auto padded = [](const std::string& text, size_t width) {
            const size_t chars = geo::utf8::count_code_points(text);
            return text + std::string(width > chars ? width - chars : 0, ' ');
        };
        std::cout << padded("layer", name_width) << " " << padded("kind", 10) << " "
                  << "  features  source\n";
        for (const auto& l : layers) {
            char features[32];
            std::snprintf(features, sizeof features, "%10lld", static_cast<long long>(l.features));
            std::cout << padded(l.name, name_width) << " " << padded(l.kind, 10) << " " << features << "  " << l.source
                      << "\n";
        }
        return 0;
    } catch (const std::exception& e) {
        return report_failure("oko layers", e);
    }
}

} // namespace oko::app
