// Any bytes as a project file (.oko), loaded as opening a project loads it: Store::open, the
// basemap, every point and reference layer. It loads or throws geo::Error, never anything else,
// and what it loads holds together: every stored triangle names a point of its feature.
//
// The seed is a small project this target writes itself with the store's own writers, so that it
// is what Oko writes: fuzz/run runs it once with OKO_FUZZ_WRITE_SEED=FILE.oko, which writes the
// project and exits.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <fstream>
#include <span>
#include <string>
#include <vector>

#include "geo/base/error.hpp"
#include "geo/store/store.hpp"
#include "geo/store/store_points.hpp"
#include "geo/store/store_reference.hpp"

using namespace oko::geo;

namespace {

void require_at(bool condition, int line) {
    if (condition) return;
    std::fprintf(stderr, "broken invariant at %s:%d\n", __FILE__, line);
    std::abort();
}

void require_triangles(const Geometry& g) {
    require_at(g.triangles.size() % 3 == 0, __LINE__);
    for (const uint32_t i : g.triangles)
        require_at(i < g.points.size(), __LINE__);
}

// A park with a hole (triangulated), a road and a place; a point layer; a line and a polygon
// reference layer: each loader has rows to read.
void write_seed(const std::filesystem::path& out) {
    std::filesystem::remove(out);
    const bool created = Store::create_atomically(out, [](Store& store) {
        std::vector<StoredFeature> features(3);
        auto& park = features[0];
        park.cls = FeatureClass::Park;
        park.osm_type = 'r';
        park.osm_id = 1;
        park.name = "Park";
        park.tags_json = R"({"leisure":"park"})";
        park.points = {{19.80, 45.25},   {19.81, 45.25},   {19.81, 45.26},   {19.80, 45.26},  {19.80, 45.25},
                       {19.803, 45.253}, {19.806, 45.253}, {19.806, 45.256}, {19.803, 45.253}};
        park.parts = {0, 5};
        park.polygons = {0};
        park.triangles = {0, 1, 5, 1, 6, 5, 1, 2, 6, 2, 7, 6, 2, 3, 7, 3, 0, 7, 0, 5, 7};
        auto& road = features[1];
        road.cls = FeatureClass::RoadPrimary;
        road.osm_type = 'w';
        road.osm_id = 2;
        road.tags_json = R"({"highway":"primary"})";
        road.points = {{19.80, 45.24}, {19.82, 45.245}, {19.83, 45.25}};
        road.parts = {0};
        auto& place = features[2];
        place.cls = FeatureClass::PlaceNeighbourhood;
        place.osm_id = 3;
        place.name = "Liman";
        place.tags_json = R"({"place":"neighbourhood"})";
        place.points = {{19.84, 45.24}};
        place.parts = {0};
        store.write_basemap(features);
        store.set_meta("basemap_source", "seed.osm");

        std::vector<PointRecord> cameras(3);
        for (size_t i = 0; i < cameras.size(); ++i) {
            cameras[i].lon = 19.80 + 0.01 * static_cast<double>(i);
            cameras[i].lat = 45.25;
            cameras[i].vendor = i ? "Huawei" : "Dahua";
            cameras[i].vendor_raw = cameras[i].vendor;
            cameras[i].year = 2018 + static_cast<int>(i);
            cameras[i].year_raw = std::to_string(*cameras[i].year);
            cameras[i].attributes = {{"name", "camera " + std::to_string(i)}};
            cameras[i].source_row = static_cast<int64_t>(i) + 2;
            cameras[i].index = static_cast<int64_t>(i);
        }
        replace_point_layer(store, "cameras", "cameras", "seed.csv", std::string(64, 'a'), cameras);

        ReferenceFeature line;
        line.source_feature = 1;
        line.attributes = {{"class", "road"}};
        line.points = {{19.80, 45.26}, {19.81, 45.27}};
        line.parts = {0};
        add_reference_features(store, "roads", ReferenceKind::Lines, "seed.geojson", std::string(64, 'b'),
                               std::span<const ReferenceFeature>(&line, 1));
        ReferenceFeature area;
        area.source_feature = 1;
        area.attributes = {{"name", "zone"}};
        area.points = {{19.82, 45.26}, {19.83, 45.26}, {19.83, 45.27}, {19.82, 45.26}};
        area.parts = {0};
        area.polygons = {0};
        area.triangles = {0, 1, 2};
        add_reference_features(store, "zones", ReferenceKind::Areas, "seed.geojson", std::string(64, 'c'),
                               std::span<const ReferenceFeature>(&area, 1));
    });
    if (!created) throw std::runtime_error("the seed project exists already: " + out.string());
}

std::filesystem::path scratch() {
    return std::filesystem::temp_directory_path() / ("oko-fuzz-project-" + std::to_string(getpid()) + ".oko");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* seed = std::getenv("OKO_FUZZ_WRITE_SEED")) {
        try {
            write_seed(seed);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "cannot write the seed project: %s\n", e.what());
            std::exit(1);
        }
        std::exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto path = scratch();
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        const auto store = Store::open(path);
        for (const auto& f : store.load_basemap().features)
            require_triangles(f.geometry);
        for (const auto& l : list_point_layers(store))
            if (const auto layer = load_point_layer(store, l.name)) {
                require_at(layer->positions.size() == layer->ids.size(), __LINE__);
                for (const auto v : layer->vendor_index)
                    require_at(v < layer->vendors.size(), __LINE__);
            }
        for (const auto& l : load_reference_layers(store))
            for (const auto& g : l.features)
                require_triangles(g);
    } catch (const Error&) {
    }
    std::error_code ec;
    std::filesystem::remove(path, ec);
    return 0;
}
