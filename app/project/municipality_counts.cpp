#include "app/project/municipality_counts.hpp"

#include "geo/text/csv_writer.hpp"

#include "geo/analysis/boundaries.hpp"
#include "geo/base/atomic_file.hpp"
#include "geo/base/mercator.hpp"
#include "geo/store/store.hpp"

#include <algorithm>
#include <chrono>

namespace oko::app {

void MunicipalityCounts::request(const std::filesystem::path& project, std::optional<int> level,
                                 const std::vector<PointLayerView>& layers) {
    reset();
    m_requested = true;
    // The positions are copied: the project may be reloaded (an import) while this runs.
    std::vector<std::pair<std::string, std::vector<geo::XY>>> points;
    for (const auto& l : layers)
        points.emplace_back(l.data().name, l.data().positions);
    m_future = std::async(std::launch::async, [project, level, points = std::move(points)] {
        const auto store = geo::Store::open(project);
        Located out;
        out.levels = geo::BoundarySet::store_levels(store);
        std::vector<geo::LonLat> all;
        if (!level)
            for (const auto& [name, xy] : points)
                for (const auto& p : xy)
                    all.push_back(geo::from_mercator(p));
        const auto set = geo::BoundarySet::from_store(store, level, all);
        out.source = set.source();
        out.boundaries = set.boundaries();
        out.level = out.boundaries.empty() ? 0 : out.boundaries.front().admin_level;
        for (const auto& [name, xy] : points) {
            std::vector<int32_t> where(xy.size());
            for (size_t i = 0; i < xy.size(); ++i)
                where[i] = set.locate(geo::from_mercator(xy[i]));
            out.layers.emplace_back(name, std::move(where));
        }
        return out;
    });
}

void MunicipalityCounts::reset() {
    if (m_future.valid()) m_future.wait();
    m_future = {};
    m_located.reset();
    m_requested = false;
    m_error.clear();
}

bool MunicipalityCounts::pending() {
    take_result();
    return m_future.valid();
}

void MunicipalityCounts::take_result() {
    if (!m_future.valid() || m_future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    try {
        m_located = m_future.get();
        m_level = m_located->level;
        m_levels = m_located->levels;
    } catch (const std::exception& e) {
        m_error = e.what();
    }
    m_future = {};
}

std::optional<geo::StatsTable> MunicipalityCounts::table(const PointLayerView& view, const std::string& filter_text) {
    take_result();
    if (!m_located) return std::nullopt;
    const auto& name = view.data().name;
    const auto it = std::find_if(m_located->layers.begin(), m_located->layers.end(),
                                 [&](const auto& l) { return l.first == name; });
    if (it == m_located->layers.end() || it->second.size() != view.data().positions.size()) return std::nullopt;

    geo::StatsTable table;
    table.layer = name;
    table.by = geo::GroupBy::municipality;
    table.filter = filter_text;
    std::vector<int64_t> per(m_located->boundaries.size(), 0);
    int64_t outside = 0;
    const auto& where = it->second;
    // The view's compiled filter: the same rule, per point, as the window draws and counts.
    const geo::CompiledFilter& filter = view.compiled();
    table.unknown_included = filter.source.unknown_included();
    const auto& data = view.data();
    for (size_t i = 0; i < where.size(); ++i) {
        if (!filter.passes(data, i)) continue;
        if (where[i] < 0)
            ++outside;
        else
            ++per[static_cast<size_t>(where[i])];
    }
    geo::fill_municipality_rows(table, m_located->boundaries, per, outside, m_located->source);
    return table;
}

std::filesystem::path export_municipality_csv(const geo::StatsTable& table, const std::filesystem::path& project,
                                              const std::string& layer) {
    const auto out = project.parent_path() / (project.stem().string() + "_" + layer + "_municipalities.csv");
    geo::write_csv_file(out, geo::to_csv(table));
    return out;
}

} // namespace oko::app
