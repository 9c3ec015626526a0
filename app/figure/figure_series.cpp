#include "app/figure/figure_series.hpp"

#include "app/project/density_views.hpp"
#include "geo/base/atomic_file.hpp"
#include "geo/base/error.hpp"

#include <algorithm>
#include <charconv>

namespace oko::app {

namespace {

constexpr int kFirstYear = 1900;
constexpr int kLastYear = 2100;

std::optional<int> parse_year(std::string_view text) {
    int v = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
    return v;
}

} // namespace

YearSeries parse_year_series(const std::string& text, bool cumulative, const std::string& field) {
    const auto bad = [&](const std::string& why) {
        return geo::Error("'" + text + "' is not a series of years: " + why, "", 0, field);
    };
    const auto dots = text.find("..");
    const std::string first_text = text.substr(0, dots);
    const std::string last_text = dots == std::string::npos ? first_text : text.substr(dots + 2);
    const auto first = parse_year(first_text), last = parse_year(last_text);
    if (!first || !last) throw bad("expected FIRST..LAST, for example 2017..2021");
    for (const int y : {*first, *last})
        if (y < kFirstYear || y > kLastYear)
            throw bad("a year must lie from " + std::to_string(kFirstYear) + " to " + std::to_string(kLastYear));
    if (*last < *first) throw bad("the first year comes after the last (write " + last_text + ".." + first_text + ")");
    if (*last - *first + 1 > kMaxSeriesFrames)
        throw bad("that is " + std::to_string(*last - *first + 1) + " frames; a series has at most " +
                  std::to_string(kMaxSeriesFrames));
    return {*first, *last, cumulative};
}

std::string series_frame_label(const YearSeries& series, int year) {
    return (series.cumulative ? "up to " : "") + std::to_string(year);
}

std::filesystem::path series_frame_path(const std::filesystem::path& out, int year) {
    auto name = out.stem().string() + "_" + std::to_string(year) + out.extension().string();
    return out.parent_path() / name;
}

std::vector<SeriesFrame> series_frames(const geo::SceneSpec& scene, const YearSeries& series,
                                       const std::filesystem::path& out) {
    std::vector<SeriesFrame> frames;
    for (int year = series.first; year <= series.last; ++year) {
        SeriesFrame frame{year, series_frame_path(out, year), scene};
        for (auto& layer : frame.scene.point_layers) {
            auto& f = layer.filter;
            // The frame's years within the filter's own: a frame that falls outside them would
            // show nothing, or (cumulative, after them) the same as the frame before.
            const bool before = f.year_min && *f.year_min > year;
            const bool after = f.year_max && *f.year_max < year;
            if (before || after)
                throw geo::Error("the frame of " + std::to_string(year) + " lies outside the years of layer '" +
                                     layer.name + "'s filter (" + f.describe() +
                                     "): give a series within them, or drop the year filter",
                                 "", 0, "--by-year");
            if (!series.cumulative) f.year_min = year;
            f.year_max = year;
        }
        auto& subtitle = frame.scene.furniture.subtitle;
        const auto label = series_frame_label(series, year);
        subtitle = subtitle.empty() ? label : subtitle + ", " + label;
        frames.push_back(std::move(frame));
    }
    return frames;
}

FigureSeries write_figure_series(const Project& project, const geo::SceneSpec& scene, const YearSeries& series,
                                 const std::filesystem::path& out, geo::PictureFormat format,
                                 const FigureOptions& options) {
    FigureSeries result;
    result.frames = series_frames(scene, series, out);
    // One colour scale for every frame of a heatmap whose top is the layer's peak: the highest
    // of the frames' peaks, so that a place's colour means the same density in every year.
    FigureDrawer drawer(project);
    DensityViews& density = drawer.density();
    for (size_t i = 0; i < scene.point_layers.size(); ++i) {
        const auto& spec = scene.point_layers[i];
        const auto& style = spec.display.heatmap;
        if (!spec.style.visible || spec.display.kind != geo::PointDisplay::heatmap || style.scale_max > 0) continue;
        if (!project.point_layer(spec.name)) continue; // write_figure says what is missing
        double top = 0;
        for (const auto& frame : result.frames)
            top = std::max(top, density.heatmap_peak(frame.scene.point_layers[i]));
        if (top > 0)
            for (auto& frame : result.frames)
                frame.scene.point_layers[i].display.heatmap.scale_max = top;
    }
    geo::FileSet files;
    const double n = static_cast<double>(result.frames.size());
    for (size_t k = 0; k < result.frames.size(); ++k) {
        FigureOptions frame_options = options;
        frame_options.files = &files;
        frame_options.progress = [&options, k, n](double done) {
            return !options.progress || options.progress((static_cast<double>(k) + done) / n);
        };
        auto figure = drawer.write(result.frames[k].scene, result.frames[k].out, format, frame_options);
        if (figure.cancelled) {
            result.cancelled = true;
            result.figures.clear();
            return result; // the set goes unfinished: every frame's temporary files are removed
        }
        result.figures.push_back(std::move(figure));
    }
    files.commit();
    return result;
}

} // namespace oko::app
