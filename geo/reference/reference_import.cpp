#include "geo/reference/reference_import.hpp"

#include <algorithm>
#include <sstream>

#include "geo/base/error.hpp"
#include "geo/base/ogr_dataset.hpp"
#include "geo/base/sha256.hpp"
#include "geo/points/shipped_layers.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_errors.hpp"
#include "geo/store/store_reference.hpp"

namespace oko::geo {

namespace {

// Tables carry positions in columns, never lines or polygons: they are point files.
bool is_table_file(const std::filesystem::path& file) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* t : {".csv", ".tsv", ".txt", ".xlsx", ".xls", ".ods"})
        if (ext == t) return true;
    return false;
}

ImportDestination points_destination(const PointFileImport& p) {
    return {p.layer, "points", p.report.imported, p.already_imported || p.dry_run ? 0 : p.report.imported,
            p.already_imported};
}

// One namespace for every layer a user names in `--hide` or the panel: a point layer and a
// reference layer may not share a name.
void check_names(const std::filesystem::path& store_path, const std::vector<ImportDestination>& plan) {
    if (!std::filesystem::exists(store_path)) return;
    const auto store = Store::open(store_path);
    const auto points = list_point_layers(store);
    const auto references = list_reference_layers(store);
    for (const auto& d : plan) {
        if (d.kind == "points") {
            for (const auto& r : references)
                if (r.name == d.layer)
                    throw Error("'" + d.layer + "' is a reference layer of " + std::string(kind_name(r.kind)) +
                                    ": points need another layer name",
                                store_path.string(), 0, "--layer");
        } else {
            for (const auto& p : points)
                if (p.name == d.layer)
                    throw Error("'" + d.layer + "' is a point layer: the " + d.kind + " need another layer name",
                                store_path.string(), 0, "--layer");
            for (const auto& r : references)
                if (r.name == d.layer && std::string(kind_name(r.kind)) != d.kind)
                    throw Error("layer '" + d.layer + "' holds " + std::string(kind_name(r.kind)) + ", not " + d.kind +
                                    ": import into another layer",
                                store_path.string(), 0, "--layer");
        }
    }
}

} // namespace

std::vector<ImportDestination> plan_destinations(const GeometryCensus& census, const std::string& layer) {
    std::vector<ImportDestination> plan;
    const int kinds = (census.points > 0) + (census.lines > 0) + (census.areas > 0);
    if (census.points > 0) plan.push_back({layer, "points", census.points, 0, false});
    if (census.lines > 0) plan.push_back({kinds > 1 ? layer + "_lines" : layer, "lines", census.lines, 0, false});
    if (census.areas > 0) plan.push_back({kinds > 1 ? layer + "_areas" : layer, "areas", census.areas, 0, false});
    return plan;
}

VectorFileImport import_vector_file(const std::filesystem::path& input, const std::filesystem::path& store_path,
                                    const std::string& layer, PointImportOptions options, bool dry_run) {
    if (layer.empty()) throw Error("a layer name is needed (--layer NAME)", input.string());
    refuse_virtual_path(input);
    if (!std::filesystem::exists(input)) throw Error("no such file", input.string());
    VectorFileImport result;
    result.input = input;
    result.dry_run = dry_run;
    const auto points_only = [&]() {
        check_names(store_path, {{layer, "points", 0, 0, false}});
        result.points = import_point_file(input, store_path, layer, options, dry_run);
        result.sha256 = result.points->sha256;
        result.destinations = {points_destination(*result.points)};
        return result;
    };
    if (is_table_file(input)) return points_only();
    result.census = census_geometries(input);
    const auto& census = *result.census;
    if (census.lines == 0 && census.areas == 0) return points_only();

    auto plan = plan_destinations(census, layer);
    check_names(store_path, plan);
    result.sha256 = sha256_file(input);
    // A file every reference layer has already needs no reading (nor triangulating) again.
    bool known = std::filesystem::exists(store_path);
    if (known) {
        const auto store = Store::open(store_path);
        for (auto& d : plan)
            if (d.kind != "points")
                known = known && (d.already_imported = has_reference_source(store, d.layer, result.sha256));
    }
    ReferenceRead read;
    if (!known) read = read_reference_features(input, options.crs, &census);
    result.skipped = std::move(read.skipped);
    result.skipped_count = read.skipped_count;
    const std::string file_name = input.filename().string();
    options.skip_lines_and_areas = true;

    if (!known)
        for (auto& d : plan) {
            if (d.kind == "lines") d.features = static_cast<int64_t>(read.lines.size());
            if (d.kind == "areas") d.features = static_cast<int64_t>(read.areas.size());
        }
    if (dry_run) {
        if (census.points > 0) {
            result.points = import_point_file(input, store_path, layer, options, true);
            const int64_t in_file = plan.front().features;
            plan.front() = points_destination(*result.points);
            plan.front().features = in_file;
        }
        result.destinations = std::move(plan);
        return result;
    }

    const auto fill = [&](Store& store) {
        for (auto& d : plan) {
            if (d.kind == "points") {
                result.points = import_points_into(store, input, d.layer, options, "points");
                const int64_t in_file = d.features;
                d = points_destination(*result.points);
                d.features = in_file; // a file already imported reads nothing
                continue;
            }
            const auto& features = d.kind == "lines" ? read.lines : read.areas;
            if (d.already_imported || features.empty()) continue;
            const auto w = add_reference_features(store, d.layer, *reference_kind_from_name(d.kind), file_name,
                                                  result.sha256, features);
            d.written = w.written;
            d.already_imported = w.already_imported;
        }
    };
    try {
        if (!std::filesystem::exists(store_path)) {
            if (!Store::create_atomically(store_path, [&](Store& store) {
                    add_shipped_layers(store);
                    fill(store);
                }))
                // Another process created the project meanwhile: the file goes into that project
                // as into any existing one (its layer names checked, its sources known), anew.
                return import_vector_file(input, store_path, layer, options, dry_run);
        } else {
            auto store = Store::open(store_path, true);
            Store::Transaction tx(store);
            fill(store);
            tx.commit();
        }
    } catch (const Error& e) {
        throw import_error_in_users_words(e, store_path);
    }
    if (result.points) commit_rejected_file(result.points->report); // the rows are in: now their sidecar
    result.destinations = std::move(plan);
    return result;
}

std::string to_text(const VectorFileImport& result) {
    if (result.points_only()) return to_text(*result.points, result.input);
    std::ostringstream out;
    out << result.input.filename().string();
    if (result.census)
        out << ": " << result.census->format << ", " << result.census->crs << ", " << result.census->features
            << " features";
    out << (result.dry_run ? " (dry run: nothing written)" : "") << "\n";
    for (const auto& d : result.destinations) {
        out << "  " << d.features << " " << d.kind << " -> " << (d.kind == "points" ? "point layer" : "reference layer")
            << " \"" << d.layer << "\"";
        if (d.already_imported)
            out << ": already imported, nothing changed";
        else if (!result.dry_run)
            out << ": " << d.written << " stored";
        out << "\n";
    }
    if (result.census && result.census->empty > 0)
        out << "  " << result.census->empty << " features without geometry were left out\n";
    if (result.skipped_count > 0) {
        out << "  " << result.skipped_count << " lines or areas could not be drawn and were left out:\n";
        for (const auto& s : result.skipped)
            out << "    " << s << "\n";
    }
    if (result.points) out << "\nPoints:\n" << to_text(*result.points, result.input);
    return out.str();
}

nlohmann::json to_json(const VectorFileImport& result) {
    if (result.points_only()) return to_json(*result.points, result.input);
    nlohmann::json j;
    j["file"] = result.input.filename().string();
    j["sha256"] = result.sha256;
    j["dry_run"] = result.dry_run;
    if (result.census) {
        const auto& c = *result.census;
        j["format"] = c.format;
        j["crs"] = c.crs;
        j["features"] = {{"total", c.features}, {"points", c.points},          {"lines", c.lines},
                         {"areas", c.areas},    {"without_geometry", c.empty}, {"mixed_collections", c.mixed}};
    }
    auto dest = nlohmann::json::array();
    for (const auto& d : result.destinations)
        dest.push_back({{"layer", d.layer},
                        {"kind", d.kind},
                        {"features", d.features},
                        {"written", d.written},
                        {"already_imported", d.already_imported}});
    j["destinations"] = dest;
    j["skipped"] = {{"count", result.skipped_count}, {"reasons", result.skipped}};
    if (result.points) j["points"] = to_json(*result.points, result.input);
    return j;
}

} // namespace oko::geo
