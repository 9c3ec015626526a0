#include "app/window/viewer.hpp"

#include "app/project/figure_legend.hpp"

#include "render/map/map_renderer.hpp"

#include <iostream>

namespace oko::app {

namespace {

// A short line for the layer panel: what the view shows, or why it shows nothing.
std::string status_line(const DensityView& v) {
    std::string s;
    for (const auto& w : v.warnings)
        s += (s.empty() ? "" : "\n") + w;
    if (!v.drawn && s.empty()) s = "nothing to draw: no camera passes the filter here";
    if (v.drawn && !v.legend.note.empty()) s += (s.empty() ? "" : "\n") + v.legend.note;
    return s;
}

} // namespace

void Viewer::stop_density_views() {
    if (m_density_job.valid()) {
        m_density_cancel = true;
        try {
            m_density_job.get();
        } catch (const std::exception&) {
        }
        m_density_cancel = false;
    }
    m_density_shown.clear();
    m_density_status.clear();
    m_density_legends.clear();
    m_layer_legends.clear();
    m_layer_legends_scene.reset();
    m_map_legends.clear();
    if (m_renderer) {
        m_renderer->clear_point_overlays();
        m_renderer->set_legends({});
    }
}

void Viewer::update_density_views() {
    if (!m_density) return;
    // Hand over what is ready.
    if (m_density_job.valid() && m_density_job.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        try {
            auto done = m_density_job.get();
            for (auto& v : done) {
                auto& status = m_density_status[v.layer];
                status.text = status_line(v);
                if (v.spec.display.kind == geo::PointDisplay::heatmap) status.weight_fields = v.weight_fields;
                // A layer with nothing to draw draws nothing, not its points: an empty overlay.
                if (v.drawn)
                    m_renderer->set_point_overlay(v.layer, v.overlay);
                else
                    m_renderer->set_point_overlay(v.layer, render::CellOverlay{});
                release_overlay(v); // the renderer has it; keep what decides staleness and what hover reads
                std::erase_if(m_density_shown, [&](const DensityView& s) { return s.layer == v.layer; });
                m_density_shown.push_back(std::move(v));
            }
        } catch (const std::exception& e) {
            // The settings cannot be computed (a boundary layer or weight field the project lacks):
            // say so beside the settings, and show the layer's points.
            for (const auto* spec : density_layers(m_scene)) {
                m_density_status[spec->name].text = e.what();
                m_renderer->clear_point_overlay(spec->name);
                std::erase_if(m_density_shown, [&](const DensityView& s) { return s.layer == spec->name; });
                DensityView failed;
                failed.layer = spec->name;
                failed.spec = *spec;
                m_density_shown.push_back(std::move(failed));
            }
            std::cerr << "oko: " << e.what() << "\n";
        }
    }
    // Layers no longer shown as density views draw their points again.
    const auto wanted = density_layers(m_scene);
    for (auto it = m_density_shown.begin(); it != m_density_shown.end();) {
        const bool still =
            std::any_of(wanted.begin(), wanted.end(), [&](const auto* s) { return s->name == it->layer; });
        if (still) {
            ++it;
            continue;
        }
        m_renderer->clear_point_overlay(it->layer);
        m_density_status.erase(it->layer);
        it = m_density_shown.erase(it);
    }
    std::vector<geo::LegendSpec> legends;
    for (const auto& v : m_density_shown)
        if (v.drawn && v.spec.display.legend) {
            legends.push_back(v.legend);
            legends.back().corner = geo::LegendCorner::bottom_right; // the layer panel is on the left
        }
    m_density_legends = std::move(legends);

    if (m_density_job.valid()) return; // one at a time; the next frame looks again
    bool needed = false;
    for (const auto* spec : wanted) {
        const auto shown = std::find_if(m_density_shown.begin(), m_density_shown.end(),
                                        [&](const DensityView& v) { return v.layer == spec->name; });
        if (shown == m_density_shown.end() || !DensityViews::current(*shown, m_scene)) needed = true;
    }
    if (!needed) return;
    // On a copy of the scene: the user goes on changing it while the worker computes.
    m_density_job = std::async(std::launch::async, [this, scene = m_scene] {
        auto views = m_density->compute(scene, 0.5, &m_density_cancel);
        // The weight combo lists what a heatmap's layer can be weighted by (read once per layer).
        for (auto& v : views)
            if (v.spec.display.kind == geo::PointDisplay::heatmap) v.weight_fields = m_density->weight_fields(v.layer);
        return views;
    });
}

void Viewer::update_map_legends() {
    const auto now = std::chrono::steady_clock::now();
    if (!m_layer_legends_scene ||
        (*m_layer_legends_scene != m_scene && now - m_layer_legends_counted > std::chrono::milliseconds(150))) {
        // The layer panel is on the left: legends go bottom right, as the density views' do.
        m_layer_legends = figure_legends(m_data, m_scene, geo::LegendCorner::bottom_right);
        m_layer_legends_scene = m_scene;
        m_layer_legends_counted = now;
    }
    std::vector<geo::LegendSpec> legends = m_layer_legends;
    legends.insert(legends.end(), m_density_legends.begin(), m_density_legends.end());
    if (legends != m_map_legends) {
        m_map_legends = legends;
        m_renderer->set_legends(std::move(legends));
    }
}

} // namespace oko::app
