#pragma once
// How a reference layer looks, as plain data shared by the window, `oko render` and the legend:
// one symbol (fill, line, casing), or symbols by the value of one attribute ("categorised", as
// QGIS says). Values that name an OSM class (motorway, river, park, water-area ...) get the
// basemap's own colours and widths, so a road layer imported from a GeoJSON looks like the
// basemap's roads; other values get a colour-blind-safe palette (Okabe & Ito).

#include "geo/scene/basemap_style.hpp"
#include "geo/map/reference_layer.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oko::geo {

struct ReferenceSymbol {
    bool fill = false;
    Colour fill_colour; // its alpha is the fill's opacity
    LineStyle line;     // lines: the stroke; areas: the outline
    LineStyle casing;   // lines only: drawn under every line of the layer (roads)
    int order = 0;      // draw order inside the layer, bottom first
    bool operator==(const ReferenceSymbol&) const = default;
};

struct ReferenceCategory {
    std::string value;
    int64_t count = 0; // features with this value, for the legend
    ReferenceSymbol symbol;
    bool visible = true;
    bool operator==(const ReferenceCategory&) const = default;
};

struct ReferenceStyle {
    bool visible = true;
    float opacity = 1.0f;
    ReferenceSymbol symbol;                    // single symbol, and values not in `categories`
    std::string category_field;                // empty: single symbol
    std::vector<ReferenceCategory> categories; // legend order, most important first
    bool show_other = true;                    // draw features whose value has no category
    std::string label_field;                   // areas: each polygon's value of it at a point inside (empty: none)

    // The category of a value; nullopt: the "other" symbol.
    std::optional<size_t> category_of(std::string_view value) const;
    bool operator==(const ReferenceStyle&) const = default;
};

struct ReferenceLayerSpec {
    std::string name;
    ReferenceKind kind = ReferenceKind::Lines;
    ReferenceStyle style;
    bool operator==(const ReferenceLayerSpec&) const = default;
};

// Whether the two draw the same: == but for the categories' counts, which only the legend shows.
bool same_style(const ReferenceStyle& a, const ReferenceStyle& b);

// Okabe & Ito's palette without black: the colour of the n-th value without a basemap look.
Colour category_palette(size_t n);
inline constexpr size_t kMaxCategories = 24; // values past these share the "other" symbol

// The look of a value that names an OSM class (highway=*, waterway=*, the normalised
// "category" of OSM-derived files ...) for a layer of this kind, from the basemap style.
std::optional<ReferenceSymbol> basemap_symbol(std::string_view value, ReferenceKind kind,
                                              const BasemapStyle& basemap = BasemapStyle::standard());

// One symbol for the whole layer: boundaries are an outline over a barely-there fill; lines a
// dark, thin stroke that widens with the zoom.
ReferenceStyle single_symbol_style(ReferenceKind kind);

// Categorised by `field` (empty: single symbol): one category per distinct value, most
// important first (basemap classes by their draw order, the rest by frequency).
ReferenceStyle categorised_style(const ReferenceLayerData& layer, const std::string& field,
                                 const BasemapStyle& basemap = BasemapStyle::standard());

// What an import looks like at first: categorised by the field whose values best name OSM
// classes (class, highway, category ...), when most features have one; single symbol otherwise,
// and then polygons (boundaries) labelled with their name field, when they have one.
ReferenceStyle default_reference_style(const ReferenceLayerData& layer,
                                       const BasemapStyle& basemap = BasemapStyle::standard());

} // namespace oko::geo
