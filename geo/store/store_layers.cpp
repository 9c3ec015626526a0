#include "geo/store/store_layers.hpp"

#include "geo/base/error.hpp"
#include "geo/store/sqlite_statement.hpp"
#include "geo/store/store_points.hpp"
#include "geo/store/store_schema.hpp"
#include "geo/store/store_reference.hpp"

#include <sqlite3.h>

#include <algorithm>

namespace oko::geo {

std::vector<LayerSummary> list_layers(const Store& store) {
    std::map<std::string, LayerSummary> basemap;
    const std::string source = store.meta("basemap_source").value_or("");
    for (const char* table : {"basemap_areas", "basemap_lines", "basemap_points"}) {
        Statement q(store, "SELECT layer, class, count(*) FROM " + quote_name(table) + " GROUP BY layer, class");
        while (q.step()) {
            const std::string layer = q.column_text(0);
            const std::string cls = q.column_text(1);
            auto& s = basemap[layer];
            s.name = layer;
            s.kind = "basemap";
            s.source = source;
            s.features += q.column_int(2);
            s.classes[cls] += q.column_int(2);
        }
    }
    std::vector<LayerSummary> out;
    // Basemap layers in draw order, top first, as the window lists them.
    for (int i = static_cast<int>(BasemapLayer::Count) - 1; i >= 0; --i) {
        const auto it = basemap.find(std::string(layer_name(static_cast<BasemapLayer>(i))));
        if (it != basemap.end()) out.push_back(it->second);
    }
    // Reference layers draw between the basemap and the point layers; the last drawn lists first.
    auto references = list_reference_layers(store);
    // Areas draw under lines (app/project/project.cpp), whatever order they came in.
    std::stable_partition(references.begin(), references.end(),
                          [](const ReferenceLayerSummary& r) { return r.kind == ReferenceKind::Areas; });
    for (const auto& r : references) {
        LayerSummary s{r.name, std::string(kind_name(r.kind)), r.features, {}, {}};
        for (size_t i = 0; i < r.sources.size(); ++i)
            s.source += (i ? ", " : "") + r.sources[i];
        out.insert(out.begin(), s);
    }
    for (const auto& p : list_point_layers(store)) {
        LayerSummary s{p.name, p.kind, p.points, {}, {}};
        for (size_t i = 0; i < p.sources.size(); ++i)
            s.source += (i ? ", " : "") + p.sources[i];
        out.insert(out.begin(), s); // point layers draw above the basemap, so they list first
    }
    return out;
}

} // namespace oko::geo
