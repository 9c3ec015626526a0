// Times the OSM import and the reopen of the project it writes: `bench_import FILE.osm.pbf
// OUT.oko [RUNS]` imports RUNS times (a fresh project each time), reopens RUNS times, and prints
// the medians (and the last import report) for bench/import.sh. With --import-only it imports
// once into a fresh OUT.oko and prints nothing: a whole-process command for hyperfine until
// `oko import` exists.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "geo/base/error.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/store/store.hpp"

namespace {
double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}
} // namespace

int main(int argc, char** argv) {
    const bool import_only = argc > 1 && std::string(argv[1]) == "--import-only";
    if (import_only) {
        --argc;
        ++argv;
    }
    if (argc < 3) {
        std::cerr << "usage: bench_import [--import-only] FILE.osm.pbf OUT.oko [RUNS]\n";
        return 2;
    }
    const std::filesystem::path input = argv[1];
    const std::filesystem::path out = argv[2];
    const int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 5;
    using Clock = std::chrono::steady_clock;
    try {
        if (import_only) {
            oko::geo::import_osm(input, out);
            return 0;
        }
        std::vector<double> imports, reopens;
        oko::geo::ImportReport report;
        for (int i = 0; i < runs; ++i) {
            std::filesystem::remove(out);
            const auto t = Clock::now();
            report = oko::geo::import_osm(input, out);
            imports.push_back(std::chrono::duration<double>(Clock::now() - t).count());
        }
        size_t features = 0;
        for (int i = 0; i < runs; ++i) {
            const auto t = Clock::now();
            const auto store = oko::geo::Store::open(out);
            const auto map = store.load_basemap();
            reopens.push_back(std::chrono::duration<double>(Clock::now() - t).count());
            features = map.features.size();
        }
        std::cout << report.to_text();
        std::printf("import_median_s %.4f\nreopen_median_s %.4f\nfeatures %zu\nfile_bytes %ju\n", median(imports),
                    median(reopens), features, static_cast<uintmax_t>(std::filesystem::file_size(out)));
    } catch (const oko::geo::Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
