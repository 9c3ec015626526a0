#pragma once
// Counts per municipality for the statistics panel. Which municipality each point lies in is
// located once per admin level, in the background (a million points take about a second); after
// that, counting the filtered points of a layer is one pass with the view's compiled filter, so the table
// follows every filter change at once. The table is the same geo::StatsTable that
// `oko stats --by municipality` prints, so the CSV export is the command line's CSV.

#include "app/project/point_layer_view.hpp"
#include "geo/analysis/stats.hpp"

#include <cstdint>
#include <filesystem>
#include <future>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace oko::app {

class MunicipalityCounts {
public:
    // Starts locating the points of `layers` in the project's OSM admin boundaries of `level`
    // (nullopt: the finest level that holds most of the points). Replaces any earlier request.
    void request(const std::filesystem::path& project, std::optional<int> level,
                 const std::vector<PointLayerView>& layers);
    void reset();

    bool requested() const { return m_requested; }
    bool pending();                                      // still locating
    const std::string& error() const { return m_error; } // e.g. the project has no admin boundaries
    std::optional<int> level() const { return m_level; }
    // Admin levels of the project with their polygon counts, finest first.
    const std::vector<std::pair<int, int>>& levels() const { return m_levels; }

    // The passing points of `view` per municipality; nullopt while pending or after an error.
    std::optional<geo::StatsTable> table(const PointLayerView& view, const std::string& filter_text);

private:
    struct Located {
        std::vector<std::pair<int, int>> levels;
        int level = 0;
        std::string source;
        std::vector<geo::Boundary> boundaries;
        std::vector<std::pair<std::string, std::vector<int32_t>>> layers; // name, boundary per point (-1: outside)
    };
    void take_result();

    bool m_requested = false;
    std::future<Located> m_future;
    std::optional<Located> m_located;
    std::optional<int> m_level;
    std::vector<std::pair<int, int>> m_levels;
    std::string m_error;
};

// The window's "Export CSV" of a table: written beside the project as
// `<project stem>_<layer>_municipalities.csv` with geo::to_csv (the bytes of `oko stats --csv`)
// and write_file_atomically. Returns the file; throws geo::Error when it cannot be written.
std::filesystem::path export_municipality_csv(const geo::StatsTable& table, const std::filesystem::path& project,
                                              const std::string& layer);

} // namespace oko::app
