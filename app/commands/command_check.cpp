#include "app/commands/commands.hpp"

#include "geo/base/error.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_points.hpp"
#include "geo/store/store_reference.hpp"
#include "geo/store/store_schema.hpp"

#include <functional>
#include <iostream>

namespace oko::app {

namespace {

// One part of the check: its problem, or nothing.
std::string problem_of(const std::function<void()>& part) {
    try {
        part();
        return {};
    } catch (const geo::Error& e) {
        // This is the check that the reason points to.
        const auto& r = e.reason();
        return r.substr(0, r.find("; oko check --store"));
    } catch (const std::exception& e) {
        return e.what();
    }
}

} // namespace

int run_check(const CheckOptions& options) {
    const std::string file = options.store.string();
    try {
        const auto store = geo::Store::open_unchecked(options.store, false);
        int problems = 0;
        std::cout << "project " << file << "\n";

        std::vector<std::string> integrity;
        // SQLite stops its check with an error on some damage instead of listing it.
        if (const auto failed = problem_of([&] { integrity = store.integrity_problems(true); }); !failed.empty())
            integrity.push_back(failed);
        if (integrity.empty()) {
            std::cout << "  file: SQLite's integrity check finds nothing wrong\n";
        } else {
            std::cout << "  file: damaged, SQLite's integrity check reports " << integrity.size()
                      << (integrity.size() == 1 ? " problem" : " problems") << ":\n";
            for (size_t i = 0; i < integrity.size() && i < 20; ++i)
                std::cout << "    " << integrity[i] << "\n";
            if (integrity.size() > 20) std::cout << "    ... and " << integrity.size() - 20 << " more\n";
            ++problems;
        }

        std::vector<geo::SchemaFinding> findings;
        const auto schema_error = problem_of([&] { findings = geo::check_schema(store.handle(), file); });
        if (!schema_error.empty()) {
            std::cout << "  schema: cannot be read: " << schema_error << "\n";
            ++problems;
        } else if (findings.empty()) {
            std::cout << "  schema: every table, index, trigger and view is as Oko writes it\n";
        } else {
            std::cout << "  schema: " << findings.size() << " difference(s) from what Oko writes:\n";
            for (const auto& f : findings)
                std::cout << "    " << geo::describe(f) << "\n";
            ++problems;
        }

        // Every stored geometry and triangulation, as loading the project reads them.
        const auto report = [&](const std::string& what, const std::string& problem) {
            if (problem.empty()) {
                std::cout << "  " << what << ": geometry and triangles are sound\n";
            } else {
                std::cout << "  " << what << ": " << problem << "\n";
                ++problems;
            }
        };
        size_t features = 0;
        const auto basemap = problem_of([&] { features = store.load_basemap().features.size(); });
        report("basemap (" + std::to_string(features) + " features)", basemap);
        std::vector<geo::PointLayerSummary> point_layers;
        const auto listed = [&](const std::string& what, const std::string& problem) {
            if (!problem.empty()) report(what, problem);
        };
        listed("point layers", problem_of([&] { point_layers = geo::list_point_layers(store); }));
        for (const auto& l : point_layers)
            report("point layer " + l.name, problem_of([&] { geo::load_point_layer(store, l.name); }));
        std::vector<geo::ReferenceLayerSummary> references;
        listed("reference layers", problem_of([&] { references = geo::list_reference_layers(store); }));
        for (const auto& l : references)
            report("reference layer " + l.name, problem_of([&] { geo::load_reference_layer(store, l.name); }));

        if (problems == 0) {
            std::cout << "oko check: " << file << " is sound\n";
            return 0;
        }
        std::cout << "oko check: " << file << " has " << problems << (problems == 1 ? " problem" : " problems")
                  << (findings.empty() ? "" : "; oko repair --store " + file + " strips SQL Oko did not write") << "\n";
        return kExitFailed;
    } catch (const std::exception& e) {
        return report_failure("oko check", e);
    }
}

int run_repair(const RepairOptions& options) {
    const std::string file = options.store.string();
    try {
        auto store = geo::Store::open_unchecked(options.store, true);
        // Repair strips and rewrites SQL; it does not mend damaged pages, and writes nothing
        // into a damaged file.
        if (const auto problems = store.integrity_problems(false); !problems.empty())
            throw geo::Error("the project file is damaged (" + problems.front() +
                                 "); oko repair changes only SQL Oko did not write, and writes nothing into a damaged "
                                 "file: restore it from a copy",
                             file);
        const auto report = geo::repair_schema(store);
        for (const auto& line : report.done)
            std::cout << "  " << line << "\n";
        for (const auto& line : report.unrepaired)
            std::cout << "  not repaired: " << line << "\n";
        if (!report.unrepaired.empty()) {
            std::cout << "oko repair: " << file << ": " << report.unrepaired.size()
                      << " object(s) left that Oko cannot open with\n";
            return kExitFailed;
        }
        std::cout << "oko repair: " << file << ": "
                  << (report.done.empty() ? "nothing to repair, the schema is Oko's own"
                                          : std::to_string(report.done.size()) + " change(s), in one transaction")
                  << "\n";
        return 0;
    } catch (const std::exception& e) {
        return report_failure("oko repair", e);
    }
}

} // namespace oko::app
