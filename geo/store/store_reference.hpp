#pragma once
// Reference layers in the project file. `reference_layers` names each layer and its kind;
// `reference_sources` holds the files it came from (name, SHA-256, import time); features live in
// `reference_lines` (MULTILINESTRING) and `reference_areas` (MULTIPOLYGON, with the fill
// triangulation as a BLOB), SRID 4326 with a spatial index, so QGIS opens them as they are. Each
// feature keeps its attributes (JSON, in file order), its feature number and layer in the file.

#include "geo/map/reference_layer.hpp"
#include "geo/store/store.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace oko::geo {

struct ReferenceLayerSummary {
    int64_t id = 0;
    std::string name;
    ReferenceKind kind = ReferenceKind::Lines;
    int64_t features = 0;
    std::vector<std::string> sources; // file names
};

// Creates the reference tables if the project has none yet (needs SpatiaLite: a writable store).
void ensure_reference_tables(Store& store);

std::vector<ReferenceLayerSummary> list_reference_layers(const Store& store);

struct ReferenceWrite {
    int64_t written = 0;
    bool already_imported = false; // this file (by SHA-256) is in the layer already: nothing written
};

// Adds `features` from one source file to `layer` (created if new), inside the caller's
// transaction. Throws Error when the layer exists with the other kind.
ReferenceWrite add_reference_features(Store& store, const std::string& layer, ReferenceKind kind,
                                      const std::string& source_file, const std::string& sha256,
                                      std::span<const ReferenceFeature> features);

// The file with this SHA-256 is in `layer` already.
bool has_reference_source(const Store& store, const std::string& layer, const std::string& sha256);

// The features of a layer as stored (WGS84), in import order, for checks and exports.
std::vector<ReferenceFeature> load_reference_features(const Store& store, const std::string& layer);

// A layer (or every layer, in the project's order) for drawing: Web Mercator, values per field.
std::optional<ReferenceLayerData> load_reference_layer(const Store& store, const std::string& layer);
std::vector<ReferenceLayerData> load_reference_layers(const Store& store);

} // namespace oko::geo
