#include "geo/scene/reference_style.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace oko::geo {

namespace {

using FC = FeatureClass;

struct Known {
    std::string_view value;
    FC cls;
};

// OSM values, and the normalised categories of OSM-derived files, as basemap classes.
constexpr Known kLineValues[] = {
    {"motorway", FC::RoadMotorway},
    {"motorway_link", FC::RoadMotorway},
    {"trunk", FC::RoadTrunk},
    {"trunk_link", FC::RoadTrunk},
    {"primary", FC::RoadPrimary},
    {"primary_link", FC::RoadPrimary},
    {"secondary", FC::RoadSecondary},
    {"secondary_link", FC::RoadSecondary},
    {"tertiary", FC::RoadTertiary},
    {"tertiary_link", FC::RoadTertiary},
    {"residential", FC::RoadResidential},
    {"unclassified", FC::RoadResidential},
    {"living_street", FC::RoadResidential},
    {"service", FC::RoadService},
    {"pedestrian", FC::RoadPedestrian},
    {"footway", FC::RoadFootway},
    {"path", FC::RoadFootway},
    {"steps", FC::RoadFootway},
    {"cycleway", FC::RoadCycleway},
    {"river", FC::River},
    {"water-line", FC::River},
    {"canal", FC::Canal},
    {"stream", FC::Stream},
    {"ditch", FC::Stream},
    {"drain", FC::Stream},
    {"rail", FC::Rail},
    {"tram", FC::Tram},
    {"subway", FC::Subway},
};

constexpr Known kAreaValues[] = {
    {"water", FC::WaterArea},
    {"water-area", FC::WaterArea},
    {"lake", FC::WaterArea},
    {"pond", FC::WaterArea},
    {"reservoir", FC::WaterArea},
    {"basin", FC::WaterArea},
    {"fishpond", FC::WaterArea},
    {"riverbank", FC::WaterArea},
    {"river", FC::WaterArea},
    {"canal", FC::WaterArea},
    {"oxbow", FC::WaterArea},
    {"park", FC::Park},
    {"green", FC::Park},
    {"garden", FC::Park},
    {"recreation_ground", FC::Park},
    {"forest", FC::Forest},
    {"wood", FC::Forest},
    {"grass", FC::Grass},
    {"meadow", FC::Grass},
    {"cemetery", FC::Cemetery},
    {"farmland", FC::Farmland},
    {"residential", FC::LanduseResidential},
    {"commercial", FC::LanduseCommercial},
    {"industrial", FC::LanduseIndustrial},
    {"retail", FC::LanduseRetail},
};

std::optional<FC> known_class(std::string_view value, ReferenceKind kind) {
    if (kind == ReferenceKind::Lines) {
        for (const auto& k : kLineValues)
            if (k.value == value) return k.cls;
    } else {
        for (const auto& k : kAreaValues)
            if (k.value == value) return k.cls;
    }
    return std::nullopt;
}

LineStyle stroke(Colour colour, double metres, double min_px, double max_px) {
    LineStyle l;
    l.enabled = true;
    l.colour = colour;
    l.metres = metres;
    l.min_px = min_px;
    l.max_px = max_px;
    return l;
}

ReferenceSymbol palette_symbol(size_t n, ReferenceKind kind) {
    ReferenceSymbol s;
    const Colour c = category_palette(n);
    if (kind == ReferenceKind::Lines) {
        s.line = stroke(c, 6, 1.6, 12);
    } else {
        s.fill = true;
        s.fill_colour = c;
        s.fill_colour.a = 0.3f;
        s.line = stroke(c, 0, 1.2, 1.2);
    }
    return s;
}

} // namespace

std::optional<size_t> ReferenceStyle::category_of(std::string_view value) const {
    for (size_t i = 0; i < categories.size(); ++i)
        if (categories[i].value == value) return i;
    return std::nullopt;
}

bool same_style(const ReferenceStyle& a, const ReferenceStyle& b) {
    if (a.visible != b.visible || a.opacity != b.opacity || a.symbol != b.symbol ||
        a.category_field != b.category_field || a.show_other != b.show_other || a.label_field != b.label_field ||
        a.categories.size() != b.categories.size())
        return false;
    for (size_t i = 0; i < a.categories.size(); ++i) {
        const auto &x = a.categories[i], &y = b.categories[i];
        if (x.value != y.value || x.visible != y.visible || x.symbol != y.symbol) return false;
    }
    return true;
}

Colour category_palette(size_t n) {
    static constexpr std::array<const char*, 7> kOkabeIto = {"#0072b2", "#e69f00", "#009e73", "#cc79a7",
                                                             "#56b4e9", "#d55e00", "#f0e442"};
    return Colour::hex(kOkabeIto[n % kOkabeIto.size()]);
}

std::optional<ReferenceSymbol> basemap_symbol(std::string_view value, ReferenceKind kind, const BasemapStyle& basemap) {
    const auto cls = known_class(value, kind);
    if (!cls) return std::nullopt;
    const auto& cs = basemap.of(*cls);
    ReferenceSymbol s;
    s.order = cs.order;
    if (kind == ReferenceKind::Lines) {
        s.line = cs.line;
        s.casing = cs.casing;
    } else {
        s.fill = cs.fill;
        s.fill_colour = cs.fill_colour;
        s.line = cs.outline;
    }
    return s;
}

ReferenceStyle single_symbol_style(ReferenceKind kind) {
    ReferenceStyle style;
    if (kind == ReferenceKind::Areas) {
        // Boundaries: a clear outline over a fill that only hints at the inside, so the map
        // under it stays readable.
        style.symbol.fill = true;
        style.symbol.fill_colour = Colour::hex("#7b5ea70d");
        style.symbol.line = stroke(Colour::hex("#6b4f91d9"), 0, 1.4, 1.4);
    } else {
        style.symbol.line = stroke(Colour::hex("#5a5f6b"), 5, 1.2, 10);
    }
    return style;
}

ReferenceStyle categorised_style(const ReferenceLayerData& layer, const std::string& field,
                                 const BasemapStyle& basemap) {
    ReferenceStyle style = single_symbol_style(layer.kind);
    const auto index = layer.field_index(field);
    if (field.empty() || !index) return style;
    style.category_field = field;
    std::vector<ReferenceCategory> known, other;
    for (const auto& [value, count] : layer.value_counts(*index)) {
        if (auto s = basemap_symbol(value, layer.kind, basemap)) {
            known.push_back({value, count, *s, true});
        } else {
            ReferenceCategory c{value, count, palette_symbol(other.size(), layer.kind), true};
            other.push_back(std::move(c));
        }
    }
    // Most important first in the legend: the classes the basemap draws on top.
    std::stable_sort(known.begin(), known.end(), [](const ReferenceCategory& a, const ReferenceCategory& b) {
        return a.symbol.order > b.symbol.order;
    });
    for (auto& c : known)
        style.categories.push_back(std::move(c));
    for (auto& c : other) {
        if (style.categories.size() >= kMaxCategories) break;
        style.categories.push_back(std::move(c));
    }
    return style;
}

ReferenceStyle default_reference_style(const ReferenceLayerData& layer, const BasemapStyle& basemap) {
    // The field whose values best name OSM classes: most features covered, then fewest values.
    std::string best;
    int64_t best_covered = 0;
    size_t best_distinct = 0;
    for (size_t f = 0; f < layer.fields.size(); ++f) {
        const auto counts = layer.value_counts(f);
        int64_t covered = 0;
        for (const auto& [value, count] : counts)
            if (known_class(value, layer.kind)) covered += count;
        if (covered > best_covered || (covered == best_covered && covered > 0 && counts.size() < best_distinct)) {
            best = layer.fields[f];
            best_covered = covered;
            best_distinct = counts.size();
        }
    }
    if (!best.empty() && best_covered * 2 >= static_cast<int64_t>(layer.features.size()))
        return categorised_style(layer, best, basemap);
    ReferenceStyle style = single_symbol_style(layer.kind);
    if (layer.kind == ReferenceKind::Areas)
        for (const char* name : {"name", "NAME", "Name", "name_latin", "shapeName", "naziv", "NAZIV", "ime"})
            if (layer.field_index(name)) {
                style.label_field = name;
                break;
            }
    return style;
}

} // namespace oko::geo
