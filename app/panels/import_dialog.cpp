// The import dialog's state and the worker threads behind it: no drawing here (panel_import.cpp).
#include "app/panels/panel_import.hpp"

#include "geo/base/error.hpp"
#include "geo/points/point_file_import.hpp"
#include "geo/points/point_map_area.hpp"
#include "geo/store/store_points.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

namespace oko::app {

namespace {

template <typename T> bool ready(const std::future<T>& f) {
    return f.valid() && f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

// "32634" is how people quote an EPSG code; PROJ wants "EPSG:32634".
std::string crs_definition(const std::string& input) {
    std::string s = input;
    s.erase(0, s.find_first_not_of(" \t"));
    s.erase(s.find_last_not_of(" \t") + 1);
    if (!s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }))
        return "EPSG:" + s;
    return s;
}

std::string layer_name_for(const std::filesystem::path& file) {
    std::string layer = file.stem().string();
    for (char& c : layer)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return layer;
}

} // namespace

ImportDialog::ImportDialog() = default;

ImportDialog::~ImportDialog() {
    if (m_progress) m_progress->cancel = true;
    if (m_import.valid()) m_import.wait();
    if (m_preview_job.valid()) m_preview_job.wait();
}

bool ImportDialog::open(const std::filesystem::path& file, const std::filesystem::path& project,
                        std::vector<ExistingPointLayer> point_layers) {
    if (m_import.valid()) return false;
    m_open = true;
    m_focus = true;
    m_accept = false;
    m_file = file;
    m_project = project;
    // Where the project's map is, so that the preview already says when the points lie far from it.
    m_map_area.reset();
    try {
        if (std::filesystem::exists(project)) m_map_area = geo::map_area(geo::Store::open(project));
    } catch (const geo::Error&) {
        // The import itself will say what is wrong with the project.
    }
    m_point_layers = std::move(point_layers);
    m_layer = layer_name_for(file);
    m_choice = {};
    m_crs_input.clear();
    m_crs.reset();
    m_duplicate_m = 3.0;
    m_preview.reset();
    m_preview_error.clear();
    m_succeeded.reset();
    m_report.clear();
    start_preview();
    return true;
}

bool ImportDialog::busy() const {
    return m_preview_job.valid() || m_import.valid() || (m_open && m_accept && !m_succeeded && can_import());
}

geo::PointImportOptions ImportDialog::options() const {
    geo::PointImportOptions o;
    o.x_column = m_choice[x_role];
    o.y_column = m_choice[y_role];
    o.wkt_column = m_choice[wkt_role];
    o.position_column = m_choice[position_role];
    o.vendor_column = m_choice[vendor_role];
    o.year_column = m_choice[year_role];
    o.crs = crs_definition(m_crs_input);
    o.duplicate_distance_m = m_duplicate_m;
    o.map_area = m_map_area;
    if (const auto* layer = existing_layer()) o.existing_points = layer->points;
    return o;
}

const ExistingPointLayer* ImportDialog::existing_layer() const {
    for (const auto& l : m_point_layers)
        if (l.name == m_layer) return &l;
    return nullptr;
}

void ImportDialog::start_preview() {
    if (m_preview_job.valid()) {
        m_preview_stale = true; // run again with the new settings once this one is done
        return;
    }
    m_preview_stale = false;
    const auto* layer = existing_layer();
    m_previewed_layer = layer ? layer->name : std::string();
    m_preview_job = std::async(std::launch::async, [file = m_file, options = options()] {
        PreviewResult result;
        try {
            result.preview = geo::preview_point_file(file, options);
        } catch (const std::exception& e) {
            result.error = e.what();
        }
        return result;
    });
}

void ImportDialog::collect_preview() {
    if (!ready(m_preview_job)) return;
    auto result = m_preview_job.get();
    if (m_preview_stale) {
        start_preview();
        return;
    }
    m_preview = std::move(result.preview);
    m_preview_error = std::move(result.error);
}

bool ImportDialog::can_import() const {
    const bool crs_ok = m_crs_input.empty() || (m_crs && m_crs->valid);
    return m_preview && m_preview->error.empty() && m_preview_error.empty() && !m_preview_job.valid() && crs_ok &&
           !m_layer.empty() && !m_import.valid() && !m_succeeded.value_or(false);
}

void ImportDialog::start_import() {
    m_progress = std::make_shared<Progress>();
    auto options = this->options();
    options.progress = [progress = m_progress](double f) {
        progress->fraction = f;
        return !progress->cancel;
    };
    m_succeeded.reset();
    m_report.clear();
    m_import = std::async(std::launch::async, [file = m_file, project = m_project, layer = m_layer, options,
                                               progress = m_progress] {
        ImportResult result;
        try {
            const auto imported = geo::import_point_file(file, project, layer, options);
            result.imported = true;
            result.report = geo::to_text(imported, file);
        } catch (const std::exception& e) {
            result.report = progress->cancel ? "Import cancelled: the project is unchanged." : std::string(e.what());
        }
        return result;
    });
}

bool ImportDialog::collect_import() {
    if (!ready(m_import)) return false;
    auto result = m_import.get();
    m_succeeded = result.imported;
    m_report = std::move(result.report);
    return result.imported;
}

const std::string& ImportDialog::chosen_column(Role role) const {
    static const std::string none;
    if (m_choice[role] == geo::no_column || !m_preview) return none;
    if (!m_choice[role].empty()) return m_choice[role];
    switch (role) {
    case x_role:
        return m_preview->x_column;
    case y_role:
        return m_preview->y_column;
    case wkt_role:
        return m_preview->wkt_column;
    case position_role:
        return m_preview->position_column;
    case vendor_role:
        return m_preview->vendor_column;
    case year_role:
        return m_preview->year_column;
    default:
        return none;
    }
}

void ImportDialog::read_crs_input() {
    m_crs.reset();
    if (!m_crs_input.empty()) m_crs = geo::describe_crs(crs_definition(m_crs_input));
}

} // namespace oko::app
