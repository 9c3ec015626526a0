#pragma once
// The one shape of each command's --json output (docs/JSON.md): every key a command can print,
// with its type, declared once here. Whatever the input (an OSM extract, a CSV, a GeoJSON of
// lines, a reference file) and whatever the grouping, a command prints the same keys, with null
// where the value does not apply or is not known, never a string among numbers.
//
// conform() adds the declared keys a report left out (as null) before printing; shape_errors()
// lists what breaks the shape (a key not declared, a value of another type), which the tests check
// for every kind of input. A new key goes into the report and into its shape here.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace oko::app {

enum class JsonType { string, integer, number, boolean, array, object };

struct JsonShape;

struct JsonField {
    std::string key;
    JsonType type;
    const JsonShape* shape = nullptr;  // an object's fields, or an array's items (objects); none: any
    JsonType items = JsonType::object; // an array's items when shape is null and the array is typed
    bool typed_items = false;
};

struct JsonShape {
    std::vector<JsonField> fields;
};

// The outputs: `oko import --json`, `oko layers --json` (an array of layer_shape), `oko stats
// --json`, `oko render --json`, `oko density --json`, `oko export --json`, the curation commands' and `oko history
// --json`.
const JsonShape& import_shape();
const JsonShape& layer_shape();
const JsonShape& stats_shape();
const JsonShape& coverage_shape(); // `oko stats --coverage R --json`
const JsonShape& render_shape();
const JsonShape& render_series_shape(); // `oko render --by-year ... --json`: the series and each frame's render_shape
const JsonShape& density_shape();       // `oko density --json`
const JsonShape& export_shape();        // `oko export --json`
const JsonShape& curation_shape();      // `oko edit|add|delete|merge|distinct|undo|redo --json`
const JsonShape& history_shape();       // `oko history --json`
const JsonShape& duplicates_shape();    // `oko duplicates --json`

// Every declared key present (null when the report has none), in objects and arrays of objects.
nlohmann::json conform(nlohmann::json value, const JsonShape& shape);
// "rows[2].year: expected integer or null, got string", "points.columns: not in the shape".
std::vector<std::string> shape_errors(const nlohmann::json& value, const JsonShape& shape,
                                      const std::string& path = "");

} // namespace oko::app
