#pragma once
// A series of figures, one per year (`oko render --by-year 2017..2021 [--cumulative]`), for an
// animation or a row of small maps of how cameras spread. Each frame is the scene with every
// point layer's filter narrowed to that year (or, cumulative, to the years up to it), its year in
// the subtitle, its legend counted for that year, and what a reader compares across frames held
// the same: the extent, and each heatmap's colour scale (the highest peak of all the frames).
// Frames are named after the output, `map.png` → `map_2017.png`, their side files after them;
// they are written through write_figure into one geo::FileSet, so the whole series appears at once
// or, failed or cancelled, not at all.

#include "app/figure/figure.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace oko::app {

struct YearSeries {
    int first = 0;
    int last = 0;
    bool cumulative = false; // each frame: every camera up to its year
    bool operator==(const YearSeries&) const = default;
};

// The most frames a series may have.
constexpr int kMaxSeriesFrames = 100;

// "2017..2021" (or "2019", one frame). Throws geo::Error with `field` for anything else: a range
// backwards, years outside 1900–2100, more than kMaxSeriesFrames frames.
YearSeries parse_year_series(const std::string& text, bool cumulative, const std::string& field = "--by-year");

// "2019", or "up to 2019" in a cumulative series: the frame's subtitle (after the scene's own).
std::string series_frame_label(const YearSeries& series, int year);

// `out` with the year before its extension: map.png → map_2019.png.
std::filesystem::path series_frame_path(const std::filesystem::path& out, int year);

struct SeriesFrame {
    int year = 0;
    std::filesystem::path out;
    geo::SceneSpec scene;
};

// The frames of `scene`: each point layer's filter narrowed to the frame's years (within the years
// the filter already has: a frame outside them is an error, naming it), the label after the
// subtitle. Heatmap scales are not yet fixed: write_figure_series does that.
std::vector<SeriesFrame> series_frames(const geo::SceneSpec& scene, const YearSeries& series,
                                       const std::filesystem::path& out);

struct FigureSeries {
    std::vector<SeriesFrame> frames; // as drawn (heatmap scales fixed)
    std::vector<Figure> figures;     // one per frame; empty when cancelled
    bool cancelled = false;
};

// Writes every frame of the series (progress: the fraction of the whole series). Throws as
// write_figure does; nothing appears unless every frame was written.
FigureSeries write_figure_series(const Project& project, const geo::SceneSpec& scene, const YearSeries& series,
                                 const std::filesystem::path& out, geo::PictureFormat format,
                                 const FigureOptions& options = {});

} // namespace oko::app
