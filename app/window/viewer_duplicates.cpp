// The duplicates panel: the groups of reports the import flagged as one place, in the user's own
// point layers, read from the project (geo::flagged_duplicate_groups) when the panel opens and
// after every change; Show goes to a group and pins its first camera, Merge merges the group and
// Distinct marks it different cameras, through the same curation as every other change.
#include "app/window/viewer.hpp"

#include "geo/base/mercator.hpp"
#include "geo/store/curation.hpp"
#include "geo/store/store.hpp"

#include <algorithm>
#include <iostream>

namespace oko::app {

void Viewer::draw_duplicates() {
    if (!m_show_duplicates || !m_project) return;
    if (m_duplicates_stale) {
        m_duplicates.clear();
        try {
            const auto store = geo::Store::open(*m_project);
            for (const auto& name : camera_layers())
                for (auto& g : geo::flagged_duplicate_groups(store, name))
                    m_duplicates.push_back({name, std::move(g.points), g.known_vendors()});
        } catch (const std::exception& e) {
            std::cerr << "oko: " << e.what() << "\n";
        }
        m_duplicates_stale = false;
    }
    auto request = draw_duplicates_panel(&m_show_duplicates, m_duplicates);
    // The test hooks (fill_form): "show=ID", "group=ID" and "distinct-group=ID" press Show, Merge
    // and Distinct of the group holding camera ID.
    for (auto it = m_fill.begin(); it != m_fill.end();) {
        auto* pressed = it->first == "show"             ? &request.show
                        : it->first == "group"          ? &request.merge
                        : it->first == "distinct-group" ? &request.distinct
                                                        : nullptr;
        if (!pressed) {
            ++it;
            continue;
        }
        for (size_t k = 0; k < m_duplicates.size(); ++k)
            for (const auto& [id, metres] : m_duplicates[k].points)
                if (std::to_string(id) == it->second) *pressed = k;
        it = m_fill.erase(it);
    }
    if (request.show) show_duplicates(m_duplicates[*request.show]);
    if (request.distinct) {
        const auto group = m_duplicates[*request.distinct];
        std::vector<int64_t> ids;
        for (const auto& [id, metres] : group.points)
            ids.push_back(id);
        if (const auto set = curate([&](geo::Curation& c) { return c.mark_distinct(group.layer, ids); }))
            say("Marked " + std::to_string(ids.size()) + " reports as distinct cameras (change set " +
                std::to_string(*set) + ")");
    }
    if (request.merge) {
        const auto group = m_duplicates[*request.merge];
        std::vector<int64_t> ids;
        for (const auto& [id, metres] : group.points)
            ids.push_back(id);
        const int64_t keep = *std::min_element(ids.begin(), ids.end());
        // There, with the camera that stays pinned: its reports are the group's now.
        show_duplicates(group, keep);
        if (const auto set = curate([&](geo::Curation& c) { return c.merge(group.layer, ids); })) {
            say("Merged " + std::to_string(ids.size()) + " reports into camera " + std::to_string(keep) +
                " (change set " + std::to_string(*set) + ")");
            if (!m_pinned) show_duplicates(DuplicateRow{group.layer, {{keep, 0.0}}, {}}, keep);
        }
    }
}

void Viewer::show_duplicates(const DuplicateRow& group, std::optional<int64_t> pinned) {
    for (size_t l = 0; l < m_data.point_layers.size(); ++l) {
        const auto& layer = m_data.point_layers[l];
        if (layer.name != group.layer) continue;
        geo::BBox box;
        std::optional<size_t> to_pin;
        for (const auto& [id, metres] : group.points) {
            const auto it = std::find(layer.ids.begin(), layer.ids.end(), id);
            if (it == layer.ids.end()) continue;
            const auto i = static_cast<size_t>(it - layer.ids.begin());
            if (!to_pin || id == pinned) to_pin = i;
            box.extend(layer.positions[i].x, layer.positions[i].y);
        }
        if (!to_pin) return;
        show_box(box);
        pin(l, *to_pin, {});
        return;
    }
}

} // namespace oko::app
